#include "domain/template/template_validator.h"

#include <string>

#include <gtest/gtest.h>

#include "domain/message/testing/send_request_testing.h"
#include "domain/template/testing/template_assets.h"

namespace wharf::domain {
namespace {

using testing::Json;
using testing::With;
using testing::Without;

boost::json::value Asset(std::string_view text) {
    return Json(text);
}

Result<Template> Parse(const boost::json::value& v) {
    return ParseTemplate(v.as_object());
}

// Expects Graph 100 naming `field`.
void ExpectRejected(const boost::json::value& request, const std::string& field,
                    std::optional<int> subcode = std::nullopt) {
    Result<Template> r = Parse(request);
    ASSERT_FALSE(r) << boost::json::serialize(request);
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
    ASSERT_TRUE(r.error().graph);
    EXPECT_EQ(r.error().graph->code, 100);
    EXPECT_EQ(r.error().field, field) << r.error().graph->details;
    EXPECT_FALSE(r.error().graph->details.empty());
    if (subcode) {
        EXPECT_EQ(r.error().graph->subcode, subcode);
    }
}

// A valid POSITIONAL utility template with every component.
const char* kFull = R"({"name":"order_update","language":"en_US","category":"UTILITY",
  "components":[
    {"type":"HEADER","format":"TEXT","text":"Order {{1}}","example":{"header_text":["A1"]}},
    {"type":"BODY","text":"Hi {{1}}, your order {{2}} shipped.",
     "example":{"body_text":[["Alex","A1"]]}},
    {"type":"FOOTER","text":"Thanks"},
    {"type":"BUTTONS","buttons":[
      {"type":"QUICK_REPLY","text":"Help"},
      {"type":"URL","text":"Track","url":"https://x.io/t/{{1}}","example":["https://x.io/t/A1"]},
      {"type":"PHONE_NUMBER","text":"Call","phone_number":"+15550051310"}]}]})";

const char* kNamed = R"({"name":"named_one","language":"en_US","category":"UTILITY",
  "parameter_format":"NAMED","components":[
    {"type":"HEADER","format":"TEXT","text":"Order {{order_id}}",
     "example":{"header_text_named_params":[{"param_name":"order_id","example":"A1"}]}},
    {"type":"BODY","text":"Hi {{name}}, total {{amount}}.",
     "example":{"body_text_named_params":[{"param_name":"name","example":"Alex"},
                                          {"param_name":"amount","example":"$4"}]}}]})";

const char* kAuth = R"({"name":"login_code","language":"en_US","category":"AUTHENTICATION",
  "components":[
    {"type":"BODY","add_security_recommendation":true},
    {"type":"FOOTER","code_expiration_minutes":10},
    {"type":"BUTTONS","buttons":[{"type":"OTP","otp_type":"COPY_CODE","text":"Copy"}]}]})";

TEST(TemplateValidator, AcceptsEverySpecAsset) {
    for (std::string_view text :
         {testing::kTemplateAuthenticationOtp, testing::kTemplateMarketingMediaHeader,
          testing::kTemplateUtilityNamed, testing::kTemplateUtilityOrderStatusUpdate}) {
        boost::json::value v = Asset(text);
        Result<Template> r = Parse(v);
        ASSERT_TRUE(r) << text << ": " << r.error().graph->details;
        EXPECT_EQ(r->name, v.at("name").as_string());
        EXPECT_EQ(r->status, TemplateStatus::kPending);
        EXPECT_EQ(r->quality, TemplateQuality::kUnknown);
        EXPECT_EQ(r->components_json, v.at("components").as_array());
    }
}

TEST(TemplateValidator, ParsesTheOrderStatusAsset) {
    Result<Template> r = Parse(Asset(testing::kTemplateUtilityOrderStatusUpdate));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->category, TemplateCategory::kUtility);
    EXPECT_EQ(r->parameter_format, ParameterFormat::kNamed);
    ASSERT_TRUE(r->header);
    EXPECT_EQ(r->header->format, HeaderFormat::kText);
    EXPECT_EQ(r->header->text, "Order {{order_id}} update");
    EXPECT_EQ(r->body.text, "Hi {{customer_name}}, your order is {{status}}. {{details}}");
    ASSERT_TRUE(r->footer);
    EXPECT_EQ(r->footer->text, "Reply STOP to opt out");
    ASSERT_EQ(r->buttons.size(), 1u);
    EXPECT_EQ(r->buttons[0].type, ButtonType::kUrl);
    EXPECT_TRUE(r->buttons[0].HasUrlVariable());
}

TEST(TemplateValidator, ParsesTheAuthenticationAsset) {
    Result<Template> r = Parse(Asset(testing::kTemplateAuthenticationOtp));
    ASSERT_TRUE(r);
    EXPECT_TRUE(r->body.add_security_recommendation);
    ASSERT_TRUE(r->footer);
    EXPECT_EQ(r->footer->code_expiration_minutes, 10);
    ASSERT_EQ(r->buttons.size(), 1u);
    EXPECT_EQ(r->buttons[0].otp_type, OtpType::kCopyCode);
}

// The valid examples of POST /{waba}/message_templates in openapi-whatsapp.yaml. (Its
// url_button_with_param and catalog_button examples are garbled in the spec, BUTTONS twice and a
// URL button without url; text_header_named_params has two header variables and no
// parameter_format, both refused by Meta: see RefusesTheSpecsInvalidExamples.)
TEST(TemplateValidator, AcceptsTheSpecExamples) {
    const char* examples[] = {
        R"({"name":"order_confirmation_simple","language":"en_US","category":"UTILITY",
            "parameter_format":"NAMED","components":[{"type":"BODY",
            "text":"Thank you, {{customer_name}}! Your order number is {{order_number}}.",
            "example":{"body_text_named_params":[{"param_name":"customer_name","example":"Pablo"},
            {"param_name":"order_number","example":"860198-230332"}]}}]})",
        R"({"name":"delivery_notification","language":"en_US","category":"UTILITY",
            "parameter_format":"POSITIONAL","components":[{"type":"BODY",
            "text":"Good news {{1}}! Your order #{{2}} has been delivered.",
            "example":{"body_text":[["Mark","566701"]]}}]})",
        R"({"name":"seasonal_promotion","language":"en_US","category":"MARKETING","components":[
            {"type":"HEADER","format":"TEXT","text":"Our {{1}} is on!",
             "example":{"header_text":["Summer Sale"]}},
            {"type":"BODY","text":"Shop now through {{1}} and use code {{2}} to get {{3}} off of all merchandise.",
             "example":{"body_text":[["the end of August","25OFF","25%"]]}},
            {"type":"FOOTER","text":"Use the buttons below to manage your marketing subscriptions"},
            {"type":"BUTTONS","buttons":[{"type":"QUICK_REPLY","text":"Unsubscribe from Promos"},
                                         {"type":"QUICK_REPLY","text":"Unsubscribe from All"}]}]})",
        R"({"name":"order_confirmation_receipt","language":"en_US","category":"UTILITY","components":[
            {"type":"HEADER","format":"DOCUMENT",
             "example":{"header_handle":["4::YXBwbGljYXRpb24vcGRm:ARZVv4zuogJMxmAdS3_6T4o..."]}},
            {"type":"BODY","text":"Thank you for your order, {{1}}! Your order number is {{2}}. Tap the PDF linked above to view your receipt. If you have any questions, please use the buttons below to contact support.",
             "example":{"body_text":[["Pablo","860198-230332"]]}},
            {"type":"BUTTONS","buttons":[
              {"type":"PHONE_NUMBER","text":"Call","phone_number":"15550051310"},
              {"type":"URL","text":"Contact Support","url":"https://www.luckyshrub.com/support"}]}]})",
        R"({"name":"order_delivery_update","language":"en_US","category":"UTILITY","components":[
            {"type":"HEADER","format":"LOCATION"},
            {"type":"BODY","text":"Good news {{1}}! Your order #{{2}} is on its way to the location above. Thank you for your order!",
             "example":{"body_text":[["Mark","566701"]]}},
            {"type":"FOOTER","text":"To stop receiving delivery updates, tap the button below."},
            {"type":"BUTTONS","buttons":[{"type":"QUICK_REPLY","text":"Stop Delivery Updates"}]}]})",
        R"({"name":"limited_time_offer","language":"en_US","category":"MARKETING","components":[
            {"type":"HEADER","format":"IMAGE",
             "example":{"header_handle":["4::aW1hZ2UvanBlZw==:ARa1ZDhwbLZM3EENeeg"]}},
            {"type":"BODY","text":"Hi {{1}}! For a limited time only you can get our {{2}} for as low as {{3}}.",
             "example":{"body_text":[["Mark","Tuscan Getaway package","800"]]}},
            {"type":"FOOTER","text":"Offer valid until May 31, 2023"},
            {"type":"BUTTONS","buttons":[
              {"type":"PHONE_NUMBER","text":"Call","phone_number":"15550051310"},
              {"type":"URL","text":"Shop Now","url":"https://www.examplesite.com/shop"}]}]})",
        R"({"name":"abandoned_cart_mpm","language":"en_US","category":"MARKETING","components":[
            {"type":"HEADER","format":"TEXT","text":"Forget something {{1}}?",
             "example":{"header_text":["Pablo"]}},
            {"type":"BODY","text":"Looks like you left some items in your cart! Use code {{1}} and you can get 10% off of all of them!",
             "example":{"body_text":[["10OFF"]]}},
            {"type":"BUTTONS","buttons":[{"type":"MPM","text":"View items"}]}]})",
        R"({"name":"product_demo_video","language":"en_US","category":"MARKETING","components":[
            {"type":"HEADER","format":"VIDEO","example":{"header_handle":["4::dmlkZW8vbXA0:ARa8f"]}},
            {"type":"BODY","text":"Check out our new product in action! Watch the video above to see how it works."},
            {"type":"FOOTER","text":"Available now"}]})",
        R"({"name":"promo_code_offer","language":"en_US","category":"MARKETING","components":[
            {"type":"BODY","text":"Special discount just for you! Use code below to get 20% off your next purchase."},
            {"type":"BUTTONS","buttons":[{"type":"COPY_CODE","example":"SAVE20"}]}]})",
        R"({"name":"feedback_survey_flow","language":"en_US","category":"UTILITY","components":[
            {"type":"BODY","text":"We'd love to hear your feedback! Tap below to share your thoughts in a quick survey."},
            {"type":"BUTTONS","buttons":[{"type":"FLOW","text":"Take Survey","flow_id":"123456789012345",
              "flow_action":"navigate","navigate_screen":"WELCOME_SCREEN"}]}]})",
        R"({"name":"auth_otp_copy_code","language":"en_US","category":"AUTHENTICATION","components":[
            {"type":"BODY","add_security_recommendation":true},
            {"type":"FOOTER","code_expiration_minutes":10},
            {"type":"BUTTONS","buttons":[{"type":"OTP","otp_type":"COPY_CODE"}]}]})",
        R"({"name":"auth_otp_one_tap","language":"en_US","category":"AUTHENTICATION","components":[
            {"type":"BODY","add_security_recommendation":true},
            {"type":"FOOTER","code_expiration_minutes":10},
            {"type":"BUTTONS","buttons":[{"type":"OTP","otp_type":"ONE_TAP","supported_apps":[
              {"package_name":"com.example.myapp","signature_hash":"K8a%2FAINcGX7"}]}]}]})",
        R"({"name":"auth_otp_zero_tap","language":"en_US","category":"AUTHENTICATION","components":[
            {"type":"BODY","add_security_recommendation":false},
            {"type":"FOOTER","code_expiration_minutes":5},
            {"type":"BUTTONS","buttons":[{"type":"OTP","otp_type":"ZERO_TAP"}]}]})",
    };
    for (const char* e : examples) {
        Result<Template> r = Parse(Json(e));
        EXPECT_TRUE(r) << e << "\n" << (r ? "" : r.error().graph->details);
    }
    EXPECT_TRUE(Parse(Json(kFull)));
    EXPECT_TRUE(Parse(Json(kNamed)));
    EXPECT_TRUE(Parse(Json(kAuth)));
}

TEST(TemplateValidator, RefusesTheSpecsInvalidExamples) {
    // text_header_named_params: named variables without parameter_format NAMED.
    ExpectRejected(Json(R"({"name":"event_reminder","language":"en_US","category":"UTILITY",
        "components":[{"type":"HEADER","format":"TEXT",
        "text":"Reminder: {{event_name}} starts {{start_time}}"},{"type":"BODY","text":"x"}]})"),
                   "components[0].text");
    // ... and with NAMED, two header variables.
    ExpectRejected(Json(R"({"name":"event_reminder","language":"en_US","category":"UTILITY",
        "parameter_format":"NAMED","components":[{"type":"HEADER","format":"TEXT",
        "text":"Reminder: {{event_name}} starts {{start_time}}"},{"type":"BODY","text":"x"}]})"),
                   "components[0].text");
}

TEST(TemplateValidator, AcceptsLowercaseEnumsAndComponentTypes) {
    auto v = With(Json(kFull), "category", R"("utility")");
    v = With(v, "components[0].type", R"("header")");
    v = With(v, "components[0].format", R"("text")");
    v = With(v, "components[3].buttons[0].type", R"("quick_reply")");
    EXPECT_TRUE(Parse(v));
    EXPECT_TRUE(Parse(With(Json(kNamed), "parameter_format", R"("named")")));
}

// --- top level -----------------------------------------------------------------------------

TEST(TemplateValidator, Name) {
    ExpectRejected(Without(Json(kFull), "name"), "name");
    ExpectRejected(With(Json(kFull), "name", R"("")"), "name");
    ExpectRejected(With(Json(kFull), "name", "7"), "name");
    ExpectRejected(With(Json(kFull), "name", R"("Order_Update")"), "name");
    ExpectRejected(With(Json(kFull), "name", R"("order-update")"), "name");
    ExpectRejected(With(Json(kFull), "name", R"("order update")"), "name");
    ExpectRejected(With(Json(kFull), "name", "\"" + std::string(513, 'a') + "\""), "name", 2388040);
    EXPECT_TRUE(Parse(With(Json(kFull), "name", "\"" + std::string(512, 'a') + "\"")));
    EXPECT_TRUE(Parse(With(Json(kFull), "name", R"("2024_promo_v2")")));
}

TEST(TemplateValidator, Language) {
    ExpectRejected(Without(Json(kFull), "language"), "language");
    ExpectRejected(With(Json(kFull), "language", R"("en-US")"), "language");
    ExpectRejected(With(Json(kFull), "language", R"("xx_YY")"), "language");
    ExpectRejected(With(Json(kFull), "language", R"({"code":"en_US"})"), "language");
    EXPECT_TRUE(Parse(With(Json(kFull), "language", R"("pt_BR")")));
}

TEST(TemplateValidator, Category) {
    ExpectRejected(Without(Json(kFull), "category"), "category");
    ExpectRejected(With(Json(kFull), "category", R"("TRANSACTIONAL")"), "category");
}

TEST(TemplateValidator, ParameterFormat) {
    ExpectRejected(With(Json(kFull), "parameter_format", R"("ORDERED")"), "parameter_format");
    ExpectRejected(With(Json(kFull), "allow_category_change", R"("yes")"), "allow_category_change");
    EXPECT_TRUE(Parse(With(Json(kFull), "allow_category_change", "true")));
}

TEST(TemplateValidator, Components) {
    ExpectRejected(Without(Json(kFull), "components"), "components");
    ExpectRejected(With(Json(kFull), "components", "[]"), "components");
    ExpectRejected(With(Json(kFull), "components", "{}"), "components");
    ExpectRejected(With(Json(kFull), "components[0]", "5"), "components[0]");
    ExpectRejected(Without(Json(kFull), "components[0].type"), "components[0].type");
    ExpectRejected(With(Json(kFull), "components[0].type", R"("CAROUSEL")"), "components[0].type");
    // No BODY.
    ExpectRejected(Without(Json(kFull), "components[1]"), "components");
    // Two of a kind.
    for (int i : {0, 1, 2, 3}) {
        auto v = Json(kFull);
        v.at("components").as_array().push_back(v.at("components").as_array()[i]);
        ExpectRejected(v, "components[4].type");
    }
}

// --- HEADER --------------------------------------------------------------------------------

TEST(TemplateValidator, Header) {
    ExpectRejected(Without(Json(kFull), "components[0].format"), "components[0].format");
    ExpectRejected(With(Json(kFull), "components[0].format", R"("GIF")"), "components[0].format");
    ExpectRejected(Without(Json(kFull), "components[0].text"), "components[0].text");
    ExpectRejected(With(Json(kFull), "components[0].text", "\"" + std::string(61, 'h') + "\""),
                   "components[0].text", 2388040);
    EXPECT_TRUE(
        Parse(With(With(Json(kFull), "components[0].text", "\"" + std::string(60, 'h') + "\""),
                   "components[0].example", "{}")));
    ExpectRejected(With(Json(kFull), "components[0].text", R"("{{1}} and {{2}}")"),
                   "components[0].text");
    ExpectRejected(Without(Json(kFull), "components[0].example"),
                   "components[0].example.header_text");
    ExpectRejected(With(Json(kFull), "components[0].example.header_text", R"(["a","b"])"),
                   "components[0].example.header_text");
    ExpectRejected(With(Json(kFull), "components[0].example.header_text", R"([""])"),
                   "components[0].example.header_text");
    ExpectRejected(With(Json(kFull), "components[0].example.header_text", R"("A1")"),
                   "components[0].example.header_text");
}

TEST(TemplateValidator, MediaHeaders) {
    for (const char* format : {"IMAGE", "VIDEO", "DOCUMENT"}) {
        auto header = std::string(R"({"type":"HEADER","format":")") + format + R"("})";
        auto v = With(Json(kFull), "components[0]", header);
        ExpectRejected(v, "components[0].example.header_handle");
        ExpectRejected(With(v, "components[0].example", R"({"header_handle":[]})"),
                       "components[0].example.header_handle");
        ExpectRejected(With(v, "components[0].example", R"({"header_handle":[""]})"),
                       "components[0].example.header_handle");
        ExpectRejected(With(v, "components[0].example", R"({"header_handle":"h"})"),
                       "components[0].example.header_handle");
        v = With(v, "components[0].example", R"({"header_handle":["4::aGFuZGxl"]})");
        EXPECT_TRUE(Parse(v)) << format;
        ExpectRejected(With(v, "components[0].text", R"("Hello")"), "components[0].text");
    }
    auto location = With(Json(kFull), "components[0]", R"({"type":"HEADER","format":"LOCATION"})");
    EXPECT_TRUE(Parse(location));
    ExpectRejected(With(location, "components[0].text", R"("x")"), "components[0].text");
}

// --- BODY and FOOTER -----------------------------------------------------------------------

TEST(TemplateValidator, Body) {
    ExpectRejected(Without(Json(kFull), "components[1].text"), "components[1].text");
    ExpectRejected(With(Json(kFull), "components[1].text", R"("")"), "components[1].text");
    auto long_body = With(Json(kFull), "components[1]",
                          R"({"type":"BODY","text":")" + std::string(1025, 'b') + "\"}");
    ExpectRejected(long_body, "components[1].text", 2388040);
    // 1024 code points of a 2-byte character are fine.
    std::string e_acute;
    for (int i = 0; i < 1024; ++i) {
        e_acute += "\xC3\xA9";
    }
    EXPECT_TRUE(
        Parse(With(Json(kFull), "components[1]", R"({"type":"BODY","text":")" + e_acute + "\"}")));
    ExpectRejected(With(Json(kFull), "components[1].add_security_recommendation", "true"),
                   "components[1].add_security_recommendation");
    ExpectRejected(With(Json(kFull), "components[1].code_expiration_minutes", "5"),
                   "components[1].code_expiration_minutes");
}

TEST(TemplateValidator, Footer) {
    ExpectRejected(Without(Json(kFull), "components[2].text"), "components[2].text");
    ExpectRejected(With(Json(kFull), "components[2].text", "\"" + std::string(61, 'f') + "\""),
                   "components[2].text", 2388040);
    ExpectRejected(With(Json(kFull), "components[2].text", R"("Bye {{1}}")"), "components[2].text");
    ExpectRejected(With(Json(kFull), "components[2].code_expiration_minutes", "5"),
                   "components[2].code_expiration_minutes");
}

// --- variables and examples ----------------------------------------------------------------

TEST(TemplateValidator, PositionalVariables) {
    auto body = [](const std::string& text, const std::string& examples) {
        return With(Json(kFull), "components[1]",
                    R"({"type":"BODY","text":")" + text + R"(","example":{"body_text":[)" +
                        examples + "]}}");
    };
    EXPECT_TRUE(Parse(body("{{1}} and {{2}} and {{1}}", R"(["a","b"])")));
    EXPECT_TRUE(Parse(body("{{2}} before {{1}}", R"(["a","b"])")));
    ExpectRejected(body("{{1}} and {{3}}", R"(["a","b"])"), "components[1].text");
    ExpectRejected(body("{{2}} only", R"(["a"])"), "components[1].text");
    ExpectRejected(body("{{0}} zero", R"(["a"])"), "components[1].text");
    ExpectRejected(body("{{01}} padded", R"(["a"])"), "components[1].text");
    ExpectRejected(body("{{name}} named", R"(["a"])"), "components[1].text");
    ExpectRejected(body("{{ 1 }} spaced", R"(["a"])"), "components[1].text");
    ExpectRejected(body("{{}} empty", R"(["a"])"), "components[1].text");
    ExpectRejected(body("stray {{1 here", R"(["a"])"), "components[1].text");
    ExpectRejected(body("stray 1}} here", R"(["a"])"), "components[1].text");
    // Examples: required, one per distinct variable, nested array of non-empty strings.
    ExpectRejected(Without(Json(kFull), "components[1].example"),
                   "components[1].example.body_text");
    ExpectRejected(body("{{1}} {{2}}", R"(["a"])"), "components[1].example.body_text");
    ExpectRejected(body("{{1}} {{2}}", R"(["a","b","c"])"), "components[1].example.body_text");
    ExpectRejected(body("{{1}}", R"(["a"],["b"])"), "components[1].example.body_text");
    ExpectRejected(body("{{1}}", R"("a")"), "components[1].example.body_text");
    ExpectRejected(body("{{1}}", R"([1])"), "components[1].example.body_text");
    ExpectRejected(With(Json(kFull), "components[1].example.body_text", R"(["Alex","A1"])"),
                   "components[1].example.body_text");
    ExpectRejected(With(Json(kFull), "components[1].example", R"({"body_text_named_params":[]})"),
                   "components[1].example.body_text");
}

TEST(TemplateValidator, NamedVariables) {
    ExpectRejected(With(Json(kNamed), "components[1].text", R"("Hi {{1}}, total {{amount}}.")"),
                   "components[1].text");
    ExpectRejected(With(Json(kNamed), "components[1].text", R"("Hi {{Name}}, {{amount}}.")"),
                   "components[1].text");
    ExpectRejected(With(Json(kNamed), "components[1].text", R"("Hi {{first-name}} {{amount}}")"),
                   "components[1].text");
    ExpectRejected(With(Json(kNamed), "components[1].text", R"("Hi {{_x}} {{amount}}")"),
                   "components[1].text");
    EXPECT_TRUE(
        Parse(With(Json(kNamed), "components[1].text", R"("{{name}} {{amount}} {{name}}")")));
    const std::string field = "components[1].example.body_text_named_params";
    ExpectRejected(Without(Json(kNamed), "components[1].example"), field);
    ExpectRejected(Without(Json(kNamed), "components[1].example.body_text_named_params[1]"), field);
    ExpectRejected(With(Json(kNamed), "components[1].example.body_text_named_params[1].param_name",
                        R"("total")"),
                   field);
    ExpectRejected(With(Json(kNamed), "components[1].example.body_text_named_params[1].param_name",
                        R"("name")"),
                   field);
    ExpectRejected(Without(Json(kNamed), "components[1].example.body_text_named_params[1].example"),
                   field);
    ExpectRejected(
        With(Json(kNamed), "components[1].example.body_text_named_params[1].example", R"("")"),
        field);
    ExpectRejected(With(Json(kNamed), "components[1].example.body_text_named_params", R"({})"),
                   field);
    ExpectRejected(With(Json(kNamed), "components[1].example.body_text_named_params[0]", "5"),
                   field);
    ExpectRejected(With(Json(kNamed), "components[1].example", R"({"body_text":[["Alex","$4"]]})"),
                   field);
    ExpectRejected(Without(Json(kNamed), "components[0].example"),
                   "components[0].example.header_text_named_params");
}

// --- BUTTONS -------------------------------------------------------------------------------

boost::json::value WithButtons(const std::string& buttons) {
    return With(Json(kFull), "components[3].buttons", buttons);
}

const char* kQr = R"({"type":"QUICK_REPLY","text":"Yes"})";
const char* kUrl = R"({"type":"URL","text":"Open","url":"https://x.io"})";
const char* kPhone = R"({"type":"PHONE_NUMBER","text":"Call","phone_number":"15550051310"})";

std::string List(std::initializer_list<const char*> items) {
    std::string s = "[";
    for (const char* i : items) {
        s += (s.size() > 1 ? "," : "") + std::string(i);
    }
    return s + "]";
}

TEST(TemplateValidator, ButtonCounts) {
    ExpectRejected(WithButtons("[]"), "components[3].buttons");
    ExpectRejected(Without(Json(kFull), "components[3].buttons"), "components[3].buttons");
    ExpectRejected(WithButtons(List({kQr, kQr, kQr, kQr, kQr, kQr, kQr, kQr, kQr, kQr, kQr})),
                   "components[3].buttons");
    EXPECT_TRUE(Parse(WithButtons(List({kQr, kQr, kQr, kQr, kQr, kQr, kQr, kQr, kQr, kQr}))));
    EXPECT_TRUE(Parse(WithButtons(List({kQr, kQr, kQr, kQr, kQr, kQr, kQr, kQr, kUrl, kUrl}))));
    ExpectRejected(WithButtons(List({kUrl, kUrl, kUrl})), "components[3].buttons[2].type");
    ExpectRejected(WithButtons(List({kPhone, kPhone})), "components[3].buttons[1].type");
    const char* copy = R"({"type":"COPY_CODE","example":"SAVE20"})";
    ExpectRejected(WithButtons(List({copy, copy})), "components[3].buttons[1].type");
    const char* flow = R"({"type":"FLOW","text":"Go","flow_id":"1"})";
    ExpectRejected(WithButtons(List({flow, flow})), "components[3].buttons[1].type");
    const char* catalog = R"({"type":"CATALOG","text":"View"})";
    const char* mpm = R"({"type":"MPM","text":"View"})";
    ExpectRejected(WithButtons(List({catalog, kQr})), "components[3].buttons[1]");
    ExpectRejected(WithButtons(List({kQr, mpm})), "components[3].buttons[1]");
    EXPECT_TRUE(Parse(WithButtons(List({catalog}))));
}

TEST(TemplateValidator, QuickRepliesAreNotInterleaved) {
    EXPECT_TRUE(Parse(WithButtons(List({kQr, kQr, kUrl, kPhone}))));
    EXPECT_TRUE(Parse(WithButtons(List({kUrl, kPhone, kQr, kQr}))));
    ExpectRejected(WithButtons(List({kQr, kUrl, kQr})), "components[3].buttons[2]");
    ExpectRejected(WithButtons(List({kUrl, kQr, kPhone})), "components[3].buttons[2]");
}

TEST(TemplateValidator, ButtonFields) {
    const std::string b = "components[3].buttons[0]";
    ExpectRejected(WithButtons(R"([5])"), b);
    ExpectRejected(WithButtons(R"([{"text":"x"}])"), b + ".type");
    ExpectRejected(WithButtons(R"([{"type":"CALL","text":"x"}])"), b + ".type");
    ExpectRejected(WithButtons(R"([{"type":"QUICK_REPLY"}])"), b + ".text");
    ExpectRejected(WithButtons(R"([{"type":"QUICK_REPLY","text":""}])"), b + ".text");
    ExpectRejected(
        WithButtons(R"([{"type":"QUICK_REPLY","text":")" + std::string(26, 'q') + "\"}]"),
        b + ".text", 2388040);
    // OTP outside AUTHENTICATION.
    ExpectRejected(WithButtons(R"([{"type":"OTP","otp_type":"COPY_CODE"}])"), b + ".type");
    // PHONE_NUMBER
    ExpectRejected(WithButtons(R"([{"type":"PHONE_NUMBER","text":"Call"}])"), b + ".phone_number");
    ExpectRejected(
        WithButtons(R"([{"type":"PHONE_NUMBER","text":"Call","phone_number":"call me"}])"),
        b + ".phone_number");
    ExpectRejected(
        WithButtons(
            R"([{"type":"PHONE_NUMBER","text":"Call","phone_number":"+123456789012345678901"}])"),
        b + ".phone_number");
    // COPY_CODE
    ExpectRejected(WithButtons(R"([{"type":"COPY_CODE"}])"), b + ".example");
    ExpectRejected(WithButtons(R"([{"type":"COPY_CODE","example":"SIXTEEN_CHARS_XX"}])"),
                   b + ".example");
    EXPECT_TRUE(Parse(WithButtons(R"([{"type":"COPY_CODE","example":["SAVE20"]}])")));
    // FLOW
    ExpectRejected(WithButtons(R"([{"type":"FLOW","text":"Go"}])"), b + ".flow_id");
    EXPECT_TRUE(Parse(WithButtons(R"([{"type":"FLOW","text":"Go","flow_name":"survey"}])")));
}

TEST(TemplateValidator, UrlButtons) {
    const std::string b = "components[3].buttons[0]";
    auto url = [](const std::string& u, const std::string& example = "") {
        return WithButtons(R"([{"type":"URL","text":"Go","url":")" + u + "\"" +
                           (example.empty() ? "" : R"(,"example":)" + example) + "}]");
    };
    EXPECT_TRUE(Parse(url("https://x.io/a")));
    EXPECT_TRUE(Parse(url("https://x.io/a?id={{1}}", R"(["https://x.io/a?id=7"])")));
    EXPECT_TRUE(Parse(url("https://x.io/{{1}}", R"("https://x.io/7")")));
    ExpectRejected(WithButtons(R"([{"type":"URL","text":"Go"}])"), b + ".url");
    ExpectRejected(url("ftp://x.io"), b + ".url");
    ExpectRejected(url("not a url"), b + ".url");
    ExpectRejected(url("https://x.io/" + std::string(1990, 'p')), b + ".url", 2388040);
    ExpectRejected(url("https://x.io/{{1}}/end", R"(["https://x.io/7/end"])"), b + ".url");
    ExpectRejected(url("https://x.io/{{2}}", R"(["https://x.io/7"])"), b + ".url");
    ExpectRejected(url("https://x.io/{{id}}", R"(["https://x.io/7"])"), b + ".url");
    ExpectRejected(url("https://x.io/{{1}}{{1}}", R"(["https://x.io/7"])"), b + ".url");
    ExpectRejected(url("{{1}}", R"(["https://x.io"])"), b + ".url");
    ExpectRejected(url("https://x.io/{{1}}"), b + ".example");
    ExpectRejected(url("https://x.io/{{1}}", "[]"), b + ".example");
    ExpectRejected(url("https://x.io/{{1}}", R"(["a","b"])"), b + ".example");
    ExpectRejected(url("https://x.io/{{1}}", R"(["not a url"])"), b + ".example");
    ExpectRejected(url("https://x.io/{{1}}", "[5]"), b + ".example");
    // The URL variable stays positional in a NAMED template.
    auto named = Json(kNamed);
    named.at("components")
        .as_array()
        .push_back(Json(R"({"type":"BUTTONS","buttons":[{"type":"URL","text":"Go",
                 "url":"https://x.io/{{1}}","example":["https://x.io/1"]}]})"));
    EXPECT_TRUE(Parse(named));
}

// --- AUTHENTICATION ------------------------------------------------------------------------

TEST(TemplateValidator, Authentication) {
    // Code expiration on the BODY (Kapso's asset) is accepted and lands on the footer.
    auto on_body =
        With(Without(Json(kAuth), "components[1]"), "components[0].code_expiration_minutes", "7");
    Result<Template> r = Parse(on_body);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->footer->code_expiration_minutes, 7);
    ExpectRejected(With(Json(kAuth), "components[0].code_expiration_minutes", "7"), "components");
    ExpectRejected(With(Json(kAuth), "components[0].text", R"("Your code")"), "components[0].text");
    ExpectRejected(With(Json(kAuth), "components[0].add_security_recommendation", R"("yes")"),
                   "components[0].add_security_recommendation");
    ExpectRejected(With(Json(kAuth), "components[1].text", R"("Expires soon")"),
                   "components[1].text");
    for (const char* bad : {"0", "91", "\"10\"", "1.5"}) {
        ExpectRejected(With(Json(kAuth), "components[1].code_expiration_minutes", bad),
                       "components[1].code_expiration_minutes");
    }
    EXPECT_TRUE(Parse(With(Json(kAuth), "components[1].code_expiration_minutes", "90")));
    EXPECT_TRUE(Parse(With(Json(kAuth), "components[1].code_expiration_minutes", "1")));
    auto with_header = Json(kAuth);
    with_header.at("components")
        .as_array()
        .push_back(Json(R"({"type":"HEADER","format":"TEXT","text":"x"})"));
    ExpectRejected(with_header, "components[3]");
    ExpectRejected(Without(Json(kAuth), "components[2]"), "components");
    const std::string b = "components[2].buttons[0]";
    ExpectRejected(With(Json(kAuth), "components[2].buttons[0]", kQr), b + ".type");
    ExpectRejected(Without(Json(kAuth), "components[2].buttons[0].otp_type"), b + ".otp_type");
    ExpectRejected(With(Json(kAuth), "components[2].buttons[0].otp_type", R"("TWO_TAP")"),
                   b + ".otp_type");
    ExpectRejected(With(Json(kAuth), "components[2].buttons[0].otp_type", R"("ONE_TAP")"),
                   b + ".supported_apps");
    ExpectRejected(With(With(Json(kAuth), "components[2].buttons[0].otp_type", R"("ONE_TAP")"),
                        "components[2].buttons[0].supported_apps", R"([{"package_name":"a"}])"),
                   b + ".supported_apps");
    auto two = Json(kAuth);
    auto& buttons = two.at("components").as_array()[2].at("buttons").as_array();
    buttons.push_back(buttons[0]);
    ExpectRejected(two, "components[2].buttons[1].type");
}

// --- edits ---------------------------------------------------------------------------------

Template Stored(TemplateStatus status) {
    Result<Template> r = Parse(Json(kFull));
    EXPECT_TRUE(r);
    Template t = *r;
    t.id = "1627019861106475";
    t.status = status;
    return t;
}

TEST(TemplateEdits, OnlyApprovedRejectedOrPausedAreEditable) {
    for (auto s : {TemplateStatus::kApproved, TemplateStatus::kRejected, TemplateStatus::kPaused}) {
        EXPECT_TRUE(CheckEditable(Stored(s))) << ToString(s);
    }
    for (auto s : {TemplateStatus::kPending, TemplateStatus::kDisabled, TemplateStatus::kInAppeal,
                   TemplateStatus::kDeleted, TemplateStatus::kPendingDeletion,
                   TemplateStatus::kArchived, TemplateStatus::kLocked}) {
        Result<void> r = CheckEditable(Stored(s));
        ASSERT_FALSE(r) << ToString(s);
        EXPECT_EQ(r.error().code, ErrorCode::kFailedPrecondition);
        EXPECT_EQ(r.error().graph->code, 100);
        EXPECT_EQ(r.error().field, "status");
        Result<Template> e =
            ApplyTemplateEdit(Stored(s), Json(R"({"category":"MARKETING"})").as_object());
        EXPECT_FALSE(e);
    }
}

TEST(TemplateEdits, ApprovedCategoryIsImmutable) {
    Result<Template> r = ApplyTemplateEdit(Stored(TemplateStatus::kApproved),
                                           Json(R"({"category":"MARKETING"})").as_object());
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().field, "category");
    EXPECT_EQ(r.error().graph->code, 100);
    // Sending the same category is fine.
    EXPECT_TRUE(ApplyTemplateEdit(Stored(TemplateStatus::kApproved),
                                  Json(R"({"category":"UTILITY"})").as_object()));
    // A rejected template may change category.
    Result<Template> rejected = ApplyTemplateEdit(Stored(TemplateStatus::kRejected),
                                                  Json(R"({"category":"MARKETING"})").as_object());
    ASSERT_TRUE(rejected);
    EXPECT_EQ(rejected->category, TemplateCategory::kMarketing);
    EXPECT_EQ(rejected->previous_category, TemplateCategory::kUtility);
}

TEST(TemplateEdits, ComponentsReplaceAllAndGoBackToReview) {
    Template current = Stored(TemplateStatus::kRejected);
    current.rejected_reason = "INVALID_FORMAT";
    Result<Template> r = ApplyTemplateEdit(
        current, Json(R"({"components":[{"type":"BODY","text":"New text"}]})").as_object());
    ASSERT_TRUE(r);
    EXPECT_EQ(r->id, current.id);
    EXPECT_EQ(r->name, current.name);
    EXPECT_EQ(r->status, TemplateStatus::kPending);
    EXPECT_FALSE(r->rejected_reason);
    EXPECT_FALSE(r->header);
    EXPECT_FALSE(r->footer);
    EXPECT_TRUE(r->buttons.empty());
    EXPECT_EQ(r->body.text, "New text");
    EXPECT_EQ(r->components_json.size(), 1u);
}

TEST(TemplateEdits, FullTemplateBodiesAndValidation) {
    Template current = Stored(TemplateStatus::kPaused);
    EXPECT_TRUE(ApplyTemplateEdit(current, Json(kFull).as_object()));
    Result<Template> renamed =
        ApplyTemplateEdit(current, With(Json(kFull), "name", R"("other")").as_object());
    ASSERT_FALSE(renamed);
    EXPECT_EQ(renamed.error().field, "name");
    Result<Template> relang =
        ApplyTemplateEdit(current, With(Json(kFull), "language", R"("de")").as_object());
    ASSERT_FALSE(relang);
    EXPECT_EQ(relang.error().field, "language");
    Result<Template> invalid = ApplyTemplateEdit(
        current, Json(R"({"components":[{"type":"FOOTER","text":"x"}]})").as_object());
    ASSERT_FALSE(invalid);
    EXPECT_EQ(invalid.error().field, "components");
    // An edit without components keeps them.
    Result<Template> same = ApplyTemplateEdit(current, Json("{}").as_object());
    ASSERT_TRUE(same);
    EXPECT_EQ(same->buttons.size(), 3u);
}

}  // namespace
}  // namespace wharf::domain
