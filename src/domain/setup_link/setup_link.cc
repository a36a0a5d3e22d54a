#include "domain/setup_link/setup_link.h"

namespace wharf::domain {

const char* SetupLinkStatusName(SetupLinkStatus s) {
    switch (s) {
        case SetupLinkStatus::kActive:
            return "active";
        case SetupLinkStatus::kUsed:
            return "used";
        case SetupLinkStatus::kExpired:
            return "expired";
        case SetupLinkStatus::kRevoked:
            return "revoked";
    }
    return "active";
}

std::optional<SetupLinkStatus> ParseSetupLinkStatus(const std::string& s) {
    for (auto v : {SetupLinkStatus::kActive, SetupLinkStatus::kUsed, SetupLinkStatus::kExpired,
                   SetupLinkStatus::kRevoked}) {
        if (s == SetupLinkStatusName(v)) {
            return v;
        }
    }
    return std::nullopt;
}

const char* ConnectionTypeName(ConnectionType t) {
    return t == ConnectionType::kDedicated ? "dedicated" : "coexistence";
}

std::optional<ConnectionType> ParseConnectionType(const std::string& s) {
    for (auto v : {ConnectionType::kCoexistence, ConnectionType::kDedicated}) {
        if (s == ConnectionTypeName(v)) {
            return v;
        }
    }
    return std::nullopt;
}

const char* MetaBillingModeName(MetaBillingMode m) {
    return m == MetaBillingMode::kPartnerManaged ? "partner_managed" : "customer_managed";
}

std::optional<MetaBillingMode> ParseMetaBillingMode(const std::string& s) {
    for (auto v : {MetaBillingMode::kCustomerManaged, MetaBillingMode::kPartnerManaged}) {
        if (s == MetaBillingModeName(v)) {
            return v;
        }
    }
    return std::nullopt;
}

const char* SetupStatusName(SetupStatus s) {
    switch (s) {
        case SetupStatus::kPending:
            return "pending";
        case SetupStatus::kProcessing:
            return "processing";
        case SetupStatus::kCompleted:
            return "completed";
        case SetupStatus::kFailed:
            return "failed";
    }
    return "pending";
}

std::optional<SetupStatus> ParseSetupStatus(const std::string& s) {
    for (auto v : {SetupStatus::kPending, SetupStatus::kProcessing, SetupStatus::kCompleted,
                   SetupStatus::kFailed}) {
        if (s == SetupStatusName(v)) {
            return v;
        }
    }
    return std::nullopt;
}

SetupLinkStatus EffectiveStatus(const SetupLink& link, Timestamp now) {
    // Expiry is inclusive: at the instant expires_at the link is already expired.
    if (link.status == SetupLinkStatus::kActive && link.expires_at && *link.expires_at <= now) {
        return SetupLinkStatus::kExpired;
    }
    return link.status;
}

}  // namespace wharf::domain
