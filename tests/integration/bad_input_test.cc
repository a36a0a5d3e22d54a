#include "tests/integration/fixture.h"

namespace wharf::testing {
namespace {

// Each class of bad input: the right status, the surface's error shape, nothing persisted, and
// the server still answering afterwards.
class BadInputTest : public ServerFixture {
protected:
    long long CustomerCount() {
        return client_->Get("/platform/v1/customers", kKey)
            .Json()
            .at("meta")
            .at("total_count")
            .as_int64();
    }
    void ExpectPlatformError(const TestResponse& r, int status) {
        EXPECT_EQ(r.status, status) << r.body;
        ASSERT_TRUE(r.Json().is_object()) << r.body;
        EXPECT_TRUE(r.Json().at("error").is_string()) << r.body;
        EXPECT_EQ(r.Header("content-type"), "application/json");
    }
};

TEST_F(BadInputTest, EachClassGetsItsStatusAndPersistsNothing) {
    struct Case {
        const char* what;
        std::string body;
        int status;
    };
    std::vector<Case> cases = {
        {"malformed JSON", R"({"customer":{"name":"x")", 400},
        {"not an object", R"(["customer"])", 400},
        {"missing envelope", R"({"name":"Acme"})", 400},
        {"envelope of the wrong type", R"({"customer":"Acme"})", 400},
        {"wrong type", R"({"customer":{"name":42}})", 422},
        {"blank name", R"({"customer":{"name":"   "}})", 422},
        {"missing name", R"({"customer":{}})", 422},
        {"over-long name", R"({"customer":{"name":")" + std::string(300, 'a') + R"("}})", 422},
        {"over-long external id",
         R"({"customer":{"name":"a","external_customer_id":")" + std::string(300, 'b') + R"("}})",
         422},
        {"deeply nested", std::string(100, '[') + std::string(100, ']'), 400},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.what);
        ExpectPlatformError(client_->Post("/platform/v1/customers", c.body, kKey), c.status);
    }
    EXPECT_EQ(CustomerCount(), 0);
    EXPECT_EQ(client_->Get("/healthz", "").status, 200);
}

TEST_F(BadInputTest, InvalidAndUnknownIdsAre404) {
    ExpectPlatformError(client_->Get("/platform/v1/customers/not-a-uuid", kKey), 404);
    ExpectPlatformError(
        client_->Get("/platform/v1/customers/6f1c2d1e-0000-4000-8000-000000000000", kKey), 404);
    ExpectPlatformError(
        client_->Patch("/platform/v1/customers/6f1c2d1e-0000-4000-8000-000000000000",
                       R"({"customer":{"name":"x"}})", kKey),
        404);
    ExpectPlatformError(client_->Get("/platform/v1/whatsapp/phone_numbers/abc", kKey), 404);
    ExpectPlatformError(client_->Get("/platform/v1/whatsapp/phone_numbers/123456", kKey), 404);
}

TEST_F(BadInputTest, OversizedBodiesAre413InBothSurfaces) {
    std::string big = R"({"customer":{"name":")" + std::string(70 * 1024, 'a') + R"("}})";
    ExpectPlatformError(client_->Post("/platform/v1/customers", big, kKey), 413);
    auto meta = client_->Send("GET", "/meta/whatsapp/v24.0/123", big, {{"X-API-Key", kKey}});
    EXPECT_EQ(meta.status, 413);
    EXPECT_TRUE(meta.Json().at("error").is_object());
    EXPECT_EQ(CustomerCount(), 0);
    // An unauthenticated oversized upload is refused for the key, before its body is read.
    auto anon = client_->Post("/platform/v1/customers", big, "");
    EXPECT_EQ(anon.status, 401);
}

TEST_F(BadInputTest, BadQueryParametersAre422) {
    ExpectPlatformError(client_->Get("/platform/v1/customers?page=0", kKey), 422);
    ExpectPlatformError(client_->Get("/platform/v1/customers?per_page=1000", kKey), 422);
    ExpectPlatformError(client_->Get("/platform/v1/customers?per_page=abc", kKey), 422);
    ExpectPlatformError(client_->Get("/platform/v1/customers?created_after=yesterday", kKey), 422);
    ExpectPlatformError(
        client_->Get("/platform/v1/whatsapp/phone_numbers?messaging_enabled=maybe", kKey), 422);
}

TEST_F(BadInputTest, EmptyBodiesWithJsonContentTypeAreAccepted) {
    // Scripts send Content-Type: application/json on body-less requests.
    std::string id = CreateCustomer("Acme");
    auto r = client_->Send("GET", "/platform/v1/customers/" + id, "",
                           {{"X-API-Key", kKey}, {"Content-Type", "application/json"}});
    EXPECT_EQ(r.status, 200);
    // An empty POST body is an empty object: the envelope is missing -> 400.
    ExpectPlatformError(client_->Post("/platform/v1/customers", "", kKey), 400);
}

}  // namespace
}  // namespace wharf::testing
