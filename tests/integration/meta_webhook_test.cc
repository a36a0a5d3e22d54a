#include <chrono>
#include <thread>

#include "base/crypto.h"
#include "domain/project/project.h"
#include "tests/integration/fixture.h"

namespace wharf::testing {
namespace {

// Meta's webhooks arriving at /webhooks/meta: handshake, signatures on raw bytes, durable and
// idempotent ingestion, statuses that never move backwards.
class MetaWebhookTest : public ServerFixture {
protected:
    void SetUp() override {
        ServerFixture::SetUp();
        pn_ = app_->Bootstrap().sandbox_phone_number_id->value();
    }
    TestResponse Deliver(const std::string& body, const std::string& secret = "test-app-secret") {
        return client_->Send("POST", "/webhooks/meta", body,
                             {{"Content-Type", "application/json"},
                              {"X-Hub-Signature-256", "sha256=" + HmacSha256Hex(secret, body)}});
    }
    std::string InboundPayload(const std::string& wamid, const std::string& text) {
        return R"({"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages",
          "value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550000000",
          "phone_number_id":")" +
               pn_ + R"("},"contacts":[{"profile":{"name":"Sheena"},"wa_id":"16505551234"}],
          "messages":[{"from":"16505551234","id":")" +
               wamid + R"(","timestamp":")" + Now() + R"(",
          "type":"text","text":{"body":")" +
               text + R"("}}]}}]}]})";
    }
    std::string StatusPayload(const std::string& wamid, const std::string& status,
                              const std::string& ts) {
        return R"({"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages",
          "value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"1",
          "phone_number_id":")" +
               pn_ + R"("},"statuses":[{"id":")" + wamid + R"(","status":")" + status +
               R"(","timestamp":")" + ts + R"(","recipient_id":"16505551234"}]}}]}]})";
    }
    static std::string Now() {
        return std::to_string(std::chrono::duration_cast<std::chrono::seconds>(
                                  std::chrono::system_clock::now().time_since_epoch())
                                  .count());
    }
    ProjectId Project() {
        return Db().Projects().FindActiveApiKeyByHash(domain::HashApiKey(kKey))->project_id;
    }
    // Waits (bounded) for the job queue to drain.
    void Drain() {
        for (int i = 0; i < 200 && *Db().Jobs().PendingCount() > 0; ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    }
    std::string pn_;
};

TEST_F(MetaWebhookTest, VerificationHandshake) {
    auto ok = client_->Get(
        "/webhooks/"
        "meta?hub.mode=subscribe&hub.verify_token=test-verify-token&hub.challenge=1158201444",
        "");
    EXPECT_EQ(ok.status, 200);
    EXPECT_EQ(ok.body, "1158201444");
    EXPECT_EQ(
        client_->Get("/webhooks/meta?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1", "")
            .status,
        403);
    EXPECT_EQ(
        client_
            ->Get("/webhooks/"
                  "meta?hub.mode=unsubscribe&hub.verify_token=test-verify-token&hub.challenge=1",
                  "")
            .status,
        403);
}

TEST_F(MetaWebhookTest, SignaturesAreCheckedOnRawBytesAndFailuresStoreNothing) {
    std::string body = InboundPayload("wamid.SIG1", "hello");
    auto missing =
        client_->Send("POST", "/webhooks/meta", body, {{"Content-Type", "application/json"}});
    EXPECT_EQ(missing.status, 401);
    EXPECT_EQ(Deliver(body, "wrong-secret").status, 403);
    // Signed over other bytes (re-serialised): refused.
    auto resigned = client_->Send(
        "POST", "/webhooks/meta", body + "\n",
        {{"X-Hub-Signature-256", "sha256=" + HmacSha256Hex("test-app-secret", body)}});
    EXPECT_EQ(resigned.status, 403);
    Drain();
    EXPECT_FALSE(Db().Messages().Get(Project(), "wamid.SIG1"));
    EXPECT_EQ(*Db().Jobs().PendingCount(), 0);
}

TEST_F(MetaWebhookTest, InboundMessagesAreStoredOnceEvenWhenRedelivered) {
    std::string body = InboundPayload("wamid.IN1", "Does it come in blue?");
    ASSERT_EQ(Deliver(body).status, 200);
    ASSERT_EQ(Deliver(body).status, 200);  // Meta redelivers
    Drain();
    auto m = Db().Messages().Get(Project(), "wamid.IN1");
    ASSERT_TRUE(m);
    EXPECT_EQ(m->direction, domain::MessageDirection::kInbound);
    EXPECT_EQ(m->content, "Does it come in blue?");
    EXPECT_EQ(m->origin, "meta");
    auto contact = Db().Contacts().Find(Project(), PhoneNumberId(pn_), "16505551234");
    ASSERT_TRUE(contact);
    EXPECT_EQ(contact->profile_name, "Sheena");
    domain::MessageFilter f;
    EXPECT_EQ(Db().Messages().List(Project(), f, {})->items.size(), 1u);
    auto events = Db().Events().List(Project(), 100);
    int received = 0;
    for (const auto& e : *events) {
        received += e.type == "whatsapp.message.received";
    }
    EXPECT_EQ(received, 1);
}

TEST_F(MetaWebhookTest, StatusesNeverMoveBackwardsAndUnknownNumbersAreAcknowledged) {
    // A user writes (so the window is open), the business replies through the API.
    ASSERT_EQ(Deliver(InboundPayload("wamid.IN2", "hi")).status, 200);
    Drain();
    auto sent = client_->Post(
        "/meta/whatsapp/v24.0/" + pn_ + "/messages",
        R"({"messaging_product":"whatsapp","to":"16505551234","type":"text","text":{"body":"yo"}})",
        kKey);
    ASSERT_EQ(sent.status, 200) << sent.body;
    std::string wamid(sent.Json().at("messages").at(0).at("id").as_string());
    // The sandbox progression (in memory, not on the job queue) reaches read.
    for (int i = 0; i < 200 && Db().Messages().Get(Project(), wamid)->status != "read"; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ASSERT_EQ(Db().Messages().Get(Project(), wamid)->status, "read");
    // A late "delivered" from Meta is recorded but does not move the message back.
    ASSERT_EQ(Deliver(StatusPayload(wamid, "delivered", "1767225700")).status, 200);
    Drain();
    auto m = Db().Messages().Get(Project(), wamid);
    EXPECT_EQ(m->status, "read");
    EXPECT_NE(m->statuses.find("1767225700"), std::string::npos);
    // Unknown numbers: 200, nothing queued.
    std::string other = StatusPayload("wamid.X", "sent", "1");
    auto pos = other.find(pn_);
    other.replace(pos, pn_.size(), "999999999999");
    EXPECT_EQ(Deliver(other).status, 200);
    EXPECT_EQ(*Db().Jobs().PendingCount(), 0);
    // Not a WhatsApp envelope: 400.
    EXPECT_EQ(Deliver(R"({"object":"page","entry":[]})").status, 422);
}

}  // namespace
}  // namespace wharf::testing
