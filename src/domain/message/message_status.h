#pragma once

#include <optional>
#include <string_view>

namespace wharf::domain {

// The delivery status of an outbound message, as Meta reports it in status webhooks
// (`statuses[].status`), plus `accepted`: the state between wharf answering the send request and
// the first status arriving (Meta's send response uses the same word in `message_status`).
//
// Out-of-order arrival. Meta does not guarantee the order of status webhooks, and redelivers
// them. A message's status therefore only ever moves forward along one total order,
//
//     accepted < sent < delivered < failed < read < played
//
// and applying a status is taking the maximum (Advance). Taking a maximum is commutative,
// associative and idempotent, so the status a message ends with depends only on the SET of
// statuses received, never on their arrival order or on duplicates. What the order means:
//  - sent, delivered, read, played are the normal progression; any step may be skipped
//    (`delivered` is skipped when the user reads at once; `played` exists for voice only and
//    implies read).
//  - failed is terminal for delivery: it wins over accepted, sent and delivered (a `sent` or
//    `delivered` arriving after `failed` is stale and ignored).
//  - read and played win over failed: they are proof that the user has the message, so a
//    `failed` received after them does not un-read it, and for the outcome to be
//    order-independent a `read` arriving after `failed` must then also win. In practice this
//    only happens when Meta reports a spurious failure; the full raw history is kept by the
//    caller anyway.
enum class MessageStatus {
    kAccepted,
    kSent,
    kDelivered,
    kRead,
    kPlayed,
    kFailed,
};

// Meta's lower-case name: "accepted", "sent", "delivered", "read", "played", "failed".
const char* MessageStatusName(MessageStatus status);
// The inverse of MessageStatusName; case-sensitive (as Meta's); nullopt for anything else,
// including statuses wharf does not track ("deleted", "warning").
std::optional<MessageStatus> ParseMessageStatus(std::string_view name);

// The position of a status in the order above (accepted 0 ... played 5).
int MessageStatusRank(MessageStatus status);

// True when receiving `to` while at `from` changes the message's status, i.e. `to` is strictly
// later in the order. False for duplicates and for stale (out-of-order) statuses; the caller
// records those in the raw history but emits no state-change event for them.
bool IsForward(MessageStatus from, MessageStatus to);

// The status after receiving `incoming` while at `current`: the later of the two.
MessageStatus Advance(MessageStatus current, MessageStatus incoming);

}  // namespace wharf::domain
