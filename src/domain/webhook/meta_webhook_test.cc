#include "domain/webhook/meta_webhook.h"

#include <gtest/gtest.h>

namespace wharf::domain {
namespace {

constexpr const char* kInbound =
    R"({"object":"whatsapp_business_account","entry":[{"id":"102290129340398",
  "changes":[{"value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881",
  "phone_number_id":"106540352242922"},"contacts":[{"profile":{"name":"Sheena Nelson"},"wa_id":"16505551234"}],
  "messages":[{"from":"16505551234","id":"wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUFERjg0NDEzNDdFODU3MUMxMAA=",
  "timestamp":"1749416383","type":"text","text":{"body":"Does it come in another color?"}}]},"field":"messages"}]}]})";

constexpr const char* kStatuses = R"({"object":"whatsapp_business_account","entry":[{"id":"1",
  "changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"1555",
  "phone_number_id":"42"},"statuses":[{"id":"wamid.A","status":"delivered","timestamp":"1750263773",
  "recipient_id":"16505551234"},{"id":"wamid.B","status":"failed","timestamp":"1","recipient_id":"1",
  "errors":[{"code":131026,"title":"Message undeliverable"}]}]}},
  {"field":"message_template_status_update","value":{"event":"APPROVED"}}]}]})";

TEST(MetaWebhook, ParsesInboundMessagesWithProfileNames) {
    auto r = ParseMetaWebhook(boost::json::parse(kInbound));
    ASSERT_TRUE(r);
    ASSERT_EQ(r->size(), 1u);
    const auto& u = (*r)[0];
    EXPECT_EQ(u.phone_number_id, "106540352242922");
    EXPECT_EQ(u.business_account_id, "102290129340398");
    ASSERT_EQ(u.messages.size(), 1u);
    EXPECT_EQ(u.messages[0].from, "16505551234");
    EXPECT_EQ(u.messages[0].type, "text");
    EXPECT_EQ(u.messages[0].timestamp, "1749416383");
    EXPECT_EQ(u.messages[0].profile_name, "Sheena Nelson");
    EXPECT_TRUE(u.messages[0].raw.contains("text"));
}

TEST(MetaWebhook, ParsesStatusesAndSkipsOtherFields) {
    auto r = ParseMetaWebhook(boost::json::parse(kStatuses));
    ASSERT_TRUE(r);
    ASSERT_EQ(r->size(), 1u);
    ASSERT_EQ((*r)[0].statuses.size(), 2u);
    EXPECT_EQ((*r)[0].statuses[1].status, "failed");
    EXPECT_TRUE((*r)[0].statuses[1].raw.contains("errors"));
}

TEST(MetaWebhook, RefusesOtherEnvelopesAndSkipsOddItems) {
    EXPECT_FALSE(ParseMetaWebhook(boost::json::parse(R"({"object":"page","entry":[]})")));
    EXPECT_FALSE(ParseMetaWebhook(boost::json::parse(R"([1,2])")));
    auto odd = ParseMetaWebhook(boost::json::parse(
        R"({"object":"whatsapp_business_account","entry":[7,{"id":"1","changes":[{"field":"messages",
        "value":{"metadata":{"phone_number_id":"42"},"messages":[{"id":"x"},"bad"]}}]}]})"));
    ASSERT_TRUE(odd);
    ASSERT_EQ(odd->size(), 1u);
    EXPECT_TRUE((*odd)[0].messages.empty());
}

}  // namespace
}  // namespace wharf::domain
