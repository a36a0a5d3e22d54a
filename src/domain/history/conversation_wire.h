#pragma once

#include <optional>
#include <string>

#include <boost/json.hpp>

#include "base/ids.h"
#include "domain/conversation/conversation.h"
#include "domain/history/kapso_fields.h"

namespace wharf::domain {

// A conversation on the wire (both surfaces):
//   {"id","phone_number":"<wa_id>","business_scoped_user_id":null,
//    "parent_business_scoped_user_id":null,"username":null,"status":"active|ended",
//    "last_active_at","created_at","updated_at" (ISO 8601, microseconds),"metadata":{…},
//    "phone_number_id","whatsapp_config_id":"<uuid>" (when the number still exists),
//    "kapso":{"contact_name","messages_count","last_message_id","last_message_type",
//             "last_message_timestamp","last_message_text","last_inbound_at",
//             "last_outbound_at"}}
// with nulls for what is not known. `fields` selects the kapso fields.
boost::json::object ConversationToJson(const Conversation& c,
                                       const std::optional<std::string>& contact_name,
                                       const std::optional<PhoneConfigId>& phone_config_id,
                                       const KapsoFields& fields);

}  // namespace wharf::domain
