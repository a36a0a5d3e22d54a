#pragma once

#include <optional>
#include <string>

#include "base/field.h"
#include "base/result.h"
#include "domain/phone_number/phone_number.h"

namespace wharf::domain {

// POST /customers/{id}/whatsapp/phone_numbers after JSON type checks.
struct PhoneNumberCreate {
    std::optional<std::string> name;
    std::optional<std::string> kind;
    std::optional<std::string> phone_number_id;
    std::optional<std::string> business_account_id;
    std::optional<std::string> access_token;
    std::optional<std::string> webhook_verify_token;
    std::optional<std::string> webhook_destination_url;
    std::optional<bool> inbound_processing_enabled;
    std::optional<bool> calls_enabled;
};

// PATCH /whatsapp/phone_numbers/{id}: absent fields stay, null clears (where nullable).
struct PhoneNumberPatch {
    Field<std::string> name;
    Field<std::string> kind;
    Field<std::string> phone_number_id;
    Field<std::string> business_account_id;
    Field<std::string> access_token;
    Field<std::string> webhook_verify_token;
    Field<std::string> webhook_destination_url;
    Field<bool> inbound_processing_enabled;
    Field<bool> calls_enabled;
};

// Checks a create request: name, phone_number_id, business_account_id and access_token required;
// Meta ids are 1..32 digits; kind production|sandbox; webhook_destination_url http(s).
// Errors name the field as "whatsapp_phone_number.<name>".
Result<void> ValidatePhoneNumberCreate(const PhoneNumberCreate& in);
// Checks a patch the same way (fields that are present); required fields cannot be nulled.
Result<void> ValidatePhoneNumberPatch(const PhoneNumberPatch& in);

std::optional<PhoneNumberKind> ParsePhoneNumberKind(const std::string& s);
bool IsMetaId(const std::string& s);

// The health of a number as GET /whatsapp/phone_numbers/{id}/health reports it, judged from
// what wharf knows about the number.
struct PhoneNumberHealth {
    bool access_ok = false;         // a usable credential (sandbox numbers always)
    std::string connection_status;  // CONNECTED | DISCONNECTED | UNKNOWN
    std::string messaging_status;   // AVAILABLE | LIMITED | BLOCKED
    bool can_send_message = false;
    bool webhook_subscribed = false;
    bool webhook_verified = false;
    std::string overall;  // healthy | degraded | unhealthy
};
PhoneNumberHealth AssessHealth(const PhoneNumber& n);

}  // namespace wharf::domain
