#pragma once

#include <string_view>

#include "base/result.h"
#include "domain/pagination/page.h"
#include "domain/setup_link/setup_link.h"

namespace wharf::store {

// A setup link together with the project that owns it (the public page finds links by slug).
struct ScopedSetupLink {
    ProjectId project_id;
    domain::SetupLink link;
};

// Setup links of one project's customers.
class SetupLinkRepository {
public:
    virtual ~SetupLinkRepository() = default;
    // Inserts the link and, in the same transaction, marks every other active link of the same
    // customer revoked (updated_at = link.created_at). kNotFound if the customer is absent.
    virtual Result<void> InsertRevokingActive(const ProjectId& project,
                                              const domain::SetupLink& link) = 0;
    virtual Result<domain::SetupLink> Get(const ProjectId& project, const CustomerId& customer,
                                          const SetupLinkId& id) = 0;
    // Newest first. `now` decides which active links count as expired for the status filter.
    virtual Result<domain::Page<domain::SetupLink>> List(const ProjectId& project,
                                                         const CustomerId& customer,
                                                         const domain::SetupLinkFilter& filter,
                                                         domain::PageRequest page,
                                                         Timestamp now) = 0;
    // Writes every mutable field of the link. kNotFound if absent.
    virtual Result<void> Update(const ProjectId& project, const domain::SetupLink& link) = 0;
    // Unscoped lookup by the public URL's slug, for the onboarding page. kNotFound if absent.
    virtual Result<ScopedSetupLink> FindBySlug(std::string_view slug) = 0;
};

}  // namespace wharf::store
