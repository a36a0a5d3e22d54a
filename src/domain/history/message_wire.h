#pragma once

#include <optional>
#include <string>

#include <boost/json.hpp>

#include "domain/history/kapso_fields.h"
#include "domain/message/message.h"

namespace wharf::domain {

// A stored message on the wire (the history APIs and webhook payloads), in Meta's shape with
// Kapso's extension:
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
boost::json::object MessageToJson(const Message& m, const std::optional<std::string>& contact_name,
                                  const KapsoFields& fields, HistorySurface surface);

// Kapso's status of a stored message: pending (accepted), sent, delivered (an inbound message
// not yet marked read included), read (played included), failed.
std::string KapsoMessageStatus(const Message& m);

}  // namespace wharf::domain
