#include "domain/template/template_renderer.h"

#include <vector>

#include <gtest/gtest.h>

#include "domain/message/message_field_reader.h"
#include "domain/message/testing/send_request_testing.h"
#include "domain/template/template_validator.h"
#include "domain/template/testing/template_assets.h"

namespace wharf::domain {
namespace {

using testing::Json;
using testing::With;
using testing::Without;

Template Approved(std::string_view request_json, std::string id = "1") {
    Result<Template> r = ParseTemplate(Json(request_json).as_object());
    EXPECT_TRUE(r) << (r ? "" : r.error().graph->details);
    Template t = *r;
    t.id = std::move(id);
    t.status = TemplateStatus::kApproved;
    return t;
}

std::vector<Template> Store() {
    return {Approved(testing::kTemplateUtilityOrderStatusUpdate, "10"),
            Approved(testing::kTemplateAuthenticationOtp, "11"),
            Approved(testing::kTemplateMarketingMediaHeader, "12"),
            Approved(testing::kTemplateUtilityNamed, "13"),
            Approved(R"({"name":"positional","language":"en_US","category":"UTILITY",
                "components":[{"type":"BODY","text":"Hi {{1}}, order {{2}} for {{1}}.",
                "example":{"body_text":[["A","B"]]}},
                {"type":"BUTTONS","buttons":[{"type":"QUICK_REPLY","text":"Ok"},
                  {"type":"COPY_CODE","example":"SAVE"},
                  {"type":"PHONE_NUMBER","text":"Call","phone_number":"1555"}]}]})",
                     "14")};
}

boost::json::value SendAsset() {
    return Json(testing::kSendTemplateOrderStatusUpdate).at("template");
}

Result<RenderedTemplate> Render(const boost::json::value& tmpl) {
    std::vector<Template> store = Store();
    return RenderTemplateMessage(tmpl.as_object(), store);
}

void ExpectError(const boost::json::value& tmpl, int graph_code, const std::string& field) {
    Result<RenderedTemplate> r = Render(tmpl);
    ASSERT_FALSE(r) << boost::json::serialize(tmpl);
    ASSERT_TRUE(r.error().graph);
    EXPECT_EQ(r.error().graph->code, graph_code) << r.error().graph->details;
    EXPECT_EQ(r.error().field, field) << r.error().graph->details;
}

TEST(TemplateRenderer, RendersTheSpecAsset) {
    Result<RenderedTemplate> r = Render(SendAsset());
    ASSERT_TRUE(r) << r.error().graph->details;
    EXPECT_EQ(r->template_id, "10");
    EXPECT_EQ(r->header, "Order ORDER-123 update");
    EXPECT_EQ(r->body, "Hi Alex, your order is shipped. Expected delivery: Jan 25");
    EXPECT_EQ(r->footer, "Reply STOP to opt out");
    EXPECT_EQ(r->text,
              "Order ORDER-123 update\nHi Alex, your order is shipped. Expected delivery: Jan 25\n"
              "Reply STOP to opt out");
}

TEST(TemplateRenderer, NamedParametersInAnyOrder) {
    auto v = With(SendAsset(), "components[1].parameters",
                  R"([{"type":"text","parameter_name":"details","text":"D"},
                      {"type":"text","parameter_name":"status","text":"S"},
                      {"type":"text","parameter_name":"customer_name","text":"C"}])");
    Result<RenderedTemplate> r = Render(v);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->body, "Hi C, your order is S. D");
}

TEST(TemplateRenderer, NotFoundOrNotApproved) {
    ExpectError(With(SendAsset(), "name", R"("nope")"), 132001, "template.name");
    ExpectError(With(SendAsset(), "language.code", R"("de")"), 132001, "template.name");
    std::vector<Template> store = Store();
    for (auto [status, code] :
         {std::pair{TemplateStatus::kPending, 132001}, std::pair{TemplateStatus::kRejected, 132001},
          std::pair{TemplateStatus::kPaused, 132015},
          std::pair{TemplateStatus::kDisabled, 132016}}) {
        store[0].status = status;
        Result<RenderedTemplate> r = RenderTemplateMessage(SendAsset().as_object(), store);
        ASSERT_FALSE(r);
        EXPECT_EQ(r.error().graph->code, code) << ToString(status);
    }
    EXPECT_EQ(RenderTemplateMessage(SendAsset().as_object(), {}).error().code,
              ErrorCode::kNotFound);
}

TEST(TemplateRenderer, ParameterCounts) {
    const std::string body = "template.components[1].parameters";
    ExpectError(Without(SendAsset(), "components[1].parameters[2]"), 132000, body);
    auto extra = SendAsset();
    auto& params = extra.at("components").as_array()[1].at("parameters").as_array();
    params.push_back(params[0]);
    ExpectError(extra, 132000, body);
    // The body component left out entirely.
    ExpectError(Without(SendAsset(), "components[1]"), 132000, "template.components");
    ExpectError(Without(SendAsset(), "components[0].parameters[0]"), 132000,
                "template.components[0].parameters");
}

TEST(TemplateRenderer, ParameterNames) {
    const std::string p = "template.components[1].parameters[1].parameter_name";
    ExpectError(Without(SendAsset(), "components[1].parameters[1].parameter_name"), 132000, p);
    ExpectError(With(SendAsset(), "components[1].parameters[1].parameter_name", R"("total")"),
                132000, p);
    ExpectError(
        With(SendAsset(), "components[1].parameters[1].parameter_name", R"("customer_name")"),
        132000, p);
}

TEST(TemplateRenderer, ParameterTypes) {
    ExpectError(With(SendAsset(), "components[1].parameters[0]",
                     R"({"type":"image","image":{"link":"https://x.io/a.jpg"}})"),
                132012, "template.components[1].parameters[0]");
    auto currency = With(SendAsset(), "components[1].parameters[2]",
                         R"({"type":"currency","parameter_name":"details",
                             "currency":{"fallback_value":"$5","code":"USD","amount_1000":5000}})");
    Result<RenderedTemplate> r = Render(currency);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->body, "Hi Alex, your order is shipped. $5");
}

TEST(TemplateRenderer, Positional) {
    auto send = Json(R"({"name":"positional","language":{"code":"en_US"},"components":[
        {"type":"body","parameters":[{"type":"text","text":"Al"},{"type":"text","text":"7"}]},
        {"type":"button","sub_type":"copy_code","index":1,
         "parameters":[{"type":"coupon_code","coupon_code":"SAVE"}]}]})");
    Result<RenderedTemplate> r = Render(send);
    ASSERT_TRUE(r) << r.error().graph->details;
    EXPECT_EQ(r->text, "Hi Al, order 7 for Al.");
    ExpectError(Without(send, "components[0].parameters[1]"), 132000,
                "template.components[0].parameters");
    // A header for a template without one.
    auto header = send;
    header.at("components")
        .as_array()
        .push_back(Json(R"({"type":"header","parameters":[{"type":"text","text":"x"}]})"));
    ExpectError(header, 132000, "template.components[2].parameters");
    // Buttons: the copy code is required, a quick reply payload is optional, phone takes none.
    ExpectError(Without(send, "components[1]"), 132000, "template.components");
    ExpectError(With(send, "components[1].parameters", "[]"), 132000,
                "template.components[1].parameters");
    ExpectError(With(send, "components[1].parameters[0].type", R"("text")"), 132012,
                "template.components[1].parameters[0]");
    auto qr = send;
    qr.at("components")
        .as_array()
        .push_back(Json(
            R"({"type":"button","sub_type":"quick_reply","index":"0","parameters":[{"type":"payload","payload":"p"}]})"));
    EXPECT_TRUE(Render(qr));
    auto phone = send;
    phone.at("components")
        .as_array()
        .push_back(Json(
            R"({"type":"button","sub_type":"phone_number","index":"2","parameters":[{"type":"text","text":"x"}]})"));
    ExpectError(phone, 132000, "template.components[2].parameters");
}

TEST(TemplateRenderer, UrlButtons) {
    const std::string b = "template.components[2]";
    ExpectError(With(SendAsset(), "components[2].index", R"("1")"), 132000, b + ".index");
    ExpectError(With(SendAsset(), "components[2].index", "7"), 132000, b + ".index");
    ExpectError(With(SendAsset(), "components[2].sub_type", R"("quick_reply")"), 132000,
                b + ".sub_type");
    ExpectError(Without(SendAsset(), "components[2]"), 132000, "template.components");
    ExpectError(With(SendAsset(), "components[2].parameters", "[]"), 132000, b + ".parameters");
    ExpectError(With(SendAsset(), "components[2].parameters[0].text", R"("")"), 132012,
                b + ".parameters[0]");
    auto twice = SendAsset();
    twice.at("components").as_array().push_back(twice.at("components").as_array()[2]);
    ExpectError(twice, 132000, "template.components[3].index");
    EXPECT_TRUE(Render(With(SendAsset(), "components[2].sub_type", R"("URL")")));
    EXPECT_TRUE(Render(With(SendAsset(), "components[2].index", "0")));
}

TEST(TemplateRenderer, UnknownComponentsAreRefused) {
    auto v = SendAsset();
    v.at("components").as_array().push_back(Json(R"({"type":"carousel","cards":[]})"));
    ExpectError(v, 132000, "template.components[3].type");
    auto twice = SendAsset();
    twice.at("components").as_array().push_back(twice.at("components").as_array()[1]);
    ExpectError(twice, 132000, "template.components[3]");
}

TEST(TemplateRenderer, MediaHeader) {
    auto send = Json(R"({"name":"product_launch_image","language":{"code":"en_US"},"components":[
        {"type":"header","parameters":[{"type":"image","image":{"id":"4490709327384033"}}]},
        {"type":"body","parameters":[{"type":"text","parameter_name":"first_name","text":"Jo"}]}]})");
    Result<RenderedTemplate> r = Render(send);
    ASSERT_TRUE(r) << r.error().graph->details;
    EXPECT_EQ(r->header, "");
    EXPECT_EQ(r->text, "Hi Jo, meet the new release.");
    EXPECT_TRUE(Render(
        With(send, "components[0].parameters[0].image", R"({"link":"https://x.io/a.jpg"})")));
    const std::string p = "template.components[0].parameters[0]";
    ExpectError(With(send, "components[0].parameters[0].image", "{}"), 131008, p + ".image");
    ExpectError(With(send, "components[0].parameters[0].image",
                     R"({"id":"1","link":"https://x.io/a.jpg"})"),
                131009, p + ".image");
    ExpectError(With(send, "components[0].parameters[0]", R"({"type":"video","video":{"id":"1"}})"),
                132012, p);
    ExpectError(Without(send, "components[0]"), 132000, "template.components");
}

TEST(TemplateRenderer, Authentication) {
    auto send = Json(R"({"name":"login_otp","language":{"code":"en_US"},"components":[
        {"type":"body","parameters":[{"type":"text","text":"123456"}]},
        {"type":"button","sub_type":"url","index":"0","parameters":[{"type":"text","text":"123456"}]}]})");
    Result<RenderedTemplate> r = Render(send);
    ASSERT_TRUE(r) << r.error().graph->details;
    EXPECT_EQ(r->body,
              "123456 is your verification code. For your security, do not share this code.");
    EXPECT_EQ(r->footer, "This code expires in 10 minutes.");
    ExpectError(Without(send, "components[1]"), 132000, "template.components");
    ExpectError(Without(send, "components[0]"), 132000, "template.components");
}

TEST(TemplateRenderer, HydratedBodyLimit) {
    std::string long_value(1000, 'x');
    auto v = With(SendAsset(), "components[1].parameters[2].text", "\"" + long_value + "\"");
    ExpectError(v, 132005, "template.components[1].parameters");
    // At the limit is fine: the fixed text is 21 characters around "Alex", "shipped" and ours.
    const size_t room = 1024 - 21 - 4 - 7;
    ExpectError(With(SendAsset(), "components[1].parameters[2].text",
                     "\"" + std::string(room + 1, 'x') + "\""),
                132005, "template.components[1].parameters");
    auto ok =
        With(SendAsset(), "components[1].parameters[2].text", "\"" + std::string(room, 'x') + "\"");
    Result<RenderedTemplate> r = Render(ok);
    ASSERT_TRUE(r) << r.error().graph->details;
    EXPECT_EQ(CodePointCount(r->body), 1024u);
}

}  // namespace
}  // namespace wharf::domain
