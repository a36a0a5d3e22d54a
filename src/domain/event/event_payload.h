#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <boost/json.hpp>

#include "base/ids.h"
#include "domain/conversation/conversation.h"
#include "domain/message/message.h"

namespace wharf::domain {

// The bodies webhooks deliver, built when the event is recorded (the outbox keeps them as
// written, so a delivery shows the state at the moment of the change). Pure.

// What a payload says about the business number and the user besides the records themselves.
struct PayloadContext {
    std::optional<PhoneConfigId> phone_config_id;  // Kapso's whatsapp_config_id
    std::optional<std::string> contact_name;       // the user's profile name
};

// whatsapp.message.*: {"message":{Meta's object + kapso},"conversation":{… + kapso},
// "is_new_conversation":bool,"phone_number_id":"…"} (Kapso's v2 message payload).
boost::json::object MessageEventPayload(const Message& m, const Conversation& c,
                                        const PayloadContext& ctx, bool is_new_conversation);

// whatsapp.conversation.created / ended: {"conversation":{…},"phone_number_id":"…"}.
boost::json::object ConversationEventPayload(const Conversation& c, const PayloadContext& ctx);

// The business number as Meta's webhooks name it (value.metadata and entry[].id).
struct MetaNumberRef {
    std::string phone_number_id;
    std::string display_phone_number;  // digits only, as Meta writes it
    std::string business_account_id;
};

// A stored inbound message as Meta's webhook writes it: {"from","id","timestamp","type",
// "context"?:{"from","id"},"<type>":{…}}.
boost::json::object MetaMessageObject(const MetaNumberRef& number, const Message& m);

// Meta's webhook body for one inbound message object (MetaMessageObject's, or one Meta sent):
// {"object":"whatsapp_business_account","entry":[{"id":<waba>,"changes":[{"field":"messages",
//  "value":{"messaging_product":"whatsapp","metadata":{"display_phone_number",
//  "phone_number_id"},"contacts":[{"profile":{"name"},"wa_id"}],"messages":[{…}]}}]}]}.
boost::json::object MetaInboundWebhook(const MetaNumberRef& number, const std::string& wa_id,
                                       const std::optional<std::string>& profile_name,
                                       boost::json::object message);

// Meta's webhook body for one status object (value.statuses[0]).
boost::json::object MetaStatusWebhook(const MetaNumberRef& number,
                                      const boost::json::object& status);
// The same body serialised around an already serialised status object: byte for byte
// bj::serialize(MetaStatusWebhook(number, status)) when status_json is bj::serialize(status).
std::string SerializedMetaStatusWebhook(const MetaNumberRef& number, std::string_view status_json);

}  // namespace wharf::domain
