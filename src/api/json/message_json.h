#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json.hpp>

#include "api/json/kapso_fields.h"
#include "base/result.h"
#include "domain/message/message.h"
#include "http/request.h"
#include "service/history_service.h"

namespace wharf::api {

// A stored message on the wire, in Meta's shape with Kapso's extension:
//   {"id":"wamid.…","timestamp":"<unix seconds>","type":"text","from":"<wa_id>"|null,
//    "to":"<wa_id>"|null,"context":{"id"}?,"<type>":{…as sent or received…},
//    "kapso":{"direction","status","processing_status","origin","phone_number",
//             "phone_number_id","has_media","whatsapp_conversation_id","contact_name","content",
//             "statuses":[raw Meta status objects],"media_data"?,"media_url"?,
//             "message_type_data"?,"flow_response"?,"flow_token"?,"order_text"?}}
// `from` is the user for inbound messages, `to` the user for outbound ones; the other is null.
// Fields marked ? appear only when they apply to the message. `fields` selects the kapso
// fields. Surface differences follow Kapso's two descriptions: processing_status is "completed"
// on the proxy and "processed" on the Platform; kapso.phone_number is "+<digits>" on the proxy
// and bare digits on the Platform.
boost::json::object MessageToJson(const service::MessageView& v, const KapsoFields& fields,
                                  HistorySurface surface);

// A message's position in the newest-first list (the store's order: created_at, wamid).
inline domain::Keyset MessageKeyset(const service::MessageView& v) {
    return {v.message.created_at, v.message.wamid};
}

// Kapso's status of a stored message: pending (accepted), sent, delivered (an inbound message
// not yet marked read included), read (played included), failed.
std::string KapsoMessageStatus(const domain::Message& m);

// The stored statuses that a Kapso status filter stands for, given the direction filter.
// kInvalidArgument naming "status" for anything but pending|sent|delivered|read|failed.
Result<std::vector<std::string>> StoredStatusesFor(
    std::string_view kapso_status, const std::optional<domain::MessageDirection>& direction);

// The message list's filters from the query string: conversation_id, direction, status, since,
// until (both inclusive); on the Platform also phone_number_id. Platform filters that the store
// cannot apply yet (phone_number, business_scoped_user_id, message_type, has_media, legacy
// page/per_page) are refused rather than ignored.
Result<service::MessageQuery> ParseMessageQuery(const http::Request& req, HistorySurface surface);

}  // namespace wharf::api
