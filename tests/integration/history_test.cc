#include <chrono>
#include <thread>

#include "domain/project/project.h"
#include "http/request.h"
#include "tests/integration/fixture.h"

namespace wharf::testing {
namespace {

namespace bj = boost::json;

std::string Str(const bj::value& v) {
    return std::string(v.as_string());
}

// The stored history read back through both surfaces. Traffic made in SetUp, oldest first:
// Alice writes "a1", the business replies "r1", Alice writes "a2", Bob writes "b1", Carol writes
// "c1". So five messages, three conversations and three contacts.
class HistoryTest : public ServerFixture {
protected:
    static constexpr const char* kAlice = "15551230101";
    static constexpr const char* kBob = "15551230102";
    static constexpr const char* kCarol = "15551230103";

    void SetUp() override {
        ServerFixture::SetUp();
        pn_ = app_->Bootstrap().sandbox_phone_number_id->value();
        a1_ = UserWrites(kAlice, "Alice", "a1");
        r1_ = Reply(kAlice, "r1");
        a2_ = UserWrites(kAlice, "Alice", "a2");
        b1_ = UserWrites(kBob, "Bob", "b1");
        c1_ = UserWrites(kCarol, "Carol", "c1");
    }

    std::string UserWrites(const std::string& from, const std::string& name,
                           const std::string& text) {
        auto r = client_->Post("/sandbox/v1/phone_numbers/" + pn_ + "/inbound",
                               bj::serialize(bj::object{{"from", from},
                                                        {"profile_name", name},
                                                        {"type", "text"},
                                                        {"text", bj::object{{"body", text}}}}),
                               kKey);
        EXPECT_EQ(r.status, 200) << r.body;
        return Str(r.Json().at("data").at("id"));
    }
    std::string Reply(const std::string& to, const std::string& text) {
        auto r = client_->Post("/meta/whatsapp/v24.0/" + pn_ + "/messages",
                               bj::serialize(bj::object{{"messaging_product", "whatsapp"},
                                                        {"to", to},
                                                        {"type", "text"},
                                                        {"text", bj::object{{"body", text}}}}),
                               kKey);
        EXPECT_EQ(r.status, 200) << r.body;
        return Str(r.Json().at("messages").at(0).at("id"));
    }

    // GET on the proxy (path relative to /meta/whatsapp/v23.0) or the Platform (/platform/v1).
    TestResponse Meta(const std::string& path, const std::string& key = kKey) {
        return client_->Get("/meta/whatsapp/v23.0" + path, key);
    }
    TestResponse Platform(const std::string& path, const std::string& key = kKey) {
        return client_->Get("/platform/v1" + path, key);
    }
    bj::value Ok(const TestResponse& r) {
        EXPECT_EQ(r.status, 200) << r.body;
        EXPECT_NE(r.Header("content-type").find("application/json"), std::string::npos);
        return r.Json();
    }
    std::vector<std::string> Ids(const bj::value& body) {
        std::vector<std::string> ids;
        for (const auto& item : body.at("data").as_array()) {
            ids.push_back(Str(item.at("id")));
        }
        return ids;
    }
    // Follows `next` with limit=1 from the first page, then `previous` back from the last one;
    // checks the ends are null and returns the ids seen going forward.
    std::vector<std::string> WalkBothWays(
        const std::function<TestResponse(const std::string&)>& get, size_t expected) {
        std::vector<std::string> forward;
        bj::value page = Ok(get("limit=1"));
        EXPECT_TRUE(page.at("paging").at("previous").is_null());
        while (true) {
            auto ids = Ids(page);
            EXPECT_EQ(ids.size(), 1u);
            forward.insert(forward.end(), ids.begin(), ids.end());
            if (page.at("paging").at("next").is_null() || forward.size() > expected) {
                break;
            }
            page =
                Ok(get("limit=1&after=" + http::PercentEncode(Str(page.at("paging").at("next")))));
        }
        EXPECT_EQ(forward.size(), expected);
        std::vector<std::string> backward(Ids(page));
        while (!page.at("paging").at("previous").is_null() && backward.size() <= expected) {
            page = Ok(get("limit=1&before=" +
                          http::PercentEncode(Str(page.at("paging").at("previous")))));
            auto ids = Ids(page);
            backward.insert(backward.begin(), ids.begin(), ids.end());
        }
        EXPECT_EQ(backward, forward);
        EXPECT_TRUE(page.at("paging").at("cursors").at("before").is_string());
        return forward;
    }
    std::string ConversationOf(const std::string& wa_id) {
        auto body = Ok(Meta("/" + pn_ + "/conversations?status=active&phone_number=" + wa_id));
        EXPECT_EQ(body.at("data").as_array().size(), 1u) << wa_id;
        return Str(body.at("data").at(0).at("id"));
    }
    ProjectId Project() {
        return Db().Projects().FindActiveApiKeyByHash(domain::HashApiKey(kKey))->project_id;
    }

    std::string pn_, a1_, r1_, a2_, b1_, c1_;
};

TEST_F(HistoryTest, MessagesListNewestFirstInMetasShapeOnBothSurfaces) {
    auto meta = Ok(Meta("/" + pn_ + "/messages"));
    EXPECT_EQ(Ids(meta), (std::vector<std::string>{c1_, b1_, a2_, r1_, a1_}));
    const auto& in = meta.at("data").at(0).as_object();
    EXPECT_EQ(in.at("type"), std::string("text"));
    EXPECT_EQ(in.at("from"), std::string(kCarol));
    EXPECT_TRUE(in.at("to").is_null());
    EXPECT_EQ(in.at("text").at("body"), std::string("c1"));
    EXPECT_TRUE(in.at("timestamp").is_string());
    const auto& k = in.at("kapso").as_object();
    EXPECT_EQ(k.at("direction"), std::string("inbound"));
    EXPECT_EQ(k.at("status"), std::string("delivered"));
    EXPECT_EQ(k.at("processing_status"), std::string("completed"));
    EXPECT_EQ(k.at("phone_number"), std::string("+") + kCarol);
    EXPECT_EQ(k.at("phone_number_id"), pn_);
    EXPECT_EQ(k.at("contact_name"), std::string("Carol"));
    EXPECT_EQ(k.at("content"), std::string("c1"));
    EXPECT_EQ(k.at("has_media"), false);
    EXPECT_EQ(k.at("origin"), std::string("cloud_api"));
    EXPECT_TRUE(k.at("whatsapp_conversation_id").is_string());
    const auto& out = meta.at("data").at(3).as_object();
    EXPECT_EQ(out.at("to"), std::string(kAlice));
    EXPECT_TRUE(out.at("from").is_null());
    EXPECT_EQ(out.at("kapso").at("direction"), std::string("outbound"));
    EXPECT_TRUE(meta.at("paging").at("next").is_null());
    EXPECT_TRUE(meta.at("paging").at("previous").is_null());

    auto platform = Ok(Platform("/whatsapp/messages"));
    EXPECT_EQ(Ids(platform), Ids(meta));
    EXPECT_EQ(platform.at("data").at(0).at("kapso").at("processing_status"),
              std::string("processed"));
    EXPECT_EQ(platform.at("data").at(0).at("kapso").at("phone_number"), std::string(kCarol));
    EXPECT_EQ(Ids(Ok(Platform("/whatsapp/messages?phone_number_id=" + pn_))).size(), 5u);
    EXPECT_EQ(Ids(Ok(Platform("/whatsapp/messages?phone_number_id=999999"))).size(), 0u);
    // The user's number in any format (observe's errors.js filters by it).
    auto carol = Ok(Platform("/whatsapp/messages?phone_number=%2B" + std::string(kCarol)));
    ASSERT_FALSE(carol.at("data").as_array().empty());
    for (const auto& m : carol.at("data").as_array()) {
        EXPECT_EQ(m.at("kapso").at("phone_number"), std::string(kCarol));
    }
    EXPECT_LT(carol.at("data").as_array().size(), platform.at("data").as_array().size());
    EXPECT_EQ(Ids(Ok(Platform("/whatsapp/messages?phone_number=15550009999"))).size(), 0u);
}

TEST_F(HistoryTest, OneMessageIsBareOnTheProxyAndEnvelopedOnThePlatform) {
    auto meta = Ok(Meta("/" + pn_ + "/messages/" + r1_));
    EXPECT_EQ(meta.at("id"), r1_);
    EXPECT_EQ(meta.at("text").at("body"), std::string("r1"));
    EXPECT_TRUE(meta.at("kapso").at("statuses").is_array());
    auto platform = Ok(Platform("/whatsapp/messages/" + a1_));
    EXPECT_EQ(platform.at("data").at("id"), a1_);
    EXPECT_EQ(platform.at("data").at("kapso").at("contact_name"), std::string("Alice"));

    auto missing = Meta("/" + pn_ + "/messages/wamid.NOPE");
    EXPECT_EQ(missing.status, 404) << missing.body;
    EXPECT_EQ(missing.Json().at("error").at("code"), 100);
    EXPECT_EQ(missing.Json().at("error").at("error_subcode"), 33);
    auto p = Platform("/whatsapp/messages/wamid.NOPE");
    EXPECT_EQ(p.status, 404);
    EXPECT_TRUE(p.Json().at("error").is_string());
}

TEST_F(HistoryTest, MessageFilters) {
    auto out = Ok(Meta("/" + pn_ + "/messages?direction=outbound"));
    EXPECT_EQ(Ids(out), std::vector<std::string>{r1_});
    EXPECT_EQ(Ids(Ok(Meta("/" + pn_ + "/messages?direction=inbound"))).size(), 4u);
    std::string alice_conv = ConversationOf(kAlice);
    EXPECT_EQ(Ids(Ok(Meta("/" + pn_ + "/messages?conversation_id=" + alice_conv))),
              (std::vector<std::string>{a2_, r1_, a1_}));
    EXPECT_EQ(Ids(Ok(Platform("/whatsapp/messages?conversation_id=" + alice_conv))).size(), 3u);
    EXPECT_EQ(Ids(Ok(Meta("/" + pn_ + "/messages?direction=inbound&status=delivered"))).size(), 4u);
    EXPECT_EQ(Ids(Ok(Meta("/" + pn_ + "/messages?status=failed"))).size(), 0u);
    // The reply reaches "read" through the sandbox progression; the filter then finds it.
    std::vector<std::string> read;
    for (int i = 0; i < 200 && read.empty(); ++i) {
        read = Ids(Ok(Meta("/" + pn_ + "/messages?status=read")));
        if (read.empty()) {
            std::this_thread::sleep_for(std::chrono::milliseconds(25));
        }
    }
    EXPECT_EQ(read, std::vector<std::string>{r1_});
    auto full = Ok(Meta("/" + pn_ + "/messages/" + r1_ + "?fields=kapso(statuses,status)"));
    EXPECT_EQ(full.at("kapso").at("status"), std::string("read"));
    EXPECT_EQ(full.at("kapso").at("statuses").as_array().size(), 3u);
    EXPECT_EQ(Ids(Ok(Platform("/whatsapp/messages?status=read&direction=outbound"))).size(), 1u);
    // "delivered" without a direction is also every inbound message not yet read; "read" also
    // the inbound ones the business marked read. Both read several stored statuses and page
    // across them.
    auto mark = client_->Post(
        "/meta/whatsapp/v24.0/" + pn_ + "/messages",
        R"({"messaging_product":"whatsapp","status":"read","message_id":")" + a1_ + R"("})", kKey);
    ASSERT_EQ(mark.status, 200) << mark.body;
    EXPECT_EQ(Ok(Meta("/" + pn_ + "/messages/" + a1_)).at("kapso").at("status"),
              std::string("read"));
    EXPECT_EQ(Ids(Ok(Meta("/" + pn_ + "/messages?status=read"))),
              (std::vector<std::string>{r1_, a1_}));
    EXPECT_EQ(Ids(Ok(Meta("/" + pn_ + "/messages?status=read&direction=inbound"))),
              std::vector<std::string>{a1_});
    EXPECT_EQ(WalkBothWays(
                  [&](const std::string& q) {
                      return Platform("/whatsapp/messages?status=delivered&" + q);
                  },
                  3),
              (std::vector<std::string>{c1_, b1_, a2_}));

    EXPECT_EQ(Ids(Ok(Meta("/" + pn_ + "/messages?since=2000-01-01T00:00:00Z"))).size(), 5u);
    EXPECT_EQ(Ids(Ok(Meta("/" + pn_ + "/messages?since=2999-01-01T00:00:00Z"))).size(), 0u);
    EXPECT_EQ(Ids(Ok(Meta("/" + pn_ + "/messages?until=2000-01-01T00:00:00Z"))).size(), 0u);
    EXPECT_EQ(Ids(Ok(Meta("/" + pn_ + "/messages?until=2999-01-01T00:00:00Z"))).size(), 5u);
}

TEST_F(HistoryTest, PagingForwardAndBackwardWithLimitOne) {
    auto messages =
        WalkBothWays([&](const std::string& q) { return Meta("/" + pn_ + "/messages?" + q); }, 5);
    EXPECT_EQ(messages, (std::vector<std::string>{c1_, b1_, a2_, r1_, a1_}));
    EXPECT_EQ(
        WalkBothWays([&](const std::string& q) { return Platform("/whatsapp/messages?" + q); }, 5),
        messages);
    // Paging composes with filters.
    EXPECT_EQ(WalkBothWays(
                  [&](const std::string& q) {
                      return Meta("/" + pn_ + "/messages?direction=inbound&status=delivered&" + q);
                  },
                  4),
              (std::vector<std::string>{c1_, b1_, a2_, a1_}));
    auto conversations = WalkBothWays(
        [&](const std::string& q) { return Meta("/" + pn_ + "/conversations?" + q); }, 3);
    EXPECT_EQ(conversations, (std::vector<std::string>{ConversationOf(kCarol), ConversationOf(kBob),
                                                       ConversationOf(kAlice)}));
    WalkBothWays([&](const std::string& q) { return Platform("/whatsapp/conversations?" + q); }, 3);
    WalkBothWays([&](const std::string& q) { return Meta("/" + pn_ + "/contacts?" + q); }, 3);
    WalkBothWays([&](const std::string& q) { return Platform("/whatsapp/contacts?" + q); }, 3);

    // A cursor pasted back with a page in the middle: both edges have cursors.
    auto first = Ok(Meta("/" + pn_ + "/messages?limit=2"));
    auto second = Ok(Meta("/" + pn_ + "/messages?limit=2&after=" +
                          http::PercentEncode(Str(first.at("paging").at("cursors").at("after")))));
    EXPECT_EQ(Ids(second), (std::vector<std::string>{a2_, r1_}));
    EXPECT_TRUE(second.at("paging").at("next").is_string());
    EXPECT_TRUE(second.at("paging").at("previous").is_string());
}

TEST_F(HistoryTest, FieldsSelectTheKapsoObject) {
    auto some = Ok(Meta("/" + pn_ + "/messages?fields=kapso(direction,status)"));
    for (const auto& m : some.at("data").as_array()) {
        EXPECT_EQ(m.at("kapso").as_object().size(), 2u);
        EXPECT_TRUE(m.as_object().contains("text"));
    }
    auto encoded = Ok(Meta("/" + pn_ + "/messages/" + a1_ + "?fields=kapso%28content%29"));
    EXPECT_EQ(encoded.at("kapso").as_object().size(), 1u);
    EXPECT_EQ(encoded.at("kapso").at("content"), std::string("a1"));
    auto none = Ok(Meta("/" + pn_ + "/messages/" + a1_ + "?fields=kapso()"));
    EXPECT_FALSE(none.as_object().contains("kapso"));
    auto conv = Ok(Meta("/" + pn_ + "/conversations?fields=kapso(contact_name)"));
    EXPECT_EQ(conv.at("data").at(0).at("kapso").as_object().size(), 1u);
    EXPECT_EQ(conv.at("data").at(0).at("kapso").at("contact_name"), std::string("Carol"));
    auto all = Ok(Meta("/" + pn_ + "/conversations?fields=kapso(*)"));
    EXPECT_EQ(all.at("data").at(0).at("kapso").as_object().size(), 8u);
}

TEST_F(HistoryTest, ConversationsListGetAndFilter) {
    auto list = Ok(Meta("/" + pn_ + "/conversations"));
    ASSERT_EQ(list.at("data").as_array().size(), 3u);
    const auto& alice = list.at("data").at(2).as_object();
    EXPECT_EQ(alice.at("phone_number"), std::string(kAlice));
    EXPECT_EQ(alice.at("phone_number_id"), pn_);
    EXPECT_EQ(alice.at("status"), std::string("active"));
    EXPECT_TRUE(alice.at("whatsapp_config_id").is_string());
    EXPECT_TRUE(alice.at("metadata").is_object());
    const auto& k = alice.at("kapso").as_object();
    EXPECT_EQ(k.at("contact_name"), std::string("Alice"));
    EXPECT_EQ(k.at("messages_count"), 3);
    EXPECT_EQ(k.at("last_message_id"), a2_);
    EXPECT_EQ(k.at("last_message_type"), std::string("text"));
    EXPECT_EQ(k.at("last_message_text"), std::string("a2"));
    EXPECT_TRUE(k.at("last_message_timestamp").is_string());
    EXPECT_TRUE(k.at("last_inbound_at").is_string());
    EXPECT_TRUE(k.at("last_outbound_at").is_string());
    EXPECT_TRUE(list.at("data").at(0).at("kapso").at("last_outbound_at").is_null());

    std::string id = Str(alice.at("id"));
    EXPECT_EQ(Ok(Meta("/" + pn_ + "/conversations/" + id)).at("id"), id);
    EXPECT_EQ(Ok(Meta("/conversations/" + id)).at("kapso").at("messages_count"), 3);
    EXPECT_EQ(Ok(Platform("/whatsapp/conversations/" + id)).at("data").at("id"), id);
    EXPECT_EQ(Ids(Ok(Platform("/whatsapp/conversations"))), Ids(list));

    EXPECT_EQ(Ids(Ok(Meta("/" + pn_ + "/conversations?status=active"))).size(), 3u);
    EXPECT_EQ(Ids(Ok(Meta("/" + pn_ + "/conversations?status=ended"))).size(), 0u);
    EXPECT_EQ(Ids(Ok(Meta("/" + pn_ + "/conversations?phone_number=%2B1%20555%20123%200102"))),
              std::vector<std::string>{ConversationOf(kBob)});
    EXPECT_EQ(Ids(Ok(Meta("/" + pn_ + "/conversations?last_active_since=2999-01-01"))).size(), 0u);
    EXPECT_EQ(Ids(Ok(Meta("/" + pn_ + "/conversations?last_active_until=2999-01-01"))).size(), 3u);
    EXPECT_EQ(Ids(Ok(Platform("/whatsapp/conversations?last_active_after=2999-01-01"))).size(), 0u);
    EXPECT_EQ(Ids(Ok(Platform("/whatsapp/conversations?phone_number_id=" + pn_ +
                              "&phone_number=" + kCarol))),
              std::vector<std::string>{ConversationOf(kCarol)});

    auto missing = Meta("/" + pn_ + "/conversations/123e4567-e89b-12d3-a456-426614174000");
    EXPECT_EQ(missing.status, 404);
    EXPECT_EQ(missing.Json().at("error").at("code"), 100);
    EXPECT_EQ(Meta("/conversations/not-a-uuid").status, 404);
    EXPECT_EQ(Platform("/whatsapp/conversations/not-a-uuid").status, 404);
}

TEST_F(HistoryTest, EndingAConversationRecordsTheEventAndTheNextMessageOpensANewOne) {
    std::string alice = ConversationOf(kAlice);
    auto r = client_->Patch("/meta/whatsapp/v24.0/conversations/" + alice, R"({"status":"ended"})",
                            kKey);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.Json(), (bj::value(bj::object{{"success", true}})));
    EXPECT_EQ(Ok(Meta("/conversations/" + alice)).at("status"), std::string("ended"));
    auto events = Db().Events().List(Project(), 1000);
    ASSERT_TRUE(events);
    int ended = 0;
    for (const auto& e : *events) {
        if (e.type == "whatsapp.conversation.ended" && e.payload.find(alice) != std::string::npos) {
            ++ended;
        }
    }
    EXPECT_EQ(ended, 1);
    // Ending twice is a no-op.
    EXPECT_EQ(
        client_->Patch("/meta/whatsapp/v24.0/conversations/" + alice, R"({"status":"ended"})", kKey)
            .status,
        200);

    std::string a3 = UserWrites(kAlice, "Alice", "a3");
    std::string fresh = ConversationOf(kAlice);
    EXPECT_NE(fresh, alice);
    EXPECT_EQ(
        Str(Ok(Meta("/" + pn_ + "/messages/" + a3)).at("kapso").at("whatsapp_conversation_id")),
        fresh);
    EXPECT_EQ(Ok(Meta("/conversations/" + fresh)).at("kapso").at("messages_count"), 1);
    EXPECT_EQ(Ids(Ok(Meta("/" + pn_ + "/conversations?status=ended"))),
              std::vector<std::string>{alice});

    // Reopening the old one while the new one is active is refused.
    auto reopen = client_->Patch("/platform/v1/whatsapp/conversations/" + alice,
                                 R"({"whatsapp_conversation":{"status":"active"}})", kKey);
    EXPECT_EQ(reopen.status, 422) << reopen.body;

    // The Platform ends and reopens Bob's.
    std::string bob = ConversationOf(kBob);
    auto end = client_->Patch("/platform/v1/whatsapp/conversations/" + bob,
                              R"({"whatsapp_conversation":{"status":"ended"}})", kKey);
    ASSERT_EQ(end.status, 200) << end.body;
    EXPECT_EQ(end.Json().at("data").at("status"), std::string("ended"));
    auto back = client_->Patch("/platform/v1/whatsapp/conversations/" + bob,
                               R"({"whatsapp_conversation":{"status":"active"}})", kKey);
    ASSERT_EQ(back.status, 200) << back.body;
    EXPECT_EQ(back.Json().at("data").at("status"), std::string("active"));
    EXPECT_EQ(ConversationOf(kBob), bob);

    auto bad =
        client_->Patch("/meta/whatsapp/v24.0/conversations/" + bob, R"({"status":"closed"})", kKey);
    EXPECT_EQ(bad.status, 400);
    EXPECT_EQ(bad.Json().at("error").at("code"), 100);
    auto bad_platform = client_->Patch("/platform/v1/whatsapp/conversations/" + bob,
                                       R"({"whatsapp_conversation":{"status":"closed"}})", kKey);
    EXPECT_EQ(bad_platform.status, 422);
}

TEST_F(HistoryTest, ContactsListGetAndPatchOnTheProxy) {
    auto list = Ok(Meta("/" + pn_ + "/contacts"));
    ASSERT_EQ(list.at("data").as_array().size(), 3u);
    EXPECT_EQ(list.at("data").at(0).at("wa_id"), std::string(kCarol));
    EXPECT_EQ(list.at("data").at(0).at("profile_name"), std::string("Carol"));
    EXPECT_EQ(Ids(Ok(Meta("/" + pn_ + "/contacts?wa_id=" + kBob))).size(), 1u);
    EXPECT_EQ(Ids(Ok(Meta("/" + pn_ + "/contacts?has_customer=false"))).size(), 3u);
    EXPECT_EQ(Ids(Ok(Meta("/" + pn_ + "/contacts?has_customer=true"))).size(), 0u);

    auto alice = Ok(Meta("/" + pn_ + "/contacts/" + kAlice));
    EXPECT_EQ(alice.at("wa_id"), std::string(kAlice));
    EXPECT_TRUE(alice.at("display_name").is_null());

    auto r = client_->Patch("/meta/whatsapp/v24.0/" + pn_ + "/contacts/" + kAlice,
                            R"j({"display_name":"Alice (VIP)","metadata":{"tier":"gold"}})j", kKey);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.Json().at("success"), true);
    alice = Ok(Meta("/" + pn_ + "/contacts/" + kAlice));
    EXPECT_EQ(alice.at("display_name"), std::string("Alice (VIP)"));
    EXPECT_EQ(alice.at("profile_name"), std::string("Alice"));
    EXPECT_EQ(alice.at("metadata").at("tier"), std::string("gold"));
    // The name shows in the history views.
    EXPECT_EQ(Ok(Meta("/conversations/" + ConversationOf(kAlice))).at("kapso").at("contact_name"),
              std::string("Alice (VIP)"));
    EXPECT_EQ(Ok(Meta("/" + pn_ + "/messages/" + a1_)).at("kapso").at("contact_name"),
              std::string("Alice (VIP)"));

    auto missing = Meta("/" + pn_ + "/contacts/15559999999");
    EXPECT_EQ(missing.status, 404);
    EXPECT_EQ(missing.Json().at("error").at("code"), 100);
    auto patch_missing = client_->Patch("/meta/whatsapp/v24.0/" + pn_ + "/contacts/15559999999",
                                        R"({"display_name":"x"})", kKey);
    EXPECT_EQ(patch_missing.status, 404);
    auto bad = client_->Patch("/meta/whatsapp/v24.0/" + pn_ + "/contacts/" + kAlice,
                              R"({"metadata":"nope"})", kKey);
    EXPECT_EQ(bad.status, 400);
    EXPECT_NE(bad.body.find("metadata"), std::string::npos) << bad.body;
}

TEST_F(HistoryTest, PlatformContactsCreateGetPatchDelete) {
    std::string customer = CreateCustomer("Acme");
    auto alice = Ok(Platform("/whatsapp/contacts/" + std::string(kAlice)));
    std::string alice_id = Str(alice.at("data").at("id"));
    EXPECT_EQ(Ok(Platform("/whatsapp/contacts/" + alice_id)).at("data").at("wa_id"),
              std::string(kAlice));

    auto patched = client_->Patch("/platform/v1/whatsapp/contacts/" + alice_id,
                                  R"({"contact":{"customer_id":")" + customer + R"("}})", kKey);
    ASSERT_EQ(patched.status, 200) << patched.body;
    EXPECT_EQ(patched.Json().at("data").at("customer_id"), customer);
    EXPECT_EQ(Ids(Ok(Platform("/whatsapp/contacts?has_customer=true"))),
              std::vector<std::string>{alice_id});
    EXPECT_EQ(Ids(Ok(Platform("/whatsapp/contacts?customer_id=" + customer))),
              std::vector<std::string>{alice_id});
    EXPECT_EQ(Ids(Ok(Meta("/" + pn_ + "/contacts?customer_id=" + customer))),
              std::vector<std::string>{alice_id});
    auto bad_customer = client_->Patch("/platform/v1/whatsapp/contacts/" + alice_id,
                                       R"({"contact":{"customer_id":"nope"}})", kKey);
    EXPECT_EQ(bad_customer.status, 422) << bad_customer.body;
    auto rename = client_->Patch("/platform/v1/whatsapp/contacts/" + alice_id,
                                 R"({"contact":{"wa_id":"15550000001"}})", kKey);
    EXPECT_EQ(rename.status, 422) << rename.body;

    auto created = client_->Post(
        "/platform/v1/whatsapp/contacts",
        R"({"contact":{"wa_id":"+1 555 123 0199","profile_name":"Zed","metadata":{"src":"crm"}}})",
        kKey);
    ASSERT_EQ(created.status, 201) << created.body;
    auto z = created.Json().at("data");
    EXPECT_EQ(z.at("wa_id"), std::string("15551230199"));
    EXPECT_EQ(z.at("phone_number_id"), pn_);
    EXPECT_EQ(z.at("metadata").at("src"), std::string("crm"));
    EXPECT_EQ(Ids(Ok(Platform("/whatsapp/contacts"))).size(), 4u);
    auto again = client_->Post(
        "/platform/v1/whatsapp/contacts",
        R"({"whatsapp_contact":{"wa_id":"15551230199","phone_number_id":")" + pn_ + R"("}})", kKey);
    EXPECT_EQ(again.status, 409) << again.body;
    auto invalid =
        client_->Post("/platform/v1/whatsapp/contacts", R"({"contact":{"wa_id":"x"}})", kKey);
    EXPECT_EQ(invalid.status, 422) << invalid.body;
    auto other_number =
        client_->Post("/platform/v1/whatsapp/contacts",
                      R"({"contact":{"wa_id":"15551230198","phone_number_id":"1"}})", kKey);
    EXPECT_EQ(other_number.status, 422) << other_number.body;

    auto deleted = client_->Delete("/platform/v1/whatsapp/contacts/" + Str(z.at("id")), kKey);
    EXPECT_EQ(deleted.status, 204) << deleted.body;
    EXPECT_EQ(Platform("/whatsapp/contacts/15551230199").status, 404);
    // A contact with history keeps it.
    auto keep = client_->Delete("/platform/v1/whatsapp/contacts/" + alice_id, kKey);
    EXPECT_EQ(keep.status, 422) << keep.body;
    EXPECT_EQ(client_->Delete("/platform/v1/whatsapp/contacts/15559999999", kKey).status, 404);
}

TEST_F(HistoryTest, AnotherProjectSeesNothing) {
    std::string other = CreateOtherProjectKey();
    std::string alice_conv = ConversationOf(kAlice);
    for (const std::string& path :
         {"/" + pn_ + "/messages", "/" + pn_ + "/messages/" + a1_, "/" + pn_ + "/conversations",
          "/" + pn_ + "/conversations/" + alice_conv, "/conversations/" + alice_conv,
          "/" + pn_ + "/contacts", "/" + pn_ + "/contacts/" + kAlice}) {
        auto r = Meta(path, other);
        EXPECT_EQ(r.status, 404) << path << " " << r.body;
        EXPECT_EQ(r.Json().at("error").at("code"), 100) << path;
    }
    EXPECT_EQ(client_
                  ->Patch("/meta/whatsapp/v24.0/conversations/" + alice_conv,
                          R"({"status":"ended"})", other)
                  .status,
              404);
    EXPECT_EQ(client_
                  ->Patch("/meta/whatsapp/v24.0/" + pn_ + "/contacts/" + kAlice,
                          R"({"display_name":"x"})", other)
                  .status,
              404);
    for (const char* list :
         {"/whatsapp/messages", "/whatsapp/conversations", "/whatsapp/contacts"}) {
        EXPECT_EQ(Ids(Ok(Platform(list, other))).size(), 0u) << list;
    }
    for (const std::string& path :
         {"/whatsapp/messages/" + a1_, "/whatsapp/conversations/" + alice_conv,
          "/whatsapp/contacts/" + std::string(kAlice)}) {
        EXPECT_EQ(Platform(path, other).status, 404) << path;
    }
    EXPECT_EQ(client_
                  ->Patch("/platform/v1/whatsapp/conversations/" + alice_conv,
                          R"({"whatsapp_conversation":{"status":"ended"}})", other)
                  .status,
              404);
    EXPECT_EQ(
        client_->Delete("/platform/v1/whatsapp/contacts/" + std::string(kAlice), other).status,
        404);
    // Nothing changed for the owner.
    EXPECT_EQ(Ok(Meta("/conversations/" + alice_conv)).at("status"), std::string("active"));
    EXPECT_EQ(Meta("/" + pn_ + "/messages").status, 200);
}

TEST_F(HistoryTest, BadFiltersAreRefusedInEachSurfacesErrorShape) {
    struct Case {
        std::string query;
        std::string param;
    };
    for (const Case& c : std::vector<Case>{{"limit=101", "limit"},
                                           {"limit=0", "limit"},
                                           {"after=garbage", "after"},
                                           {"direction=sideways", "direction"},
                                           {"status=lost", "status"},
                                           {"since=yesterday", "since"},
                                           {"fields=kapso(status", "fields"}}) {
        auto meta = Meta("/" + pn_ + "/messages?" + c.query);
        EXPECT_EQ(meta.status, 400) << c.query << " " << meta.body;
        auto e = meta.Json().at("error");
        EXPECT_EQ(e.at("code"), 100) << c.query;
        EXPECT_NE(bj::serialize(e).find(c.param), std::string::npos) << c.query << " " << meta.body;
        auto platform = Platform("/whatsapp/messages?" + c.query);
        EXPECT_EQ(platform.status, 422) << c.query << " " << platform.body;
        EXPECT_TRUE(platform.Json().at("error").is_string()) << c.query;
    }
    EXPECT_EQ(Meta("/" + pn_ + "/conversations?status=open").status, 400);
    EXPECT_EQ(Meta("/" + pn_ + "/contacts?has_customer=perhaps").status, 400);
    EXPECT_EQ(Platform("/whatsapp/conversations?status=open").status, 422);
    // Documented Platform filters the store cannot apply yet are refused, not ignored.
    auto unsupported = Platform("/whatsapp/messages?message_type=text");
    EXPECT_EQ(unsupported.status, 422);
    EXPECT_NE(unsupported.body.find("message_type"), std::string::npos);
    auto not_a_number = Platform("/whatsapp/messages?phone_number=alice");
    EXPECT_EQ(not_a_number.status, 422);
    EXPECT_NE(not_a_number.body.find("phone_number"), std::string::npos);
    EXPECT_EQ(Platform("/whatsapp/contacts?profile_name_contains=Al").status, 422);

    // Unknown or malformed numbers are Graph's object-not-found.
    for (const char* number : {"999999999", "not-a-number"}) {
        auto r = Meta(std::string("/") + number + "/messages");
        EXPECT_EQ(r.status, 404) << number;
        EXPECT_EQ(r.Json().at("error").at("error_subcode"), 33) << number;
    }
}

}  // namespace
}  // namespace wharf::testing
