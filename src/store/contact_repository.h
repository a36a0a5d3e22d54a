#pragma once

#include <optional>
#include <string>

#include "base/result.h"
#include "domain/contact/contact.h"
#include "domain/pagination/keyset.h"

namespace wharf::store {

// Contacts of a project's numbers. (project, phone_number_id, wa_id) is unique: inserting it
// twice is kAlreadyExists.
class ContactRepository {
public:
    virtual ~ContactRepository() = default;
    virtual Result<void> Insert(const ProjectId& project, const domain::Contact& c) = 0;
    virtual Result<domain::Contact> Get(const ProjectId& project, const ContactId& id) = 0;
    // kNotFound when the number has no contact with that wa_id.
    virtual Result<domain::Contact> Find(const ProjectId& project, const PhoneNumberId& number,
                                         const std::string& wa_id) = 0;
    // Newest first by (created_at, id).
    virtual Result<domain::KeysetPage<domain::Contact>> List(const ProjectId& project,
                                                             const domain::ContactFilter& filter,
                                                             const domain::KeysetRequest& page) = 0;
    // Writes profile_name, display_name, customer_id, metadata, updated_at.
    virtual Result<void> Update(const ProjectId& project, const domain::Contact& c) = 0;
    virtual Result<void> Delete(const ProjectId& project, const ContactId& id) = 0;
};

}  // namespace wharf::store
