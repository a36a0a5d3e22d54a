#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/ids.h"
#include "domain/webhook/webhook.h"

namespace wharf::domain {

enum class DeliveryStatus { kPending, kDelivered, kFailed };  // failed = dead, no more retries
const char* DeliveryStatusName(DeliveryStatus s);
std::optional<DeliveryStatus> ParseDeliveryStatus(const std::string& s);

// One POST (possibly a batch) of one event to one webhook, durable until delivered or dead.
// `body` is the exact byte string that is signed and sent on every attempt, with the same
// idempotency key. Deliveries that share an ordering_key (webhook + conversation) go out in seq
// order: a later one waits while an earlier one is pending.
struct WebhookDelivery {
    WebhookDeliveryId id;
    ProjectId project_id;
    WebhookId webhook_id;
    std::optional<EventId> event_id;
    std::string event;
    std::optional<PhoneNumberId> phone_number_id;
    std::optional<ConversationId> conversation_id;
    std::optional<std::string> conversation_phone_number;
    std::optional<std::string> ordering_key;
    std::string body;
    std::string idempotency_key;
    int batch_size = 0;  // > 0: a buffered batch of that many messages
    DeliveryStatus status = DeliveryStatus::kPending;
    int attempt_count = 0;
    Timestamp next_attempt_at;
    Timestamp retry_from;        // start of the retry horizon: creation, or the last replay
    Timestamp event_created_at;  // when the state change happened
    std::optional<int> response_status;
    std::optional<std::string> last_error;
    std::optional<Timestamp> last_attempt_at;
    std::optional<Timestamp> delivered_at;
    std::optional<Timestamp> failed_at;
    Timestamp created_at;
    std::int64_t seq = 0;  // assigned by the store

    // Joined from the webhook when listed (null once the webhook is deleted).
    std::optional<std::string> webhook_url;
};

// One HTTP attempt of a delivery, as recorded.
struct DeliveryAttempt {
    WebhookDeliveryId delivery_id;
    int attempt = 0;
    Timestamp started_at;
    int duration_ms = 0;
    std::optional<int> status_code;
    std::optional<std::string> error;
};

// What happened to a leased delivery: delivered, retry at next_attempt_at, or dead.
struct DeliveryOutcome {
    WebhookDeliveryId id;
    DeliveryStatus status = DeliveryStatus::kPending;
    Timestamp next_attempt_at;  // pending only
    DeliveryAttempt attempt;
};

struct DeliveryFilter {
    std::optional<DeliveryStatus> status;
    std::optional<std::string> event;
    std::optional<WebhookId> webhook_id;
    bool errors_only = false;  // failed, or any attempt answered >= 400 / with an error
    std::optional<Timestamp> since;
};

// An open buffer of whatsapp.message.received payloads (one webhook, one conversation).
struct WebhookBuffer {
    WebhookId webhook_id;
    ConversationId conversation_id;
    ProjectId project_id;
    std::optional<PhoneNumberId> phone_number_id;
    std::optional<std::string> conversation_phone_number;
    std::string items;  // JSON array text
    int item_count = 0;
    EventId first_event_id;
    Timestamp first_created_at;
    Timestamp flush_at;
};

// An armed whatsapp.conversation.inactive timer.
struct InactivityTimer {
    WebhookId webhook_id;
    ConversationId conversation_id;
    ProjectId project_id;
    std::optional<PhoneNumberId> phone_number_id;
    std::string conversation;   // JSON object text
    std::string since_message;  // JSON object text
    Timestamp due_at;
};

}  // namespace wharf::domain
