#include "domain/event/event_payload.h"

#include <gtest/gtest.h>

namespace wharf::domain {
namespace {

namespace bj = boost::json;

Message Inbound(const std::string& type, const std::string& payload) {
    Message m;
    m.wamid = "wamid.1";
    m.phone_number_id = PhoneNumberId("100");
    m.conversation_id = ConversationId("cv-1");
    m.wa_id = "15550001111";
    m.direction = MessageDirection::kInbound;
    m.type = type;
    m.payload = payload;
    m.status = "received";
    m.content = "hi";
    m.created_at = Timestamp(std::chrono::seconds(1767225600));
    m.updated_at = m.created_at;
    return m;
}

const MetaNumberRef kRef{"100", "15550009999", "waba-1"};

TEST(EventPayload, MetaInboundWebhookIsMetasEnvelopeInMetasKeyOrder) {
    Message m = Inbound("text", R"({"body":"hi"})");
    m.context_message_id = "wamid.0";
    bj::object body =
        MetaInboundWebhook(kRef, m.wa_id, std::string("Alex"), MetaMessageObject(kRef, m));
    EXPECT_EQ(bj::serialize(body),
              R"({"object":"whatsapp_business_account","entry":[{"id":"waba-1","changes":[{)"
              R"("value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":)"
              R"("15550009999","phone_number_id":"100"},"contacts":[{"profile":{"name":"Alex"},)"
              R"("wa_id":"15550001111"}],"messages":[{"from":"15550001111","id":"wamid.1",)"
              R"("timestamp":"1767225600","type":"text","context":{"from":"15550009999",)"
              R"("id":"wamid.0"},"text":{"body":"hi"}}]},"field":"messages"}]}]})");
}

TEST(EventPayload, ATypeNamedLikeAnEnvelopeKeyDoesNotOverwriteIt) {
    Message m = Inbound("id", R"({"x":1})");
    bj::object msg = MetaMessageObject(kRef, m);
    EXPECT_EQ(msg.at("id"), "wamid.1");
}

TEST(EventPayload, StatusWebhookCarriesTheStatusObject) {
    bj::object status{{"id", "wamid.1"}, {"status", "read"}};
    bj::object body = MetaStatusWebhook(kRef, status);
    auto& value = body.at("entry").at(0).at("changes").at(0).at("value");
    EXPECT_EQ(value.at("statuses").at(0), bj::value(status));
    EXPECT_FALSE(value.as_object().contains("messages"));
}

TEST(EventPayload, MessageEventPayloadHasKapsosV2Keys) {
    Message m = Inbound("text", R"({"body":"hi"})");
    Conversation c;
    c.id = ConversationId("cv-1");
    c.phone_number_id = PhoneNumberId("100");
    c.wa_id = "15550001111";
    bj::object body = MessageEventPayload(m, c, {PhoneConfigId("cfg-1"), "Alex"}, true);
    EXPECT_EQ(body.at("message").at("from"), "15550001111");
    EXPECT_EQ(body.at("message").at("kapso").at("contact_name"), "Alex");
    EXPECT_EQ(body.at("conversation").at("whatsapp_config_id"), "cfg-1");
    EXPECT_EQ(body.at("is_new_conversation"), true);
    EXPECT_EQ(body.at("phone_number_id"), "100");
    bj::object conv = ConversationEventPayload(c, {});
    EXPECT_EQ(conv.at("conversation").at("id"), "cv-1");
    EXPECT_FALSE(conv.at("conversation").as_object().contains("whatsapp_config_id"));
}

TEST(EventPayload, SerializedMetaStatusWebhookIsTheObjectsSerialisation) {
    bj::object status{{"id", "wamid.1"},
                      {"status", "failed"},
                      {"timestamp", "1767225600"},
                      {"recipient_id", "15550001111"},
                      {"errors", bj::array{bj::object{{"code", 131026}, {"title", "a \"b\""}}}}};
    for (const MetaNumberRef& ref :
         {kRef, MetaNumberRef{"100", "", "waba \"q\""}, MetaNumberRef{"", "", ""}}) {
        EXPECT_EQ(SerializedMetaStatusWebhook(ref, bj::serialize(status)),
                  bj::serialize(MetaStatusWebhook(ref, status)));
    }
}

}  // namespace
}  // namespace wharf::domain
