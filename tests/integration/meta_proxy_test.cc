#include "tests/integration/fixture.h"

namespace wharf::testing {
namespace {

class MetaProxyTest : public ServerFixture {};

TEST_F(MetaProxyTest, DiscoversNumbersByWabaAndIdOnAnyVersion) {
    std::string pn = app_->Bootstrap().sandbox_phone_number_id->value();
    std::string waba = app_->Bootstrap().sandbox_business_account_id->value();
    for (const char* v : {"v23.0", "v24.0", "v19.0"}) {
        auto list =
            client_->Get(std::string("/meta/whatsapp/") + v + "/" + waba + "/phone_numbers", kKey);
        ASSERT_EQ(list.status, 200) << list.body;
        auto body = list.Json();
        ASSERT_EQ(body.at("data").as_array().size(), 1u);
        EXPECT_EQ(body.at("data").at(0).at("id"), pn);
        EXPECT_TRUE(body.at("data").at(0).at("display_phone_number").is_string());
        EXPECT_TRUE(body.at("data").at(0).at("verified_name").is_string());
        EXPECT_TRUE(body.at("paging").at("cursors").is_object());
    }
    auto node = client_->Get("/meta/whatsapp/v24.0/" + pn, kKey);
    ASSERT_EQ(node.status, 200);
    EXPECT_FALSE(node.Json().as_object().contains("data"));
    EXPECT_EQ(node.Json().at("platform_type"), "CLOUD_API");
    auto fields =
        client_->Get("/meta/whatsapp/v24.0/" + pn + "?fields=verified_name%2Cquality_rating", kKey);
    auto o = fields.Json().as_object();
    EXPECT_EQ(o.size(), 3u);  // id + the two asked for
    EXPECT_TRUE(o.contains("quality_rating"));
}

TEST_F(MetaProxyTest, UnknownIdsAndOtherProjectsGetGraphNotFound) {
    std::string pn = app_->Bootstrap().sandbox_phone_number_id->value();
    std::string other = CreateOtherProjectKey();
    for (const auto& [target, key] : std::vector<std::pair<std::string, std::string>>{
             {"/meta/whatsapp/v24.0/" + pn, other},
             {"/meta/whatsapp/v24.0/999999999", kKey},
             {"/meta/whatsapp/v24.0/999999999/phone_numbers", kKey}}) {
        auto r = client_->Get(target, key);
        EXPECT_EQ(r.status, 404) << target;
        auto err = r.Json().at("error");
        EXPECT_EQ(err.at("code"), 100);
        EXPECT_EQ(err.at("error_subcode"), 33);
        EXPECT_EQ(err.at("type"), "GraphMethodException");
    }
}

TEST_F(MetaProxyTest, BadVersionIsAGraphError) {
    std::string pn = app_->Bootstrap().sandbox_phone_number_id->value();
    auto r = client_->Get("/meta/whatsapp/latest/" + pn, kKey);
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(r.Json().at("error").at("code"), 100);
    // The send route, answered on the event loop (an asynchronous handler), refuses alike.
    const std::string text =
        R"({"messaging_product":"whatsapp","to":"15551230000","type":"text","text":{"body":"x"}})";
    auto send = client_->Post("/meta/whatsapp/latest/" + pn + "/messages", text, kKey);
    EXPECT_EQ(send.status, 400) << send.body;
    EXPECT_EQ(send.Json().at("error").at("code"), 100);
    auto unknown = client_->Post("/meta/whatsapp/v24.0/999999999/messages", text, kKey);
    EXPECT_EQ(unknown.status, 404) << unknown.body;
    EXPECT_EQ(unknown.Json().at("error").at("error_subcode"), 33);
    auto malformed = client_->Post("/meta/whatsapp/v24.0/" + pn + "/messages", "{", kKey);
    EXPECT_EQ(malformed.status, 400) << malformed.body;
    EXPECT_TRUE(malformed.Json().at("error").at("code").is_int64());
}

}  // namespace
}  // namespace wharf::testing
