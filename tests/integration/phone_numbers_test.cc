#include <fstream>
#include <sstream>

#include "domain/project/project.h"
#include "tests/integration/fixture.h"

namespace wharf::testing {
namespace {

class PhoneNumbersTest : public ServerFixture {
protected:
    TestResponse Connect(const std::string& customer, const std::string& body,
                         const std::string& key = kKey) {
        return client_->Post("/platform/v1/customers/" + customer + "/whatsapp/phone_numbers", body,
                             key);
    }
    static constexpr const char* kToken = "EAAGsecretTOKENvalue123456789";
    std::string ConnectBody(const std::string& pn, const std::string& waba = "98765432109") {
        return R"({"whatsapp_phone_number":{"name":"Support Line","phone_number_id":")" + pn +
               R"(","business_account_id":")" + waba + R"(","access_token":")" + kToken +
               R"(","webhook_verify_token":"verify-me"}})";
    }
};

TEST_F(PhoneNumbersTest, ConnectingSealsTheTokenAndNeverReturnsIt) {
    std::string c = CreateCustomer("Acme");
    auto r = Connect(c, ConnectBody("1234567890"));
    ASSERT_EQ(r.status, 201) << r.body;
    auto n = r.Json().at("data");
    EXPECT_EQ(n.at("id"), "1234567890");
    EXPECT_EQ(n.at("phone_number_id"), "1234567890");
    EXPECT_EQ(n.at("business_account_id"), "98765432109");
    EXPECT_EQ(n.at("customer_id"), c);
    EXPECT_EQ(n.at("inbound_processing_enabled"), true);
    EXPECT_EQ(n.at("calls_enabled"), false);
    EXPECT_TRUE(n.at("internal_id").is_string());
    EXPECT_EQ(r.body.find(kToken), std::string::npos);
    EXPECT_EQ(r.body.find("verify-me"), std::string::npos);
    auto got = client_->Get("/platform/v1/whatsapp/phone_numbers/1234567890", kKey);
    EXPECT_EQ(got.body.find(kToken), std::string::npos);
    // Sealed at rest: the token's text is nowhere in the database files.
    app_.reset();
    for (const char* f : {"wharf.db", "wharf.db-wal"}) {
        std::ifstream in(dir_ / f, std::ios::binary);
        std::stringstream bytes;
        bytes << in.rdbuf();
        EXPECT_EQ(bytes.str().find(kToken), std::string::npos) << f;
    }
}

TEST_F(PhoneNumbersTest, DuplicatesAndInvalidBodiesAreRefused) {
    std::string c = CreateCustomer("Acme");
    ASSERT_EQ(Connect(c, ConnectBody("1234567890")).status, 201);
    auto dup = Connect(c, ConnectBody("1234567890"));
    EXPECT_EQ(dup.status, 409);
    EXPECT_TRUE(dup.Json().at("error").is_string());
    EXPECT_EQ(Connect(c, R"({"whatsapp_phone_number":{"name":"x"}})").status, 422);
    EXPECT_EQ(
        Connect(
            c,
            R"({"whatsapp_phone_number":{"name":"x","phone_number_id":"12a","business_account_id":"1","access_token":"t"}})")
            .status,
        422);
    EXPECT_EQ(
        Connect(
            c,
            R"({"whatsapp_phone_number":{"name":"x","phone_number_id":"12","business_account_id":"1","access_token":"t","kind":"beta"}})")
            .status,
        422);
    EXPECT_EQ(Connect(c, R"({"number":{}})").status, 400);
    EXPECT_EQ(Connect("6f1c2d1e-0000-4000-8000-000000000000", ConnectBody("555")).status, 404);
    // Only the bootstrap sandbox number and the one connected above.
    EXPECT_EQ(client_->Get("/platform/v1/whatsapp/phone_numbers", kKey)
                  .Json()
                  .at("meta")
                  .at("total_count"),
              2);
}

TEST_F(PhoneNumbersTest, ListFiltersPatchHealthAndDelete) {
    std::string c = CreateCustomer("Acme");
    ASSERT_EQ(Connect(c, ConnectBody("111111", "900")).status, 201);
    ASSERT_EQ(Connect(c, ConnectBody("222222", "901")).status, 201);
    auto by_waba =
        client_->Get("/platform/v1/whatsapp/phone_numbers?business_account_id=901", kKey);
    ASSERT_EQ(by_waba.Json().at("meta").at("total_count"), 1);
    EXPECT_EQ(by_waba.Json().at("data").at(0).at("phone_number_id"), "222222");
    auto by_pn = client_->Get("/platform/v1/whatsapp/phone_numbers?phone_number_id=111111", kKey);
    EXPECT_EQ(by_pn.Json().at("meta").at("total_count"), 1);

    auto p =
        client_->Patch("/platform/v1/whatsapp/phone_numbers/111111",
                       R"({"whatsapp_phone_number":{"name":"Sales","calls_enabled":true}})", kKey);
    ASSERT_EQ(p.status, 200) << p.body;
    EXPECT_EQ(p.Json().at("data").at("name"), "Sales");
    EXPECT_EQ(p.Json().at("data").at("calls_enabled"), true);
    EXPECT_EQ(client_
                  ->Patch("/platform/v1/whatsapp/phone_numbers/111111",
                          R"({"whatsapp_phone_number":{"access_token":null}})", kKey)
                  .status,
              422);

    auto h = client_->Get("/platform/v1/whatsapp/phone_numbers/111111/health", kKey);
    ASSERT_EQ(h.status, 200) << h.body;
    auto health = h.Json();
    EXPECT_FALSE(health.as_object().contains("data"));  // bare shape
    EXPECT_TRUE(health.at("status").is_string());
    EXPECT_TRUE(health.at("timestamp").is_string());
    EXPECT_EQ(health.at("checks").at("phone_number_access").at("passed"), true);
    EXPECT_EQ(health.at("checks").at("phone_number_connection").at("details").at("status"),
              "CONNECTED");

    EXPECT_EQ(client_->Delete("/platform/v1/whatsapp/phone_numbers/111111", kKey).status, 204);
    EXPECT_EQ(client_->Get("/platform/v1/whatsapp/phone_numbers/111111", kKey).status, 404);
    EXPECT_EQ(client_->Delete("/platform/v1/whatsapp/phone_numbers/111111", kKey).status, 404);
    auto project = Db().Projects().FindActiveApiKeyByHash(domain::HashApiKey(kKey))->project_id;
    auto events = Db().Events().List(project, 10);
    ASSERT_EQ(events->size(), 3u);
    EXPECT_EQ(events->back().type, "whatsapp.phone_number.deleted");
}

TEST_F(PhoneNumbersTest, OtherProjectsCannotReadChangeOrDelete) {
    std::string c = CreateCustomer("Acme");
    ASSERT_EQ(Connect(c, ConnectBody("333333")).status, 201);
    std::string other = CreateOtherProjectKey();
    EXPECT_EQ(client_->Get("/platform/v1/whatsapp/phone_numbers/333333", other).status, 404);
    EXPECT_EQ(client_->Get("/platform/v1/whatsapp/phone_numbers/333333/health", other).status, 404);
    EXPECT_EQ(client_
                  ->Patch("/platform/v1/whatsapp/phone_numbers/333333",
                          R"({"whatsapp_phone_number":{"name":"Hijack"}})", other)
                  .status,
              404);
    EXPECT_EQ(client_->Delete("/platform/v1/whatsapp/phone_numbers/333333", other).status, 404);
    EXPECT_EQ(client_->Get("/platform/v1/whatsapp/phone_numbers/333333", kKey)
                  .Json()
                  .at("data")
                  .at("name"),
              "Support Line");
}

}  // namespace
}  // namespace wharf::testing
