#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "base/clock.h"
#include "base/ids.h"

namespace wharf::domain {

// Event type names, as webhooks subscribe to them.
inline constexpr const char* kEventPhoneNumberCreated = "whatsapp.phone_number.created";
inline constexpr const char* kEventPhoneNumberDeleted = "whatsapp.phone_number.deleted";
inline constexpr const char* kEventMessageReceived = "whatsapp.message.received";
inline constexpr const char* kEventMessageSent = "whatsapp.message.sent";
inline constexpr const char* kEventMessageDelivered = "whatsapp.message.delivered";
inline constexpr const char* kEventMessageRead = "whatsapp.message.read";
inline constexpr const char* kEventMessageFailed = "whatsapp.message.failed";
inline constexpr const char* kEventConversationCreated = "whatsapp.conversation.created";
inline constexpr const char* kEventConversationEnded = "whatsapp.conversation.ended";
// A template review decision (Meta's webhook field of the same name); no phone number.
inline constexpr const char* kEventTemplateStatusUpdate = "message_template_status_update";

// Something that happened in a project, recorded in the same transaction as the change that caused
// it (the outbox). The webhooks issue fans events out to subscribed endpoints; until then they are
// kept. `payload` is the event's v2 JSON body.
struct Event {
    EventId id;
    std::string type;
    std::optional<PhoneNumberId> phone_number_id;
    std::optional<CustomerId> customer_id;
    // The conversation the event belongs to (message and conversation events): deliveries of one
    // conversation's events to one webhook leave in order.
    std::optional<ConversationId> conversation_id;
    std::string payload;
    // The raw Meta webhook body of the event (message and status events), as received from Meta
    // or as the sandbox would have sent it: what `kind: meta` webhooks receive.
    std::optional<std::string> meta_payload;
    Timestamp created_at;
    // The outbox position, assigned by the store (0 until stored): events are fanned out in
    // this order.
    std::int64_t seq = 0;
};

}  // namespace wharf::domain
