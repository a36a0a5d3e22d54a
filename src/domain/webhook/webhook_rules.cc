#include "domain/webhook/webhook_rules.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>

namespace wharf::domain {
namespace {

constexpr std::array<std::string_view, 6> kProjectEvents = {
    "whatsapp.config.created",    "whatsapp.phone_number.created", "whatsapp.phone_number.deleted",
    "workflow.execution.handoff", "workflow.execution.failed",     "project.event"};
constexpr std::array<std::string_view, 8> kNumberEvents = {
    "whatsapp.message.received",   "whatsapp.message.sent",         "whatsapp.message.delivered",
    "whatsapp.message.read",       "whatsapp.message.failed",       "whatsapp.conversation.created",
    "whatsapp.conversation.ended", "whatsapp.conversation.inactive"};

Error Invalid(const std::string& field, const std::string& message) {
    return Error::InvalidArgument(message).WithField("whatsapp_webhook." + field);
}

Result<int> InRange(const std::string& field, const Field<long long>& v, int lo, int hi) {
    if (v.value < lo || v.value > hi) {
        return Fail(Invalid(field, field + " must be between " + std::to_string(lo) + " and " +
                                       std::to_string(hi)));
    }
    return static_cast<int>(v.value);
}

bool IsHeaderToken(const std::string& name) {
    return !name.empty() && name.size() <= 128 && std::all_of(name.begin(), name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) ||
               std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
    });
}

bool IsHeaderValue(const std::string& v) {
    return v.size() <= 4096 && std::all_of(v.begin(), v.end(), [](char c) {
               auto u = static_cast<unsigned char>(c);
               return u == '\t' || (u >= 0x20 && u != 0x7f);
           });
}

bool IsHttpUrl(const std::string& url) {
    std::string_view rest;
    if (url.rfind("https://", 0) == 0) {
        rest = std::string_view(url).substr(8);
    } else if (url.rfind("http://", 0) == 0) {
        rest = std::string_view(url).substr(7);
    } else {
        return false;
    }
    if (url.size() > 2048 || rest.empty() || rest[0] == '/' || rest[0] == ':' || rest[0] == '?' ||
        rest[0] == '#') {
        return false;
    }
    return std::none_of(url.begin(), url.end(), [](char c) {
        auto u = static_cast<unsigned char>(c);
        return u <= 0x20 || u == 0x7f;
    });
}

}  // namespace

bool IsProjectWebhookEvent(const std::string& event) {
    return std::find(kProjectEvents.begin(), kProjectEvents.end(), event) != kProjectEvents.end();
}

bool IsPhoneNumberWebhookEvent(const std::string& event) {
    return std::find(kNumberEvents.begin(), kNumberEvents.end(), event) != kNumberEvents.end();
}

bool IsReservedWebhookHeader(std::string name) {
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    static constexpr std::array<std::string_view, 15> kReserved = {"connection",
                                                                   "keep-alive",
                                                                   "proxy-authenticate",
                                                                   "proxy-authorization",
                                                                   "proxy-connection",
                                                                   "te",
                                                                   "trailer",
                                                                   "trailers",
                                                                   "transfer-encoding",
                                                                   "upgrade",
                                                                   "host",
                                                                   "content-length",
                                                                   "content-type",
                                                                   "expect",
                                                                   "x-batch-size"};
    return std::find(kReserved.begin(), kReserved.end(), name) != kReserved.end() ||
           name.rfind("x-webhook-", 0) == 0 || name == "x-idempotency-key";
}

Result<void> ApplyWebhookInput(Webhook& w, const WebhookInput& in, bool creating) {
    if (creating) {
        if (!in.url.has_value()) {
            return Fail(Invalid("url", "url is required"));
        }
        if (in.kind.has_value()) {
            if (in.kind.value == "kapso") {
                w.kind = WebhookKind::kKapso;
            } else if (in.kind.value == "meta") {
                w.kind = WebhookKind::kMeta;
            } else {
                return Fail(Invalid("kind", "kind must be kapso or meta"));
            }
        }
        if (in.phone_number_id.has_value()) {
            w.phone_number_id = PhoneNumberId(in.phone_number_id.value);
        }
    } else if (in.kind.present()) {
        std::string now = WebhookKindName(w.kind);
        if (!in.kind.has_value() || in.kind.value != now) {
            return Fail(Invalid("kind", "kind cannot be changed"));
        }
    }
    if (in.url.present()) {
        if (!in.url.has_value()) {
            return Fail(Invalid("url", "url must not be null"));
        }
        w.url = in.url.value;
    }
    if (in.active.present()) {
        w.active = in.active.has_value() ? in.active.value : true;
    }
    if (in.events.present()) {
        w.events = in.events.has_value() ? in.events.value : std::vector<std::string>{};
    }
    if (in.buffer_enabled.present()) {
        w.buffer_enabled = in.buffer_enabled.has_value() && in.buffer_enabled.value;
    }
    if (in.buffer_window_seconds.has_value()) {
        WHARF_ASSIGN_OR_RETURN(w.buffer_window_seconds,
                               InRange("buffer_window_seconds", in.buffer_window_seconds, 1, 60));
    } else if (in.buffer_window_seconds.is_null()) {
        w.buffer_window_seconds = 5;
    }
    if (in.max_buffer_size.has_value()) {
        WHARF_ASSIGN_OR_RETURN(w.max_buffer_size,
                               InRange("max_buffer_size", in.max_buffer_size, 1, 100));
    } else if (in.max_buffer_size.is_null()) {
        w.max_buffer_size = 50;
    }
    if (in.buffer_events.present()) {
        w.buffer_events =
            in.buffer_events.has_value() ? in.buffer_events.value : std::vector<std::string>{};
    }
    if (in.inactivity_minutes.has_value()) {
        WHARF_ASSIGN_OR_RETURN(w.inactivity_minutes,
                               InRange("inactivity_minutes", in.inactivity_minutes, 1, 1440));
    } else if (in.inactivity_minutes.is_null()) {
        w.inactivity_minutes = 60;
    }
    if (in.headers.present()) {
        w.headers =
            in.headers.has_value() ? in.headers.value : std::map<std::string, std::string>{};
    }
    if (in.payload_version.has_value()) {
        w.payload_version = in.payload_version.value;
    } else if (in.payload_version.is_null()) {
        w.payload_version = "v2";
    }
    if (w.kind == WebhookKind::kMeta) {
        // Meta webhooks receive every raw payload of their number: the event list is normalized.
        w.events.clear();
        w.buffer_events.clear();
    }
    return ValidateWebhook(w);
}

Result<void> ValidateWebhook(const Webhook& w) {
    if (!IsHttpUrl(w.url)) {
        return Fail(Invalid("url", "url must be an http:// or https:// URL"));
    }
    if (w.payload_version != "v1" && w.payload_version != "v2") {
        return Fail(Invalid("payload_version", "payload_version must be v1 or v2"));
    }
    if (w.buffer_window_seconds < 1 || w.buffer_window_seconds > 60) {
        return Fail(
            Invalid("buffer_window_seconds", "buffer_window_seconds must be between 1 and 60"));
    }
    if (w.max_buffer_size < 1 || w.max_buffer_size > 100) {
        return Fail(Invalid("max_buffer_size", "max_buffer_size must be between 1 and 100"));
    }
    if (w.inactivity_minutes < 1 || w.inactivity_minutes > 1440) {
        return Fail(Invalid("inactivity_minutes", "inactivity_minutes must be between 1 and 1440"));
    }
    if (w.headers.size() > 20) {
        return Fail(Invalid("headers", "at most 20 custom headers"));
    }
    for (const auto& [name, value] : w.headers) {
        if (!IsHeaderToken(name) || !IsHeaderValue(value)) {
            return Fail(Invalid("headers", "header \"" + name + "\" is not a valid HTTP header"));
        }
        if (IsReservedWebhookHeader(name)) {
            return Fail(Invalid("headers", "header \"" + name + "\" cannot be set"));
        }
    }
    if (w.kind == WebhookKind::kMeta) {
        if (!w.phone_number_id) {
            return Fail(Invalid("phone_number_id", "meta webhooks need a phone_number_id"));
        }
        if (w.buffer_enabled) {
            return Fail(Invalid("buffer_enabled", "meta webhooks cannot buffer"));
        }
        return {};
    }
    if (w.events.empty()) {
        return Fail(Invalid("events", "events must list at least one event"));
    }
    for (const auto& e : w.events) {
        bool ok = w.phone_number_id ? IsPhoneNumberWebhookEvent(e) : IsProjectWebhookEvent(e);
        if (!ok) {
            bool other =
                w.phone_number_id ? IsProjectWebhookEvent(e) : IsPhoneNumberWebhookEvent(e);
            return Fail(Invalid(
                "events", other ? "event " + e + " is not available for " +
                                      (w.phone_number_id ? "phone number" : "project") + " webhooks"
                                : "unknown event " + e));
        }
    }
    for (const auto& e : w.buffer_events) {
        if (e != "whatsapp.message.received") {
            return Fail(Invalid("buffer_events", "only whatsapp.message.received can be buffered"));
        }
    }
    return {};
}

}  // namespace wharf::domain
