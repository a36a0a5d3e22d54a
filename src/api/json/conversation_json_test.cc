#include "api/json/conversation_json.h"

#include <gtest/gtest.h>

namespace wharf::api {
namespace {

namespace bj = boost::json;

const Timestamp kT{std::chrono::microseconds(1'705'329'000'000'000)};

service::ConversationView Sample() {
    service::ConversationView v;
    domain::Conversation& c = v.conversation;
    c.id = ConversationId("123e4567-e89b-12d3-a456-426614174000");
    c.phone_number_id = PhoneNumberId("110987654321");
    c.wa_id = "15551234567";
    c.status = domain::ConversationStatus::kActive;
    c.created_at = kT;
    c.updated_at = c.last_active_at = kT + std::chrono::microseconds(123456);
    c.last_inbound_at = kT;
    c.messages_count = 15;
    c.last_message_id = "wamid.X";
    c.last_message_type = "text";
    c.last_message_text = "Hello";
    c.last_message_at = kT;
    c.metadata = R"({"tags":["vip"]})";
    v.contact_name = "John Doe";
    v.phone_config_id = PhoneConfigId("456e7890-a12b-34c5-d678-901234567890");
    return v;
}

TEST(ConversationJson, FullShape) {
    bj::object o = ConversationToJson(Sample(), KapsoFields::All());
    EXPECT_EQ(o.at("id").as_string(), "123e4567-e89b-12d3-a456-426614174000");
    EXPECT_EQ(o.at("phone_number").as_string(), "15551234567");
    EXPECT_EQ(o.at("phone_number_id").as_string(), "110987654321");
    EXPECT_EQ(o.at("whatsapp_config_id").as_string(), "456e7890-a12b-34c5-d678-901234567890");
    EXPECT_EQ(o.at("status").as_string(), "active");
    EXPECT_EQ(o.at("last_active_at").as_string(), "2024-01-15T14:30:00.123456Z");
    EXPECT_EQ(o.at("created_at").as_string(), "2024-01-15T14:30:00.000000Z");
    EXPECT_EQ(o.at("metadata").at("tags").at(0).as_string(), "vip");
    EXPECT_TRUE(o.at("business_scoped_user_id").is_null());
    const bj::object& k = o.at("kapso").as_object();
    EXPECT_EQ(k.at("contact_name").as_string(), "John Doe");
    EXPECT_EQ(k.at("messages_count").as_int64(), 15);
    EXPECT_EQ(k.at("last_message_id").as_string(), "wamid.X");
    EXPECT_EQ(k.at("last_message_type").as_string(), "text");
    EXPECT_EQ(k.at("last_message_text").as_string(), "Hello");
    EXPECT_EQ(k.at("last_message_timestamp").as_string(), "2024-01-15T14:30:00.000000Z");
    EXPECT_EQ(k.at("last_inbound_at").as_string(), "2024-01-15T14:30:00.000000Z");
    EXPECT_TRUE(k.at("last_outbound_at").is_null());
}

TEST(ConversationJson, UnknownsAreNullAndFieldsSelect) {
    service::ConversationView v = Sample();
    v.contact_name.reset();
    v.phone_config_id.reset();
    v.conversation.status = domain::ConversationStatus::kEnded;
    bj::object o = ConversationToJson(v, *KapsoFields::Parse(std::string("kapso(contact_name)")));
    EXPECT_EQ(o.at("status").as_string(), "ended");
    EXPECT_FALSE(o.contains("whatsapp_config_id"));
    EXPECT_EQ(o.at("kapso").as_object().size(), 1u);
    EXPECT_TRUE(o.at("kapso").at("contact_name").is_null());
    EXPECT_FALSE(ConversationToJson(v, KapsoFields::None()).contains("kapso"));
}

TEST(ConversationJson, StatusBodiesOfBothSurfaces) {
    auto proxy =
        ParseConversationStatusBody(bj::parse(R"({"status":"ended"})"), HistorySurface::kMetaProxy);
    ASSERT_TRUE(proxy);
    EXPECT_EQ(*proxy, domain::ConversationStatus::kEnded);
    auto platform = ParseConversationStatusBody(
        bj::parse(R"({"whatsapp_conversation":{"status":"active"}})"), HistorySurface::kPlatform);
    ASSERT_TRUE(platform);
    EXPECT_EQ(*platform, domain::ConversationStatus::kActive);

    auto bad = ParseConversationStatusBody(bj::parse(R"({"status":"closed"})"),
                                           HistorySurface::kMetaProxy);
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().field, "status");
    auto missing = ParseConversationStatusBody(bj::parse(R"({"whatsapp_conversation":{}})"),
                                               HistorySurface::kPlatform);
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().field, "whatsapp_conversation.status");
    EXPECT_FALSE(
        ParseConversationStatusBody(bj::parse(R"({"status":"ended"})"), HistorySurface::kPlatform));
    EXPECT_FALSE(
        ParseConversationStatusBody(bj::parse(R"({"status":1})"), HistorySurface::kMetaProxy));
}

http::Request WithQuery(std::vector<std::pair<std::string, std::string>> q) {
    http::Request r;
    r.query = std::move(q);
    return r;
}

TEST(ParseConversationQuery, ProxyNamesAreInclusivePlatformNamesExclusive) {
    auto p = ParseConversationQuery(WithQuery({{"status", "active"},
                                               {"phone_number", "+1 555-123-4567"},
                                               {"last_active_since", "2024-01-15T00:00:00Z"},
                                               {"last_active_until", "2024-01-16T00:00:00Z"}}),
                                    HistorySurface::kMetaProxy);
    ASSERT_TRUE(p) << p.error().message;
    EXPECT_EQ(p->status, domain::ConversationStatus::kActive);
    EXPECT_EQ(p->wa_id, "15551234567");
    EXPECT_EQ(p->last_active_since->time_since_epoch().count(), 1'705'276'800'000'000);
    EXPECT_EQ(p->last_active_until->time_since_epoch().count(), 1'705'363'200'000'001);

    auto q = ParseConversationQuery(WithQuery({{"phone_number_id", "42"},
                                               {"last_active_after", "2024-01-15T00:00:00Z"},
                                               {"last_active_before", "2024-01-16T00:00:00Z"},
                                               {"unassigned", "true"}}),
                                    HistorySurface::kPlatform);
    ASSERT_TRUE(q) << q.error().message;
    EXPECT_EQ(q->phone_number_id->value(), "42");
    EXPECT_EQ(q->last_active_since->time_since_epoch().count(), 1'705'276'800'000'001);
    EXPECT_EQ(q->last_active_until->time_since_epoch().count(), 1'705'363'200'000'000);
}

TEST(ParseConversationQuery, BadOrUnsupportedFiltersNameTheParameter) {
    for (auto [key, value] : std::vector<std::pair<std::string, std::string>>{
             {"status", "open"},
             {"phone_number", "abc"},
             {"last_active_since", "soon"},
             {"unassigned", "maybe"},
             {"assigned_user_id", "123e4567-e89b-12d3-a456-426614174000"}}) {
        auto q = ParseConversationQuery(WithQuery({{key, value}}), HistorySurface::kMetaProxy);
        ASSERT_FALSE(q) << key;
        EXPECT_EQ(q.error().field, key);
    }
}

}  // namespace
}  // namespace wharf::api
