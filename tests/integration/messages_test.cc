#include <chrono>
#include <thread>

#include "domain/project/project.h"
#include "tests/integration/fixture.h"

namespace wharf::testing {
namespace {

// Sending through the Meta-compatible API to the sandbox network, and simulated users writing in.
class MessagesTest : public ServerFixture {
protected:
    void SetUp() override {
        ServerFixture::SetUp();
        pn_ = app_->Bootstrap().sandbox_phone_number_id->value();
    }
    TestResponse SendJson(const std::string& body, const std::string& key = kKey) {
        return client_->Post("/meta/whatsapp/v24.0/" + pn_ + "/messages", body, key);
    }
    TestResponse UserWrites(const std::string& from, const std::string& text) {
        return client_->Post("/sandbox/v1/phone_numbers/" + pn_ + "/inbound",
                             R"({"from":")" + from +
                                 R"(","profile_name":"Alex","type":"text","text":{"body":")" +
                                 text + R"("}})",
                             kKey);
    }
    ProjectId Project() {
        return Db().Projects().FindActiveApiKeyByHash(domain::HashApiKey(kKey))->project_id;
    }
    // Waits (bounded) until the stored message reaches `status`.
    std::string WaitForStatus(const std::string& wamid, const std::string& status) {
        std::string seen;
        for (int i = 0; i < 200; ++i) {
            auto m = Db().Messages().Get(Project(), wamid);
            if (m) {
                seen = m->status;
                if (seen == status) {
                    return seen;
                }
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(25));
        }
        return seen;
    }
    std::string pn_;
};

TEST_F(MessagesTest, FreeFormOutsideTheWindowIsRefusedWith131047) {
    auto r = SendJson(
        R"({"messaging_product":"whatsapp","to":"15551230001","type":"text","text":{"body":"hi"}})");
    EXPECT_EQ(r.status, 400) << r.body;
    auto e = r.Json().at("error");
    EXPECT_EQ(e.at("code"), 131047);
    EXPECT_EQ(Db().Messages().List(Project(), {}, {})->items.size(), 0u);
}

TEST_F(MessagesTest, AUserWritesThenTheBusinessRepliesAndStatusesProgress) {
    auto in = UserWrites("+1 555 123 0002", "hello");
    ASSERT_EQ(in.status, 200) << in.body;
    std::string inbound_id(in.Json().at("data").at("id").as_string());
    EXPECT_EQ(inbound_id.rfind("wamid.", 0), 0u);

    auto r = SendJson(R"({"messaging_product":"whatsapp","recipient_type":"individual",
        "to":"+1 (555) 123-0002","type":"text","text":{"preview_url":false,"body":"Hi Alex"}})");
    ASSERT_EQ(r.status, 200) << r.body;
    auto b = r.Json();
    EXPECT_EQ(b.at("messaging_product"), "whatsapp");
    EXPECT_EQ(b.at("contacts").at(0).at("input"), "+1 (555) 123-0002");
    EXPECT_EQ(b.at("contacts").at(0).at("wa_id"), "15551230002");
    std::string wamid(b.at("messages").at(0).at("id").as_string());
    EXPECT_EQ(wamid.rfind("wamid.", 0), 0u);

    EXPECT_EQ(WaitForStatus(wamid, "read"), "read");
    auto m = Db().Messages().Get(Project(), wamid);
    ASSERT_TRUE(m);
    auto statuses = boost::json::parse(m->statuses).as_array();
    ASSERT_EQ(statuses.size(), 3u);
    EXPECT_EQ(statuses[0].at("status"), "sent");
    EXPECT_TRUE(statuses[0].as_object().contains("pricing"));
    EXPECT_EQ(statuses[2].at("status"), "read");
    EXPECT_EQ(m->content, "Hi Alex");
    auto inbound = Db().Messages().Get(Project(), inbound_id);
    EXPECT_EQ(inbound->conversation_id, m->conversation_id);

    // Mark the user's message as read.
    auto read = SendJson(R"({"messaging_product":"whatsapp","status":"read","message_id":")" +
                         inbound_id + R"("})");
    ASSERT_EQ(read.status, 200) << read.body;
    EXPECT_EQ(read.Json().at("success"), true);

    // The outbox has the conversation and message events.
    auto events = Db().Events().List(Project(), 100);
    std::vector<std::string> types;
    for (const auto& e : *events) {
        types.push_back(e.type);
    }
    for (const char* want :
         {"whatsapp.conversation.created", "whatsapp.message.received", "whatsapp.message.sent",
          "whatsapp.message.delivered", "whatsapp.message.read"}) {
        EXPECT_NE(std::find(types.begin(), types.end(), want), types.end()) << want;
    }
}

TEST_F(MessagesTest, TemplatesNeedNoWindowAndReservedRecipientsFail) {
    std::string send =
        R"({"messaging_product":"whatsapp","to":"15551230000","type":"template",
        "template":{"name":"order_update","language":{"code":"en_US"},"components":[
        {"type":"body","parameters":[{"type":"text","text":"#42"}]}]}})";
    // Not a template of this WABA yet: Meta's 132001, nothing stored.
    auto unknown = SendJson(send);
    EXPECT_EQ(unknown.status, 404) << unknown.body;
    EXPECT_EQ(unknown.Json().at("error").at("code"), 132001);
    // Create it; the sandbox reviewer approves it after --template-review-delay-ms.
    std::string waba = app_->Bootstrap().sandbox_business_account_id->value();
    auto created = client_->Post(
        "/meta/whatsapp/v24.0/" + waba + "/message_templates",
        R"({"name":"order_update","language":"en_US","category":"UTILITY","components":[
        {"type":"BODY","text":"Order {{1}} shipped.","example":{"body_text":[["#1"]]}}]})",
        kKey);
    ASSERT_EQ(created.status, 200) << created.body;
    std::string id(created.Json().at("id").as_string());
    for (int i = 0; i < 200; ++i) {
        auto got = client_->Get("/meta/whatsapp/v24.0/" + id, kKey);
        if (got.status == 200 && got.Json().at("status") == "APPROVED") {
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    auto t = SendJson(send);
    ASSERT_EQ(t.status, 200) << t.body;
    EXPECT_EQ(t.Json().at("messages").at(0).at("message_status"), "accepted");
    std::string wamid(t.Json().at("messages").at(0).at("id").as_string());
    EXPECT_EQ(WaitForStatus(wamid, "failed"), "failed");
    auto m = Db().Messages().Get(Project(), wamid);
    EXPECT_NE(m->error->find("131026"), std::string::npos);
    EXPECT_EQ(m->content, "Order #42 shipped.");  // the hydrated template
}

TEST_F(MessagesTest, BadSendsAreGraphErrorsAndStoreNothing) {
    struct Case {
        std::string body;
        int code;
    };
    std::vector<Case> cases = {
        {R"({"messaging_product":"whatsapp","to":"15551230003","type":"hologram","hologram":{}})",
         131051},
        {R"({"messaging_product":"whatsapp","to":"15551230003","type":"text"})", 131008},
        {R"({"messaging_product":"whatsapp","type":"text","text":{"body":"x"}})", 131008},
        {R"({"messaging_product":"whatsapp","to":"15551230003","type":"text","text":{"body":")" +
             std::string(4097, 'a') + R"("}})",
         131009},
    };
    for (const auto& c : cases) {
        auto r = SendJson(c.body);
        EXPECT_EQ(r.status, 400) << r.body;
        EXPECT_EQ(r.Json().at("error").at("code"), c.code) << r.body;
    }
    auto malformed = SendJson("{nope");
    EXPECT_EQ(malformed.status, 400);
    EXPECT_TRUE(malformed.Json().at("error").is_object());
    EXPECT_EQ(Db().Messages().List(Project(), {}, {})->items.size(), 0u);
}

TEST_F(MessagesTest, OtherProjectsNumbersDoNotExist) {
    std::string other = CreateOtherProjectKey();
    auto r = SendJson(R"({"messaging_product":"whatsapp","to":"15551230004","type":"template",
        "template":{"name":"x","language":{"code":"en"}}})",
                      other);
    EXPECT_EQ(r.status, 404);
    EXPECT_EQ(r.Json().at("error").at("code"), 100);
    auto in = client_->Post("/sandbox/v1/phone_numbers/" + pn_ + "/inbound",
                            R"({"from":"15551230004","type":"text","text":{"body":"x"}})", other);
    EXPECT_EQ(in.status, 404);
}

}  // namespace
}  // namespace wharf::testing
