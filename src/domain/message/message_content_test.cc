#include "domain/message/message_content.h"

#include <gtest/gtest.h>

#include "domain/message/message_validator.h"

namespace wharf::domain {
namespace {

// Validates a send request (so the renderer sees what it will see in production) and renders it.
std::string Render(const std::string& type, const std::string& object_json) {
    std::string body = R"({"messaging_product":"whatsapp","to":"15551234567","type":")" + type +
                       R"(",")" + type + "\":" + object_json + "}";
    auto r = ValidateSendRequest(boost::json::parse(body));
    if (!r) {
        ADD_FAILURE() << body << ": " << r.error().graph->details;
        return {};
    }
    return RenderContent(std::get<OutboundMessage>(*r));
}

TEST(MessageContent, Text) {
    EXPECT_EQ(Render("text", R"({"body":"Hello there"})"), "Hello there");
}

TEST(MessageContent, Media) {
    EXPECT_EQ(Render("image", R"({"id":"1","caption":"Our new shoes"})"), "[image] Our new shoes");
    EXPECT_EQ(Render("image", R"({"link":"https://e.com/a.jpg"})"), "[image]");
    EXPECT_EQ(Render("video", R"({"id":"1","caption":"Demo"})"), "[video] Demo");
    EXPECT_EQ(Render("sticker", R"({"id":"1"})"), "[sticker]");
    EXPECT_EQ(Render("audio", R"({"id":"1"})"), "[audio]");
    EXPECT_EQ(Render("audio", R"({"id":"1","voice":true})"), "[voice]");
    EXPECT_EQ(Render("document", R"({"id":"1","filename":"invoice.pdf","caption":"January"})"),
              "[document] invoice.pdf - January");
    EXPECT_EQ(Render("document", R"({"id":"1","filename":"invoice.pdf"})"),
              "[document] invoice.pdf");
    EXPECT_EQ(Render("document", R"({"id":"1","caption":"January"})"), "[document] January");
    EXPECT_EQ(Render("document", R"({"id":"1"})"), "[document]");
}

TEST(MessageContent, Location) {
    EXPECT_EQ(Render("location", R"({"latitude":37.7749,"longitude":-122.4194,"name":"HQ",
                                     "address":"1 Market St"})"),
              "[location] HQ, 1 Market St (37.7749, -122.4194)");
    EXPECT_EQ(Render("location", R"({"latitude":"37.7749","longitude":"-122.4194"})"),
              "[location] (37.7749, -122.4194)");
    EXPECT_EQ(Render("location", R"({"latitude":0,"longitude":10,"name":"Null Island-ish"})"),
              "[location] Null Island-ish (0, 10)");
}

TEST(MessageContent, ContactsReactionTemplate) {
    std::string body = R"({"messaging_product":"whatsapp","to":"15551234567","type":"contacts",
        "contacts":[{"name":{"formatted_name":"Ana Diaz"}},{"name":{"formatted_name":"Bo"}}]})";
    auto r = ValidateSendRequest(boost::json::parse(body));
    ASSERT_TRUE(r);
    EXPECT_EQ(RenderContent(std::get<OutboundMessage>(*r)), "[contacts] Ana Diaz, Bo");
    EXPECT_EQ(Render("reaction", R"({"message_id":"wamid.A","emoji":"👍"})"),
              "[reaction 👍 to wamid.A]");
    EXPECT_EQ(Render("reaction", R"({"message_id":"wamid.A","emoji":""})"),
              "[reaction removed from wamid.A]");
    EXPECT_EQ(Render("template", R"({"name":"order_update","language":{"code":"en_US"}})"),
              "[template order_update]");
}

TEST(MessageContent, Interactive) {
    EXPECT_EQ(Render("interactive", R"({"type":"button","body":{"text":"Choose an option:"},
        "action":{"buttons":[{"type":"reply","reply":{"id":"a","title":"Accept"}},
                             {"type":"reply","reply":{"id":"d","title":"Decline"}}]}})"),
              "Choose an option: [Accept] [Decline]");
    EXPECT_EQ(Render("interactive", R"({"type":"list","body":{"text":"Delivery?"},
        "action":{"button":"View options","sections":[{"rows":[
            {"id":"s","title":"Standard"},{"id":"e","title":"Express"}]}]}})"),
              "Delivery? [View options: Standard, Express]");
    EXPECT_EQ(Render("interactive", R"({"type":"cta_url","body":{"text":"Track your order:"},
        "action":{"name":"cta_url","parameters":{"display_text":"Track order",
                                                 "url":"https://e.com/o/1"}}})"),
              "Track your order: [Track order: https://e.com/o/1]");
    EXPECT_EQ(Render("interactive", R"({"type":"flow","body":{"text":"Book"},"action":{
        "name":"flow","parameters":{"flow_message_version":"3","flow_id":"1","flow_cta":"Open"}}})"),
              "Book [Open]");
    EXPECT_EQ(Render("interactive", R"({"type":"location_request_message",
        "body":{"text":"Where are you?"},"action":{"name":"send_location"}})"),
              "Where are you? [send location]");
    EXPECT_EQ(Render("interactive", R"({"type":"product",
        "action":{"catalog_id":"C","product_retailer_id":"SKU_1"}})"),
              "[product SKU_1]");
    EXPECT_EQ(Render("interactive", R"({"type":"product_list","header":{"type":"text","text":"H"},
        "body":{"text":"Pick"},"action":{"catalog_id":"C","sections":[{"title":"T",
        "product_items":[{"product_retailer_id":"A"},{"product_retailer_id":"B"}]}]}})"),
              "Pick [products: A, B]");
    EXPECT_EQ(Render("interactive", R"({"type":"catalog_message","body":{"text":"Browse"},
        "action":{"name":"catalog_message"}})"),
              "Browse [catalog]");
    EXPECT_EQ(Render("interactive", R"({"type":"address_message","body":{"text":"Address?"},
        "action":{"name":"address_message","parameters":{"country":"IN"}}})"),
              "Address? [address request]");
    EXPECT_EQ(Render("interactive", R"({"type":"call_permission_request",
        "action":{"name":"call_permission_request"}})"),
              "[call permission request]");
    EXPECT_EQ(Render("interactive", R"({"type":"request_contact_info","body":{"text":"Share?"},
        "action":{"name":"request_contact_info"}})"),
              "Share? [contact info request]");
    EXPECT_EQ(Render("interactive", R"({"type":"order_details","body":{"text":"Order"},
        "action":{"name":"review_and_pay","parameters":{"reference_id":"o-1"}}})"),
              "Order [order o-1]");
    EXPECT_EQ(Render("interactive", R"({"type":"order_status","body":{"text":"Paid"},
        "action":{"name":"review_order","parameters":{"reference_id":"o-1"}}})"),
              "Paid [order o-1 status]");
    EXPECT_EQ(
        Render("interactive", R"({"type":"carousel","body":{"text":"Trips"},"action":{"cards":[
        {"card_index":0,"header":{"type":"image","image":{"id":"1"}},
         "action":{"name":"cta_url","parameters":{"display_text":"View","url":"https://e.com/a"}}},
        {"card_index":1,"header":{"type":"image","image":{"id":"2"}},
         "action":{"name":"cta_url","parameters":{"display_text":"View","url":"https://e.com/b"}}}]}})"),
        "Trips [carousel: 2 cards]");
}

TEST(MessageContent, ToleratesPayloadsItDidNotValidate) {
    OutboundMessage m;
    m.type = MessageType::kInteractive;
    m.interactive_type = InteractiveType::kButton;
    m.payload = boost::json::object{{"body", 5}, {"action", "x"}};
    EXPECT_EQ(RenderContent(m), "");
    m.type = MessageType::kLocation;
    m.payload = {};
    EXPECT_EQ(RenderContent(m), "[location] (?, ?)");
}

}  // namespace
}  // namespace wharf::domain
