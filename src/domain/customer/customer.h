#pragma once

#include <optional>
#include <string>

#include "base/clock.h"
#include "base/ids.h"
#include "base/result.h"

namespace wharf::domain {

// A business customer of the project (the tenant's own customer) who connects WhatsApp numbers.
struct Customer {
    CustomerId id;
    std::string name;
    std::optional<std::string> external_customer_id;
    Timestamp created_at;
    Timestamp updated_at;
};

inline constexpr size_t kMaxCustomerNameLength = 255;
inline constexpr size_t kMaxExternalCustomerIdLength = 255;

// Business rules for a customer's fields: a name with at least one visible character, lengths.
// Returns the name trimmed of surrounding white space.
Result<std::string> ValidateCustomerName(const std::string& name);
Result<void> ValidateExternalCustomerId(const std::optional<std::string>& id);

// Filters of GET /customers; all optional, combined with AND.
struct CustomerFilter {
    std::optional<std::string> name_contains;  // case-insensitive substring
    std::optional<std::string> external_customer_id;
    std::optional<Timestamp> created_after;
    std::optional<Timestamp> created_before;
};

}  // namespace wharf::domain
