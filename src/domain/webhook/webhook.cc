#include "domain/webhook/webhook.h"

#include <algorithm>

#include "domain/webhook/webhook_delivery.h"

namespace wharf::domain {

const char* WebhookKindName(WebhookKind k) {
    return k == WebhookKind::kMeta ? "meta" : "kapso";
}

bool Webhook::Subscribes(const std::string& event) const {
    return std::find(events.begin(), events.end(), event) != events.end();
}

bool Webhook::Buffers(const std::string& event) const {
    if (!buffer_enabled || kind != WebhookKind::kKapso || event != "whatsapp.message.received") {
        return false;
    }
    return buffer_events.empty() ||
           std::find(buffer_events.begin(), buffer_events.end(), event) != buffer_events.end();
}

const char* DeliveryStatusName(DeliveryStatus s) {
    switch (s) {
        case DeliveryStatus::kPending:
            return "pending";
        case DeliveryStatus::kDelivered:
            return "delivered";
        case DeliveryStatus::kFailed:
            return "failed";
    }
    return "pending";
}

std::optional<DeliveryStatus> ParseDeliveryStatus(const std::string& s) {
    if (s == "pending") {
        return DeliveryStatus::kPending;
    }
    if (s == "delivered") {
        return DeliveryStatus::kDelivered;
    }
    if (s == "failed") {
        return DeliveryStatus::kFailed;
    }
    return std::nullopt;
}

std::string WebhookSecretContext(const WebhookId& id) {
    return "webhook-secret:" + id.value();
}

}  // namespace wharf::domain
