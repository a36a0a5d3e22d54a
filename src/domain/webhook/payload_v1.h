#pragma once

#include <optional>
#include <string>

#include <boost/json.hpp>

namespace wharf::domain {

// What v1 payloads say about the number an event belongs to.
struct WhatsappConfigRef {
    std::string id;  // our internal id (UUID) of the number
    std::string phone_number_id;
    std::optional<std::string> display_phone_number;
    std::optional<std::string> name;
    std::optional<std::string> business_account_id;
};

// The legacy (v1) shape of a v2 event body: the same objects, but the number is described by a
// nested `whatsapp_config` object ({id, name, phone_number_id, display_phone_number,
// business_account_id}) instead of the top-level `phone_number_id`, and the conversation carries
// `whatsapp_config_id`. Everything else passes through unchanged. Pure.
boost::json::object ToV1Payload(const boost::json::object& v2, const WhatsappConfigRef& config);

}  // namespace wharf::domain
