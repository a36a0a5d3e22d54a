#include "domain/message/message_status.h"

namespace wharf::domain {

const char* MessageStatusName(MessageStatus status) {
    switch (status) {
        case MessageStatus::kAccepted:
            return "accepted";
        case MessageStatus::kSent:
            return "sent";
        case MessageStatus::kDelivered:
            return "delivered";
        case MessageStatus::kRead:
            return "read";
        case MessageStatus::kPlayed:
            return "played";
        case MessageStatus::kFailed:
            return "failed";
    }
    return "accepted";
}

std::optional<MessageStatus> ParseMessageStatus(std::string_view name) {
    for (auto status : {MessageStatus::kAccepted, MessageStatus::kSent, MessageStatus::kDelivered,
                        MessageStatus::kRead, MessageStatus::kPlayed, MessageStatus::kFailed}) {
        if (name == MessageStatusName(status)) {
            return status;
        }
    }
    return std::nullopt;
}

int MessageStatusRank(MessageStatus status) {
    // Not the enumerator order: failed sits between delivered and read (see the header).
    switch (status) {
        case MessageStatus::kAccepted:
            return 0;
        case MessageStatus::kSent:
            return 1;
        case MessageStatus::kDelivered:
            return 2;
        case MessageStatus::kFailed:
            return 3;
        case MessageStatus::kRead:
            return 4;
        case MessageStatus::kPlayed:
            return 5;
    }
    return 0;
}

bool IsForward(MessageStatus from, MessageStatus to) {
    return MessageStatusRank(to) > MessageStatusRank(from);
}

MessageStatus Advance(MessageStatus current, MessageStatus incoming) {
    return IsForward(current, incoming) ? incoming : current;
}

}  // namespace wharf::domain
