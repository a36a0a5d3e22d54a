#include "domain/conversation/service_window.h"

namespace wharf::domain {

Timestamp WindowExpiresAt(Timestamp last_inbound_at) {
    return last_inbound_at + kServiceWindow;
}

bool IsServiceWindowOpen(std::optional<Timestamp> last_inbound_at, Timestamp now) {
    return last_inbound_at.has_value() && now <= WindowExpiresAt(*last_inbound_at);
}

Result<void> CheckServiceWindow(std::optional<Timestamp> last_inbound_at, Timestamp now,
                                MessageType type) {
    if (type == MessageType::kTemplate || IsServiceWindowOpen(last_inbound_at, now)) {
        return {};
    }
    return Fail(Error::FailedPrecondition("Re-engagement message")
                    .WithGraph(131047,
                               "Message failed to send because more than 24 hours have passed "
                               "since the customer last replied to this number."));
}

Result<void> CheckMarkAsRead(Timestamp received_at, Timestamp now) {
    if (now <= received_at + kMarkAsReadWindow) {
        return {};
    }
    return Fail(Error::FailedPrecondition("Parameter value is not valid")
                    .WithField("message_id")
                    .WithGraph(131009,
                               "Param message_id refers to a message received more than 30 days "
                               "ago; it can no longer be marked as read."));
}

}  // namespace wharf::domain
