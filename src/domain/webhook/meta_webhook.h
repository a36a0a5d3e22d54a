#pragma once

#include <optional>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "base/result.h"

namespace wharf::domain {

// One inbound message from a Meta webhook (value.messages[]), with the sender's profile name from
// value.contacts[] when Meta sent it.
struct MetaInboundMessage {
    std::string id;         // wamid
    std::string from;       // the user's wa_id
    std::string timestamp;  // unix seconds, as Meta writes it
    std::string type;
    boost::json::object raw;  // the whole message object
    std::optional<std::string> profile_name;
};

// One status update (value.statuses[]).
struct MetaStatusUpdate {
    std::string id;  // wamid of our outbound message
    std::string status;
    std::string timestamp;
    std::string recipient_id;
    boost::json::object raw;
};

// The part of a webhook about one business number (one entry[].changes[] with field "messages").
struct MetaNumberUpdate {
    std::string phone_number_id;  // value.metadata.phone_number_id
    std::string display_phone_number;
    std::string business_account_id;  // entry[].id
    std::vector<MetaInboundMessage> messages;
    std::vector<MetaStatusUpdate> statuses;
    std::vector<boost::json::object> errors;  // value.errors[]
};

// Parses a WhatsApp Business Account webhook body ({"object":"whatsapp_business_account",
// "entry":[{"id","changes":[{"field","value"}]}]}) into per-number updates. Changes of other
// fields (template status, account updates, ...) are skipped; malformed items inside a valid
// envelope are skipped too (a webhook must not be refused for one odd item), but a body that is
// not such an envelope is kInvalidArgument. Pure.
Result<std::vector<MetaNumberUpdate>> ParseMetaWebhook(const boost::json::value& body);

}  // namespace wharf::domain
