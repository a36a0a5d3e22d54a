#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/ids.h"

namespace wharf::domain {

enum class SetupLinkStatus { kActive, kUsed, kExpired, kRevoked };
enum class ConnectionType { kCoexistence, kDedicated };
enum class MetaBillingMode { kCustomerManaged, kPartnerManaged };
enum class SetupStatus { kPending, kProcessing, kCompleted, kFailed };  // whatsapp_setup_status

// The number provisioned for a customer during onboarding (PhoneNumberReference on the wire).
struct ProvisionedNumber {
    std::string id;            // UUID
    std::string phone_number;  // E.164 digits, "15551234567"
    std::string status;        // "active"
    std::optional<std::string> area_code;
    std::string country_iso;                    // "US"
    std::string country_dial_code;              // "1"
    std::optional<std::string> display_number;  // "+1 555-123-4567"
};

// theme_config: colour name -> "#RRGGBB". Only the twelve documented names are allowed.
using ThemeConfig = std::map<std::string, std::string>;

// A setup link: a one-time URL that walks a customer through connecting WhatsApp. `slug` is the
// random path segment of the public URL (kept in clear, because the URL is shown on every read);
// `token_hash` is the hash of the browser token returned once, at creation.
struct SetupLink {
    SetupLinkId id;
    CustomerId customer_id;
    SetupLinkStatus status = SetupLinkStatus::kActive;
    std::string slug;
    std::string token_hash;
    Timestamp created_at;
    Timestamp updated_at;
    std::optional<Timestamp> expires_at;
    std::optional<std::string> success_redirect_url;
    std::optional<std::string> failure_redirect_url;
    std::vector<std::string> allowed_origins;
    std::vector<ConnectionType> allowed_connection_types{ConnectionType::kCoexistence,
                                                         ConnectionType::kDedicated};
    MetaBillingMode meta_billing_mode = MetaBillingMode::kCustomerManaged;
    bool provision_phone_number = false;
    std::optional<std::string> phone_number_area_code;
    std::vector<std::string> phone_number_country_isos{"US"};
    std::optional<std::string> reconnect_phone_number;
    std::optional<ThemeConfig> theme_config;
    std::optional<std::string> language;
    SetupStatus whatsapp_setup_status = SetupStatus::kPending;
    std::optional<std::string> whatsapp_setup_error;
    std::optional<ProvisionedNumber> provisioned_phone_number;
    std::optional<PhoneNumberId> phone_number_id;  // the number this link connected, once used
};

// Filters of GET /customers/{id}/setup_links.
struct SetupLinkFilter {
    std::optional<SetupLinkStatus>
        status;  // effective status (an active link past expires_at is expired)
    std::optional<Timestamp> created_after;
    std::optional<Timestamp> created_before;
};

const char* SetupLinkStatusName(SetupLinkStatus s);
std::optional<SetupLinkStatus> ParseSetupLinkStatus(const std::string& s);
const char* ConnectionTypeName(ConnectionType t);
std::optional<ConnectionType> ParseConnectionType(const std::string& s);
const char* MetaBillingModeName(MetaBillingMode m);
std::optional<MetaBillingMode> ParseMetaBillingMode(const std::string& s);
const char* SetupStatusName(SetupStatus s);
std::optional<SetupStatus> ParseSetupStatus(const std::string& s);

// The status a reader sees at `now`: an active link past its expiry is expired.
SetupLinkStatus EffectiveStatus(const SetupLink& link, Timestamp now);

}  // namespace wharf::domain
