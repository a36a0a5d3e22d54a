#include "api/json/phone_number_json.h"

#include "base/json.h"
#include "base/time_format.h"

namespace wharf::api {

namespace bj = boost::json;

bj::object PhoneNumberToJson(const domain::PhoneNumber& n) {
    auto ts = [](const std::optional<Timestamp>& t) {
        return t ? bj::value(FormatIso8601(*t)) : bj::value(nullptr);
    };
    return bj::object{
        {"id", n.phone_number_id.value()},
        {"internal_id", n.internal_id.value()},
        {"phone_number_id", n.phone_number_id.value()},
        {"name", n.name},
        {"kind", domain::PhoneNumberKindName(n.kind)},
        {"business_account_id", n.business_account_id.value()},
        {"is_coexistence", n.is_coexistence},
        {"inbound_processing_enabled", n.inbound_processing_enabled},
        {"calls_enabled", n.calls_enabled},
        {"webhook_verified_at", ts(n.webhook_verified_at)},
        {"webhook_destination_url", json::OrNull(n.webhook_destination_url)},
        {"created_at", FormatIso8601(n.created_at)},
        {"updated_at", FormatIso8601(n.updated_at)},
        {"customer_id", n.customer_id ? bj::value(n.customer_id->value()) : bj::value(nullptr)},
        {"display_name", json::OrNull(n.display_name)},
        {"display_phone_number", json::OrNull(n.display_phone_number)},
        {"display_phone_number_normalized", json::OrNull(n.display_phone_number_normalized)},
        {"verified_name", json::OrNull(n.verified_name)},
        {"quality_rating", json::OrNull(n.quality_rating)},
        {"code_verification_status", json::OrNull(n.code_verification_status)},
        {"name_status", json::OrNull(n.name_status)},
        {"status", json::OrNull(n.status)},
        {"throughput_tier", json::OrNull(n.throughput_tier)},
        {"whatsapp_business_manager_messaging_limit", json::OrNull(n.messaging_limit)},
        {"is_official_business_account", n.is_official_business_account},
        {"is_pin_enabled", n.is_pin_enabled},
    };
}

bj::object PhoneNumberToGraphJson(const domain::PhoneNumber& n,
                                  const std::optional<std::string>& fields) {
    bj::object all{
        {"id", n.phone_number_id.value()},
        {"verified_name", json::OrNull(n.verified_name)},
        {"display_phone_number", json::OrNull(n.display_phone_number)},
        {"quality_rating", json::OrNull(n.quality_rating)},
        {"code_verification_status", json::OrNull(n.code_verification_status)},
        {"is_official_business_account", n.is_official_business_account},
        {"name_status", json::OrNull(n.name_status)},
        {"new_name_status", "NONE"},
        {"platform_type", "CLOUD_API"},
        {"throughput", bj::object{{"level", n.is_coexistence ? "COEXISTENCE" : "STANDARD"}}},
        {"account_mode", n.kind == domain::PhoneNumberKind::kSandbox ? "SANDBOX" : "LIVE"},
        {"messaging_limit_tier", json::OrNull(n.messaging_limit)},
        {"status", json::OrNull(n.status)},
        {"is_pin_enabled", n.is_pin_enabled},
    };
    if (!fields || fields->empty()) {
        return all;
    }
    bj::object out{{"id", n.phone_number_id.value()}};
    size_t start = 0;
    while (start <= fields->size()) {
        size_t comma = fields->find(',', start);
        std::string f =
            fields->substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        while (!f.empty() && f.front() == ' ') {
            f.erase(0, 1);
        }
        while (!f.empty() && f.back() == ' ') {
            f.pop_back();
        }
        if (auto it = all.find(f); it != all.end()) {
            out[f] = it->value();
        }
        if (comma == std::string::npos) {
            break;
        }
        start = comma + 1;
    }
    return out;
}

bj::object HealthToJson(const domain::PhoneNumber& n, const domain::PhoneNumberHealth& h,
                        Timestamp now) {
    bj::object checks;
    checks["phone_number_access"] = bj::object{
        {"passed", h.access_ok},
        {"details", bj::object{{"verified_name", json::OrNull(n.verified_name)},
                               {"display_phone_number", json::OrNull(n.display_phone_number)},
                               {"quality_rating", json::OrNull(n.quality_rating)},
                               {"status", json::OrNull(n.status)},
                               {"throughput_tier", json::OrNull(n.throughput_tier)},
                               {"id", n.phone_number_id.value()}}}};
    bj::value connection_passed = nullptr;
    if (h.connection_status != "UNKNOWN") {
        connection_passed = h.connection_status == "CONNECTED";
    }
    checks["phone_number_connection"] = bj::object{
        {"passed", connection_passed}, {"details", bj::object{{"status", h.connection_status}}}};
    checks["messaging_health"] = bj::object{
        {"passed", h.can_send_message},
        {"overall_status", h.messaging_status},
        {"details", bj::object{{"can_send_message", h.messaging_status},
                               {"entities",
                                bj::array{bj::object{{"entity_type", "PHONE_NUMBER"},
                                                     {"id", n.phone_number_id.value()},
                                                     {"can_send_message", h.messaging_status}}}}}}};
    checks["webhook_subscription"] =
        bj::object{{"passed", h.webhook_subscribed},
                   {"details", bj::object{{"app_id", nullptr},
                                          {"subscribed", h.webhook_subscribed},
                                          {"subscribed_fields", bj::array{"messages"}}}}};
    checks["webhook_verified"] = bj::object{
        {"passed", h.webhook_verified},
        {"details",
         bj::object{
             {"verified_at", n.webhook_verified_at
                                 ? bj::value(FormatIso8601(*n.webhook_verified_at))
                                 : bj::value(nullptr)},
             {"message", h.webhook_verified ? "Webhook verified" : "Webhook not verified yet"}}}};
    return bj::object{{"status", h.overall},
                      {"timestamp", FormatIso8601(now)},
                      {"error", nullptr},
                      {"checks", std::move(checks)}};
}

namespace {
Result<domain::PhoneNumberPatch> ReadNumber(const bj::value& body) {
    WHARF_ASSIGN_OR_RETURN(const bj::object* o, json::Envelope(body, "whatsapp_phone_number"));
    json::ObjectReader r(*o, "whatsapp_phone_number");
    domain::PhoneNumberPatch p;
    WHARF_ASSIGN_OR_RETURN(p.name, r.String("name", 1000));
    WHARF_ASSIGN_OR_RETURN(p.kind, r.String("kind", 64));
    WHARF_ASSIGN_OR_RETURN(p.phone_number_id, r.String("phone_number_id", 64));
    WHARF_ASSIGN_OR_RETURN(p.business_account_id, r.String("business_account_id", 64));
    WHARF_ASSIGN_OR_RETURN(p.access_token, r.String("access_token", 8192));
    WHARF_ASSIGN_OR_RETURN(p.webhook_verify_token, r.String("webhook_verify_token", 8192));
    WHARF_ASSIGN_OR_RETURN(p.webhook_destination_url, r.String("webhook_destination_url", 4096));
    WHARF_ASSIGN_OR_RETURN(p.inbound_processing_enabled, r.Bool("inbound_processing_enabled"));
    WHARF_ASSIGN_OR_RETURN(p.calls_enabled, r.Bool("calls_enabled"));
    return p;
}
}  // namespace

Result<domain::PhoneNumberCreate> ParsePhoneNumberCreate(const bj::value& body) {
    WHARF_ASSIGN_OR_RETURN(domain::PhoneNumberPatch p, ReadNumber(body));
    domain::PhoneNumberCreate c;
    c.name = p.name.AsOptional();
    c.kind = p.kind.AsOptional();
    c.phone_number_id = p.phone_number_id.AsOptional();
    c.business_account_id = p.business_account_id.AsOptional();
    c.access_token = p.access_token.AsOptional();
    c.webhook_verify_token = p.webhook_verify_token.AsOptional();
    c.webhook_destination_url = p.webhook_destination_url.AsOptional();
    c.inbound_processing_enabled = p.inbound_processing_enabled.AsOptional();
    c.calls_enabled = p.calls_enabled.AsOptional();
    return c;
}

Result<domain::PhoneNumberPatch> ParsePhoneNumberPatch(const bj::value& body) {
    return ReadNumber(body);
}

}  // namespace wharf::api
