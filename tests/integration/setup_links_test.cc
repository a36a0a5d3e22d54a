#include "base/time_format.h"
#include "tests/integration/fixture.h"

namespace wharf::testing {
namespace {

class SetupLinksTest : public ServerFixture {
protected:
    TestResponse CreateLink(const std::string& customer, const std::string& body) {
        return client_->Post("/platform/v1/customers/" + customer + "/setup_links", body, kKey);
    }
};

TEST_F(SetupLinksTest, EmptyEnvelopeGetsKapsoDefaultsAndATokenOnlyOnCreate) {
    std::string c = CreateCustomer("Acme");
    auto r = CreateLink(c, R"({"setup_link":{}})");
    ASSERT_EQ(r.status, 201) << r.body;
    auto l = r.Json().at("data");
    EXPECT_EQ(l.at("status"), "active");
    EXPECT_EQ(l.at("meta_billing_mode"), "customer_managed");
    EXPECT_EQ(l.at("allowed_connection_types"),
              boost::json::parse(R"(["coexistence","dedicated"])"));
    EXPECT_EQ(l.at("phone_number_country_isos"), boost::json::parse(R"(["US"])"));
    EXPECT_EQ(l.at("provision_phone_number"), false);
    EXPECT_EQ(l.at("whatsapp_setup_status"), "pending");
    EXPECT_TRUE(l.at("theme_config").is_null());
    EXPECT_FALSE(l.at("token").as_string().empty());
    std::string url(l.at("url").as_string());
    EXPECT_EQ(url.rfind("http://127.0.0.1:" + std::to_string(app_->Port()) + "/whatsapp/setup/", 0),
              0u)
        << url;
    // expires_at = created_at + 30 days
    auto created = ParseIso8601(std::string(l.at("created_at").as_string()));
    auto expires = ParseIso8601(std::string(l.at("expires_at").as_string()));
    ASSERT_TRUE(created && expires);
    EXPECT_EQ(*expires - *created, std::chrono::hours(24 * 30));
    std::string id(l.at("id").as_string());
    auto got = client_->Get("/platform/v1/customers/" + c + "/setup_links/" + id, kKey);
    ASSERT_EQ(got.status, 200);
    EXPECT_FALSE(got.Json().at("data").as_object().contains("token"));
    auto list = client_->Get("/platform/v1/customers/" + c + "/setup_links", kKey);
    EXPECT_FALSE(list.Json().at("data").at(0).as_object().contains("token"));
}

TEST_F(SetupLinksTest, ANewLinkRevokesThePreviousActiveOne) {
    std::string c = CreateCustomer("Acme");
    std::string first(CreateLink(c, R"({"setup_link":{}})").Json().at("data").at("id").as_string());
    std::string second(CreateLink(c, R"({"setup_link":{"language":"es"}})")
                           .Json()
                           .at("data")
                           .at("id")
                           .as_string());
    auto a = client_->Get("/platform/v1/customers/" + c + "/setup_links/" + first, kKey);
    EXPECT_EQ(a.Json().at("data").at("status"), "revoked");
    auto active = client_->Get("/platform/v1/customers/" + c + "/setup_links?status=active", kKey);
    ASSERT_EQ(active.Json().at("data").as_array().size(), 1u);
    EXPECT_EQ(active.Json().at("data").at(0).at("id"), second);
    auto revoked =
        client_->Get("/platform/v1/customers/" + c + "/setup_links?status=revoked", kKey);
    EXPECT_EQ(revoked.Json().at("meta").at("total_count"), 1);
    EXPECT_EQ(
        client_->Get("/platform/v1/customers/" + c + "/setup_links?status=bogus", kKey).status,
        422);
}

TEST_F(SetupLinksTest, EveryDocumentedFieldIsValidated) {
    std::string c = CreateCustomer("Acme");
    const char* bad[] = {
        R"({"setup_link":{"theme_config":{"primary_color":"green"}}})",
        R"({"setup_link":{"theme_config":{"unknown_color":"#112233"}}})",
        R"({"setup_link":{"theme_config":{"primary_color":12}}})",
        R"({"setup_link":{"language":"fr"}})",
        R"({"setup_link":{"allowed_connection_types":["telepathy"]}})",
        R"({"setup_link":{"allowed_connection_types":[]}})",
        R"({"setup_link":{"phone_number_country_isos":["us"]}})",
        R"({"setup_link":{"phone_number_country_isos":["XX"]}})",
        R"x({"setup_link":{"success_redirect_url":"javascript:alert(1)"}})x",
        R"({"setup_link":{"failure_redirect_url":"ftp://x.example"}})",
        R"({"setup_link":{"meta_billing_mode":"free"}})",
        R"({"setup_link":{"provision_phone_number":"yes"}})",
        R"({"setup_link":{"reconnect_phone_number":"+1 555 000 0000"}})",
        R"({"setup_link":{"phone_number_area_code":"12"}})",
    };
    for (const char* body : bad) {
        auto r = CreateLink(c, body);
        EXPECT_EQ(r.status, 422) << body << " -> " << r.body;
        EXPECT_TRUE(r.Json().at("error").is_string());
    }
    auto none = client_->Get("/platform/v1/customers/" + c + "/setup_links", kKey);
    EXPECT_EQ(none.Json().at("meta").at("total_count"), 0);
    EXPECT_EQ(CreateLink(c, R"({"link":{}})").status, 400);
}

TEST_F(SetupLinksTest, PatchUpdatesAndRefusesUsed) {
    std::string c = CreateCustomer("Acme");
    std::string id(CreateLink(c, R"({"setup_link":{}})").Json().at("data").at("id").as_string());
    std::string path = "/platform/v1/customers/" + c + "/setup_links/" + id;
    auto p = client_->Patch(
        path, R"({"setup_link":{"theme_config":{"primary_color":"#112233"},"language":"pt"}})",
        kKey);
    ASSERT_EQ(p.status, 200) << p.body;
    EXPECT_EQ(p.Json().at("data").at("theme_config").at("primary_color"), "#112233");
    EXPECT_EQ(p.Json().at("data").at("language"), "pt");
    EXPECT_EQ(client_->Patch(path, R"({"setup_link":{"status":"used"}})", kKey).status, 422);
    EXPECT_EQ(client_->Patch(path, R"({"setup_link":{"expires_at":"soon"}})", kKey).status, 422);
    auto expired =
        client_->Patch(path, R"({"setup_link":{"expires_at":"2001-01-01T00:00:00Z"}})", kKey);
    ASSERT_EQ(expired.status, 200) << expired.body;
    EXPECT_EQ(expired.Json().at("data").at("status"), "expired");
    // Re-activation needs a future expiry (given, or extended by 30 days).
    auto active = client_->Patch(path, R"({"setup_link":{"status":"active"}})", kKey);
    ASSERT_EQ(active.status, 200) << active.body;
    EXPECT_EQ(active.Json().at("data").at("status"), "active");
    auto revoked = client_->Patch(path, R"({"setup_link":{"status":"revoked"}})", kKey);
    ASSERT_EQ(revoked.status, 200) << revoked.body;
    EXPECT_EQ(revoked.Json().at("data").at("status"), "revoked");
}

}  // namespace
}  // namespace wharf::testing
