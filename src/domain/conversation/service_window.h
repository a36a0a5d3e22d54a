#pragma once

#include <chrono>
#include <optional>

#include "base/clock.h"
#include "base/result.h"
#include "domain/message/outbound_message.h"

namespace wharf::domain {

// Meta's customer-service window (docs/meta-facts.md §3.3): each message (or call) from the user
// opens or refreshes a 24-hour window in which the business may send any message type; outside
// it only templates may be sent.
//
// The window is closed at both ends: a free-form message sent exactly 24 h after the last
// inbound message is still allowed; one microsecond later it is not. An inbound timestamp later
// than `now` (clock skew between Meta's timestamps and ours) counts as an open window.
//
// Which messages need the window: every MessageType except kTemplate. Reactions are free-form
// messages like any other and need it. Mark-as-read (a ReadReceipt, not a message) is not
// subject to the window: Meta allows marking an inbound message as read within 30 days of
// receipt (CheckMarkAsRead).
//
// Pure functions; `now` and the inbound times are the caller's. The caller chooses
// `last_inbound_at`: the latest message or call from this user to this business number.
inline constexpr std::chrono::hours kServiceWindow{24};
inline constexpr std::chrono::hours kMarkAsReadWindow{24 * 30};

// The last instant at which a free-form message may still be sent: last_inbound_at + 24 h.
Timestamp WindowExpiresAt(Timestamp last_inbound_at);

// True when a free-form message may be sent at `now` (false when the user never wrote).
bool IsServiceWindowOpen(std::optional<Timestamp> last_inbound_at, Timestamp now);

// Ok for templates, and for every other type while the window is open. Otherwise
// kFailedPrecondition, Graph 131047 "Re-engagement message", Meta's details text.
Result<void> CheckServiceWindow(std::optional<Timestamp> last_inbound_at, Timestamp now,
                                MessageType type);

// Ok when an inbound message received at `received_at` may be marked as read at `now`: within 30
// days of receipt (closed at the end, like the service window). Otherwise kFailedPrecondition
// with Graph 131009 "Parameter value is not valid" (Meta's code for a message id that cannot be
// marked as read).
Result<void> CheckMarkAsRead(Timestamp received_at, Timestamp now);

}  // namespace wharf::domain
