#pragma once

#include <optional>
#include <string>

#include "base/clock.h"
#include "base/ids.h"

namespace wharf::domain {

enum class PhoneNumberKind { kProduction, kSandbox };

const char* PhoneNumberKindName(PhoneNumberKind k);

// A connected WhatsApp number (Kapso's "WhatsApp config"). phone_number_id is Meta's id and the
// primary key on the wire; internal_id is our UUID. The access token is kept only sealed.
struct PhoneNumber {
    PhoneConfigId internal_id;
    PhoneNumberId phone_number_id;
    BusinessAccountId business_account_id;
    std::optional<CustomerId> customer_id;
    std::string name;
    PhoneNumberKind kind = PhoneNumberKind::kProduction;
    bool is_coexistence = false;
    bool inbound_processing_enabled = true;
    bool calls_enabled = false;
    std::optional<Timestamp> webhook_verified_at;
    std::optional<std::string> display_name;
    std::optional<std::string> display_phone_number;             // "+1 555-123-4567"
    std::optional<std::string> display_phone_number_normalized;  // "15551234567"
    std::optional<std::string> verified_name;
    std::optional<std::string> quality_rating;            // GREEN | YELLOW | RED
    std::optional<std::string> code_verification_status;  // VERIFIED | ...
    std::optional<std::string> name_status;               // APPROVED | ...
    std::optional<std::string> status;                    // CONNECTED | ...
    std::optional<std::string> throughput_tier;
    std::optional<std::string> messaging_limit;  // whatsapp_business_manager_messaging_limit
    bool is_official_business_account = false;
    bool is_pin_enabled = false;
    std::optional<std::string> sealed_access_token;  // SecretBox output, never rendered
    std::optional<std::string> sealed_webhook_verify_token;
    std::optional<std::string> webhook_destination_url;
    Timestamp created_at;
    Timestamp updated_at;
};

// Filters of GET /whatsapp/phone_numbers; combined with AND.
struct PhoneNumberFilter {
    std::optional<PhoneNumberId> phone_number_id;
    std::optional<BusinessAccountId> business_account_id;
    std::optional<CustomerId> customer_id;
    std::optional<bool> messaging_enabled;  // matches inbound_processing_enabled
    std::optional<std::string> name_contains;
    std::optional<Timestamp> created_after;
    std::optional<Timestamp> created_before;
};

// The SecretBox context that binds a sealed token to its number.
std::string AccessTokenContext(const PhoneConfigId& id);
std::string VerifyTokenContext(const PhoneConfigId& id);

}  // namespace wharf::domain
