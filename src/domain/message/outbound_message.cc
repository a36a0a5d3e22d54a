#include "domain/message/outbound_message.h"

#include <array>
#include <utility>

namespace wharf::domain {
namespace {

constexpr std::array<std::pair<MessageType, const char*>, 11> kMessageTypeNames{{
    {MessageType::kText, "text"},
    {MessageType::kImage, "image"},
    {MessageType::kVideo, "video"},
    {MessageType::kAudio, "audio"},
    {MessageType::kDocument, "document"},
    {MessageType::kSticker, "sticker"},
    {MessageType::kLocation, "location"},
    {MessageType::kContacts, "contacts"},
    {MessageType::kReaction, "reaction"},
    {MessageType::kTemplate, "template"},
    {MessageType::kInteractive, "interactive"},
}};

constexpr std::array<std::pair<InteractiveType, const char*>, 14> kInteractiveTypeNames{{
    {InteractiveType::kButton, "button"},
    {InteractiveType::kList, "list"},
    {InteractiveType::kCtaUrl, "cta_url"},
    {InteractiveType::kLocationRequestMessage, "location_request_message"},
    {InteractiveType::kFlow, "flow"},
    {InteractiveType::kProduct, "product"},
    {InteractiveType::kProductList, "product_list"},
    {InteractiveType::kCatalogMessage, "catalog_message"},
    {InteractiveType::kAddressMessage, "address_message"},
    {InteractiveType::kCallPermissionRequest, "call_permission_request"},
    {InteractiveType::kCarousel, "carousel"},
    {InteractiveType::kRequestContactInfo, "request_contact_info"},
    {InteractiveType::kOrderDetails, "order_details"},
    {InteractiveType::kOrderStatus, "order_status"},
}};

}  // namespace

const char* MessageTypeName(MessageType type) {
    for (const auto& [t, name] : kMessageTypeNames) {
        if (t == type) {
            return name;
        }
    }
    return "unknown";
}

const char* InteractiveTypeName(InteractiveType type) {
    for (const auto& [t, name] : kInteractiveTypeNames) {
        if (t == type) {
            return name;
        }
    }
    return "unknown";
}

std::optional<MessageType> ParseMessageType(std::string_view name) {
    for (const auto& [t, n] : kMessageTypeNames) {
        if (name == n) {
            return t;
        }
    }
    return std::nullopt;
}

std::optional<InteractiveType> ParseInteractiveType(std::string_view name) {
    for (const auto& [t, n] : kInteractiveTypeNames) {
        if (name == n) {
            return t;
        }
    }
    return std::nullopt;
}

bool IsMediaType(MessageType type) {
    switch (type) {
        case MessageType::kImage:
        case MessageType::kVideo:
        case MessageType::kAudio:
        case MessageType::kDocument:
        case MessageType::kSticker:
            return true;
        default:
            return false;
    }
}

boost::json::value WireTypeValue(const OutboundMessage& message) {
    if (message.type == MessageType::kContacts) {
        if (const auto* contacts = message.payload.if_contains("contacts")) {
            return *contacts;
        }
        return boost::json::array();
    }
    return message.payload;
}

boost::json::object ToGraphRequest(const OutboundMessage& message) {
    boost::json::object request;
    request["messaging_product"] = "whatsapp";
    request["recipient_type"] = message.recipient_type;
    request["to"] = message.to_input;
    const char* type = MessageTypeName(message.type);
    request["type"] = type;
    request[type] = WireTypeValue(message);
    if (message.context_message_id) {
        request["context"] = boost::json::object{{"message_id", *message.context_message_id}};
    }
    if (message.biz_opaque_callback_data) {
        request["biz_opaque_callback_data"] = *message.biz_opaque_callback_data;
    }
    return request;
}

}  // namespace wharf::domain
