#include "domain/message/interactive_validator.h"

#include <gtest/gtest.h>

#include "domain/message/testing/send_request_testing.h"

namespace wharf::domain {
namespace {

using testing::ExpectMessage;
using testing::ExpectSendError;
using testing::Json;
using testing::JsonString;
using testing::With;
using testing::Without;

// A send request around an `interactive` object.
boost::json::value Interactive(std::string_view interactive_json) {
    boost::json::value body = Json(R"({"messaging_product":"whatsapp","to":"15551234567",
                                       "type":"interactive"})");
    body.as_object()["interactive"] = Json(interactive_json);
    return body;
}

// The interactive examples of the sendMessage operation in spec/openapi-whatsapp.yaml (the YAML
// `title: Yes` read as the string it means; the BSUID example sent with `to`).
TEST(InteractiveMessageValidator, AcceptsTheSpecExamples) {
    struct Example {
        InteractiveType type;
        const char* json;
    };
    const Example examples[] = {
        // interactive_button
        {InteractiveType::kButton, R"json({
          "type": "button",
          "body": {"text":"Would you like to proceed with your order?"},
          "action": {
            "buttons": [
              {"type":"reply","reply":{"id":"btn_yes","title":"Yes"}},
              {"type":"reply","reply":{"id":"btn_no","title":"No"}}
            ]
          }
        })json"},
        // interactive_cta_url
        {InteractiveType::kCtaUrl, R"json({
          "type": "cta_url",
          "header": {"type":"text","text":"New workshop dates announced!"},
          "body": {"text":"Tap the button below to see available dates."},
          "footer": {"text":"Dates subject to change"},
          "action": {
            "name": "cta_url",
            "parameters": {
              "display_text": "See Dates",
              "url": "https://example.com/workshops?utm_source=whatsapp"
            }
          }
        })json"},
        // interactive_order_details_pix
        {InteractiveType::kOrderDetails, R"json({
          "type": "order_details",
          "body": {"text":"Order details"},
          "action": {
            "name": "review_and_pay",
            "parameters": {
              "reference_id": "pix-order-123",
              "type": "digital-goods",
              "payment_type": "br",
              "payment_settings": [
                {
                  "type": "pix_dynamic_code",
                  "pix_dynamic_code": {
                    "code": "00020101021226820014br.gov.bcb.pix",
                    "merchant_name": "Kapso Merchant",
                    "key": "12345678000199",
                    "key_type": "CNPJ"
                  }
                }
              ],
              "currency": "BRL",
              "total_amount": {"value":1000,"offset":100},
              "order": {
                "status": "pending",
                "tax": {"value":0,"offset":100},
                "items": [
                  {
                    "retailer_id": "item-1",
                    "name": "Subscription",
                    "amount": {"value":1000,"offset":100},
                    "quantity": 1
                  }
                ],
                "subtotal": {"value":1000,"offset":100}
              }
            }
          }
        })json"},
        // interactive_order_status
        {InteractiveType::kOrderStatus, R"json({
          "type": "order_status",
          "body": {"text":"Payment confirmed"},
          "action": {
            "name": "review_order",
            "parameters": {
              "reference_id": "pix-order-123",
              "order": {"status":"processing"},
              "payment": {"status":"captured"}
            }
          }
        })json"},
        // interactive_carousel_url
        {InteractiveType::kCarousel, R"json({
          "type": "carousel",
          "body": {"text":"Choose a trip option"},
          "action": {
            "cards": [
              {
                "card_index": 0,
                "type": "cta_url",
                "header": {"type":"image","image":{"link":"https://example.com/flight-a.jpg"}},
                "body": {"text":"Morning flight"},
                "action": {
                  "name": "cta_url",
                  "parameters": {"display_text":"View","url":"https://example.com/flights/a"}
                }
              },
              {
                "card_index": 1,
                "type": "cta_url",
                "header": {"type":"image","image":{"link":"https://example.com/flight-b.jpg"}},
                "body": {"text":"Evening flight"},
                "action": {
                  "name": "cta_url",
                  "parameters": {"display_text":"View","url":"https://example.com/flights/b"}
                }
              }
            ]
          }
        })json"},
        // interactive_carousel_quick_reply
        {InteractiveType::kCarousel, R"json({
          "type": "carousel",
          "body": {"text":"Pick a product"},
          "action": {
            "cards": [
              {
                "card_index": 0,
                "type": "cta_url",
                "header": {"type":"image","image":{"link":"https://example.com/product-a.jpg"}},
                "action": {
                  "buttons": [{"type":"quick_reply","quick_reply":{"id":"product_a_yes","title":"Select"}}]
                }
              },
              {
                "card_index": 1,
                "type": "cta_url",
                "header": {"type":"image","image":{"link":"https://example.com/product-b.jpg"}},
                "action": {
                  "buttons": [{"type":"quick_reply","quick_reply":{"id":"product_b_yes","title":"Select"}}]
                }
              }
            ]
          }
        })json"},
        // interactive_list
        {InteractiveType::kList, R"json({
          "type": "list",
          "header": {"type":"text","text":"Choose Shipping"},
          "body": {"text":"Which shipping option do you prefer?"},
          "footer": {"text":"Shipping estimates may vary"},
          "action": {
            "button": "View Options",
            "sections": [
              {
                "title": "Fast Shipping",
                "rows": [
                  {"id":"express","title":"Express","description":"1-2 days"},
                  {"id":"priority","title":"Priority","description":"2-3 days"}
                ]
              },
              {
                "title": "Standard Shipping",
                "rows": [{"id":"standard","title":"Standard","description":"5-7 days"}]
              }
            ]
          }
        })json"},
        // interactive_location_request
        {InteractiveType::kLocationRequestMessage, R"json({
          "type": "location_request_message",
          "body": {"text":"Please share your location so we can provide accurate delivery estimates."},
          "action": {"name":"send_location"}
        })json"},
        // interactive_request_contact_info
        {InteractiveType::kRequestContactInfo, R"json({
          "type": "request_contact_info",
          "body": {"text":"Please share your phone number so we can finish your request."},
          "action": {"name":"request_contact_info"}
        })json"},
        // interactive_address_message
        {InteractiveType::kAddressMessage, R"json({
          "type": "address_message",
          "body": {"text":"Please provide your delivery address."},
          "action": {
            "name": "address_message",
            "parameters": {
              "country": "IN",
              "values": {"name":"John Doe","phone_number":"+919876543210"},
              "saved_addresses": [
                {
                  "id": "home",
                  "value": {
                    "name": "John Doe",
                    "phone_number": "+919876543210",
                    "in_pin_code": "400063",
                    "floor_number": "8",
                    "building_name": "Acme Tower",
                    "address": "MG Road",
                    "landmark_area": "Near Metro",
                    "city": "Mumbai"
                  }
                }
              ]
            }
          }
        })json"},
        // interactive_address_validation_error
        {InteractiveType::kAddressMessage, R"json({
          "type": "address_message",
          "body": {"text":"Please correct the errors in your address."},
          "action": {
            "name": "address_message",
            "parameters": {
              "country": "IN",
              "values": {
                "name": "John Doe",
                "phone_number": "+919876543210",
                "in_pin_code": "999999",
                "address": "Some Street",
                "city": "Mumbai"
              },
              "validation_errors": {"in_pin_code":"Invalid PIN code. Please check and try again."}
            }
          }
        })json"},
        // interactive_flow
        {InteractiveType::kFlow, R"json({
          "type": "flow",
          "header": {"type":"text","text":"Appointment Booking"},
          "body": {"text":"Book your appointment using our interactive form"},
          "footer": {"text":"Available slots shown in real-time"},
          "action": {
            "name": "flow",
            "parameters": {
              "flow_message_version": "3",
              "flow_id": "123456789",
              "flow_cta": "Book Now",
              "mode": "published",
              "flow_token": "AQAAAAACS5FpgQ_cAAAAAD0QI3s.",
              "flow_action": "navigate",
              "flow_action_payload": {
                "screen": "BOOKING_SCREEN",
                "data": {"service_type":"consultation","preferred_date":"2024-02-15"}
              }
            }
          }
        })json"},
        // call_permission_request
        {InteractiveType::kCallPermissionRequest, R"json({
          "type": "call_permission_request",
          "action": {"name":"call_permission_request"},
          "body": {"text":"We would like to call you to help with your order."}
        })json"},
        // interactive_product
        {InteractiveType::kProduct, R"json({
          "type": "product",
          "body": {"text":"Optional body text"},
          "action": {"catalog_id":"CATALOG_ID","product_retailer_id":"SKU_1234"}
        })json"},
        // interactive_product_list
        {InteractiveType::kProductList, R"json({
          "type": "product_list",
          "header": {"type":"text","text":"Our bestsellers"},
          "body": {"text":"Choose a product"},
          "footer": {"text":"While supplies last"},
          "action": {
            "catalog_id": "CATALOG_ID",
            "sections": [
              {
                "title": "Popular",
                "product_items": [{"product_retailer_id":"SKU_1234"},{"product_retailer_id":"SKU_2345"}]
              }
            ]
          }
        })json"},
        // interactive_catalog_message
        {InteractiveType::kCatalogMessage, R"json({
          "type": "catalog_message",
          "body": {"text":"Browse our catalog on WhatsApp."},
          "action": {
            "name": "catalog_message",
            "parameters": {"thumbnail_product_retailer_id":"SKU_THUMBNAIL"}
          }
        })json"},
    };
    for (const auto& example : examples) {
        SCOPED_TRACE(InteractiveTypeName(example.type));
        OutboundMessage m = ExpectMessage(Interactive(example.json));
        EXPECT_EQ(m.type, MessageType::kInteractive);
        EXPECT_EQ(m.interactive_type, example.type);
        EXPECT_EQ(boost::json::value(m.payload), Json(example.json));
    }
}

TEST(InteractiveMessageValidator, CommonRules) {
    auto b = Interactive(R"({"type":"button","header":{"type":"text","text":"Hi"},
        "body":{"text":"Choose"},"footer":{"text":"Thanks"},
        "action":{"buttons":[{"type":"reply","reply":{"id":"a","title":"A"}}]}})");
    ExpectMessage(b);
    ExpectSendError(With(b, "interactive", R"("button")"), 100, "interactive");
    ExpectSendError(Without(b, "interactive.type"), 131008, "interactive.type");
    ExpectSendError(With(b, "interactive.type", R"("poll")"), 131051, "interactive.type");
    ExpectSendError(With(b, "interactive.type", "1"), 100, "interactive.type");
    ExpectSendError(Without(b, "interactive.action"), 131008, "interactive.action");
    ExpectSendError(With(b, "interactive.action", "[]"), 100, "interactive.action");
    ExpectSendError(Without(b, "interactive.body"), 131008, "interactive.body");
    ExpectSendError(Without(b, "interactive.body.text"), 131008, "interactive.body.text");
    ExpectSendError(With(b, "interactive.body.text", R"("")"), 131009, "interactive.body.text");
    ExpectSendError(With(b, "interactive.body.text", JsonString("b", 1025)), 131009,
                    "interactive.body.text");
    ExpectMessage(With(b, "interactive.body.text", JsonString("b", 1024)));
    ExpectSendError(With(b, "interactive.footer.text", JsonString("f", 61)), 131009,
                    "interactive.footer.text");
    ExpectSendError(With(b, "interactive.footer", R"("Thanks")"), 100, "interactive.footer");
    ExpectMessage(With(b, "interactive.footer.text", JsonString("f", 60)));
    ExpectSendError(With(b, "interactive.header.text", JsonString("h", 61)), 131009,
                    "interactive.header.text");
    ExpectSendError(Without(b, "interactive.header.text"), 131008, "interactive.header.text");
    ExpectSendError(Without(b, "interactive.header.type"), 131008, "interactive.header.type");
    ExpectSendError(With(b, "interactive.header.type", R"("audio")"), 131009,
                    "interactive.header.type");
    ExpectSendError(With(b, "interactive.header", R"({"type":"image"})"), 131008,
                    "interactive.header.image");
    ExpectSendError(With(b, "interactive.header", R"({"type":"image","image":{}})"), 131008,
                    "interactive.header.image");
    ExpectSendError(With(b, "interactive.header", R"({"type":"video","video":{"link":"x"}})"),
                    131009, "interactive.header.video.link");
    ExpectMessage(With(b, "interactive.header", R"({"type":"image","image":{"id":"123"}})"));
    ExpectMessage(With(b, "interactive.header",
                       R"({"type":"document","document":{"link":"https://e.com/a.pdf"}})"));
}

TEST(InteractiveMessageValidator, ReplyButtonRules) {
    auto b = Interactive(R"({"type":"button","body":{"text":"Choose"},"action":{"buttons":[
        {"type":"reply","reply":{"id":"a","title":"A"}},
        {"type":"reply","reply":{"id":"b","title":"B"}},
        {"type":"reply","reply":{"id":"c","title":"C"}}]}})");
    ExpectMessage(b);
    ExpectSendError(Without(b, "interactive.action.buttons"), 131008, "interactive.action.buttons");
    ExpectSendError(With(b, "interactive.action.buttons", "[]"), 131009,
                    "interactive.action.buttons");
    ExpectSendError(With(b, "interactive.action.buttons", "{}"), 100, "interactive.action.buttons");
    boost::json::value four = b;
    four.at("interactive")
        .at("action")
        .at("buttons")
        .as_array()
        .push_back(Json(R"({"type":"reply","reply":{"id":"d","title":"D"}})"));
    ExpectSendError(four, 131009, "interactive.action.buttons");
    ExpectSendError(With(b, "interactive.action.buttons[1].reply.title", JsonString("t", 21)),
                    131009, "interactive.action.buttons[1].reply.title");
    ExpectMessage(With(b, "interactive.action.buttons[1].reply.title", JsonString("ñ", 20)));
    ExpectSendError(With(b, "interactive.action.buttons[1].reply.title", R"("")"), 131009,
                    "interactive.action.buttons[1].reply.title");
    ExpectSendError(With(b, "interactive.action.buttons[2].reply.id", JsonString("i", 257)), 131009,
                    "interactive.action.buttons[2].reply.id");
    ExpectMessage(With(b, "interactive.action.buttons[2].reply.id", JsonString("i", 256)));
    ExpectSendError(With(b, "interactive.action.buttons[2].reply.id", R"("a")"), 131009,
                    "interactive.action.buttons[2].reply.id");
    ExpectSendError(With(b, "interactive.action.buttons[1].reply.title", R"("A")"), 131009,
                    "interactive.action.buttons[1].reply.title");
    ExpectSendError(Without(b, "interactive.action.buttons[0].reply.id"), 131008,
                    "interactive.action.buttons[0].reply.id");
    ExpectSendError(Without(b, "interactive.action.buttons[0].reply"), 131008,
                    "interactive.action.buttons[0].reply");
    ExpectSendError(With(b, "interactive.action.buttons[0].type", R"("url")"), 131009,
                    "interactive.action.buttons[0].type");
    ExpectSendError(With(b, "interactive.action.buttons[0]", R"("yes")"), 100,
                    "interactive.action.buttons[0]");
}

boost::json::value List() {
    return Interactive(R"({"type":"list","body":{"text":"Pick"},"action":{"button":"Options",
        "sections":[
          {"title":"One","rows":[{"id":"r1","title":"Row 1","description":"First"},
                                 {"id":"r2","title":"Row 2"}]},
          {"title":"Two","rows":[{"id":"r3","title":"Row 3"}]}]}})");
}

TEST(InteractiveMessageValidator, ListRules) {
    auto l = List();
    ExpectMessage(l);
    ExpectMessage(With(l, "interactive.body.text", JsonString("b", 4096)));
    ExpectSendError(With(l, "interactive.body.text", JsonString("b", 4097)), 131009,
                    "interactive.body.text");
    ExpectSendError(With(l, "interactive.header", R"({"type":"image","image":{"id":"1"}})"), 131009,
                    "interactive.header.type");
    ExpectSendError(Without(l, "interactive.action.button"), 131008, "interactive.action.button");
    ExpectSendError(With(l, "interactive.action.button", JsonString("b", 21)), 131009,
                    "interactive.action.button");
    ExpectSendError(Without(l, "interactive.action.sections"), 131008,
                    "interactive.action.sections");
    ExpectSendError(With(l, "interactive.action.sections", "[]"), 131009,
                    "interactive.action.sections");
    ExpectSendError(Without(l, "interactive.action.sections[1].rows"), 131008,
                    "interactive.action.sections[1].rows");
    ExpectSendError(With(l, "interactive.action.sections[1].rows", "[]"), 131009,
                    "interactive.action.sections[1].rows");
    ExpectSendError(Without(l, "interactive.action.sections[1].title"), 131008,
                    "interactive.action.sections[1].title");
    ExpectSendError(With(l, "interactive.action.sections[0].title", JsonString("s", 25)), 131009,
                    "interactive.action.sections[0].title");
    ExpectSendError(With(l, "interactive.action.sections[0].rows[1].id", JsonString("i", 201)),
                    131009, "interactive.action.sections[0].rows[1].id");
    ExpectMessage(With(l, "interactive.action.sections[0].rows[1].id", JsonString("i", 200)));
    ExpectSendError(With(l, "interactive.action.sections[1].rows[0].id", R"("r1")"), 131009,
                    "interactive.action.sections[1].rows[0].id");
    ExpectSendError(With(l, "interactive.action.sections[0].rows[0].title", JsonString("t", 25)),
                    131009, "interactive.action.sections[0].rows[0].title");
    ExpectSendError(Without(l, "interactive.action.sections[0].rows[0].title"), 131008,
                    "interactive.action.sections[0].rows[0].title");
    ExpectSendError(
        With(l, "interactive.action.sections[0].rows[0].description", JsonString("d", 73)), 131009,
        "interactive.action.sections[0].rows[0].description");

    // One section needs no title.
    ExpectMessage(Without(Without(l, "interactive.action.sections[1]"),
                          "interactive.action.sections[0].title"));

    // 10 rows in total across sections, 10 sections at most.
    auto rows = [](int first, int n) {
        boost::json::array a;
        for (int i = first; i < first + n; ++i) {
            a.push_back(boost::json::object{{"id", "r" + std::to_string(i)}, {"title", "Row"}});
        }
        return a;
    };
    boost::json::value ten = l;
    auto& sections = ten.at("interactive").at("action").at("sections").as_array();
    sections[0].as_object()["rows"] = rows(0, 5);
    sections[1].as_object()["rows"] = rows(5, 5);
    ExpectMessage(ten);
    sections[1].as_object()["rows"] = rows(5, 6);
    ExpectSendError(ten, 131009, "interactive.action.sections");
    boost::json::value eleven = l;
    auto& many = eleven.at("interactive").at("action").at("sections").as_array();
    many.clear();
    for (int i = 0; i < 11; ++i) {
        many.push_back(
            boost::json::object{{"title", "S" + std::to_string(i)}, {"rows", rows(i, 1)}});
    }
    ExpectSendError(eleven, 131009, "interactive.action.sections");
}

TEST(InteractiveMessageValidator, CtaUrlRules) {
    auto c = Interactive(R"({"type":"cta_url","body":{"text":"Track"},"action":{"name":"cta_url",
        "parameters":{"display_text":"Track order","url":"https://example.com/o/1"}}})");
    ExpectMessage(c);
    ExpectMessage(With(c, "interactive.header", R"({"type":"video","video":{"id":"1"}})"));
    ExpectSendError(Without(c, "interactive.action.name"), 131008, "interactive.action.name");
    ExpectSendError(With(c, "interactive.action.name", R"("url")"), 131009,
                    "interactive.action.name");
    ExpectSendError(Without(c, "interactive.action.parameters"), 131008,
                    "interactive.action.parameters");
    ExpectSendError(With(c, "interactive.action.parameters.display_text", JsonString("d", 21)),
                    131009, "interactive.action.parameters.display_text");
    ExpectSendError(Without(c, "interactive.action.parameters.display_text"), 131008,
                    "interactive.action.parameters.display_text");
    ExpectSendError(With(c, "interactive.action.parameters.url", R"j("javascript:alert(1)")j"),
                    131009, "interactive.action.parameters.url");
    ExpectSendError(Without(c, "interactive.action.parameters.url"), 131008,
                    "interactive.action.parameters.url");
    ExpectMessage(With(c, "interactive.action.parameters.url", R"("http://example.com")"));
}

TEST(InteractiveMessageValidator, LocationRequestRules) {
    auto l = Interactive(R"({"type":"location_request_message","body":{"text":"Where?"},
                             "action":{"name":"send_location"}})");
    ExpectMessage(l);
    ExpectMessage(Without(l, "interactive.body"));  // optional per the spec
    // The SDK sends a request_message parameter.
    ExpectMessage(With(l, "interactive.action.parameters", R"({"request_message":"Where?"})"));
    ExpectSendError(Without(l, "interactive.action.name"), 131008, "interactive.action.name");
    ExpectSendError(With(l, "interactive.action.name", R"("location")"), 131009,
                    "interactive.action.name");
}

boost::json::value Flow() {
    return Interactive(R"({"type":"flow","body":{"text":"Book"},"action":{"name":"flow",
        "parameters":{"flow_message_version":"3","flow_id":"123456789","flow_cta":"Open",
                      "flow_token":"123456789"}}})");
}

TEST(InteractiveMessageValidator, FlowRules) {
    auto f = Flow();
    const std::string p = "interactive.action.parameters";
    ExpectMessage(f);
    ExpectMessage(With(Without(f, p + ".flow_id"), p + ".flow_name", R"("Survey")"));
    ExpectMessage(With(f, p + ".flow_action", R"("data_exchange")"));
    ExpectMessage(With(f, p + ".mode", R"("draft")"));
    ExpectSendError(Without(f, "interactive.action.name"), 131008, "interactive.action.name");
    ExpectSendError(With(f, "interactive.action.name", R"("flows")"), 131009,
                    "interactive.action.name");
    ExpectSendError(Without(f, p), 131008, p);
    ExpectSendError(Without(f, p + ".flow_message_version"), 131008, p + ".flow_message_version");
    ExpectSendError(With(f, p + ".flow_message_version", R"("2")"), 131009,
                    p + ".flow_message_version");
    ExpectSendError(With(f, p + ".flow_message_version", "3"), 100, p + ".flow_message_version");
    ExpectSendError(Without(f, p + ".flow_cta"), 131008, p + ".flow_cta");
    ExpectSendError(With(f, p + ".flow_cta", R"("")"), 131009, p + ".flow_cta");
    ExpectSendError(With(f, p + ".flow_cta", JsonString("c", 21)), 131009, p + ".flow_cta");
    ExpectMessage(With(f, p + ".flow_cta", JsonString("c", 20)));
    ExpectSendError(Without(f, p + ".flow_id"), 131008, p);
    ExpectSendError(With(f, p + ".flow_name", R"("Survey")"), 131009, p);
    ExpectSendError(With(f, p + ".flow_id", R"("")"), 131009, p + ".flow_id");
    ExpectSendError(With(f, p + ".flow_action", R"("open")"), 131009, p + ".flow_action");
    ExpectSendError(With(f, p + ".mode", R"("test")"), 131009, p + ".mode");
    ExpectSendError(With(f, p + ".flow_token", "5"), 100, p + ".flow_token");
    ExpectSendError(With(f, p + ".flow_action_payload", R"("WELCOME")"), 100,
                    p + ".flow_action_payload");
    ExpectSendError(With(f, p + ".flow_action_payload.data", "[]"), 100,
                    p + ".flow_action_payload.data");
}

TEST(InteractiveMessageValidator, ProductRules) {
    auto p =
        Interactive(R"({"type":"product","action":{"catalog_id":"C","product_retailer_id":"S"}})");
    ExpectMessage(p);  // body is optional
    ExpectSendError(Without(p, "interactive.action.catalog_id"), 131008,
                    "interactive.action.catalog_id");
    ExpectSendError(Without(p, "interactive.action.product_retailer_id"), 131008,
                    "interactive.action.product_retailer_id");
    ExpectSendError(With(p, "interactive.header", R"({"type":"text","text":"No"})"), 100,
                    "interactive.header");
}

TEST(InteractiveMessageValidator, ProductListRules) {
    auto p = Interactive(R"({"type":"product_list","header":{"type":"text","text":"Shop"},
        "body":{"text":"Pick"},"action":{"catalog_id":"C","sections":[
          {"title":"Popular","product_items":[{"product_retailer_id":"A"},
                                              {"product_retailer_id":"B"}]}]}})");
    ExpectMessage(p);
    ExpectSendError(Without(p, "interactive.header"), 131008, "interactive.header");
    ExpectSendError(With(p, "interactive.header", R"({"type":"image","image":{"id":"1"}})"), 131009,
                    "interactive.header.type");
    ExpectSendError(Without(p, "interactive.body"), 131008, "interactive.body");
    ExpectSendError(Without(p, "interactive.action.catalog_id"), 131008,
                    "interactive.action.catalog_id");
    ExpectSendError(Without(p, "interactive.action.sections[0].title"), 131008,
                    "interactive.action.sections[0].title");
    ExpectSendError(With(p, "interactive.action.sections[0].title", JsonString("t", 25)), 131009,
                    "interactive.action.sections[0].title");
    ExpectSendError(With(p, "interactive.action.sections[0].product_items", "[]"), 131009,
                    "interactive.action.sections[0].product_items");
    ExpectSendError(
        Without(p, "interactive.action.sections[0].product_items[1].product_retailer_id"), 131008,
        "interactive.action.sections[0].product_items[1].product_retailer_id");

    auto items = [](int n) {
        boost::json::array a;
        for (int i = 0; i < n; ++i) {
            a.push_back(boost::json::object{{"product_retailer_id", "SKU" + std::to_string(i)}});
        }
        return a;
    };
    boost::json::value thirty = p;
    auto& sections = thirty.at("interactive").at("action").at("sections").as_array();
    sections[0].as_object()["product_items"] = items(15);
    sections.push_back(boost::json::object{{"title", "More"}, {"product_items", items(15)}});
    ExpectMessage(thirty);
    sections[1].as_object()["product_items"] = items(16);
    ExpectSendError(thirty, 131009, "interactive.action.sections");
    boost::json::value eleven = p;
    auto& many = eleven.at("interactive").at("action").at("sections").as_array();
    for (int i = 0; i < 10; ++i) {
        many.push_back(boost::json::object{{"title", "S"}, {"product_items", items(1)}});
    }
    ExpectSendError(eleven, 131009, "interactive.action.sections");
}

TEST(InteractiveMessageValidator, CatalogMessageRules) {
    auto c = Interactive(R"({"type":"catalog_message","action":{"name":"catalog_message"}})");
    ExpectMessage(c);  // body and parameters are optional (the SDK sends neither when not given)
    ExpectSendError(Without(c, "interactive.action.name"), 131008, "interactive.action.name");
    ExpectSendError(With(c, "interactive.action.name", R"("catalog")"), 131009,
                    "interactive.action.name");
    ExpectSendError(With(c, "interactive.action.parameters.thumbnail_product_retailer_id", "1"),
                    100, "interactive.action.parameters.thumbnail_product_retailer_id");
}

TEST(InteractiveMessageValidator, AddressMessageRules) {
    auto a = Interactive(R"({"type":"address_message","body":{"text":"Address?"},
        "action":{"name":"address_message","parameters":{"country":"IN",
          "saved_addresses":[{"id":"home","value":{"city":"Mumbai"}}]}}})");
    ExpectMessage(a);
    ExpectSendError(With(a, "interactive.action.name", R"("address")"), 131009,
                    "interactive.action.name");
    ExpectSendError(Without(a, "interactive.action.parameters"), 131008,
                    "interactive.action.parameters");
    ExpectSendError(Without(a, "interactive.action.parameters.country"), 131008,
                    "interactive.action.parameters.country");
    ExpectSendError(With(a, "interactive.action.parameters.country", R"("US")"), 131009,
                    "interactive.action.parameters.country");
    ExpectSendError(Without(a, "interactive.action.parameters.saved_addresses[0].value"), 131008,
                    "interactive.action.parameters.saved_addresses[0].value");
    ExpectSendError(With(a, "interactive.action.parameters.values", "[]"), 100,
                    "interactive.action.parameters.values");
}

TEST(InteractiveMessageValidator, CallPermissionAndContactInfoRules) {
    auto c = Interactive(
        R"({"type":"call_permission_request","action":{"name":"call_permission_request"}})");
    ExpectMessage(c);  // body optional
    ExpectMessage(With(c, "interactive.action.parameters",
                       R"({"phone_number":"15551234567","call_purpose":"Support"})"));
    ExpectSendError(With(c, "interactive.action.name", R"("call")"), 131009,
                    "interactive.action.name");
    auto r = Interactive(R"({"type":"request_contact_info","body":{"text":"Share?"},
                             "action":{"name":"request_contact_info"}})");
    ExpectMessage(r);
    ExpectSendError(Without(r, "interactive.action.name"), 131008, "interactive.action.name");
    ExpectSendError(Without(r, "interactive.body"), 131008, "interactive.body");
}

TEST(InteractiveMessageValidator, OrderRules) {
    auto d = Interactive(R"({"type":"order_details","body":{"text":"Order"},
        "action":{"name":"review_and_pay","parameters":{"reference_id":"o-1"}}})");
    ExpectMessage(d);
    ExpectSendError(With(d, "interactive.action.name", R"("review_order")"), 131009,
                    "interactive.action.name");
    ExpectSendError(Without(d, "interactive.action.parameters.reference_id"), 131008,
                    "interactive.action.parameters.reference_id");
    auto s = Interactive(R"({"type":"order_status","body":{"text":"Paid"},
        "action":{"name":"review_order","parameters":{"reference_id":"o-1"}}})");
    ExpectMessage(s);
    ExpectSendError(Without(s, "interactive.action.parameters"), 131008,
                    "interactive.action.parameters");
}

boost::json::value Carousel() {
    return Interactive(R"({"type":"carousel","body":{"text":"Pick"},"action":{"cards":[
        {"card_index":0,"header":{"type":"image","image":{"link":"https://e.com/a.jpg"}},
         "body":{"text":"A"},
         "action":{"buttons":[{"type":"quick_reply","quick_reply":{"id":"a","title":"Select"}}]}},
        {"card_index":1,"header":{"type":"video","video":{"id":"123"}},
         "action":{"buttons":[{"type":"quick_reply","quick_reply":{"id":"b","title":"Select"}}]}}
        ]}})");
}

TEST(InteractiveMessageValidator, CarouselRules) {
    auto c = Carousel();
    const std::string cards = "interactive.action.cards";
    ExpectMessage(c);
    ExpectSendError(With(c, "interactive.header", R"({"type":"text","text":"H"})"), 100,
                    "interactive.header");
    ExpectSendError(With(c, "interactive.footer", R"({"text":"F"})"), 100, "interactive.footer");
    ExpectSendError(Without(c, "interactive.body"), 131008, "interactive.body");
    ExpectSendError(Without(c, cards), 131008, cards);
    ExpectSendError(Without(c, cards + "[1]"), 131009, cards);
    ExpectSendError(With(c, cards + "[1].card_index", "0"), 131009, cards + "[1].card_index");
    ExpectSendError(With(c, cards + "[1].card_index", "2"), 131009, cards + "[1].card_index");
    ExpectSendError(Without(c, cards + "[0].card_index"), 131008, cards + "[0].card_index");
    ExpectMessage(With(With(c, cards + "[0].card_index", "1"), cards + "[1].card_index", "0"));
    ExpectSendError(Without(c, cards + "[0].header"), 131008, cards + "[0].header");
    ExpectSendError(With(c, cards + "[0].header", R"({"type":"text","text":"T"})"), 131009,
                    cards + "[0].header.type");
    ExpectSendError(With(c, cards + "[0].header.image", "{}"), 131008, cards + "[0].header.image");
    ExpectSendError(With(c, cards + "[0].body.text", JsonString("b", 161)), 131009,
                    cards + "[0].body.text");
    ExpectSendError(With(c, cards + "[0].body.text", R"("a\nb\nc\nd")"), 131009,
                    cards + "[0].body.text");
    ExpectMessage(With(c, cards + "[0].body.text", R"("a\nb\r\nc")"));
    ExpectSendError(Without(c, cards + "[0].action"), 131008, cards + "[0].action");
    ExpectSendError(With(c, cards + "[1].action.buttons[0].quick_reply.id", R"("a")"), 131009,
                    cards + "[1].action.buttons[0].quick_reply.id");
    ExpectSendError(With(c, cards + "[1].action.buttons[0].quick_reply.title", JsonString("t", 21)),
                    131009, cards + "[1].action.buttons[0].quick_reply.title");
    ExpectSendError(With(c, cards + "[1].action.buttons[0].type", R"("reply")"), 131009,
                    cards + "[1].action.buttons[0].type");
    ExpectSendError(
        With(c, cards + "[1].action",
             R"({"name":"cta_url","parameters":{"display_text":"View","url":"https://e.com/b"}})"),
        131009, cards + "[1].action");
    ExpectSendError(
        With(c, cards + "[0].action",
             R"({"name":"cta_url","parameters":{"display_text":"View","url":"e.com"}})"),
        131009, cards + "[0].action.parameters.url");
    boost::json::value eleven = c;
    auto& many = eleven.at("interactive").at("action").at("cards").as_array();
    for (int i = 2; i < 11; ++i) {
        boost::json::value card = many[1];
        card.as_object()["card_index"] = i;
        card.at("action").at("buttons").as_array()[0].at("quick_reply").as_object()["id"] =
            "id" + std::to_string(i);
        many.push_back(card);
    }
    ExpectSendError(eleven, 131009, cards);
    many.pop_back();
    ExpectMessage(eleven);
}

}  // namespace
}  // namespace wharf::domain
