#pragma once

#include <string>

#include "base/clock.h"
#include "base/result.h"
#include "domain/pagination/page.h"
#include "domain/setup_link/setup_link_rules.h"
#include "store/store.h"

namespace wharf::service {

// A newly created link with its browser token (shown only in the create response).
struct CreatedSetupLink {
    domain::SetupLink link;
    std::string token;
};

// Setup links of a project's customers. Links returned carry their effective status (an active
// link past its expiry reads as expired). Thread-safe.
class SetupLinkService {
public:
    SetupLinkService(store::Store& store, const Clock& clock) : store_(store), clock_(clock) {}

    // Creates a link and revokes the customer's previous active one.
    Result<CreatedSetupLink> Create(const ProjectId& project, const CustomerId& customer,
                                    const domain::SetupLinkCreate& in);
    Result<domain::Page<domain::SetupLink>> List(const ProjectId& project,
                                                 const CustomerId& customer,
                                                 const domain::SetupLinkFilter& filter,
                                                 domain::PageRequest page);
    Result<domain::SetupLink> Get(const ProjectId& project, const CustomerId& customer,
                                  const SetupLinkId& id);
    // Re-activating a link revokes the customer's other active link, as create does.
    Result<domain::SetupLink> Update(const ProjectId& project, const CustomerId& customer,
                                     const SetupLinkId& id, const domain::SetupLinkPatch& patch);

private:
    store::Store& store_;
    const Clock& clock_;
};

}  // namespace wharf::service
