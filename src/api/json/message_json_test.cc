#include "api/json/message_json.h"

#include <gtest/gtest.h>

#include "base/time_format.h"

namespace wharf::api {
namespace {

namespace bj = boost::json;

const Timestamp kT{std::chrono::seconds(1'705'328'096)};

service::MessageView Inbound() {
    service::MessageView v;
    domain::Message& m = v.message;
    m.wamid = "wamid.IN";
    m.phone_number_id = PhoneNumberId("110987654321");
    m.conversation_id = ConversationId("123e4567-e89b-12d3-a456-426614174000");
    m.contact_id = ContactId("c1");
    m.wa_id = "15551234567";
    m.direction = domain::MessageDirection::kInbound;
    m.type = "text";
    m.payload = R"({"body":"Hello!"})";
    m.status = "received";
    m.origin = "sandbox";
    m.content = "Hello!";
    m.created_at = m.updated_at = kT;
    v.contact_name = "John Doe";
    return v;
}

service::MessageView OutboundImage() {
    service::MessageView v = Inbound();
    domain::Message& m = v.message;
    m.wamid = "wamid.OUT";
    m.direction = domain::MessageDirection::kOutbound;
    m.type = "image";
    m.payload = R"({"link":"https://example.com/a.jpg","caption":"Shipped!"})";
    m.status = "accepted";
    m.has_media = true;
    m.content = "[image] Shipped!";
    m.statuses = R"([{"id":"wamid.OUT","status":"sent","timestamp":"1705328100"}])";
    return v;
}

TEST(MessageJson, InboundTextInMetasShapeWithKapso) {
    bj::object o = MessageToJson(Inbound(), KapsoFields::All(), HistorySurface::kMetaProxy);
    EXPECT_EQ(o.at("id").as_string(), "wamid.IN");
    EXPECT_EQ(o.at("timestamp").as_string(), "1705328096");
    EXPECT_EQ(o.at("type").as_string(), "text");
    EXPECT_EQ(o.at("from").as_string(), "15551234567");
    EXPECT_TRUE(o.at("to").is_null());
    EXPECT_EQ(o.at("text").at("body").as_string(), "Hello!");
    EXPECT_FALSE(o.contains("context"));
    const bj::object& k = o.at("kapso").as_object();
    EXPECT_EQ(k.at("direction").as_string(), "inbound");
    EXPECT_EQ(k.at("status").as_string(), "delivered");
    EXPECT_EQ(k.at("processing_status").as_string(), "completed");
    EXPECT_EQ(k.at("origin").as_string(), "cloud_api");
    EXPECT_EQ(k.at("phone_number").as_string(), "+15551234567");
    EXPECT_EQ(k.at("phone_number_id").as_string(), "110987654321");
    EXPECT_EQ(k.at("has_media").as_bool(), false);
    EXPECT_EQ(k.at("whatsapp_conversation_id").as_string(), "123e4567-e89b-12d3-a456-426614174000");
    EXPECT_EQ(k.at("contact_name").as_string(), "John Doe");
    EXPECT_EQ(k.at("content").as_string(), "Hello!");
    EXPECT_TRUE(k.at("statuses").as_array().empty());
    EXPECT_FALSE(k.contains("media_data"));
    EXPECT_FALSE(k.contains("message_type_data"));
}

TEST(MessageJson, PlatformSpellsProcessingStatusAndPhoneNumberItsWay) {
    bj::object o = MessageToJson(Inbound(), KapsoFields::All(), HistorySurface::kPlatform);
    EXPECT_EQ(o.at("kapso").at("processing_status").as_string(), "processed");
    EXPECT_EQ(o.at("kapso").at("phone_number").as_string(), "15551234567");
}

TEST(MessageJson, OutboundMediaHasMediaFieldsAndRawStatuses) {
    bj::object o = MessageToJson(OutboundImage(), KapsoFields::All(), HistorySurface::kMetaProxy);
    EXPECT_TRUE(o.at("from").is_null());
    EXPECT_EQ(o.at("to").as_string(), "15551234567");
    EXPECT_EQ(o.at("image").at("caption").as_string(), "Shipped!");
    const bj::object& k = o.at("kapso").as_object();
    EXPECT_EQ(k.at("status").as_string(), "pending");
    EXPECT_EQ(k.at("has_media").as_bool(), true);
    EXPECT_EQ(k.at("media_url").as_string(), "https://example.com/a.jpg");
    EXPECT_EQ(k.at("media_data").at("url").as_string(), "https://example.com/a.jpg");
    EXPECT_EQ(k.at("message_type_data").at("caption").as_string(), "Shipped!");
    EXPECT_EQ(k.at("message_type_data").at("has_media").as_bool(), true);
    ASSERT_EQ(k.at("statuses").as_array().size(), 1u);
    EXPECT_EQ(k.at("statuses").at(0).at("status").as_string(), "sent");
}

TEST(MessageJson, FieldsSelectKapsoEntries) {
    auto some = KapsoFields::Parse(std::string("kapso(status,content)"));
    bj::object o = MessageToJson(OutboundImage(), *some, HistorySurface::kMetaProxy);
    const bj::object& k = o.at("kapso").as_object();
    EXPECT_EQ(k.size(), 2u);
    EXPECT_TRUE(k.contains("status"));
    EXPECT_TRUE(k.contains("content"));
    bj::object none =
        MessageToJson(OutboundImage(), KapsoFields::None(), HistorySurface::kMetaProxy);
    EXPECT_FALSE(none.contains("kapso"));
    EXPECT_TRUE(none.contains("image"));
}

TEST(MessageJson, TemplateInteractiveAndContext) {
    service::MessageView t = OutboundImage();
    t.message.type = "template";
    t.message.has_media = false;
    t.message.payload = R"({"name":"order_confirmation","language":{"code":"en_US"},
        "components":[{"type":"BODY","parameters":[{"type":"text","text":"John"},
                                                   {"type":"text","text":"ORD-1"}]}]})";
    bj::object o = MessageToJson(t, KapsoFields::All(), HistorySurface::kMetaProxy);
    const bj::object& data = o.at("kapso").at("message_type_data").as_object();
    EXPECT_EQ(data.at("name").as_string(), "order_confirmation");
    EXPECT_EQ(data.at("language").at("code").as_string(), "en_US");
    EXPECT_EQ(data.at("params"), (bj::array{"John", "ORD-1"}));

    service::MessageView i = Inbound();
    i.message.type = "interactive";
    i.message.payload = R"({"type":"button_reply","button_reply":{"id":"yes","title":"Yes"}})";
    i.message.context_message_id = "wamid.PREV";
    o = MessageToJson(i, KapsoFields::All(), HistorySurface::kMetaProxy);
    EXPECT_EQ(o.at("context").at("id").as_string(), "wamid.PREV");
    EXPECT_EQ(o.at("interactive").at("button_reply").at("id").as_string(), "yes");
    EXPECT_EQ(o.at("kapso").at("message_type_data").at("type").as_string(), "button_reply");
    EXPECT_EQ(o.at("kapso").at("message_type_data").at("title").as_string(), "Yes");
}

TEST(MessageJson, FlowRepliesCarryTheParsedResponse) {
    service::MessageView v = Inbound();
    v.message.type = "interactive";
    v.message.payload = R"({"type":"nfm_reply","nfm_reply":{"name":"flow","body":"Sent",
        "response_json":"{\"flow_token\":\"tok-1\",\"date\":\"2025-01-01\"}"}})";
    bj::object o = MessageToJson(v, KapsoFields::All(), HistorySurface::kMetaProxy);
    EXPECT_EQ(o.at("kapso").at("flow_token").as_string(), "tok-1");
    EXPECT_EQ(o.at("kapso").at("flow_response").at("date").as_string(), "2025-01-01");
}

TEST(MessageJson, ATypeNamedLikeAnEnvelopeFieldDoesNotOverwriteIt) {
    service::MessageView v = Inbound();
    v.message.type = "kapso";
    v.message.payload = R"({"x":1})";
    bj::object o = MessageToJson(v, KapsoFields::All(), HistorySurface::kMetaProxy);
    EXPECT_EQ(o.at("kapso").at("direction").as_string(), "inbound");
    v.message.type = "id";
    o = MessageToJson(v, KapsoFields::All(), HistorySurface::kMetaProxy);
    EXPECT_EQ(o.at("id").as_string(), "wamid.IN");
}

TEST(MessageJson, KapsoStatusesAndTheirStoredCounterparts) {
    domain::Message m;
    for (auto [stored, kapso] :
         std::vector<std::pair<std::string, std::string>>{{"accepted", "pending"},
                                                          {"sent", "sent"},
                                                          {"delivered", "delivered"},
                                                          {"received", "delivered"},
                                                          {"read", "read"},
                                                          {"played", "read"},
                                                          {"failed", "failed"}}) {
        m.status = stored;
        EXPECT_EQ(KapsoMessageStatus(m), kapso) << stored;
    }
    using D = domain::MessageDirection;
    EXPECT_EQ(*StoredStatusesFor("pending", std::nullopt), std::vector<std::string>{"accepted"});
    EXPECT_EQ(*StoredStatusesFor("delivered", std::nullopt),
              (std::vector<std::string>{"delivered", "received"}));
    EXPECT_EQ(*StoredStatusesFor("delivered", D::kInbound), std::vector<std::string>{"received"});
    EXPECT_EQ(*StoredStatusesFor("delivered", D::kOutbound), std::vector<std::string>{"delivered"});
    EXPECT_EQ(*StoredStatusesFor("read", D::kInbound), std::vector<std::string>{"read"});
    EXPECT_EQ(*StoredStatusesFor("read", std::nullopt),
              (std::vector<std::string>{"read", "played"}));
    auto bad = StoredStatusesFor("received", std::nullopt);
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().field, "status");
}

http::Request WithQuery(std::vector<std::pair<std::string, std::string>> q) {
    http::Request r;
    r.query = std::move(q);
    return r;
}

TEST(ParseMessageQuery, FiltersAndInclusiveTimeBounds) {
    auto q = ParseMessageQuery(WithQuery({{"conversation_id", "c1"},
                                          {"direction", "outbound"},
                                          {"status", "delivered"},
                                          {"since", "2024-01-15T00:00:00Z"},
                                          {"until", "2024-01-15T23:59:59Z"}}),
                               HistorySurface::kMetaProxy);
    ASSERT_TRUE(q) << q.error().message;
    EXPECT_EQ(q->filter.conversation_id->value(), "c1");
    EXPECT_EQ(q->filter.direction, domain::MessageDirection::kOutbound);
    EXPECT_EQ(q->any_status, std::vector<std::string>{"delivered"});
    EXPECT_EQ(UnixSeconds(*q->filter.since), 1'705'276'800);
    // "until" includes its own instant: the store's bound is one microsecond later.
    EXPECT_EQ(q->filter.until->time_since_epoch().count(), 1'705'363'199'000'001);
}

TEST(ParseMessageQuery, BadValuesNameTheParameter) {
    for (auto [key, value] :
         std::vector<std::pair<std::string, std::string>>{{"direction", "sideways"},
                                                          {"status", "lost"},
                                                          {"since", "yesterday"},
                                                          {"until", "2024-13-01"}}) {
        auto q = ParseMessageQuery(WithQuery({{key, value}}), HistorySurface::kMetaProxy);
        ASSERT_FALSE(q) << key;
        EXPECT_EQ(q.error().field, key);
    }
}

TEST(ParseMessageQuery, PlatformRefusesFiltersItCannotApplyTheProxyIgnoresThem) {
    auto p = ParseMessageQuery(WithQuery({{"has_media", "true"}}), HistorySurface::kPlatform);
    ASSERT_FALSE(p);
    EXPECT_EQ(p.error().field, "has_media");
    EXPECT_TRUE(ParseMessageQuery(WithQuery({{"has_media", "true"}}), HistorySurface::kMetaProxy));
    auto phone =
        ParseMessageQuery(WithQuery({{"phone_number", "+1 555-000"}}), HistorySurface::kPlatform);
    ASSERT_TRUE(phone);
    EXPECT_EQ(phone->filter.wa_id, "1555000");
    auto proxy =
        ParseMessageQuery(WithQuery({{"phone_number", "1555"}}), HistorySurface::kMetaProxy);
    ASSERT_TRUE(proxy);
    EXPECT_FALSE(proxy->filter.wa_id);
    auto n = ParseMessageQuery(WithQuery({{"phone_number_id", "42"}}), HistorySurface::kPlatform);
    ASSERT_TRUE(n);
    EXPECT_EQ(n->filter.phone_number_id->value(), "42");
    auto ignored =
        ParseMessageQuery(WithQuery({{"phone_number_id", "42"}}), HistorySurface::kMetaProxy);
    EXPECT_FALSE(ignored->filter.phone_number_id);
}

}  // namespace
}  // namespace wharf::api
