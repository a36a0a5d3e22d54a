#include "base/clock.h"
#include "service/project_service.h"
#include "tests/integration/fixture.h"

namespace wharf::testing {
namespace {

class HealthAuthTest : public ServerFixture {};

TEST_F(HealthAuthTest, HealthAndReadinessNeedNoKey) {
    auto h = client_->Get("/healthz", "");
    EXPECT_EQ(h.status, 200);
    EXPECT_EQ(h.Json().at("status"), "ok");
    EXPECT_EQ(h.Header("content-type"), "application/json");
    auto r = client_->Get("/readyz", "");
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.Json().at("status"), "ready");
}

TEST_F(HealthAuthTest, PlatformRefusesMissingAndWrongKeysInItsShape) {
    for (const std::string& key : {std::string(), std::string("wharf_nope")}) {
        auto r = client_->Get("/platform/v1/customers", key);
        EXPECT_EQ(r.status, 401);
        ASSERT_TRUE(r.Json().at("error").is_string()) << r.body;
        EXPECT_EQ(r.Header("content-type"), "application/json");
    }
    // Bearer is a Meta-surface alias only.
    auto bearer = client_->Send("GET", "/platform/v1/customers", "",
                                {{"Authorization", std::string("Bearer ") + kKey}});
    EXPECT_EQ(bearer.status, 401);
}

TEST_F(HealthAuthTest, MetaRefusesWithGraphCode190AndAcceptsBearer) {
    auto pn = app_->Bootstrap().sandbox_phone_number_id->value();
    auto r = client_->Get("/meta/whatsapp/v24.0/" + pn, "");
    EXPECT_EQ(r.status, 401);
    auto err = r.Json().at("error");
    EXPECT_EQ(err.at("code"), 190);
    EXPECT_EQ(err.at("type"), "OAuthException");
    EXPECT_TRUE(err.at("message").is_string());
    EXPECT_FALSE(err.at("fbtrace_id").as_string().empty());
    auto ok = client_->Send("GET", "/meta/whatsapp/v23.0/" + pn, "",
                            {{"Authorization", std::string("Bearer ") + kKey}});
    EXPECT_EQ(ok.status, 200) << ok.body;
}

TEST_F(HealthAuthTest, RequestIdIsEchoedOrMade) {
    auto mine = client_->Send("GET", "/healthz", "", {{"X-Request-Id", "trace-123"}});
    EXPECT_EQ(mine.Header("x-request-id"), "trace-123");
    auto made = client_->Send("GET", "/healthz", "", {{"X-Request-Id", "bad id with spaces"}});
    EXPECT_FALSE(made.Header("x-request-id").empty());
    EXPECT_NE(made.Header("x-request-id"), "bad id with spaces");
}

TEST_F(HealthAuthTest, RevokedKeysStopWorkingOnTheRunningServer) {
    std::string other = CreateOtherProjectKey();
    EXPECT_EQ(client_->Get("/platform/v1/customers", other).status, 200);
    SystemClock clock;
    service::ProjectService projects(Db(), clock);
    ASSERT_TRUE(projects.RevokeApiKeyByText(other));
    EXPECT_EQ(client_->Get("/platform/v1/customers", other).status, 401);
    EXPECT_EQ(client_->Get("/platform/v1/customers", kKey).status, 200);
}

TEST_F(HealthAuthTest, BootstrapHappensOnceAndKeepsTheKeyFile) {
    const auto& boot = app_->Bootstrap();
    EXPECT_TRUE(boot.first_start);
    EXPECT_EQ(boot.api_key, std::string(kKey));
    ASSERT_TRUE(boot.sandbox_phone_number_id);
    auto key_file = dir_ / "bootstrap-api-key";
    ASSERT_TRUE(std::filesystem::exists(key_file));
    auto perms = std::filesystem::status(key_file).permissions();
    EXPECT_EQ(perms & std::filesystem::perms::group_all, std::filesystem::perms::none);
    EXPECT_EQ(perms & std::filesystem::perms::others_all, std::filesystem::perms::none);
    std::string pn = boot.sandbox_phone_number_id->value();
    Restart();
    EXPECT_FALSE(app_->Bootstrap().first_start);
    EXPECT_EQ(app_->Bootstrap().sandbox_phone_number_id->value(), pn);
    auto list = client_->Get("/platform/v1/whatsapp/phone_numbers", kKey);
    EXPECT_EQ(list.Json().at("meta").at("total_count"), 1);
}

TEST_F(HealthAuthTest, UnknownRoutesAndMethodsAnswerInTheSurfaceShape) {
    auto p = client_->Get("/platform/v1/nothing-here", kKey);
    EXPECT_EQ(p.status, 404);
    EXPECT_TRUE(p.Json().at("error").is_string());
    auto m = client_->Send("PUT", "/platform/v1/customers", "{}", {{"X-API-Key", kKey}});
    EXPECT_EQ(m.status, 405);
    EXPECT_NE(m.Header("allow").find("GET"), std::string::npos);
    auto g = client_->Get("/meta/whatsapp/v24.0/1/2/3/4", kKey);
    EXPECT_EQ(g.status, 404);
    EXPECT_TRUE(g.Json().at("error").is_object());
}

}  // namespace
}  // namespace wharf::testing
