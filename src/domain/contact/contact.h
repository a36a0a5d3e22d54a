#pragma once

#include <optional>
#include <string>

#include "base/clock.h"
#include "base/ids.h"

namespace wharf::domain {

// A WhatsApp user as one business number knows them: unique per (project, phone_number_id,
// wa_id). Created on the first message in either direction.
struct Contact {
    ContactId id;
    PhoneNumberId phone_number_id;
    std::string wa_id;                        // the user's number, digits only
    std::optional<std::string> profile_name;  // from the user's WhatsApp profile (inbound)
    std::optional<std::string> display_name;  // set by the business
    std::optional<CustomerId> customer_id;
    std::string metadata = "{}";  // a JSON object, stored as text
    Timestamp created_at;
    Timestamp updated_at;
};

// The name history and webhooks show for a contact: the business's display name, else the
// user's profile name.
inline std::optional<std::string> ContactName(const Contact& c) {
    return c.display_name ? c.display_name : c.profile_name;
}

// Filters of the contact lists; combined with AND.
struct ContactFilter {
    std::optional<PhoneNumberId> phone_number_id;
    std::optional<std::string> wa_id;
    std::optional<CustomerId> customer_id;
    std::optional<bool> has_customer;
};

}  // namespace wharf::domain
