#include "api/json/contact_json.h"

#include <gtest/gtest.h>

namespace wharf::api {
namespace {

namespace bj = boost::json;

TEST(ContactJson, Shape) {
    domain::Contact c;
    c.id = ContactId("123e4567-e89b-12d3-a456-426614174000");
    c.phone_number_id = PhoneNumberId("110987654321");
    c.wa_id = "15551234567";
    c.profile_name = "John Doe";
    c.metadata = R"({"tier":"premium"})";
    c.created_at = c.updated_at = Timestamp(std::chrono::seconds(1'704'873'600));
    bj::object o = ContactToJson(c);
    EXPECT_EQ(o.at("id").as_string(), "123e4567-e89b-12d3-a456-426614174000");
    EXPECT_EQ(o.at("wa_id").as_string(), "15551234567");
    EXPECT_EQ(o.at("profile_name").as_string(), "John Doe");
    EXPECT_TRUE(o.at("display_name").is_null());
    EXPECT_TRUE(o.at("customer_id").is_null());
    EXPECT_TRUE(o.at("business_scoped_user_id").is_null());
    EXPECT_EQ(o.at("metadata").at("tier").as_string(), "premium");
    EXPECT_EQ(o.at("phone_number_id").as_string(), "110987654321");
    EXPECT_EQ(o.at("created_at").as_string(), "2024-01-10T08:00:00.000000Z");
    c.customer_id = CustomerId("550e8400-e29b-41d4-a716-446655440000");
    c.display_name = "John (VIP)";
    o = ContactToJson(c);
    EXPECT_EQ(o.at("customer_id").as_string(), "550e8400-e29b-41d4-a716-446655440000");
    EXPECT_EQ(o.at("display_name").as_string(), "John (VIP)");
}

TEST(ContactJson, CreateTakesEitherEnvelope) {
    for (const char* key : {"contact", "whatsapp_contact"}) {
        bj::object body{{key, bj::object{{"wa_id", "+15551234567"},
                                         {"phone_number_id", "42"},
                                         {"display_name", "VIP"},
                                         {"metadata", bj::object{{"a", 1}}}}}};
        auto in = ParseContactCreate(body);
        ASSERT_TRUE(in) << key << ": " << in.error().message;
        EXPECT_EQ(in->wa_id, "+15551234567");
        EXPECT_EQ(in->phone_number_id->value(), "42");
        EXPECT_EQ(in->display_name, "VIP");
        EXPECT_FALSE(in->profile_name);
        EXPECT_EQ(in->metadata, R"({"a":1})");
    }
}

TEST(ContactJson, CreateErrorsNameTheField) {
    auto missing = ParseContactCreate(bj::parse(R"({"contact":{"profile_name":"x"}})"));
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().field, "contact.wa_id");
    auto meta = ParseContactCreate(bj::parse(R"({"contact":{"wa_id":"1555","metadata":[1]}})"));
    ASSERT_FALSE(meta);
    EXPECT_EQ(meta.error().field, "contact.metadata");
    auto type = ParseContactCreate(bj::parse(R"({"contact":{"wa_id":15551234567}})"));
    ASSERT_FALSE(type);
    EXPECT_EQ(type.error().field, "contact.wa_id");
    EXPECT_FALSE(ParseContactCreate(bj::parse(R"({"wa_id":"15551234567"})")));
}

TEST(ContactJson, PatchKeepsAbsentClearsNull) {
    auto p = ParseContactPatch(bj::parse(R"({"display_name":"VIP","profile_name":null,
                                             "metadata":{"k":"v"}})"),
                               HistorySurface::kMetaProxy);
    ASSERT_TRUE(p);
    EXPECT_TRUE(p->display_name.has_value());
    EXPECT_EQ(p->display_name.value, "VIP");
    EXPECT_TRUE(p->profile_name.is_null());
    EXPECT_FALSE(p->customer_id.present());
    EXPECT_EQ(p->metadata.value, R"({"k":"v"})");
    auto platform =
        ParseContactPatch(bj::parse(R"({"contact":{"metadata":null}})"), HistorySurface::kPlatform);
    ASSERT_TRUE(platform);
    EXPECT_TRUE(platform->metadata.is_null());
    EXPECT_FALSE(ParseContactPatch(bj::parse(R"([1])"), HistorySurface::kMetaProxy));
    EXPECT_FALSE(
        ParseContactPatch(bj::parse(R"({"display_name":"x"})"), HistorySurface::kPlatform));
}

http::Request WithQuery(std::vector<std::pair<std::string, std::string>> q) {
    http::Request r;
    r.query = std::move(q);
    return r;
}

TEST(ParseContactQuery, FiltersOfBothSurfaces) {
    auto q = ParseContactQuery(WithQuery({{"wa_id", "+1 555 123 4567"},
                                          {"customer_id", "550e8400-e29b-41d4-a716-446655440000"},
                                          {"has_customer", "true"}}),
                               HistorySurface::kMetaProxy);
    ASSERT_TRUE(q);
    EXPECT_EQ(q->wa_id, "15551234567");
    EXPECT_EQ(q->customer_id->value(), "550e8400-e29b-41d4-a716-446655440000");
    EXPECT_EQ(q->has_customer, true);
    auto bad =
        ParseContactQuery(WithQuery({{"has_customer", "yes please"}}), HistorySurface::kMetaProxy);
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().field, "has_customer");
    auto unsupported =
        ParseContactQuery(WithQuery({{"wa_id_contains", "555"}}), HistorySurface::kPlatform);
    ASSERT_FALSE(unsupported);
    EXPECT_EQ(unsupported.error().field, "wa_id_contains");
}

}  // namespace
}  // namespace wharf::api
