#include "domain/conversation/conversation.h"

namespace wharf::domain {

const char* ConversationStatusName(ConversationStatus s) {
    return s == ConversationStatus::kEnded ? "ended" : "active";
}

std::optional<ConversationStatus> ParseConversationStatus(const std::string& s) {
    if (s == "active") {
        return ConversationStatus::kActive;
    }
    if (s == "ended") {
        return ConversationStatus::kEnded;
    }
    return std::nullopt;
}

}  // namespace wharf::domain
