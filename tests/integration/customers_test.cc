#include "tests/integration/fixture.h"

namespace wharf::testing {
namespace {

class CustomersTest : public ServerFixture {};

TEST_F(CustomersTest, CreateGetPatchDeleteRoundTrip) {
    auto created =
        client_->Post("/platform/v1/customers",
                      R"({"customer":{"name":"Acme Corp","external_customer_id":"cus_1"}})", kKey);
    ASSERT_EQ(created.status, 201) << created.body;
    auto c = created.Json().at("data");
    std::string id(c.at("id").as_string());
    EXPECT_EQ(c.at("name"), "Acme Corp");
    EXPECT_EQ(c.at("external_customer_id"), "cus_1");
    EXPECT_TRUE(c.at("created_at").is_string());

    auto got = client_->Get("/platform/v1/customers/" + id, kKey);
    EXPECT_EQ(got.status, 200);
    EXPECT_EQ(got.Json().at("data"), c);

    auto patched =
        client_->Patch("/platform/v1/customers/" + id,
                       R"({"customer":{"name":"Acme Inc","external_customer_id":null}})", kKey);
    ASSERT_EQ(patched.status, 200) << patched.body;
    EXPECT_EQ(patched.Json().at("data").at("name"), "Acme Inc");
    EXPECT_TRUE(patched.Json().at("data").at("external_customer_id").is_null());

    auto del = client_->Delete("/platform/v1/customers/" + id, kKey);
    EXPECT_EQ(del.status, 204);
    EXPECT_TRUE(del.body.empty());
    EXPECT_EQ(client_->Get("/platform/v1/customers/" + id, kKey).status, 404);
}

TEST_F(CustomersTest, ListFiltersAndPages) {
    for (int i = 0; i < 5; ++i) {
        CreateCustomer("Shop " + std::to_string(i));
    }
    CreateCustomer("Bakery");
    auto page = client_->Get("/platform/v1/customers?per_page=2&page=2&name_contains=shop", kKey);
    ASSERT_EQ(page.status, 200) << page.body;
    auto body = page.Json();
    EXPECT_EQ(body.at("data").as_array().size(), 2u);
    EXPECT_EQ(body.at("meta").at("total_count"), 5);
    EXPECT_EQ(body.at("meta").at("total_pages"), 3);
    EXPECT_EQ(body.at("meta").at("page"), 2);
    EXPECT_EQ(page.Header("x-total"), "5");
    EXPECT_EQ(page.Header("x-total-pages"), "3");
    EXPECT_EQ(page.Header("x-per-page"), "2");
    EXPECT_EQ(page.Header("x-page"), "2");
    EXPECT_NE(page.Header("link").find("rel=\"next\""), std::string::npos);
    // Newest first: page 1 starts with Shop 4.
    auto first = client_->Get("/platform/v1/customers?per_page=1&name_contains=SHOP", kKey);
    EXPECT_EQ(first.Json().at("data").at(0).at("name"), "Shop 4");

    auto by_ext =
        client_->Post("/platform/v1/customers",
                      R"({"customer":{"name":"Ext","external_customer_id":"x-9"}})", kKey);
    ASSERT_EQ(by_ext.status, 201);
    auto found = client_->Get("/platform/v1/customers?external_customer_id=x-9", kKey);
    EXPECT_EQ(found.Json().at("meta").at("total_count"), 1);
    auto future = client_->Get("/platform/v1/customers?created_after=2999-01-01T00:00:00Z", kKey);
    EXPECT_EQ(future.Json().at("meta").at("total_count"), 0);
    auto past = client_->Get("/platform/v1/customers?created_before=2000-01-01", kKey);
    EXPECT_EQ(past.Json().at("meta").at("total_count"), 0);
}

TEST_F(CustomersTest, AnotherProjectSeesNoneOfItAndCannotTouchIt) {
    std::string id = CreateCustomer("Mine");
    std::string other = CreateOtherProjectKey();
    EXPECT_EQ(client_->Get("/platform/v1/customers", other).Json().at("meta").at("total_count"), 0);
    EXPECT_EQ(client_->Get("/platform/v1/customers/" + id, other).status, 404);
    EXPECT_EQ(client_->Patch("/platform/v1/customers/" + id, R"({"customer":{"name":"x"}})", other)
                  .status,
              404);
    EXPECT_EQ(client_->Delete("/platform/v1/customers/" + id, other).status, 404);
    EXPECT_EQ(
        client_
            ->Post("/platform/v1/customers/" + id + "/setup_links", R"({"setup_link":{}})", other)
            .status,
        404);
    // Still there, unchanged, for its owner.
    auto mine = client_->Get("/platform/v1/customers/" + id, kKey);
    EXPECT_EQ(mine.status, 200);
    EXPECT_EQ(mine.Json().at("data").at("name"), "Mine");
}

}  // namespace
}  // namespace wharf::testing
