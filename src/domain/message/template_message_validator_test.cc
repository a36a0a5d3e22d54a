#include "domain/message/template_message_validator.h"

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

boost::json::value Template(const char* template_json) {
    return Json(
        std::string(R"({"messaging_product":"whatsapp","to":"15551234567","type":"template",)") +
        R"("template":)" + template_json + "}");
}

// The template examples of the sendMessage operation in spec/openapi-whatsapp.yaml.
TEST(TemplateMessageValidator, AcceptsTheSpecExamples) {
    const char* examples[] = {
        R"({"name":"order_update","language":{"code":"en_US"}})",
        R"({"name":"order_confirmation","language":{"code":"en_US"},"components":[
            {"type":"body","parameters":[
                {"type":"text","parameter_name":"first_name","text":"Jessica"},
                {"type":"text","parameter_name":"order_number","text":"SKBUP2-4CPIG9"}]}]})",
        R"({"name":"order_confirmation","language":{"code":"en_US"},"components":[
            {"type":"body","parameters":[{"type":"text","text":"Jessica"},
                                         {"type":"text","text":"SKBUP2-4CPIG9"}]}]})",
        R"({"name":"seasonal_promotion","language":{"code":"en_US"},"components":[
            {"type":"header","parameters":[
                {"type":"image","image":{"link":"https://example.com/summer-sale.jpg"}}]},
            {"type":"body","parameters":[
                {"type":"text","parameter_name":"sale_name","text":"Summer Sale"},
                {"type":"text","parameter_name":"discount_code","text":"SUMMER25"},
                {"type":"text","parameter_name":"discount_amount","text":"25%"}]}]})",
        R"({"name":"seasonal_promotion","language":{"code":"en_US"},"components":[
            {"type":"header","parameters":[
                {"type":"text","parameter_name":"sale_name","text":"Black Friday Sale"}]},
            {"type":"body","parameters":[
                {"type":"text","parameter_name":"end_date","text":"November 30th"},
                {"type":"text","parameter_name":"discount_code","text":"BF2024"}]}]})",
        R"({"name":"limited_time_offer","language":{"code":"en_US"},"components":[
            {"type":"body","parameters":[
                {"type":"text","parameter_name":"customer_name","text":"Mark"},
                {"type":"text","parameter_name":"package_name","text":"Premium Package"}]},
            {"type":"button","sub_type":"url","index":"0",
             "parameters":[{"type":"text","text":"summer2024"}]}]})",
        R"({"name":"customer_feedback","language":{"code":"en_US"},"components":[
            {"type":"body","parameters":[
                {"type":"text","parameter_name":"customer_name","text":"Sarah"}]},
            {"type":"button","sub_type":"quick_reply","index":"0",
             "parameters":[{"type":"payload","payload":"yes_helpful"}]},
            {"type":"button","sub_type":"quick_reply","index":"1",
             "parameters":[{"type":"payload","payload":"no_not_helpful"}]}]})",
        R"({"name":"appointment_booking","language":{"code":"en_US"},"components":[
            {"type":"body","parameters":[
                {"type":"text","parameter_name":"customer_name","text":"Michael"}]},
            {"type":"button","sub_type":"flow","index":"0","parameters":[
                {"type":"action","action":{"flow_token":"user_session_abc123",
                 "flow_action_data":{"customer_id":"cust_12345","preferred_date":"2024-02-15"}}}]}]})",
    };
    for (const char* example : examples) {
        OutboundMessage m = ExpectMessage(Template(example));
        EXPECT_EQ(m.type, MessageType::kTemplate);
        EXPECT_EQ(boost::json::value(m.payload), Json(example));
    }
}

TEST(TemplateMessageValidator, AcceptsOtherMetaShapes) {
    // Upper-case types and sub_types, integer indexes, buttons without parameters, the
    // deterministic policy, currency/date_time/coupon parameters, carousels and LTO.
    ExpectMessage(Template(R"({"name":"t","language":{"code":"pt_BR","policy":"deterministic"},
        "components":[
          {"type":"BODY","parameters":[
             {"type":"currency","currency":{"fallback_value":"$10","code":"USD","amount_1000":10000}},
             {"type":"date_time","date_time":{"fallback_value":"May 1"}},
             {"type":"text","text":""}]},
          {"type":"button","sub_type":"COPY_CODE","index":0,
           "parameters":[{"type":"coupon_code","coupon_code":"SAVE10"}]},
          {"type":"button","sub_type":"phone_number","index":1},
          {"type":"limited_time_offer","parameters":[
             {"type":"limited_time_offer","limited_time_offer":{"expiration_time_ms":1700000000000}}]}]})"));
    ExpectMessage(Template(R"({"name":"carousel_t","language":{"code":"en"},"components":[
          {"type":"body","parameters":[]},
          {"type":"carousel","cards":[
            {"card_index":0,"components":[
               {"type":"header","parameters":[{"type":"image","image":{"id":"123"}}]},
               {"type":"button","sub_type":"quick_reply","index":"0",
                "parameters":[{"type":"payload","payload":"a"}]}]},
            {"card_index":1,"components":[
               {"type":"header","parameters":[{"type":"video","video":{"link":"https://e.com/v.mp4"}}]}]}]}]})"));
}

TEST(TemplateMessageValidator, Rules) {
    auto t = Template(R"({"name":"order_status_update","language":{"code":"en_US"},"components":[
        {"type":"header","parameters":[{"type":"image","image":{"id":"1"}}]},
        {"type":"body","parameters":[{"type":"text","text":"Alex"}]},
        {"type":"button","sub_type":"url","index":"0","parameters":[{"type":"text","text":"X"}]},
        {"type":"carousel","cards":[{"card_index":0,"components":[
            {"type":"body","parameters":[{"type":"text","text":"c"}]}]}]}]})");
    ExpectMessage(t);
    ExpectSendError(Without(t, "template.name"), 131008, "template.name");
    ExpectSendError(With(t, "template.name", R"("")"), 131009, "template.name");
    ExpectSendError(With(t, "template.name", JsonString("n", 513)), 131009, "template.name");
    ExpectSendError(Without(t, "template.language"), 131008, "template.language");
    ExpectSendError(With(t, "template.language", R"("en_US")"), 100, "template.language");
    ExpectSendError(Without(t, "template.language.code"), 131008, "template.language.code");
    ExpectSendError(With(t, "template.language.code", R"("")"), 131009, "template.language.code");
    ExpectSendError(With(t, "template.language.policy", R"("fallback")"), 131009,
                    "template.language.policy");
    ExpectSendError(With(t, "template.components", "{}"), 100, "template.components");
    ExpectSendError(With(t, "template.components[0]", R"("header")"), 100,
                    "template.components[0]");
    ExpectSendError(Without(t, "template.components[0].type"), 131008,
                    "template.components[0].type");
    ExpectSendError(With(t, "template.components[0].type", R"("footer")"), 131009,
                    "template.components[0].type");
    ExpectSendError(Without(t, "template.components[1].parameters"), 131008,
                    "template.components[1].parameters");
    ExpectSendError(With(t, "template.components[1].parameters", "{}"), 100,
                    "template.components[1].parameters");
    ExpectSendError(Without(t, "template.components[1].parameters[0].type"), 131008,
                    "template.components[1].parameters[0].type");
    ExpectSendError(Without(t, "template.components[1].parameters[0].text"), 131008,
                    "template.components[1].parameters[0].text");
    ExpectSendError(With(t, "template.components[1].parameters[0].text", "3"), 100,
                    "template.components[1].parameters[0].text");
    ExpectSendError(With(t, "template.components[0].parameters[0].image", "{}"), 131008,
                    "template.components[0].parameters[0].image");
    ExpectSendError(With(t, "template.components[1].parameters[0].type", R"("currency")"), 131008,
                    "template.components[1].parameters[0].currency");
    ExpectSendError(Without(t, "template.components[2].sub_type"), 131008,
                    "template.components[2].sub_type");
    ExpectSendError(Without(t, "template.components[2].index"), 131008,
                    "template.components[2].index");
    ExpectSendError(With(t, "template.components[2].index", R"("first")"), 131009,
                    "template.components[2].index");
    ExpectSendError(With(t, "template.components[2].index", "10"), 131009,
                    "template.components[2].index");
    ExpectSendError(With(t, "template.components[2].index", "-1"), 131009,
                    "template.components[2].index");
    ExpectSendError(With(t, "template.components[2].index", "true"), 100,
                    "template.components[2].index");
    ExpectSendError(Without(t, "template.components[3].cards"), 131008,
                    "template.components[3].cards");
    ExpectSendError(Without(t, "template.components[3].cards[0].card_index"), 131008,
                    "template.components[3].cards[0].card_index");
    ExpectSendError(
        With(t, "template.components[3].cards[0].components[0].parameters[0].text", "1"), 100,
        "template.components[3].cards[0].components[0].parameters[0].text");
    ExpectSendError(With(t, "template.components[3].cards[0].components[0].type", R"("carousel")"),
                    131009, "template.components[3].cards[0].components[0].type");
}

}  // namespace
}  // namespace wharf::domain
