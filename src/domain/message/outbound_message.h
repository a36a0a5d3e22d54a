#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <boost/json.hpp>

namespace wharf::domain {

// The message types Meta's send API accepts (`type` on POST /{phone_number_id}/messages).
enum class MessageType {
    kText,
    kImage,
    kVideo,
    kAudio,
    kDocument,
    kSticker,
    kLocation,
    kContacts,
    kReaction,
    kTemplate,
    kInteractive,
};

// The interactive message kinds (`interactive.type`), as documented in
// spec/openapi-whatsapp.yaml (InteractiveMessage.type).
enum class InteractiveType {
    kButton,
    kList,
    kCtaUrl,
    kLocationRequestMessage,
    kFlow,
    kProduct,
    kProductList,
    kCatalogMessage,
    kAddressMessage,
    kCallPermissionRequest,
    kCarousel,
    kRequestContactInfo,
    kOrderDetails,
    kOrderStatus,
};

// The wire name ("text", "image", ...; "cta_url", "location_request_message", ...).
const char* MessageTypeName(MessageType type);
const char* InteractiveTypeName(InteractiveType type);
// The inverse of the names above; nullopt for anything else (names are case-sensitive, as Meta's).
std::optional<MessageType> ParseMessageType(std::string_view name);
std::optional<InteractiveType> ParseInteractiveType(std::string_view name);
// image, video, audio, document and sticker: an object carrying `id` xor `link`.
bool IsMediaType(MessageType type);

// A send request that passed ValidateSendRequest (message_validator.h).
struct OutboundMessage {
    std::string to_input;  // `to` exactly as sent ("+1 (650) 555-1234")
    // The recipient: the digits of `to` for recipient_type "individual" ("16505551234"); for
    // "group", the group id as sent (Meta's Groups API ids are not phone numbers).
    std::string to_wa_id;
    std::string recipient_type;  // "individual" (the default) or "group"
    MessageType type = MessageType::kText;
    std::optional<InteractiveType> interactive_type;  // set iff type == kInteractive
    // The type's object exactly as sent: the value of `text`, `image`, `interactive`, ... For
    // `contacts`, whose wire value is an array, the array wrapped as {"contacts": [...]}.
    boost::json::object payload;
    std::optional<std::string> context_message_id;
    std::optional<std::string> biz_opaque_callback_data;
};

// A mark-as-read request ({"status":"read","message_id":...}).
struct ReadReceipt {
    std::string message_id;
    bool typing_indicator = false;  // {"typing_indicator":{"type":"text"}} was sent
};

// The value to send under the type's key: `payload`, or the contacts array for kContacts.
boost::json::value WireTypeValue(const OutboundMessage& message);

// The message as a Graph send request again (what an upstream posts to Meta): messaging_product,
// recipient_type, `to` as the caller wrote it (Meta normalizes it itself), type, the type's
// value, context and biz_opaque_callback_data when set.
boost::json::object ToGraphRequest(const OutboundMessage& message);

}  // namespace wharf::domain
