#pragma once

#include <boost/json.hpp>

#include "api/json/kapso_fields.h"
#include "base/result.h"
#include "domain/conversation/conversation.h"
#include "domain/history/conversation_wire.h"
#include "http/request.h"
#include "service/history_service.h"

namespace wharf::api {

// A conversation on the wire: domain::ConversationToJson (domain/history/conversation_wire.h)
// with what the history service found.
inline boost::json::object ConversationToJson(const service::ConversationView& v,
                                              const KapsoFields& fields) {
    return domain::ConversationToJson(v.conversation, v.contact_name, v.phone_config_id, fields);
}

// A conversation's position in the list (the store's order: last_active_at, id).
inline domain::Keyset ConversationKeyset(const service::ConversationView& v) {
    return {v.conversation.last_active_at, v.conversation.id.value()};
}

// The status a PATCH asks for: {"status":"active|ended"} on the proxy,
// {"whatsapp_conversation":{"status":…}} on the Platform. kInvalidArgument naming the field.
Result<domain::ConversationStatus> ParseConversationStatusBody(const boost::json::value& body,
                                                               HistorySurface surface);

// The conversation list's filters: status, phone_number (exact, any format), and the activity
// window: last_active_since/until (inclusive, the proxy's names) or last_active_after/before
// (exclusive, the Platform's); on the Platform also phone_number_id. No conversation is ever
// assigned, so `unassigned` filters nothing; assigned_user_id and created_after/before are
// refused until assignments and that filter exist.
Result<domain::ConversationFilter> ParseConversationQuery(const http::Request& req,
                                                          HistorySurface surface);

}  // namespace wharf::api
