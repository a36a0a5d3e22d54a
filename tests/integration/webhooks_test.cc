// Outbound webhooks end to end: the real Application (fake clock) delivering to in-test HTTP
// sinks over loopback. Events are written to the outbox directly where the test needs exact
// control over order and timing, and through the sandbox where it shows the whole path.

#include <atomic>
#include <chrono>
#include <thread>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "base/random.h"
#include "base/testing/fake_clock.h"
#include "domain/event/event.h"
#include "domain/webhook/webhook_signature.h"
#include "tests/integration/fixture.h"
#include "tests/integration/webhook_sink.h"

namespace wharf::testing {
namespace {

namespace bj = boost::json;
using namespace std::chrono_literals;

class WebhooksTest : public ServerFixture {
protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() / ("wharf-wh-" + RandomToken(12));
        std::filesystem::create_directories(dir_);
        config_.listen_host = "127.0.0.1";
        config_.listen_port = 0;
        config_.data_dir = dir_.string();
        config_.database = "sqlite:" + (dir_ / "wharf.db").string();
        config_.threads = 2;
        config_.access_log = false;
        config_.bootstrap_api_key = kKey;
        config_.api_key_cache_ms = 0;
        config_.webhook_timeout_ms = 1000;
        Configure();
        ASSERT_NO_FATAL_FAILURE(StartApp());
    }
    virtual void Configure() {}

    void StartApp() {
        app_.reset();
        auto app = app::Application::Create(config_, &clock_);
        ASSERT_TRUE(app) << app.error().message;
        app_ = std::move(*app);
        auto started = app_->Start();
        ASSERT_TRUE(started) << started.error().message;
        client_ = std::make_unique<TestClient>(app_->Port());
        project_ = app_->Bootstrap().project_id;
        pn_ = app_->Bootstrap().sandbox_phone_number_id->value();
    }

    // Creates a webhook on the sandbox number (or the project when `number` is false).
    bj::object CreateWebhook(bj::object fields, bool number = true) {
        auto r = client_->Post(number ? "/platform/v1/whatsapp/phone_numbers/" + pn_ + "/webhooks"
                                      : "/platform/v1/whatsapp/webhooks",
                               bj::serialize(bj::object{{"whatsapp_webhook", fields}}), kKey);
        EXPECT_EQ(r.status, 201) << r.body;
        return r.Json().at("data").as_object();
    }

    // Appends an event to the outbox, as a service would.
    void AddEvent(const std::string& type, const std::string& conversation, const std::string& body,
                  std::optional<std::string> meta = std::nullopt) {
        domain::Event e;
        e.id = EventId(NewUuid());
        e.type = type;
        e.phone_number_id = PhoneNumberId(pn_);
        if (!conversation.empty()) {
            e.conversation_id = ConversationId(conversation);
        }
        e.payload = body;
        e.meta_payload = meta;
        e.created_at = clock_.Now();
        ASSERT_TRUE(Db().Events().Insert(project_, e));
    }

    static std::string MessageBody(const std::string& conversation, int n) {
        return bj::serialize(bj::object{
            {"message", bj::object{{"id", "wamid." + std::to_string(n)}, {"n", n}}},
            {"conversation", bj::object{{"id", conversation}, {"phone_number", "+15550001111"}}},
            {"is_new_conversation", n == 0},
            {"phone_number_id", "x"}});
    }

    static int N(const WebhookSink::Request& r) {
        return static_cast<int>(bj::parse(r.body).at("message").at("n").as_int64());
    }

    bj::array Deliveries(const std::string& query = "") {
        auto r = client_->Get("/platform/v1/webhook_deliveries" + query, kKey);
        EXPECT_EQ(r.status, 200) << r.body;
        return r.Json().at("data").as_array();
    }

    // Advances the fake clock and gives the workers a moment of real time.
    void Advance(std::chrono::seconds s) {
        clock_.Advance(s);
        std::this_thread::sleep_for(50ms);
    }

    FakeClock clock_;
    ProjectId project_;
    std::string pn_;
};

const std::vector<std::string> kMessageEvents = {
    "whatsapp.message.received", "whatsapp.message.sent", "whatsapp.conversation.created"};

TEST_F(WebhooksTest, DeliversASignedPostWithEveryHeader) {
    WebhookSink sink;
    auto w = CreateWebhook({{"url", sink.Url()},
                            {"events", bj::array{"whatsapp.message.received"}},
                            {"headers", bj::object{{"X-Tenant", "acme"}}}});
    std::string secret(w.at("secret_key").as_string());
    EXPECT_EQ(secret.rfind("wh_sec_", 0), 0u);
    std::string conv = NewUuid();
    AddEvent("whatsapp.message.received", conv, MessageBody(conv, 1));
    ASSERT_TRUE(sink.WaitForCount(1));
    auto r = sink.Requests()[0];
    EXPECT_EQ(r.target, "/hook");
    EXPECT_EQ(r.Header("content-type"), "application/json");
    EXPECT_EQ(r.Header("x-webhook-event"), "whatsapp.message.received");
    EXPECT_EQ(r.Header("x-webhook-payload-version"), "v2");
    EXPECT_EQ(r.Header("x-tenant"), "acme");
    EXPECT_FALSE(r.Header("x-idempotency-key").empty());
    EXPECT_TRUE(domain::VerifyWebhookSignature(secret, r.body, r.Header("x-webhook-signature")));
    EXPECT_EQ(r.body, MessageBody(conv, 1));  // v2 is the outbox payload byte for byte
    std::this_thread::sleep_for(100ms);
    auto d = Deliveries();
    ASSERT_EQ(d.size(), 1u);
    EXPECT_EQ(d[0].at("status"), std::string("delivered"));
    EXPECT_EQ(d[0].at("response_status").as_int64(), 200);
    EXPECT_EQ(d[0].at("attempt_count").as_int64(), 1);
    EXPECT_EQ(d[0].at("webhook_url"), sink.Url());
    EXPECT_EQ(d[0].at("conversation_phone_number"), std::string("+15550001111"));
}

TEST_F(WebhooksTest, ASandboxInboundMessageReachesTheNumbersWebhook) {
    WebhookSink sink;
    CreateWebhook({{"url", sink.Url()}, {"events", bj::array{"whatsapp.message.received"}}});
    auto in = client_->Post(
        "/sandbox/v1/phone_numbers/" + pn_ + "/inbound",
        R"({"from":"15551234567","profile_name":"Ann","type":"text","text":{"body":"hi"}})", kKey);
    ASSERT_EQ(in.status, 200) << in.body;
    ASSERT_TRUE(sink.WaitForCount(1));
    EXPECT_EQ(sink.Requests()[0].Header("x-webhook-event"), "whatsapp.message.received");
}

TEST_F(WebhooksTest, OnlyMatchingActiveWebhooksOfTheScopeReceiveAnEvent) {
    WebhookSink a, b, c;
    CreateWebhook({{"url", a.Url()}, {"events", bj::array{"whatsapp.message.received"}}});
    CreateWebhook({{"url", b.Url()}, {"events", bj::array{"whatsapp.message.sent"}}});
    CreateWebhook(
        {{"url", c.Url()}, {"events", bj::array{"whatsapp.message.received"}}, {"active", false}});
    AddEvent("whatsapp.message.received", "", MessageBody("c", 1));
    ASSERT_TRUE(a.WaitForCount(1));
    std::this_thread::sleep_for(200ms);
    EXPECT_EQ(b.Count(), 0u);
    EXPECT_EQ(c.Count(), 0u);
}

TEST_F(WebhooksTest, ProjectWebhooksGetPhoneNumberEvents) {
    WebhookSink sink;
    CreateWebhook({{"url", sink.Url()}, {"events", bj::array{"whatsapp.phone_number.created"}}},
                  false);
    AddEvent("whatsapp.phone_number.created", "", R"({"phone_number_id":"1"})");
    ASSERT_TRUE(sink.WaitForCount(1));
    EXPECT_EQ(sink.Requests()[0].body, R"({"phone_number_id":"1"})");
}

TEST_F(WebhooksTest, FailuresAreRetriedOnKapsosScheduleWithTheSameKeyThenDelivered) {
    WebhookSink sink;
    // 0: HTTP 500, 1: connection dropped, 2: no answer within the timeout, 3: 200. (libcurl
    // re-sends once by itself when a reused keep-alive connection turns out to be closed, so
    // counts are compared between schedule points, not absolutely.)
    std::atomic<int> mode{0};
    sink.SetBehaviour([&mode](const WebhookSink::Request&) {
        WebhookSink::Answer a;
        if (mode == 0) {
            a.status = 500;
        } else if (mode == 1) {
            a.drop = true;
        } else if (mode == 2) {
            a.delay = 1500ms;  // beyond the 1 s timeout of this test
        }
        return a;
    });
    CreateWebhook({{"url", sink.Url()}, {"events", bj::array{"whatsapp.message.received"}}});
    AddEvent("whatsapp.message.received", "", MessageBody("c", 1));
    ASSERT_TRUE(sink.WaitForCount(1));
    std::this_thread::sleep_for(100ms);
    Advance(9s);
    EXPECT_EQ(sink.Count(), 1u) << "retried before 10 s";
    mode = 1;
    Advance(1s);
    ASSERT_TRUE(sink.WaitForCount(2));
    std::this_thread::sleep_for(200ms);
    size_t after_second = sink.Count();
    mode = 2;
    Advance(39s);
    EXPECT_EQ(sink.Count(), after_second) << "retried before 40 s";
    Advance(1s);
    ASSERT_TRUE(sink.WaitForCount(after_second + 1));
    std::this_thread::sleep_for(1300ms);  // the timeout passes
    size_t after_third = sink.Count();
    mode = 3;
    Advance(89s);
    EXPECT_EQ(sink.Count(), after_third) << "retried before 90 s";
    Advance(1s);
    ASSERT_TRUE(sink.WaitForCount(after_third + 1));
    std::this_thread::sleep_for(100ms);
    auto reqs = sink.Requests();
    for (const auto& r : reqs) {
        EXPECT_EQ(r.Header("x-idempotency-key"), reqs[0].Header("x-idempotency-key"));
        EXPECT_EQ(r.body, reqs[0].body);
    }
    auto list = Deliveries();
    ASSERT_EQ(list.size(), 1u);
    EXPECT_EQ(list[0].at("status"), std::string("delivered"));
    EXPECT_EQ(list[0].at("attempt_count").as_int64(), 4);
    auto detail = client_->Get(
        "/platform/v1/webhook_deliveries/" + std::string(list[0].at("id").as_string()), kKey);
    ASSERT_EQ(detail.status, 200);
    auto attempts = detail.Json().at("data").at("attempts").as_array();
    ASSERT_EQ(attempts.size(), 4u);
    EXPECT_EQ(attempts[0].at("status_code").as_int64(), 500);
    EXPECT_TRUE(attempts[1].at("status_code").is_null());
    EXPECT_FALSE(attempts[1].at("error").is_null());
    EXPECT_NE(std::string(attempts[2].at("error").as_string()).find("timed out"),
              std::string::npos);
    EXPECT_EQ(attempts[3].at("status_code").as_int64(), 200);
}

TEST_F(WebhooksTest, RetryAfterIsHonoured) {
    WebhookSink sink;
    int calls = 0;
    sink.SetBehaviour([&calls](const WebhookSink::Request&) {
        WebhookSink::Answer a;
        if (++calls == 1) {
            a.status = 429;
            a.retry_after = "120";
        }
        return a;
    });
    CreateWebhook({{"url", sink.Url()}, {"events", bj::array{"whatsapp.message.received"}}});
    AddEvent("whatsapp.message.received", "", MessageBody("c", 1));
    ASSERT_TRUE(sink.WaitForCount(1));
    std::this_thread::sleep_for(100ms);
    Advance(100s);
    EXPECT_EQ(sink.Count(), 1u) << "retried before Retry-After";
    Advance(21s);
    ASSERT_TRUE(sink.WaitForCount(2));
}

TEST_F(WebhooksTest, AFailingDeliveryDiesAfterTheHorizonAndCanBeReplayed) {
    WebhookSink sink;
    std::atomic<bool> fail{true};
    sink.SetBehaviour([&fail](const WebhookSink::Request&) {
        WebhookSink::Answer a;
        a.status = fail ? 503 : 200;
        return a;
    });
    auto w =
        CreateWebhook({{"url", sink.Url()}, {"events", bj::array{"whatsapp.message.received"}}});
    AddEvent("whatsapp.message.received", "", MessageBody("c", 1));
    ASSERT_TRUE(sink.WaitForCount(1));
    // 24 h of retries with the fake clock: 10 s, 40 s, 90 s, then doubling up to an hour.
    for (int i = 0; i < 40; ++i) {
        Advance(3600s);
    }
    std::this_thread::sleep_for(200ms);
    auto list = Deliveries("?status=failed&period=7d");
    ASSERT_EQ(list.size(), 1u);
    EXPECT_FALSE(list[0].at("failed_at").is_null());
    size_t attempts = sink.Count();
    EXPECT_GT(attempts, 20u);
    EXPECT_EQ(Deliveries("?errors_only=true&period=7d").size(), 1u);
    Advance(3600s);
    EXPECT_EQ(sink.Count(), attempts) << "a dead delivery is not retried";

    fail = false;
    std::string wid(w.at("id").as_string());
    auto replay =
        client_->Post("/platform/v1/whatsapp/webhooks/" + wid + "/deliveries/retry", "", kKey);
    ASSERT_EQ(replay.status, 202) << replay.body;
    EXPECT_EQ(replay.Json().at("data").at("requeued").as_int64(), 1);
    ASSERT_TRUE(sink.WaitForCount(attempts + 1));
    std::this_thread::sleep_for(100ms);
    EXPECT_EQ(Deliveries("?status=delivered&period=7d").size(), 1u);

    // Replaying one delivery sends it again, with the same idempotency key.
    std::string id(list[0].at("id").as_string());
    auto one = client_->Post("/platform/v1/webhook_deliveries/" + id + "/retry", "", kKey);
    ASSERT_EQ(one.status, 202) << one.body;
    ASSERT_TRUE(sink.WaitForCount(attempts + 2));
    auto reqs = sink.Requests();
    EXPECT_EQ(reqs.back().Header("x-idempotency-key"), reqs.front().Header("x-idempotency-key"));
    EXPECT_EQ(
        client_->Post("/platform/v1/webhook_deliveries/" + NewUuid() + "/retry", "", kKey).status,
        404);
}

TEST_F(WebhooksTest, OneConversationsEventsArriveInOrderEvenWhenOneIsRetried) {
    WebhookSink sink;
    std::mutex mu;
    bool failed_once = false;
    sink.SetBehaviour([&](const WebhookSink::Request& r) {
        WebhookSink::Answer a;
        std::lock_guard lock(mu);
        if (N(r) == 2 && !failed_once) {
            failed_once = true;
            a.status = 500;
        }
        return a;
    });
    CreateWebhook({{"url", sink.Url()}, {"events", bj::array{"whatsapp.message.received"}}});
    std::string c1 = NewUuid(), c2 = NewUuid();
    for (int n = 1; n <= 5; ++n) {
        AddEvent("whatsapp.message.received", c1, MessageBody(c1, n));
    }
    AddEvent("whatsapp.message.received", c2, MessageBody(c2, 100));
    // 1, 2 (fails); c2's event is not held back; 3..5 wait for 2.
    ASSERT_TRUE(sink.WaitForCount(3));
    std::this_thread::sleep_for(200ms);
    EXPECT_EQ(sink.Count(), 3u);
    Advance(10s);
    ASSERT_TRUE(sink.WaitForCount(7));
    std::vector<int> c1_order;
    for (const auto& r : sink.Requests()) {
        if (N(r) != 100) {
            c1_order.push_back(N(r));
        }
    }
    EXPECT_EQ(c1_order, (std::vector<int>{1, 2, 2, 3, 4, 5}));
}

TEST_F(WebhooksTest, ASlowEndpointDoesNotDelayAnother) {
    WebhookSink slow, fast;
    slow.SetBehaviour([](const WebhookSink::Request&) {
        WebhookSink::Answer a;
        a.delay = 900ms;
        return a;
    });
    CreateWebhook({{"url", slow.Url()}, {"events", bj::array{"whatsapp.message.received"}}});
    CreateWebhook({{"url", fast.Url()}, {"events", bj::array{"whatsapp.message.received"}}});
    for (int n = 0; n < 40; ++n) {
        AddEvent("whatsapp.message.received", "", MessageBody("c", n));
    }
    auto start = std::chrono::steady_clock::now();
    ASSERT_TRUE(fast.WaitForCount(40, 3s));
    auto took = std::chrono::steady_clock::now() - start;
    EXPECT_LT(took, 800ms) << "the fast endpoint waited for the slow one";
    EXPECT_LE(slow.Count(), 16u) << "more than the per-endpoint limit in flight";
}

TEST_F(WebhooksTest, BufferedMessagesGoOutAsOneBatchAfterTheWindowAndAtMaxSize) {
    WebhookSink sink;
    CreateWebhook({{"url", sink.Url()},
                   {"events", bj::array{"whatsapp.message.received", "whatsapp.message.sent"}},
                   {"buffer_enabled", true},
                   {"buffer_window_seconds", 5},
                   {"max_buffer_size", 3}});
    std::string c1 = NewUuid(), c2 = NewUuid();
    AddEvent("whatsapp.message.received", c1, MessageBody(c1, 1));
    AddEvent("whatsapp.message.received", c1, MessageBody(c1, 2));
    std::this_thread::sleep_for(300ms);
    EXPECT_EQ(sink.Count(), 0u);
    Advance(4s);
    EXPECT_EQ(sink.Count(), 0u);
    Advance(2s);
    ASSERT_TRUE(sink.WaitForCount(1));
    auto batch = sink.Requests()[0];
    EXPECT_EQ(batch.Header("x-webhook-batch"), "true");
    EXPECT_EQ(batch.Header("x-batch-size"), "2");
    auto body = bj::parse(batch.body).as_object();
    EXPECT_EQ(body.at("type"), std::string("whatsapp.message.received"));
    EXPECT_TRUE(body.at("batch").as_bool());
    ASSERT_EQ(body.at("data").as_array().size(), 2u);
    EXPECT_EQ(body.at("data").as_array()[1].at("message").at("n").as_int64(), 2);

    // The maximum size flushes at once.
    for (int n = 1; n <= 3; ++n) {
        AddEvent("whatsapp.message.received", c2, MessageBody(c2, n));
    }
    ASSERT_TRUE(sink.WaitForCount(2));
    EXPECT_EQ(sink.Requests()[1].Header("x-batch-size"), "3");

    // Another event of the conversation flushes the open buffer first (order holds).
    AddEvent("whatsapp.message.received", c1, MessageBody(c1, 3));
    AddEvent("whatsapp.message.sent", c1, MessageBody(c1, 4));
    ASSERT_TRUE(sink.WaitForCount(4));
    auto reqs = sink.Requests();
    EXPECT_EQ(reqs[2].Header("x-batch-size"), "1");
    EXPECT_EQ(reqs[3].Header("x-webhook-event"), "whatsapp.message.sent");
}

TEST_F(WebhooksTest, InactivityFiresOncePerConversation) {
    WebhookSink sink;
    CreateWebhook({{"url", sink.Url()},
                   {"events", bj::array{"whatsapp.conversation.inactive"}},
                   {"inactivity_minutes", 2}});
    std::string c1 = NewUuid();
    AddEvent("whatsapp.message.received", c1, MessageBody(c1, 1));
    std::this_thread::sleep_for(100ms);
    Advance(60s);
    AddEvent("whatsapp.message.sent", c1, MessageBody(c1, 2));  // activity restarts the timer
    std::this_thread::sleep_for(100ms);
    Advance(90s);
    std::this_thread::sleep_for(300ms);
    EXPECT_EQ(sink.Count(), 0u);
    Advance(31s);
    ASSERT_TRUE(sink.WaitForCount(1));
    auto r = sink.Requests()[0];
    EXPECT_EQ(r.Header("x-webhook-event"), "whatsapp.conversation.inactive");
    auto body = bj::parse(r.body).as_object();
    EXPECT_EQ(body.at("inactivity").at("minutes").as_int64(), 2);
    EXPECT_EQ(body.at("since_message").at("n").as_int64(), 2);
    EXPECT_EQ(body.at("conversation").at("id"), c1);
    Advance(600s);
    std::this_thread::sleep_for(300ms);
    EXPECT_EQ(sink.Count(), 1u);
}

TEST_F(WebhooksTest, MetaKindGetsTheRawPayloadKeyedBySha256) {
    WebhookSink sink;
    CreateWebhook({{"url", sink.Url()}, {"kind", "meta"}});
    std::string raw = R"({"object":"whatsapp_business_account","entry":[]})";
    AddEvent("whatsapp.message.received", "", MessageBody("c", 1), raw);
    AddEvent("whatsapp.conversation.created", "", "{}");  // no Meta equivalent: not sent
    ASSERT_TRUE(sink.WaitForCount(1));
    std::this_thread::sleep_for(200ms);
    ASSERT_EQ(sink.Count(), 1u);
    EXPECT_EQ(sink.Requests()[0].body, raw);
    EXPECT_EQ(sink.Requests()[0].Header("x-idempotency-key"), domain::MetaIdempotencyKey(raw));
}

TEST_F(WebhooksTest, V1PayloadsCarryAWhatsappConfig) {
    WebhookSink sink;
    CreateWebhook({{"url", sink.Url()},
                   {"events", bj::array{"whatsapp.message.received"}},
                   {"payload_version", "v1"}});
    std::string c = NewUuid();
    AddEvent("whatsapp.message.received", c, MessageBody(c, 1));
    ASSERT_TRUE(sink.WaitForCount(1));
    auto r = sink.Requests()[0];
    EXPECT_EQ(r.Header("x-webhook-payload-version"), "v1");
    auto body = bj::parse(r.body).as_object();
    EXPECT_FALSE(body.contains("phone_number_id"));
    EXPECT_EQ(body.at("whatsapp_config").at("phone_number_id"), pn_);
    EXPECT_EQ(body.at("message").at("n").as_int64(), 1);
}

TEST_F(WebhooksTest, TheTestEndpointSendsASignedSample) {
    WebhookSink sink;
    auto w = CreateWebhook({{"url", sink.Url()}, {"events", bj::array{"whatsapp.message.sent"}}});
    std::string id(w.at("id").as_string());
    auto bad = client_->Post(
        "/platform/v1/whatsapp/webhooks/" + id + "/test?event_type=whatsapp.message.received", "",
        kKey);
    EXPECT_EQ(bad.status, 422) << bad.body;
    EXPECT_TRUE(bad.Json().at("error").is_string());
    auto ok = client_->Post(
        "/platform/v1/whatsapp/webhooks/" + id + "/test?event_type=whatsapp.message.sent", "",
        kKey);
    ASSERT_EQ(ok.status, 200) << ok.body;
    EXPECT_TRUE(ok.Json().at("data").at("success").as_bool());
    ASSERT_TRUE(sink.WaitForCount(1));
    auto r = sink.Requests()[0];
    EXPECT_EQ(r.Header("x-webhook-event"), "whatsapp.message.sent");
    EXPECT_TRUE(domain::VerifyWebhookSignature(std::string(w.at("secret_key").as_string()), r.body,
                                               r.Header("x-webhook-signature")));
    // The body form works too.
    auto body = client_->Post("/platform/v1/whatsapp/webhooks/" + id + "/test",
                              R"({"event_type":"whatsapp.message.sent"})", kKey);
    EXPECT_EQ(body.status, 200);
}

TEST_F(WebhooksTest, CrudInBothScopesWithGlobalIds) {
    WebhookSink sink;
    auto number =
        CreateWebhook({{"url", sink.Url()}, {"events", bj::array{"whatsapp.message.sent"}}});
    auto project = CreateWebhook(
        {{"url", sink.Url()}, {"events", bj::array{"whatsapp.phone_number.created"}}}, false);
    std::string nid(number.at("id").as_string());
    auto all = client_->Get("/platform/v1/whatsapp/webhooks", kKey);
    EXPECT_EQ(all.Json().at("data").as_array().size(), 2u);
    EXPECT_EQ(all.Json().at("meta").at("total_count").as_int64(), 2);
    auto scoped = client_->Get("/platform/v1/whatsapp/phone_numbers/" + pn_ + "/webhooks", kKey);
    EXPECT_EQ(scoped.Json().at("data").as_array().size(), 1u);
    EXPECT_EQ(client_->Get("/platform/v1/whatsapp/webhooks/" + nid, kKey).status, 200);
    auto patched =
        client_->Patch("/platform/v1/whatsapp/phone_numbers/" + pn_ + "/webhooks/" + nid,
                       R"({"whatsapp_webhook":{"active":false,"inactivity_minutes":5}})", kKey);
    ASSERT_EQ(patched.status, 200) << patched.body;
    EXPECT_FALSE(patched.Json().at("data").at("active").as_bool());
    EXPECT_EQ(patched.Json().at("data").at("inactivity_minutes").as_int64(), 5);
    EXPECT_EQ(patched.Json().at("data").at("secret_key"), number.at("secret_key").as_string());
    // The project webhook is not under the number's path.
    std::string pid(project.at("id").as_string());
    EXPECT_EQ(client_->Get("/platform/v1/whatsapp/phone_numbers/" + pn_ + "/webhooks/" + pid, kKey)
                  .status,
              404);
    EXPECT_EQ(client_->Delete("/platform/v1/whatsapp/webhooks/" + nid, kKey).status, 204);
    EXPECT_EQ(client_->Get("/platform/v1/whatsapp/webhooks/" + nid, kKey).status, 404);
    // Another project sees nothing.
    std::string other = CreateOtherProjectKey();
    EXPECT_EQ(client_->Get("/platform/v1/whatsapp/webhooks/" + pid, other).status, 404);
    EXPECT_EQ(
        client_->Get("/platform/v1/whatsapp/webhooks", other).Json().at("data").as_array().size(),
        0u);
}

struct BadCase {
    const char* name;
    bool number;
    const char* body;
    int status;
};

TEST_F(WebhooksTest, EveryValidationRuleRefusesAndPersistsNothing) {
    const std::vector<BadCase> cases = {
        {"no envelope", true, R"({"url":"https://a.example"})", 400},
        {"malformed json", true, R"({"whatsapp_webhook":)", 400},
        {"no url", true, R"({"whatsapp_webhook":{"events":["whatsapp.message.sent"]}})", 422},
        {"ftp url", true,
         R"({"whatsapp_webhook":{"url":"ftp://a.example","events":["whatsapp.message.sent"]}})",
         422},
        {"url not a string", true,
         R"({"whatsapp_webhook":{"url":5,"events":["whatsapp.message.sent"]}})", 422},
        {"no events", true, R"({"whatsapp_webhook":{"url":"https://a.example"}})", 422},
        {"empty events", true, R"({"whatsapp_webhook":{"url":"https://a.example","events":[]}})",
         422},
        {"unknown event", true,
         R"({"whatsapp_webhook":{"url":"https://a.example","events":["whatsapp.nope"]}})", 422},
        {"project event on number", true,
         R"({"whatsapp_webhook":{"url":"https://a.example","events":["whatsapp.phone_number.created"]}})",
         422},
        {"message event on project", false,
         R"({"whatsapp_webhook":{"url":"https://a.example","events":["whatsapp.message.received"]}})",
         422},
        {"bad kind", true,
         R"({"whatsapp_webhook":{"url":"https://a.example","kind":"other","events":["whatsapp.message.sent"]}})",
         422},
        {"meta without number", false,
         R"({"whatsapp_webhook":{"url":"https://a.example","kind":"meta"}})", 422},
        {"meta buffering", true,
         R"({"whatsapp_webhook":{"url":"https://a.example","kind":"meta","buffer_enabled":true}})",
         422},
        {"window 0", true,
         R"({"whatsapp_webhook":{"url":"https://a.example","events":["whatsapp.message.received"],"buffer_window_seconds":0}})",
         422},
        {"window 61", true,
         R"({"whatsapp_webhook":{"url":"https://a.example","events":["whatsapp.message.received"],"buffer_window_seconds":61}})",
         422},
        {"size 0", true,
         R"({"whatsapp_webhook":{"url":"https://a.example","events":["whatsapp.message.received"],"max_buffer_size":0}})",
         422},
        {"size 101", true,
         R"({"whatsapp_webhook":{"url":"https://a.example","events":["whatsapp.message.received"],"max_buffer_size":101}})",
         422},
        {"inactivity 0", true,
         R"({"whatsapp_webhook":{"url":"https://a.example","events":["whatsapp.message.received"],"inactivity_minutes":0}})",
         422},
        {"inactivity 1441", true,
         R"({"whatsapp_webhook":{"url":"https://a.example","events":["whatsapp.message.received"],"inactivity_minutes":1441}})",
         422},
        {"payload v3", true,
         R"({"whatsapp_webhook":{"url":"https://a.example","events":["whatsapp.message.received"],"payload_version":"v3"}})",
         422},
        {"hop-by-hop header", true,
         R"({"whatsapp_webhook":{"url":"https://a.example","events":["whatsapp.message.received"],"headers":{"Connection":"close"}}})",
         422},
        {"signature header", true,
         R"({"whatsapp_webhook":{"url":"https://a.example","events":["whatsapp.message.received"],"headers":{"X-Webhook-Signature":"x"}}})",
         422},
        {"idempotency header", true,
         R"({"whatsapp_webhook":{"url":"https://a.example","events":["whatsapp.message.received"],"headers":{"x-idempotency-key":"x"}}})",
         422},
        {"header with newline", true,
         R"({"whatsapp_webhook":{"url":"https://a.example","events":["whatsapp.message.received"],"headers":{"X-A":"a\r\nX-B: b"}}})",
         422},
        {"header not a string", true,
         R"({"whatsapp_webhook":{"url":"https://a.example","events":["whatsapp.message.received"],"headers":{"X-A":1}}})",
         422},
        {"short secret", true,
         R"({"whatsapp_webhook":{"url":"https://a.example","events":["whatsapp.message.received"],"secret_key":"abc"}})",
         422},
        {"buffer_events other", true,
         R"({"whatsapp_webhook":{"url":"https://a.example","events":["whatsapp.message.received"],"buffer_events":["whatsapp.message.sent"]}})",
         422},
    };
    for (const auto& c : cases) {
        auto r = client_->Post(c.number ? "/platform/v1/whatsapp/phone_numbers/" + pn_ + "/webhooks"
                                        : "/platform/v1/whatsapp/webhooks",
                               c.body, kKey);
        EXPECT_EQ(r.status, c.status) << c.name << ": " << r.body;
        EXPECT_TRUE(r.Json().is_object() && r.Json().as_object().contains("error") &&
                    r.Json().at("error").is_string())
            << c.name << ": " << r.body;
    }
    EXPECT_EQ(
        client_
            ->Post(
                "/platform/v1/whatsapp/phone_numbers/999999999/webhooks",
                R"({"whatsapp_webhook":{"url":"https://a.example","events":["whatsapp.message.sent"]}})",
                kKey)
            .status,
        404);
    // One meta webhook per number.
    CreateWebhook({{"url", "https://a.example"}, {"kind", "meta"}});
    auto second =
        client_->Post("/platform/v1/whatsapp/phone_numbers/" + pn_ + "/webhooks",
                      R"({"whatsapp_webhook":{"url":"https://b.example","kind":"meta"}})", kKey);
    EXPECT_EQ(second.status, 422) << second.body;
    auto list = client_->Get("/platform/v1/whatsapp/webhooks", kKey);
    EXPECT_EQ(list.Json().at("data").as_array().size(), 1u) << list.body;
    // PATCH: kind is immutable, ranges are checked, nothing changes on failure.
    std::string id(list.Json().at("data").as_array()[0].at("id").as_string());
    EXPECT_EQ(client_
                  ->Patch("/platform/v1/whatsapp/webhooks/" + id,
                          R"({"whatsapp_webhook":{"kind":"kapso"}})", kKey)
                  .status,
              422);
    EXPECT_EQ(client_
                  ->Patch("/platform/v1/whatsapp/webhooks/" + id,
                          R"({"whatsapp_webhook":{"url":"gopher://x"}})", kKey)
                  .status,
              422);
    EXPECT_EQ(
        client_->Get("/platform/v1/whatsapp/webhooks/" + id, kKey).Json().at("data").at("url"),
        std::string("https://a.example"));
    // Delivery filters are checked too.
    EXPECT_EQ(client_->Get("/platform/v1/webhook_deliveries?status=nope", kKey).status, 422);
    EXPECT_EQ(client_->Get("/platform/v1/webhook_deliveries?period=1y", kKey).status, 422);
}

class PrivateTargetsRefusedTest : public WebhooksTest {
protected:
    void Configure() override { config_.allow_private_webhook_targets = false; }
};

TEST_F(PrivateTargetsRefusedTest, LoopbackTargetsAreRefusedOnTheResolvedAddress) {
    WebhookSink sink;
    // "localhost" resolves to loopback: refused although the name is not an address.
    std::string url = "http://localhost:" + std::to_string(sink.Port()) + "/hook";
    CreateWebhook({{"url", url}, {"events", bj::array{"whatsapp.message.received"}}});
    AddEvent("whatsapp.message.received", "", MessageBody("c", 1));
    std::this_thread::sleep_for(500ms);
    EXPECT_EQ(sink.Count(), 0u);
    auto list = Deliveries();
    ASSERT_EQ(list.size(), 1u);
    EXPECT_EQ(list[0].at("status"), std::string("pending"));
    ASSERT_TRUE(list[0].at("last_error").is_string()) << bj::serialize(list[0]);
    EXPECT_NE(std::string(list[0].at("last_error").as_string()).find("loopback"),
              std::string::npos);
}

TEST_F(WebhooksTest, PendingDeliveriesAndOpenBuffersSurviveARestart) {
    WebhookSink sink;
    sink.SetBehaviour([](const WebhookSink::Request&) {
        WebhookSink::Answer a;
        a.status = 500;
        return a;
    });
    CreateWebhook({{"url", sink.Url()},
                   {"events", bj::array{"whatsapp.message.received", "whatsapp.message.sent"}},
                   {"buffer_enabled", true},
                   {"buffer_window_seconds", 5}});
    std::string c = NewUuid();
    AddEvent("whatsapp.message.sent", "", MessageBody(c, 1));
    AddEvent("whatsapp.message.received", c, MessageBody(c, 2));
    ASSERT_TRUE(sink.WaitForCount(1));
    std::this_thread::sleep_for(200ms);
    ASSERT_NO_FATAL_FAILURE(StartApp());
    sink.SetBehaviour({});
    Advance(10s);
    ASSERT_TRUE(sink.WaitForCount(3));
    auto reqs = sink.Requests();
    EXPECT_EQ(reqs[1].Header("x-idempotency-key"), reqs[0].Header("x-idempotency-key"));
    bool batch = false;
    for (const auto& r : reqs) {
        batch = batch || r.Header("x-webhook-batch") == "true";
    }
    EXPECT_TRUE(batch);
}

TEST_F(WebhooksTest, RedirectsAreNotFollowed) {
    WebhookSink sink, elsewhere;
    std::string target = elsewhere.Url();
    sink.SetBehaviour([](const WebhookSink::Request&) {
        WebhookSink::Answer a;
        a.status = 302;
        return a;
    });
    CreateWebhook({{"url", sink.Url()}, {"events", bj::array{"whatsapp.message.received"}}});
    AddEvent("whatsapp.message.received", "", MessageBody("c", 1));
    ASSERT_TRUE(sink.WaitForCount(1));
    std::this_thread::sleep_for(200ms);
    EXPECT_EQ(elsewhere.Count(), 0u);
    auto list = Deliveries();
    ASSERT_EQ(list.size(), 1u);
    EXPECT_EQ(list[0].at("status"), std::string("pending"));
    EXPECT_EQ(list[0].at("response_status").as_int64(), 302);
}

TEST_F(WebhooksTest, ListFiltersOfANumbersWebhooks) {
    CreateWebhook(
        {{"url", "https://one.example/a"}, {"events", bj::array{"whatsapp.message.sent"}}});
    CreateWebhook({{"url", "https://two.example/b"},
                   {"events", bj::array{"whatsapp.message.sent"}},
                   {"active", false}});
    std::string base = "/platform/v1/whatsapp/phone_numbers/" + pn_ + "/webhooks";
    auto count = [&](const std::string& q) {
        auto r = client_->Get(base + q, kKey);
        EXPECT_EQ(r.status, 200) << r.body;
        return r.Json().at("data").as_array().size();
    };
    EXPECT_EQ(count(""), 2u);
    EXPECT_EQ(count("?url_contains=two.example"), 1u);
    EXPECT_EQ(count("?active=true"), 1u);
    EXPECT_EQ(count("?kind=meta"), 0u);
    EXPECT_EQ(count("?created_after=2020-01-01T00:00:00Z"), 2u);
    EXPECT_EQ(count("?created_before=2020-01-01T00:00:00Z"), 0u);
    EXPECT_EQ(client_->Get(base + "?kind=other", kKey).status, 422);
    EXPECT_EQ(client_->Get("/platform/v1/whatsapp/phone_numbers/999999/webhooks", kKey).status,
              404);
}

TEST_F(WebhooksTest, DeliveriesPageWithCursors) {
    WebhookSink sink;
    CreateWebhook({{"url", sink.Url()}, {"events", bj::array{"whatsapp.message.received"}}});
    for (int n = 0; n < 5; ++n) {
        AddEvent("whatsapp.message.received", "", MessageBody("c", n));
    }
    ASSERT_TRUE(sink.WaitForCount(5));
    std::this_thread::sleep_for(100ms);
    auto p1 = client_->Get("/platform/v1/webhook_deliveries?limit=2", kKey).Json();
    ASSERT_EQ(p1.at("data").as_array().size(), 2u);
    std::string after(p1.at("paging").at("cursors").at("after").as_string());
    EXPECT_TRUE(p1.at("paging").at("cursors").at("before").is_null());
    auto p2 = client_->Get("/platform/v1/webhook_deliveries?limit=2&after=" + after, kKey).Json();
    ASSERT_EQ(p2.at("data").as_array().size(), 2u);
    EXPECT_NE(p2.at("data").as_array()[0].at("id"), p1.at("data").as_array()[1].at("id"));
    std::string after2(p2.at("paging").at("next").as_string());
    auto p3 = client_->Get("/platform/v1/webhook_deliveries?limit=2&after=" + after2, kKey).Json();
    ASSERT_EQ(p3.at("data").as_array().size(), 1u);
    EXPECT_TRUE(p3.at("paging").at("next").is_null());
    std::string before(p2.at("paging").at("previous").as_string());
    auto back =
        client_->Get("/platform/v1/webhook_deliveries?limit=2&before=" + before, kKey).Json();
    EXPECT_EQ(back.at("data").as_array()[0].at("id"), p1.at("data").as_array()[0].at("id"));
    EXPECT_EQ(Deliveries("?event=whatsapp.message.sent").size(), 0u);
    EXPECT_EQ(Deliveries("?status=delivered&period=7d").size(), 5u);
}

}  // namespace
}  // namespace wharf::testing
