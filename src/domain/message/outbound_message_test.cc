#include "domain/message/outbound_message.h"

#include <gtest/gtest.h>

namespace wharf::domain {
namespace {

TEST(OutboundMessage, MessageTypeNamesRoundTrip) {
    const std::pair<MessageType, const char*> all[] = {
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
    };
    for (const auto& [type, name] : all) {
        EXPECT_STREQ(MessageTypeName(type), name);
        EXPECT_EQ(ParseMessageType(name), type);
    }
    EXPECT_FALSE(ParseMessageType("Text"));
    EXPECT_FALSE(ParseMessageType("poll"));
    EXPECT_FALSE(ParseMessageType(""));
}

TEST(OutboundMessage, InteractiveTypeNamesRoundTrip) {
    const std::pair<InteractiveType, const char*> all[] = {
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
    };
    for (const auto& [type, name] : all) {
        EXPECT_STREQ(InteractiveTypeName(type), name);
        EXPECT_EQ(ParseInteractiveType(name), type);
    }
    EXPECT_FALSE(ParseInteractiveType("buttons"));
    EXPECT_FALSE(ParseInteractiveType("button_reply"));
}

TEST(OutboundMessage, MediaTypes) {
    for (auto t : {MessageType::kImage, MessageType::kVideo, MessageType::kAudio,
                   MessageType::kDocument, MessageType::kSticker}) {
        EXPECT_TRUE(IsMediaType(t)) << MessageTypeName(t);
    }
    for (auto t : {MessageType::kText, MessageType::kLocation, MessageType::kContacts,
                   MessageType::kReaction, MessageType::kTemplate, MessageType::kInteractive}) {
        EXPECT_FALSE(IsMediaType(t)) << MessageTypeName(t);
    }
}

TEST(OutboundMessage, ToGraphRequest) {
    OutboundMessage m;
    m.to_input = "+1 555 123 4567";
    m.to_wa_id = "15551234567";
    m.recipient_type = "individual";
    m.type = MessageType::kText;
    m.payload = boost::json::object{{"body", "hi"}};
    m.context_message_id = "wamid.A";
    m.biz_opaque_callback_data = "x";
    EXPECT_EQ(boost::json::value(ToGraphRequest(m)), boost::json::parse(R"({
        "messaging_product":"whatsapp","recipient_type":"individual","to":"+1 555 123 4567",
        "type":"text","text":{"body":"hi"},"context":{"message_id":"wamid.A"},
        "biz_opaque_callback_data":"x"})"));

    OutboundMessage c;
    c.to_input = "15551234567";
    c.recipient_type = "individual";
    c.type = MessageType::kContacts;
    c.payload = boost::json::object{
        {"contacts", boost::json::parse(R"([{"name":{"formatted_name":"A"}}])")}};
    EXPECT_EQ(WireTypeValue(c), boost::json::parse(R"([{"name":{"formatted_name":"A"}}])"));
    EXPECT_EQ(boost::json::value(ToGraphRequest(c)), boost::json::parse(R"({
        "messaging_product":"whatsapp","recipient_type":"individual","to":"15551234567",
        "type":"contacts","contacts":[{"name":{"formatted_name":"A"}}]})"));
}

}  // namespace
}  // namespace wharf::domain
