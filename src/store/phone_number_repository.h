#pragma once

#include <utility>

#include "base/result.h"
#include "domain/pagination/page.h"
#include "domain/phone_number/phone_number.h"

namespace wharf::store {

// Connected WhatsApp numbers of one project. phone_number_id is unique across all projects
// (Meta's ids are global): inserting a taken one is kAlreadyExists.
class PhoneNumberRepository {
public:
    virtual ~PhoneNumberRepository() = default;
    virtual Result<void> Insert(const ProjectId& project, const domain::PhoneNumber& n) = 0;
    virtual Result<domain::PhoneNumber> Get(const ProjectId& project, const PhoneNumberId& id) = 0;
    // Newest first.
    virtual Result<domain::Page<domain::PhoneNumber>> List(const ProjectId& project,
                                                           const domain::PhoneNumberFilter& filter,
                                                           domain::PageRequest page) = 0;
    // All numbers of one WABA (Meta's GET /{waba_id}/phone_numbers), oldest first.
    virtual Result<std::vector<domain::PhoneNumber>> ListByBusinessAccount(
        const ProjectId& project, const BusinessAccountId& waba) = 0;
    // Unscoped lookup by Meta's phone_number_id, for Meta's webhooks (which name the number, not
    // the project): the number and the project that owns it, or kNotFound.
    virtual Result<std::pair<ProjectId, domain::PhoneNumber>> FindByMetaId(
        const PhoneNumberId& id) = 0;
    // Writes every mutable field (matched by internal_id). kNotFound if absent.
    virtual Result<void> Update(const ProjectId& project, const domain::PhoneNumber& n) = 0;
    virtual Result<void> Delete(const ProjectId& project, const PhoneNumberId& id) = 0;
};

}  // namespace wharf::store
