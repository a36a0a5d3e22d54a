#include "domain/phone_number/phone_number_rules.h"

namespace wharf::domain {
namespace {

Error Invalid(const std::string& field, const std::string& message) {
    return Error::InvalidArgument(field + " " + message)
        .WithField("whatsapp_phone_number." + field);
}

bool IsHttpUrl(const std::string& s) {
    if (s.size() > 2048) {
        return false;
    }
    for (char c : s) {
        if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) {
            return false;
        }
    }
    for (const char* scheme : {"http://", "https://"}) {
        std::string sc(scheme);
        if (s.rfind(sc, 0) == 0 && s.size() > sc.size() && s[sc.size()] != '/') {
            return true;
        }
    }
    return false;
}

Result<void> CheckName(const std::string& name) {
    if (name.find_first_not_of(" \t\r\n") == std::string::npos) {
        return Fail(Invalid("name", "can't be blank"));
    }
    if (name.size() > 255) {
        return Fail(Invalid("name", "is too long (maximum is 255 characters)"));
    }
    return {};
}

Result<void> CheckId(const std::string& field, const std::string& v) {
    if (!IsMetaId(v)) {
        return Fail(Invalid(field, "must be Meta's numeric id (1 to 32 digits)"));
    }
    return {};
}

Result<void> CheckToken(const std::string& field, const std::string& v) {
    if (v.empty() || v.size() > 4096) {
        return Fail(Invalid(field, "must be 1 to 4096 characters"));
    }
    return {};
}

}  // namespace

bool IsMetaId(const std::string& s) {
    if (s.empty() || s.size() > 32) {
        return false;
    }
    for (char c : s) {
        if (c < '0' || c > '9') {
            return false;
        }
    }
    return true;
}

std::optional<PhoneNumberKind> ParsePhoneNumberKind(const std::string& s) {
    if (s == "production") {
        return PhoneNumberKind::kProduction;
    }
    if (s == "sandbox") {
        return PhoneNumberKind::kSandbox;
    }
    return std::nullopt;
}

Result<void> ValidatePhoneNumberCreate(const PhoneNumberCreate& in) {
    for (auto [field, value] :
         {std::pair{"name", &in.name}, std::pair{"phone_number_id", &in.phone_number_id},
          std::pair{"business_account_id", &in.business_account_id},
          std::pair{"access_token", &in.access_token}}) {
        if (!*value) {
            return Fail(Invalid(field, "is required"));
        }
    }
    WHARF_TRY(CheckName(*in.name));
    WHARF_TRY(CheckId("phone_number_id", *in.phone_number_id));
    WHARF_TRY(CheckId("business_account_id", *in.business_account_id));
    WHARF_TRY(CheckToken("access_token", *in.access_token));
    if (in.kind && !ParsePhoneNumberKind(*in.kind)) {
        return Fail(Invalid("kind", "must be production or sandbox"));
    }
    if (in.webhook_verify_token) {
        WHARF_TRY(CheckToken("webhook_verify_token", *in.webhook_verify_token));
    }
    if (in.webhook_destination_url && !IsHttpUrl(*in.webhook_destination_url)) {
        return Fail(Invalid("webhook_destination_url", "must be an http(s) URL"));
    }
    return {};
}

Result<void> ValidatePhoneNumberPatch(const PhoneNumberPatch& in) {
    for (auto [field, f] : {std::pair{"name", &in.name}, std::pair{"kind", &in.kind},
                            std::pair{"phone_number_id", &in.phone_number_id},
                            std::pair{"business_account_id", &in.business_account_id},
                            std::pair{"access_token", &in.access_token}}) {
        if (f->is_null()) {
            return Fail(Invalid(field, "can't be null"));
        }
    }
    if (in.inbound_processing_enabled.is_null() || in.calls_enabled.is_null()) {
        return Fail(
            Invalid(in.calls_enabled.is_null() ? "calls_enabled" : "inbound_processing_enabled",
                    "can't be null"));
    }
    if (in.name.has_value()) {
        WHARF_TRY(CheckName(in.name.value));
    }
    if (in.kind.has_value() && !ParsePhoneNumberKind(in.kind.value)) {
        return Fail(Invalid("kind", "must be production or sandbox"));
    }
    if (in.phone_number_id.has_value()) {
        WHARF_TRY(CheckId("phone_number_id", in.phone_number_id.value));
    }
    if (in.business_account_id.has_value()) {
        WHARF_TRY(CheckId("business_account_id", in.business_account_id.value));
    }
    if (in.access_token.has_value()) {
        WHARF_TRY(CheckToken("access_token", in.access_token.value));
    }
    if (in.webhook_verify_token.has_value()) {
        WHARF_TRY(CheckToken("webhook_verify_token", in.webhook_verify_token.value));
    }
    if (in.webhook_destination_url.has_value() && !IsHttpUrl(in.webhook_destination_url.value)) {
        return Fail(Invalid("webhook_destination_url", "must be an http(s) URL"));
    }
    return {};
}

PhoneNumberHealth AssessHealth(const PhoneNumber& n) {
    PhoneNumberHealth h;
    const bool sandbox = n.kind == PhoneNumberKind::kSandbox;
    h.access_ok = sandbox || n.sealed_access_token.has_value();
    h.connection_status = n.status.value_or("UNKNOWN");
    h.can_send_message = h.access_ok && h.connection_status == "CONNECTED";
    h.messaging_status = h.can_send_message ? "AVAILABLE" : "BLOCKED";
    h.webhook_subscribed = sandbox || n.webhook_verified_at.has_value();
    h.webhook_verified = sandbox || n.webhook_verified_at.has_value();
    if (!h.access_ok || !h.can_send_message) {
        h.overall = "unhealthy";
    } else if (!h.webhook_subscribed || !h.webhook_verified) {
        h.overall = "degraded";
    } else {
        h.overall = "healthy";
    }
    return h;
}

}  // namespace wharf::domain
