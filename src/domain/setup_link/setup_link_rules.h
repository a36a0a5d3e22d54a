#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/field.h"
#include "base/result.h"
#include "domain/phone_number/phone_number.h"
#include "domain/setup_link/setup_link.h"

namespace wharf::domain {

// A setup-link create request after JSON type checks, before business rules. Absent fields are
// empty optionals; the rules fill in Kapso's defaults.
struct SetupLinkCreate {
    std::optional<std::string> success_redirect_url;
    std::optional<std::string> failure_redirect_url;
    std::optional<std::vector<std::string>> allowed_origins;
    std::optional<bool> provision_phone_number;
    std::optional<std::string> phone_number_area_code;
    std::optional<std::vector<std::string>> allowed_connection_types;
    std::optional<std::string> meta_billing_mode;
    std::optional<std::map<std::string, std::string>> theme_config;
    std::optional<std::vector<std::string>> phone_number_country_isos;
    std::optional<std::string> reconnect_phone_number;
    std::optional<std::string> language;
};

// A setup-link PATCH: each field absent (unchanged), null (cleared) or a value.
struct SetupLinkPatch {
    Field<std::string> success_redirect_url;
    Field<std::string> failure_redirect_url;
    Field<std::vector<std::string>> allowed_origins;
    Field<bool> provision_phone_number;
    Field<std::string> phone_number_area_code;
    Field<std::string> expires_at;  // ISO 8601
    Field<std::string> status;
    Field<std::vector<std::string>> allowed_connection_types;
    Field<std::map<std::string, std::string>> theme_config;
    Field<std::vector<std::string>> phone_number_country_isos;
    Field<std::string> language;
};

inline constexpr auto kSetupLinkLifetime = std::chrono::hours(24 * 30);

// Applies every documented rule to a create request and returns the link to store (id, slug,
// token hash and timestamps are the caller's). `customer_numbers` are the customer's connected
// numbers, needed for `reconnect_phone_number`. Errors are kInvalidArgument with `field` set to
// "setup_link.<name>".
//  - redirect URLs: absolute http(s) URLs with a host, at most 2048 characters
//  - allowed_origins: https origins (scheme://host[:port], no path); http allowed for localhost
//  - allowed_connection_types: non-empty subset of coexistence|dedicated, no duplicates
//  - meta_billing_mode: customer_managed|partner_managed
//  - theme_config: only the twelve documented keys, each "#RRGGBB"
//  - phone_number_country_isos: non-empty, each an ISO 3166-1 alpha-2 code we know a dial code for
//  - phone_number_area_code: 3 digits, only with provisioning in US
//  - language: en|es|pt|hi|id|ar
//  - reconnect_phone_number: normalized to digits; must match a production number of the
//    customer; provision_phone_number must not be true; allowed_connection_types is locked to the
//    existing number's type (given types must equal it)
Result<SetupLink> BuildSetupLink(const SetupLinkCreate& in,
                                 const std::vector<PhoneNumber>& customer_numbers, Timestamp now);

// Applies a PATCH. Rules as for create, plus: status cannot become "used"; a used link cannot be
// changed at all; expires_at must be a valid ISO 8601 time. Returns the updated link.
Result<SetupLink> ApplySetupLinkPatch(const SetupLink& link, const SetupLinkPatch& patch,
                                      Timestamp now);

// Digits only ("+1 (555) 123-4567" -> "15551234567"); nullopt unless 8..15 digits remain.
std::optional<std::string> NormalizePhoneDigits(const std::string& text);

}  // namespace wharf::domain
