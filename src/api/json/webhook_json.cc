#include "api/json/webhook_json.h"

#include "base/json.h"
#include "base/time_format.h"

namespace wharf::api {
namespace {
namespace bj = boost::json;

bj::array Strings(const std::vector<std::string>& v) {
    bj::array a;
    for (const auto& s : v) {
        a.emplace_back(s);
    }
    return a;
}

bj::value TimeOrNull(const std::optional<Timestamp>& t) {
    return t ? bj::value(FormatIso8601(*t)) : bj::value(nullptr);
}
}  // namespace

bj::object WebhookToJson(const service::WebhookView& v) {
    const auto& w = v.webhook;
    bj::object headers;
    for (const auto& [k, val] : w.headers) {
        headers[k] = val;
    }
    const bool kapso = w.kind == domain::WebhookKind::kKapso;
    return bj::object{
        {"id", w.id.value()},
        {"url", w.url},
        {"kind", domain::WebhookKindName(w.kind)},
        {"events", Strings(w.events)},
        {"active", w.active},
        {"created_at", FormatIso8601(w.created_at)},
        {"updated_at", FormatIso8601(w.updated_at)},
        {"project_id", w.project_id.value()},
        {"phone_number_id",
         w.phone_number_id ? bj::value(w.phone_number_id->value()) : bj::value(nullptr)},
        {"secret_key", v.secret_key},
        {"headers", std::move(headers)},
        {"buffer_enabled", w.buffer_enabled},
        {"buffer_window_seconds",
         kapso && w.buffer_enabled ? bj::value(w.buffer_window_seconds) : bj::value(nullptr)},
        {"max_buffer_size",
         kapso && w.buffer_enabled ? bj::value(w.max_buffer_size) : bj::value(nullptr)},
        {"buffer_events", Strings(w.buffer_enabled && w.buffer_events.empty()
                                      ? std::vector<std::string>{"whatsapp.message.received"}
                                      : w.buffer_events)},
        {"inactivity_minutes", w.inactivity_minutes},
        {"payload_version", w.payload_version}};
}

Result<domain::WebhookInput> ParseWebhookInput(const bj::value& body) {
    WHARF_ASSIGN_OR_RETURN(const bj::object* o, json::Envelope(body, "whatsapp_webhook"));
    json::ObjectReader r(*o, "whatsapp_webhook");
    domain::WebhookInput in;
    WHARF_ASSIGN_OR_RETURN(in.url, r.String("url", 2048));
    WHARF_ASSIGN_OR_RETURN(in.phone_number_id, r.String("phone_number_id", 64));
    WHARF_ASSIGN_OR_RETURN(in.kind, r.String("kind", 16));
    WHARF_ASSIGN_OR_RETURN(in.secret_key, r.String("secret_key", 256));
    WHARF_ASSIGN_OR_RETURN(in.active, r.Bool("active"));
    WHARF_ASSIGN_OR_RETURN(in.events, r.StringArray("events", 20, 64));
    WHARF_ASSIGN_OR_RETURN(in.buffer_enabled, r.Bool("buffer_enabled"));
    WHARF_ASSIGN_OR_RETURN(in.buffer_window_seconds, r.Int("buffer_window_seconds"));
    WHARF_ASSIGN_OR_RETURN(in.max_buffer_size, r.Int("max_buffer_size"));
    WHARF_ASSIGN_OR_RETURN(in.buffer_events, r.StringArray("buffer_events", 20, 64));
    WHARF_ASSIGN_OR_RETURN(in.inactivity_minutes, r.Int("inactivity_minutes"));
    WHARF_ASSIGN_OR_RETURN(in.payload_version, r.String("payload_version", 8));
    if (auto it = o->find("headers"); it != o->end()) {
        if (it->value().is_null()) {
            in.headers.state = Field<std::map<std::string, std::string>>::State::kNull;
        } else if (!it->value().is_object()) {
            return Fail(Error::InvalidArgument("whatsapp_webhook.headers must be an object")
                            .WithField("whatsapp_webhook.headers"));
        } else {
            in.headers.state = Field<std::map<std::string, std::string>>::State::kValue;
            for (const auto& [k, v] : it->value().as_object()) {
                if (!v.is_string()) {
                    return Fail(Error::InvalidArgument("whatsapp_webhook.headers." +
                                                       std::string(k) + " must be a string")
                                    .WithField("whatsapp_webhook.headers"));
                }
                in.headers.value.emplace(std::string(k), std::string(v.as_string()));
            }
        }
    }
    return in;
}

bj::object DeliveryToJson(const domain::WebhookDelivery& d) {
    return bj::object{
        {"id", d.id.value()},
        {"event", d.event},
        {"status", domain::DeliveryStatusName(d.status)},
        {"response_status", d.response_status ? bj::value(*d.response_status) : bj::value(nullptr)},
        {"delivered_at", TimeOrNull(d.delivered_at)},
        {"failed_at", TimeOrNull(d.failed_at)},
        {"last_attempt_at", TimeOrNull(d.last_attempt_at)},
        {"attempt_count", d.attempt_count},
        {"created_at", FormatIso8601(d.created_at)},
        {"webhook_id", d.webhook_id.value()},
        {"webhook_url", json::OrNull(d.webhook_url)},
        {"whatsapp_config_id", nullptr},
        {"phone_number_id",
         d.phone_number_id ? bj::value(d.phone_number_id->value()) : bj::value(nullptr)},
        {"conversation_phone_number", json::OrNull(d.conversation_phone_number)},
        {"next_attempt_at", d.status == domain::DeliveryStatus::kPending
                                ? bj::value(FormatIso8601(d.next_attempt_at))
                                : bj::value(nullptr)},
        {"last_error", json::OrNull(d.last_error)},
        {"batch_size", d.batch_size}};
}

bj::object DeliveryDetailToJson(const service::DeliveryView& v) {
    bj::object o = DeliveryToJson(v.delivery);
    o["idempotency_key"] = v.delivery.idempotency_key;
    bj::array attempts;
    for (const auto& a : v.attempts) {
        attempts.push_back(bj::object{
            {"attempt", a.attempt},
            {"started_at", FormatIso8601(a.started_at)},
            {"duration_ms", a.duration_ms},
            {"status_code", a.status_code ? bj::value(*a.status_code) : bj::value(nullptr)},
            {"error", json::OrNull(a.error)}});
    }
    o["attempts"] = std::move(attempts);
    return o;
}

}  // namespace wharf::api
