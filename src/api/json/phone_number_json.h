#pragma once

#include <optional>
#include <string>

#include <boost/json.hpp>

#include "base/result.h"
#include "domain/phone_number/phone_number.h"
#include "domain/phone_number/phone_number_rules.h"

namespace wharf::api {

// The Platform API's WhatsappPhoneNumber (tokens never appear).
boost::json::object PhoneNumberToJson(const domain::PhoneNumber& n);
// Meta's phone-number node (GET /{phone_number_id}, GET /{waba_id}/phone_numbers). `fields`
// (comma-separated, as Graph takes it) projects the object; "id" is always present.
boost::json::object PhoneNumberToGraphJson(const domain::PhoneNumber& n,
                                           const std::optional<std::string>& fields);
// The bare health document of GET /whatsapp/phone_numbers/{id}/health.
boost::json::object HealthToJson(const domain::PhoneNumber& n, const domain::PhoneNumberHealth& h,
                                 Timestamp now);

Result<domain::PhoneNumberCreate> ParsePhoneNumberCreate(const boost::json::value& body);
Result<domain::PhoneNumberPatch> ParsePhoneNumberPatch(const boost::json::value& body);

}  // namespace wharf::api
