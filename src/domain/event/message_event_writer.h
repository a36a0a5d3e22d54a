#pragma once

#include <string>

#include "domain/conversation/conversation.h"
#include "domain/event/event_payload.h"
#include "domain/message/message.h"

namespace wharf::domain {

// The v2 body of a whatsapp.message.* event written straight into its string: byte for byte
// boost::json::serialize(MessageEventPayload(m, c, ctx, is_new_conversation)) for every input,
// at a fraction of the cost (no DOM; the stored payload, statuses and metadata are copied when
// they are already in boost's form, parsed and serialised only when they are not). Each
// status change renders one of these, so it is on the send path three times per message.
// Pure.
std::string SerializedMessageEventPayload(const Message& m, const Conversation& c,
                                          const PayloadContext& ctx, bool is_new_conversation);

}  // namespace wharf::domain
