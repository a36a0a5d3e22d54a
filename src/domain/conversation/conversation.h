#pragma once

#include <optional>
#include <string>

#include "base/clock.h"
#include "base/ids.h"

namespace wharf::domain {

enum class ConversationStatus { kActive, kEnded };

// A thread between one business number and one user. A conversation ends after 24 hours without
// messages (or by PATCH); the next message opens a new one. The kapso summary fields are kept up
// to date as messages are recorded.
struct Conversation {
    ConversationId id;
    PhoneNumberId phone_number_id;
    std::string wa_id;  // the user's number ("phone_number" on the wire)
    ContactId contact_id;
    ConversationStatus status = ConversationStatus::kActive;
    Timestamp created_at;
    Timestamp updated_at;
    Timestamp last_active_at;
    std::optional<Timestamp> last_inbound_at;  // the 24 h customer-service window starts here
    std::optional<Timestamp> last_outbound_at;
    std::optional<Timestamp> ended_at;
    long long messages_count = 0;
    std::optional<std::string> last_message_id;
    std::optional<std::string> last_message_type;
    std::optional<std::string> last_message_text;
    std::optional<Timestamp> last_message_at;
    std::string metadata = "{}";
};

// Filters of the conversation lists; combined with AND.
struct ConversationFilter {
    std::optional<PhoneNumberId> phone_number_id;
    std::optional<ConversationStatus> status;
    std::optional<Timestamp> last_active_since;
    std::optional<Timestamp> last_active_until;
    std::optional<std::string> wa_id;  // "phone_number"
};

const char* ConversationStatusName(ConversationStatus s);
std::optional<ConversationStatus> ParseConversationStatus(const std::string& s);

}  // namespace wharf::domain
