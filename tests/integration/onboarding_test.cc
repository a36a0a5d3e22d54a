#include <atomic>
#include <thread>

#include "domain/project/project.h"
#include "http/request.h"
#include "tests/integration/fixture.h"

namespace wharf::testing {
namespace {

// The setup link's public page, end to end over HTTP: fetch, submit, follow the redirect.
class OnboardingTest : public ServerFixture {
protected:
    // Creates a link; returns {id, path of its page}.
    std::pair<std::string, std::string> MakeLink(const std::string& customer,
                                                 const std::string& body) {
        auto r = client_->Post("/platform/v1/customers/" + customer + "/setup_links", body, kKey);
        EXPECT_EQ(r.status, 201) << r.body;
        auto d = r.Json().at("data");
        std::string url(d.at("url").as_string());
        std::string path = url.substr(url.find("/whatsapp/setup/"));
        return {std::string(d.at("id").as_string()), path};
    }
    TestResponse Submit(const std::string& path, const std::string& form) {
        return client_->Send("POST", path, form,
                             {{"Content-Type", "application/x-www-form-urlencoded"}});
    }
    static std::map<std::string, std::string> QueryOf(const std::string& url) {
        std::map<std::string, std::string> out;
        std::string path;
        std::vector<std::pair<std::string, std::string>> q;
        http::ParseTarget(url.substr(url.find('/', 8)), path, q);
        for (auto& [k, v] : q) {
            out[k] = v;
        }
        return out;
    }
};

TEST_F(OnboardingTest, CompletingThePageConnectsANumberForTheCustomer) {
    std::string c = CreateCustomer("Acme Corp");
    auto [link_id, path] =
        MakeLink(c, R"({"setup_link":{"success_redirect_url":"https://app.example.com/done?x=1",
               "provision_phone_number":true,"phone_number_area_code":"415",
               "theme_config":{"primary_color":"#123456"}}})");
    auto page = client_->Get(path, "");
    ASSERT_EQ(page.status, 200);
    EXPECT_NE(page.Header("content-type").find("text/html"), std::string::npos);
    EXPECT_NE(page.body.find("#123456"), std::string::npos);
    EXPECT_NE(page.body.find("name=\"connection_type\""), std::string::npos);
    EXPECT_NE(page.body.find("Acme Corp"), std::string::npos);

    auto done = Submit(path, "connection_type=dedicated");
    ASSERT_EQ(done.status, 303) << done.body;
    std::string location = done.Header("location");
    ASSERT_EQ(location.rfind("https://app.example.com/done?x=1&", 0), 0u) << location;
    auto q = QueryOf(location);
    EXPECT_EQ(q["setup_link_id"], link_id);
    EXPECT_EQ(q["status"], "completed");
    EXPECT_FALSE(q["phone_number_id"].empty());
    EXPECT_FALSE(q["business_account_id"].empty());
    EXPECT_FALSE(q["provisioned_phone_number_id"].empty());
    EXPECT_EQ(q["display_phone_number"].rfind("+1 415", 0), 0u) << q["display_phone_number"];
    EXPECT_NE(location.find("display_phone_number=%2B1"), std::string::npos);

    // The number is listed for the customer, and the link is used.
    auto numbers = client_->Get("/platform/v1/whatsapp/phone_numbers?customer_id=" + c, kKey);
    ASSERT_EQ(numbers.Json().at("meta").at("total_count"), 1) << numbers.body;
    auto n = numbers.Json().at("data").at(0);
    EXPECT_EQ(n.at("phone_number_id"), q["phone_number_id"]);
    EXPECT_EQ(n.at("business_account_id"), q["business_account_id"]);
    EXPECT_EQ(n.at("is_coexistence"), false);
    auto link = client_->Get("/platform/v1/customers/" + c + "/setup_links/" + link_id, kKey);
    auto l = link.Json().at("data");
    EXPECT_EQ(l.at("status"), "used");
    EXPECT_EQ(l.at("whatsapp_setup_status"), "completed");
    EXPECT_EQ(l.at("provisioned_phone_number").at("id"), q["provisioned_phone_number_id"]);
    EXPECT_EQ(l.at("provisioned_phone_number").at("area_code"), "415");

    // A whatsapp.phone_number.created event waits in the outbox for the webhooks.
    auto project = Db().Projects().FindActiveApiKeyByHash(domain::HashApiKey(kKey))->project_id;
    auto events = Db().Events().List(project, 10);
    ASSERT_TRUE(events);
    ASSERT_EQ(events->size(), 1u);
    EXPECT_EQ((*events)[0].type, "whatsapp.phone_number.created");
    auto payload = boost::json::parse((*events)[0].payload);
    EXPECT_EQ(payload.at("phone_number_id"), q["phone_number_id"]);
    EXPECT_EQ(payload.at("customer").at("id"), c);

    // Another project sees none of it.
    std::string other = CreateOtherProjectKey();
    EXPECT_EQ(client_->Get("/platform/v1/whatsapp/phone_numbers", other)
                  .Json()
                  .at("meta")
                  .at("total_count"),
              0);
    EXPECT_EQ(
        client_->Get("/platform/v1/whatsapp/phone_numbers/" + q["phone_number_id"], other).status,
        404);

    // The link cannot be used twice.
    auto again = Submit(path, "connection_type=dedicated");
    EXPECT_EQ(again.status, 410);
    EXPECT_NE(again.body.find("already_used"), std::string::npos);
}

TEST_F(OnboardingTest, WithoutRedirectsTheResultIsAPage) {
    std::string c = CreateCustomer("Shop");
    auto [link_id, path] =
        MakeLink(c, R"({"setup_link":{"allowed_connection_types":["coexistence"]}})");
    auto done = Submit(path, "connection_type=coexistence");
    ASSERT_EQ(done.status, 200) << done.body;
    EXPECT_NE(done.body.find("result-success"), std::string::npos);
    auto n = client_->Get("/platform/v1/whatsapp/phone_numbers?customer_id=" + c, kKey)
                 .Json()
                 .at("data")
                 .at(0);
    EXPECT_EQ(n.at("is_coexistence"), true);
    EXPECT_NE(done.body.find(std::string(n.at("phone_number_id").as_string())), std::string::npos);
}

TEST_F(OnboardingTest, FailuresRedirectWithAnErrorCode) {
    std::string c = CreateCustomer("Shop");
    auto [link_id, path] =
        MakeLink(c, R"({"setup_link":{"failure_redirect_url":"https://app.example.com/failed"}})");
    ASSERT_EQ(client_
                  ->Patch("/platform/v1/customers/" + c + "/setup_links/" + link_id,
                          R"({"setup_link":{"expires_at":"2001-01-01T00:00:00Z"}})", kKey)
                  .status,
              200);
    auto r = Submit(path, "connection_type=dedicated");
    ASSERT_EQ(r.status, 303);
    auto q = QueryOf(r.Header("location"));
    EXPECT_EQ(q["error_code"], "link_expired");
    EXPECT_EQ(q["setup_link_id"], link_id);
    EXPECT_EQ(client_->Get(path, "").status, 410);
    EXPECT_EQ(client_->Get("/platform/v1/whatsapp/phone_numbers?customer_id=" + c, kKey)
                  .Json()
                  .at("meta")
                  .at("total_count"),
              0);
}

TEST_F(OnboardingTest, ATypeTheLinkDoesNotOfferIsRefusedOnThePage) {
    std::string c = CreateCustomer("Shop");
    auto [link_id, path] =
        MakeLink(c, R"({"setup_link":{"allowed_connection_types":["dedicated"]}})");
    auto r = Submit(path, "connection_type=coexistence");
    EXPECT_EQ(r.status, 422);
    EXPECT_NE(r.body.find("<form"), std::string::npos);
    EXPECT_EQ(client_->Get(path, "").status, 200);  // still usable
    EXPECT_EQ(client_->Get("/whatsapp/setup/doesnotexist", "").status, 404);
}

TEST_F(OnboardingTest, ConcurrentSubmitsCompleteALinkOnce) {
    std::string c = CreateCustomer("Race");
    auto [link_id, path] = MakeLink(c, R"({"setup_link":{}})");
    std::vector<std::thread> threads;
    std::atomic<int> ok{0};
    for (int i = 0; i < 6; ++i) {
        threads.emplace_back([&, p = path] {
            TestClient cl(app_->Port());
            auto r = cl.Send("POST", p, "connection_type=dedicated",
                             {{"Content-Type", "application/x-www-form-urlencoded"}});
            if (r.status == 200) {
                ++ok;
            }
        });
    }
    for (auto& t : threads) {
        t.join();
    }
    EXPECT_EQ(ok.load(), 1);
    EXPECT_EQ(client_->Get("/platform/v1/whatsapp/phone_numbers?customer_id=" + c, kKey)
                  .Json()
                  .at("meta")
                  .at("total_count"),
              1);
}

}  // namespace
}  // namespace wharf::testing
