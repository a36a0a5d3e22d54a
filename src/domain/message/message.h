#pragma once

#include <optional>
#include <string>

#include "base/clock.h"
#include "base/ids.h"

namespace wharf::domain {

enum class MessageDirection { kInbound, kOutbound };

const char* MessageDirectionName(MessageDirection d);

// A message as stored in the history, inbound or outbound. `wamid` is Meta's id and unique per
// project. `status` is the furthest status reached (statuses never move backwards); `statuses`
// keeps every raw status object received, in arrival order, as a JSON array.
struct Message {
    std::string wamid;
    PhoneNumberId phone_number_id;
    ConversationId conversation_id;
    ContactId contact_id;
    std::string wa_id;  // the user's number: `to` of outbound, `from` of inbound
    MessageDirection direction = MessageDirection::kOutbound;
    std::string type;     // Meta's type name: "text", "image", "interactive", ...
    std::string payload;  // the type's object (JSON) as sent or received
    std::string status;   // accepted | sent | delivered | read | played | failed | received
    std::string statuses = "[]";
    std::string origin;  // "api" (sent through wharf), "sandbox" (simulated user), "meta" (webhook)
    bool has_media = false;
    std::string content;  // plain-text rendering (kapso.content)
    std::optional<std::string> context_message_id;
    std::optional<std::string> biz_opaque_callback_data;
    std::optional<std::string> error;  // the failure's errors[] JSON, when failed
    Timestamp created_at;              // Meta's timestamp for inbound, acceptance time for outbound
    Timestamp updated_at;
};

// Filters of the message lists; combined with AND.
struct MessageFilter {
    std::optional<PhoneNumberId> phone_number_id;
    std::optional<ConversationId> conversation_id;
    std::optional<std::string> wa_id;  // the user's number, digits only
    std::optional<MessageDirection> direction;
    std::optional<std::string> status;
    std::optional<Timestamp> since;  // created_at >= since
    std::optional<Timestamp> until;  // created_at <  until
};

}  // namespace wharf::domain
