#include <chrono>
#include <deque>
#include <mutex>
#include <thread>

#include <boost/asio.hpp>
#include <boost/beast.hpp>

#include "base/crypto.h"
#include "domain/project/project.h"
#include "domain/template/testing/template_assets.h"
#include "http/request.h"
#include "tests/integration/fixture.h"

namespace wharf::testing {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace bj = boost::json;
using asio::ip::tcp;

// A local fake of Meta's Graph API on 127.0.0.1:0: records every request and answers from a
// script (FIFO), or, when the script is empty, with a successful send carrying a fresh wamid
// (POST …/messages) or {"success":true} (anything else: the template endpoints).
// Keep-alive like Meta. One thread runs every connection (coroutines). Thread-safe.
class FakeGraph {
public:
    struct Request {
        std::string method;
        std::string target;
        std::string path;                                        // target without the query
        std::vector<std::pair<std::string, std::string>> query;  // decoded, in order
        std::string authorization;
        std::string content_type;
        std::string body;
    };
    struct Answer {
        int status = 200;
        std::string body;
        std::chrono::milliseconds delay{0};
    };

    FakeGraph()
        : ctx_(std::make_unique<asio::io_context>()),
          acceptor_(std::make_unique<tcp::acceptor>(
              *ctx_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0))) {
        port_ = acceptor_->local_endpoint().port();
        asio::co_spawn(*ctx_, Accept(), asio::detached);
        thread_ = std::thread([this] { ctx_->run(); });
    }
    ~FakeGraph() { Stop(); }

    // Closes the listener and every connection (destroying the io_context destroys the
    // sessions' coroutines and their sockets): afterwards the port refuses connections.
    void Stop() {
        if (thread_.joinable()) {
            ctx_->stop();
            thread_.join();
            acceptor_.reset();
            ctx_.reset();
        }
    }
    uint16_t Port() const { return port_; }
    void Script(int status, std::string body, std::chrono::milliseconds delay = {}) {
        std::lock_guard lock(mu_);
        script_.push_back({status, std::move(body), delay});
    }
    // Every answer after this one waits `delay` (default answers only).
    void SetDefaultDelay(std::chrono::milliseconds delay) {
        std::lock_guard lock(mu_);
        default_delay_ = delay;
    }
    std::vector<Request> Requests() {
        std::lock_guard lock(mu_);
        return requests_;
    }
    int Connections() {
        std::lock_guard lock(mu_);
        return connections_;
    }
    int MaxInFlight() {
        std::lock_guard lock(mu_);
        return max_in_flight_;
    }
    // The wamids of the default answers, in the order they were given.
    std::vector<std::string> AnsweredWamids() {
        std::lock_guard lock(mu_);
        return wamids_;
    }

private:
    asio::awaitable<void> Accept() {
        for (;;) {
            boost::system::error_code ec;
            tcp::socket socket =
                co_await acceptor_->async_accept(asio::redirect_error(asio::use_awaitable, ec));
            if (ec) {
                co_return;
            }
            {
                std::lock_guard lock(mu_);
                ++connections_;
            }
            asio::co_spawn(*ctx_, Session(std::move(socket)), asio::detached);
        }
    }

    Answer Next(const bhttp::request<bhttp::string_body>& req) {
        std::lock_guard lock(mu_);
        Request r{std::string(req.method_string()),
                  std::string(req.target()),
                  {},
                  {},
                  std::string(req[bhttp::field::authorization]),
                  std::string(req[bhttp::field::content_type]),
                  req.body()};
        http::ParseTarget(r.target, r.path, r.query);
        requests_.push_back(r);
        max_in_flight_ = std::max(max_in_flight_, ++in_flight_);
        if (!script_.empty()) {
            Answer a = std::move(script_.front());
            script_.pop_front();
            return a;
        }
        if (!r.path.ends_with("/messages")) {
            return {200, R"({"success":true})", default_delay_};
        }
        std::string wamid =
            "wamid.HBgLMTY1MDU1NTEyMzQVAgARGBI" + std::to_string(wamids_.size() + 1);
        wamids_.push_back(wamid);
        return {
            200,
            R"({"messaging_product":"whatsapp","contacts":[{"input":"x","wa_id":"16505551234"}],)"
            R"("messages":[{"id":")" +
                wamid + R"("}]})",
            default_delay_};
    }

    asio::awaitable<void> Session(tcp::socket socket) {
        beast::flat_buffer buffer;
        for (;;) {
            boost::system::error_code ec;
            bhttp::request<bhttp::string_body> req;
            co_await bhttp::async_read(socket, buffer, req,
                                       asio::redirect_error(asio::use_awaitable, ec));
            if (ec) {
                co_return;
            }
            Answer a = Next(req);
            if (a.delay.count() > 0) {
                asio::steady_timer timer(co_await asio::this_coro::executor, a.delay);
                co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
            }
            {
                std::lock_guard lock(mu_);
                --in_flight_;
            }
            bhttp::response<bhttp::string_body> res{static_cast<bhttp::status>(a.status), 11};
            res.set(bhttp::field::content_type, "application/json; charset=UTF-8");
            res.body() = std::move(a.body);
            res.keep_alive(req.keep_alive());
            res.prepare_payload();
            co_await bhttp::async_write(socket, res, asio::redirect_error(asio::use_awaitable, ec));
            if (ec || !res.keep_alive()) {
                co_return;
            }
        }
    }

    std::unique_ptr<asio::io_context> ctx_;
    std::unique_ptr<tcp::acceptor> acceptor_;
    uint16_t port_ = 0;
    std::thread thread_;
    std::mutex mu_;
    std::deque<Answer> script_;
    std::chrono::milliseconds default_delay_{0};
    std::vector<Request> requests_;
    std::vector<std::string> wamids_;
    int connections_ = 0;
    int in_flight_ = 0;
    int max_in_flight_ = 0;
};

constexpr const char* kPn = "106540352242922";
constexpr const char* kToken = "EAAGmetaTOKEN0123456789abcdef";
constexpr const char* kUser = "16505551234";
constexpr const char* kWaba = "102290129340398";  // kPn's: a production number's, so Meta's
constexpr const char* kTemplateId = "1627019861106475";
const std::string kOrderUpdate(domain::testing::kTemplateUtilityOrderStatusUpdate);

// wharf in meta mode against the fake Graph: the server first starts in sandbox mode (which
// bootstraps the sandbox number), then restarts on the same data dir with upstream=meta.
class MetaUpstreamTest : public ServerFixture {
protected:
    void SetUp() override {
        ServerFixture::SetUp();
        sandbox_pn_ = app_->Bootstrap().sandbox_phone_number_id->value();
        sandbox_waba_ = app_->Bootstrap().sandbox_business_account_id->value();
        graph_ = std::make_unique<FakeGraph>();
        config_.upstream = config::UpstreamMode::kMeta;
        config_.template_review_delay_ms = 50;
        config_.graph_base_url = "http://127.0.0.1:" + std::to_string(graph_->Port()) + "/";
        Restart();
        std::string customer = CreateCustomer("Acme");
        auto connected = client_->Post(
            "/platform/v1/customers/" + customer + "/whatsapp/phone_numbers",
            R"({"whatsapp_phone_number":{"name":"Support","phone_number_id":")" + std::string(kPn) +
                R"(","business_account_id":"102290129340398","access_token":")" + kToken + R"("}})",
            kKey);
        ASSERT_EQ(connected.status, 201) << connected.body;
    }
    void TearDown() override {
        ServerFixture::TearDown();
        graph_.reset();
    }
    // The user writes to the production number: Meta's signed webhook (opens the window).
    void UserWrites(const std::string& wamid, const std::string& from = kUser) {
        std::string body =
            R"({"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"field":"messages",
          "value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881",
          "phone_number_id":")" +
            std::string(kPn) + R"("},"contacts":[{"profile":{"name":"Sheena"},"wa_id":")" + from +
            R"("}],"messages":[{"from":")" + from + R"(","id":")" + wamid + R"(","timestamp":")" +
            std::to_string(std::chrono::duration_cast<std::chrono::seconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count()) +
            R"(","type":"text","text":{"body":"hi"}}]}}]}]})";
        auto r = client_->Send(
            "POST", "/webhooks/meta", body,
            {{"Content-Type", "application/json"},
             {"X-Hub-Signature-256", "sha256=" + HmacSha256Hex("test-app-secret", body)}});
        ASSERT_EQ(r.status, 200) << r.body;
        Drain();
        ASSERT_TRUE(Db().Messages().Get(Project(), wamid)) << "inbound not ingested";
    }
    TestResponse Send(const std::string& body, const std::string& pn = kPn) {
        return client_->Post("/meta/whatsapp/v24.0/" + pn + "/messages", body, kKey);
    }
    static std::string Text(const std::string& text, const std::string& to = kUser) {
        return R"({"messaging_product":"whatsapp","to":")" + to +
               R"(","type":"text","text":{"preview_url":true,"body":")" + text + R"("}})";
    }
    ProjectId Project() {
        return Db().Projects().FindActiveApiKeyByHash(domain::HashApiKey(kKey))->project_id;
    }
    std::vector<domain::Message> Outbound(const std::string& pn = kPn) {
        domain::MessageFilter f;
        f.phone_number_id = PhoneNumberId(pn);
        f.direction = domain::MessageDirection::kOutbound;
        domain::KeysetRequest page;
        page.limit = 100;
        return Db().Messages().List(Project(), f, page)->items;
    }
    void Drain() {
        for (int i = 0; i < 250 && *Db().Jobs().PendingCount() > 0; ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    }
    std::unique_ptr<FakeGraph> graph_;
    std::string sandbox_pn_;
    std::string sandbox_waba_;
};

TEST_F(MetaUpstreamTest, SendsGoToMetaWithTheTokenAndAnswerWithMetasWamid) {
    UserWrites("wamid.IN.1");
    auto r = Send(R"({"messaging_product":"whatsapp","to":"+1 (650) 555-1234","type":"text",
                     "text":{"preview_url":true,"body":"Your order shipped"},
                     "context":{"message_id":"wamid.IN.1"},"biz_opaque_callback_data":"order-42"})");
    ASSERT_EQ(r.status, 200) << r.body;

    auto requests = graph_->Requests();
    ASSERT_EQ(requests.size(), 1u);
    EXPECT_EQ(requests[0].method, "POST");
    EXPECT_EQ(requests[0].target, "/v24.0/" + std::string(kPn) + "/messages");
    EXPECT_EQ(requests[0].authorization, "Bearer " + std::string(kToken));
    EXPECT_EQ(requests[0].content_type, "application/json");
    EXPECT_EQ(bj::parse(requests[0].body),
              bj::parse(R"({"messaging_product":"whatsapp","recipient_type":"individual",
                            "to":"+1 (650) 555-1234","type":"text",
                            "text":{"preview_url":true,"body":"Your order shipped"},
                            "context":{"message_id":"wamid.IN.1"},
                            "biz_opaque_callback_data":"order-42"})"));

    std::string metas = graph_->AnsweredWamids().at(0);
    auto body = r.Json();
    EXPECT_EQ(body.at("messages").at(0).at("id"), metas);
    EXPECT_FALSE(body.at("messages").at(0).as_object().contains("message_status"));
    EXPECT_EQ(body.at("contacts").at(0).at("wa_id"), std::string(kUser));
    EXPECT_EQ(body.at("contacts").at(0).at("input"), std::string("+1 (650) 555-1234"));

    // Stored under Meta's wamid, accepted; Meta's webhooks (not the sandbox) move it on.
    auto m = Db().Messages().Get(Project(), metas);
    ASSERT_TRUE(m);
    EXPECT_EQ(m->status, "accepted");
    EXPECT_EQ(m->direction, domain::MessageDirection::kOutbound);
    EXPECT_EQ(m->content, "Your order shipped");
    EXPECT_EQ(*Db().Jobs().PendingCount(), 0);

    // A second send reuses the connection.
    ASSERT_EQ(Send(Text("and again")).status, 200);
    EXPECT_EQ(graph_->Requests().size(), 2u);
    EXPECT_EQ(graph_->Connections(), 1);
    EXPECT_EQ(Outbound().size(), 2u);
}

TEST_F(MetaUpstreamTest, MetasErrorsComeBackUnchangedAndNothingIsStored) {
    UserWrites("wamid.IN.2");
    graph_->Script(400,
                   R"({"error":{"message":"(#131026) Message undeliverable","type":"OAuthException",
        "code":131026,"error_data":{"messaging_product":"whatsapp","details":"Message Undeliverable."},
        "error_subcode":2494010,"fbtrace_id":"AbCdEf123"}})");
    auto r = Send(Text("hello"));
    EXPECT_EQ(r.status, 400);
    auto e = r.Json().at("error");
    EXPECT_EQ(e.at("code"), 131026);
    EXPECT_EQ(e.at("error_subcode"), 2494010);
    EXPECT_EQ(e.at("type"), std::string("OAuthException"));
    EXPECT_EQ(e.at("message"), std::string("(#131026) Message undeliverable"));
    EXPECT_EQ(e.at("error_data").at("details"), std::string("Message Undeliverable."));

    graph_->Script(
        400,
        R"({"error":{"message":"Unsupported post request. Object with ID '106540352242922' does not exist, cannot be loaded due to missing permissions, or does not support this operation.",
        "type":"GraphMethodException","code":100,"error_subcode":33,"fbtrace_id":"X"}})");
    r = Send(Text("hello"));
    EXPECT_EQ(r.status, 400);
    e = r.Json().at("error");
    EXPECT_EQ(e.at("code"), 100);
    EXPECT_EQ(e.at("error_subcode"), 33);
    EXPECT_EQ(e.at("type"), std::string("GraphMethodException"));

    graph_->Script(401,
                   R"({"error":{"message":"Error validating access token: Session has expired.",
        "type":"OAuthException","code":190,"error_subcode":463,"fbtrace_id":"Y"}})");
    r = Send(Text("hello"));
    EXPECT_EQ(r.status, 401);
    EXPECT_EQ(r.Json().at("error").at("code"), 190);
    EXPECT_EQ(r.Json().at("error").at("error_subcode"), 463);

    // A code outside wharf's table keeps Meta's HTTP status through the canonical code.
    graph_->Script(
        404, R"({"error":{"message":"(#132001) Template name does not exist in the translation",
        "type":"OAuthException","code":132001,"error_data":{"messaging_product":"whatsapp",
        "details":"template name (x) does not exist in en_US"},"fbtrace_id":"Z"}})");
    EXPECT_EQ(Send(Text("hello")).status, 404);
    graph_->Script(
        403,
        R"({"error":{"message":"(#200) Permissions error","type":"OAuthException","code":200}})");
    EXPECT_EQ(Send(Text("hello")).status, 403);

    // A non-Graph answer (a proxy's page) is a 500 that says the outcome is unknown.
    graph_->Script(502, "<html><body>Bad Gateway</body></html>");
    r = Send(Text("hello"));
    EXPECT_EQ(r.status, 500);
    EXPECT_EQ(r.Json().at("error").at("code"), 131000);

    // A 2xx without a message id, and an answer over the 1 MiB cap: the same.
    graph_->Script(200, R"({"success":true})");
    EXPECT_EQ(Send(Text("hello")).status, 500);
    graph_->Script(
        200, R"({"messages":[{"id":"wamid.BIG"}],"pad":")" + std::string(1100 * 1024, 'x') + "\"}");
    r = Send(Text("hello"));
    EXPECT_EQ(r.status, 500);
    EXPECT_EQ(r.Json().at("error").at("code"), 131000);

    EXPECT_EQ(graph_->Requests().size(), 8u);  // each sent exactly once: no retries
    EXPECT_TRUE(Outbound().empty());
    EXPECT_FALSE(Db().Messages().Get(Project(), "wamid.BIG"));
}

TEST_F(MetaUpstreamTest, AnUnreachableGraphIsA503AndNothingIsStored) {
    UserWrites("wamid.IN.3");
    graph_->Stop();
    auto r = Send(Text("hello"));
    EXPECT_EQ(r.status, 503) << r.body;
    auto e = r.Json().at("error");
    EXPECT_EQ(e.at("code"), 2);
    EXPECT_NE(std::string(e.at("error_data").at("details").as_string()).find("was not sent"),
              std::string::npos);
    EXPECT_TRUE(Outbound().empty());
}

TEST_F(MetaUpstreamTest, WharfsOwnChecksRunBeforeMetaIsAsked) {
    // Nobody wrote: the window is closed, Meta is not bothered.
    auto r = Send(Text("hello", "16505559999"));
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(r.Json().at("error").at("code"), 131047);
    // Templates need no window.
    ASSERT_EQ(Send(R"({"messaging_product":"whatsapp","to":"16505559999","type":"template",
                      "template":{"name":"hello_world","language":{"code":"en_US"}}})")
                  .status,
              200);
    auto requests = graph_->Requests();
    ASSERT_EQ(requests.size(), 1u);
    EXPECT_EQ(bj::parse(requests[0].body).at("type"), std::string("template"));
    // Validation errors never reach Meta either.
    EXPECT_EQ(Send(R"({"messaging_product":"whatsapp","to":"16505559999","type":"text"})").status,
              400);
    EXPECT_EQ(graph_->Requests().size(), 1u);
}

TEST_F(MetaUpstreamTest, SendsToOneRecipientLeaveOneAtATimeInAcceptanceOrder) {
    UserWrites("wamid.IN.4");
    graph_->SetDefaultDelay(std::chrono::milliseconds(40));
    std::vector<std::thread> senders;
    for (int i = 0; i < 4; ++i) {
        senders.emplace_back([this, i] {
            TestClient c(app_->Port());
            auto r = c.Post("/meta/whatsapp/v24.0/" + std::string(kPn) + "/messages",
                            Text("m" + std::to_string(i)), kKey);
            EXPECT_EQ(r.status, 200) << r.body;
        });
    }
    for (auto& t : senders) {
        t.join();
    }
    EXPECT_EQ(graph_->MaxInFlight(), 1);
    // Accepted (stored with their acceptance time) in the order Meta received them.
    auto wamids = graph_->AnsweredWamids();
    ASSERT_EQ(wamids.size(), 4u);
    auto stored = Outbound();  // newest first
    ASSERT_EQ(stored.size(), 4u);
    for (size_t i = 0; i < 4; ++i) {
        EXPECT_EQ(stored[3 - i].wamid, wamids[i]);
        EXPECT_EQ(bj::parse(graph_->Requests()[i].body).at("text").at("body"),
                  stored[3 - i].content);
    }
}

TEST_F(MetaUpstreamTest, MarkAsReadIsForwardedToMetaWithTheTypingIndicator) {
    UserWrites("wamid.IN.READ");
    auto r = Send(R"({"messaging_product":"whatsapp","status":"read","message_id":"wamid.IN.READ",
                     "typing_indicator":{"type":"text"}})");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.Json().at("success"), true);
    auto requests = graph_->Requests();
    ASSERT_EQ(requests.size(), 1u);
    EXPECT_EQ(requests[0].target, "/v24.0/" + std::string(kPn) + "/messages");
    EXPECT_EQ(requests[0].authorization, "Bearer " + std::string(kToken));
    EXPECT_EQ(bj::parse(requests[0].body),
              bj::parse(R"({"messaging_product":"whatsapp","status":"read",
                            "message_id":"wamid.IN.READ","typing_indicator":{"type":"text"}})"));
    EXPECT_EQ(Db().Messages().Get(Project(), "wamid.IN.READ")->status, "read");

    // Meta's refusal is the caller's, and the stored status does not move.
    UserWrites("wamid.IN.READ2");
    graph_->Script(400, R"({"error":{"message":"(#100) Invalid parameter","type":"OAuthException",)"
                        R"("code":100,"fbtrace_id":"AbC"}})");
    auto refused =
        Send(R"({"messaging_product":"whatsapp","status":"read","message_id":"wamid.IN.READ2"})");
    EXPECT_EQ(refused.status, 400) << refused.body;
    EXPECT_EQ(refused.Json().at("error").at("code"), 100);
    EXPECT_EQ(Db().Messages().Get(Project(), "wamid.IN.READ2")->status, "received");
}

TEST_F(MetaUpstreamTest, TheSandboxNumberStillSendsIntoTheSandboxInMetaMode) {
    auto in = client_->Post("/sandbox/v1/phone_numbers/" + sandbox_pn_ + "/inbound",
                            R"({"from":"15550001234","type":"text","text":{"body":"hi"}})", kKey);
    ASSERT_EQ(in.status, 200) << in.body;
    auto r = Send(Text("hello", "15550001234"), sandbox_pn_);
    ASSERT_EQ(r.status, 200) << r.body;
    std::string wamid(r.Json().at("messages").at(0).at("id").as_string());
    EXPECT_TRUE(graph_->Requests().empty());
    // The sandbox's simulated progression (in memory, not on the job queue).
    for (int i = 0; i < 200 && Db().Messages().Get(Project(), wamid)->status != "read"; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    EXPECT_EQ(Db().Messages().Get(Project(), wamid)->status, "read");
}

TEST_F(MetaUpstreamTest, TemplateCallsOnAProductionWabaGoToMetaAndComeBackUnchanged) {
    const std::string v = "/meta/whatsapp/v24.0/";
    const std::string base = v + kWaba + "/message_templates";
    const std::string bearer = "Bearer " + std::string(kToken);
    auto expect_request = [&](size_t i, const std::string& method, const std::string& path,
                              std::vector<std::pair<std::string, std::string>> query = {}) {
        auto requests = graph_->Requests();
        ASSERT_GT(requests.size(), i);
        EXPECT_EQ(requests[i].method, method);
        EXPECT_EQ(requests[i].path, path);
        EXPECT_EQ(requests[i].query, query);
        EXPECT_EQ(requests[i].authorization, bearer);
    };

    // List: the caller's filters, projection and Meta's own cursors pass through; the body
    // comes back byte for byte.
    const std::string listed =
        R"({"data":[{"name":"order_update","status":"APPROVED","id":"1627019861106475"}],)"
        R"("paging":{"cursors":{"before":"QVFIUk5x","after":"QVFIUmxx"},)"
        R"("next":"https:\/\/graph.facebook.com\/v24.0\/102290129340398\/message_templates?after=QVFIUmxx"}})";
    graph_->Script(200, listed);
    auto list = client_->Get(
        base +
            "?name=order_update&status=APPROVED&fields=name%2Cstatus&limit=2&after=QVFIUmxx"
            "&order=DESC",
        kKey);
    ASSERT_EQ(list.status, 200) << list.body;
    EXPECT_EQ(list.body, listed);
    EXPECT_EQ(list.Header("content-type"), "application/json");
    expect_request(0, "GET", "/v24.0/" + std::string(kWaba) + "/message_templates",
                   {{"name", "order_update"},
                    {"status", "APPROVED"},
                    {"fields", "name,status"},
                    {"limit", "2"},
                    {"after", "QVFIUmxx"}});

    // Create: the body as sent, Meta's answer as given.
    const std::string created =
        R"({"id":"1627019861106475","status":"PENDING","category":"UTILITY"})";
    graph_->Script(200, created);
    auto create = client_->Post(base, kOrderUpdate, kKey);
    ASSERT_EQ(create.status, 200) << create.body;
    EXPECT_EQ(create.body, created);
    expect_request(1, "POST", "/v24.0/" + std::string(kWaba) + "/message_templates");
    EXPECT_EQ(graph_->Requests()[1].content_type, "application/json");
    EXPECT_EQ(bj::parse(graph_->Requests()[1].body),
              bj::parse(domain::testing::kTemplateUtilityOrderStatusUpdate));

    // Edits, three ways, all POST /{template_id} with the body.
    const std::string edit =
        R"({"components":[{"type":"BODY","text":"Your order {{1}} is on its way"}]})";
    auto by_hsm = client_->Post(base + "?hsm_id=" + kTemplateId, edit, kKey);
    ASSERT_EQ(by_hsm.status, 200) << by_hsm.body;
    EXPECT_EQ(by_hsm.body, R"({"success":true})");
    ASSERT_EQ(client_
                  ->Send("PUT", base + "?hsm_id=" + kTemplateId, edit,
                         {{"X-API-Key", kKey}, {"Content-Type", "application/json"}})
                  .status,
              200);
    ASSERT_EQ(client_->Post(v + kTemplateId, edit, kKey).status, 200);
    for (size_t i : {2, 3, 4}) {
        expect_request(i, "POST", "/v24.0/" + std::string(kTemplateId));
        EXPECT_EQ(bj::parse(graph_->Requests()[i].body), bj::parse(edit));
    }

    // Delete by name and id.
    auto del = client_->Delete(base + "?name=order_update&hsm_id=" + kTemplateId, kKey);
    ASSERT_EQ(del.status, 200) << del.body;
    expect_request(5, "DELETE", "/v24.0/" + std::string(kWaba) + "/message_templates",
                   {{"name", "order_update"}, {"hsm_id", kTemplateId}});

    // Get, with the WABA and as the bare node (unknown here, so the project's production
    // number's token): Meta's projection, Meta's body.
    const std::string one = R"({"name":"order_update","components":[],"id":"1627019861106475"})";
    graph_->Script(200, one);
    graph_->Script(200, one);
    auto get = client_->Get(base + "/" + kTemplateId + "?fields=name,components", kKey);
    ASSERT_EQ(get.status, 200) << get.body;
    EXPECT_EQ(get.body, one);
    expect_request(6, "GET", "/v24.0/" + std::string(kTemplateId), {{"fields", "name,components"}});
    auto node = client_->Get(v + kTemplateId, kKey);
    ASSERT_EQ(node.status, 200) << node.body;
    EXPECT_EQ(node.body, one);
    expect_request(7, "GET", "/v24.0/" + std::string(kTemplateId));
    EXPECT_EQ(graph_->Requests().size(), 8u);
    EXPECT_EQ(graph_->Connections(), 1);  // one kept-alive connection for all of it

    // Nothing of it is stored, nothing is reviewed, no template event.
    auto stored = Db().Templates().List(Project(), BusinessAccountId(kWaba), {}, {});
    ASSERT_TRUE(stored);
    EXPECT_TRUE(stored->items.empty());
    std::this_thread::sleep_for(std::chrono::milliseconds(400));  // > delay + reviewer tick
    auto events = Db().Events().List(Project(), 100);
    ASSERT_TRUE(events);
    for (const auto& e : *events) {
        EXPECT_NE(e.type, "message_template_status_update");
    }
}

TEST_F(MetaUpstreamTest, MetasTemplateErrorsComeBackWithTheirCodesAndTraceId) {
    const std::string base = "/meta/whatsapp/v24.0/" + std::string(kWaba) + "/message_templates";
    const std::string refusal =
        R"({"error":{"message":"Invalid parameter","type":"OAuthException","code":100,)"
        R"("error_subcode":2388042,"is_transient":false,)"
        R"json("error_user_title":"Message template \"components\" param is missing expected field(s)",)json"
        R"("error_user_msg":"The parameter components[0][type] is missing.",)"
        R"("fbtrace_id":"AbCdTpl42"}})";
    graph_->Script(400, refusal);
    auto r = client_->Post(base, R"({"name":"x","language":"en_US","category":"UTILITY"})", kKey);
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(r.Json(), bj::parse(refusal));  // the same envelope, field for field

    graph_->Script(
        400,
        R"({"error":{"message":"Unsupported get request. Object with ID '1627019861106475' does not exist, cannot be loaded due to missing permissions, or does not support this operation.",
        "type":"GraphMethodException","code":100,"error_subcode":33,"fbtrace_id":"Gone1"}})");
    r = client_->Get("/meta/whatsapp/v24.0/" + std::string(kTemplateId), kKey);
    EXPECT_EQ(r.status, 400) << r.body;
    auto e = r.Json().at("error");
    EXPECT_EQ(e.at("code"), 100);
    EXPECT_EQ(e.at("error_subcode"), 33);
    EXPECT_EQ(e.at("type"), std::string("GraphMethodException"));
    EXPECT_EQ(e.at("fbtrace_id"), std::string("Gone1"));

    graph_->Script(401,
                   R"({"error":{"message":"Error validating access token: Session has expired.",
        "type":"OAuthException","code":190,"error_subcode":463,"fbtrace_id":"Tok1"}})");
    r = client_->Delete(base + "?name=order_update", kKey);
    EXPECT_EQ(r.status, 401) << r.body;
    EXPECT_EQ(r.Json().at("error").at("error_subcode"), 463);
    EXPECT_EQ(r.Json().at("error").at("fbtrace_id"), std::string("Tok1"));
    EXPECT_EQ(graph_->Requests().size(), 3u);

    // A read is retried once after Meta's 5xx; a write never is.
    const std::string busy =
        R"({"error":{"message":"(#2) Service temporarily unavailable","type":"OAuthException",)"
        R"("code":2,"is_transient":true,"fbtrace_id":"Busy1"}})";
    graph_->Script(503, busy);
    graph_->Script(200, R"({"data":[],"paging":{"cursors":{}}})");
    r = client_->Get(base, kKey);
    EXPECT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.body, R"({"data":[],"paging":{"cursors":{}}})");
    EXPECT_EQ(graph_->Requests().size(), 5u);
    graph_->Script(503, busy);
    r = client_->Post(base, kOrderUpdate, kKey);
    EXPECT_EQ(r.status, 503) << r.body;
    EXPECT_EQ(r.Json(), bj::parse(busy));
    EXPECT_EQ(graph_->Requests().size(), 6u);

    // Meta unreachable: Graph code 2, nothing stored.
    graph_->Stop();
    r = client_->Post(base, kOrderUpdate, kKey);
    EXPECT_EQ(r.status, 503) << r.body;
    EXPECT_EQ(r.Json().at("error").at("code"), 2);
    EXPECT_TRUE(Db().Templates().List(Project(), BusinessAccountId(kWaba), {}, {})->items.empty());
}

TEST_F(MetaUpstreamTest, TheSandboxWabasTemplatesStayLocalAndReviewedInMetaMode) {
    auto r = client_->Post("/meta/whatsapp/v24.0/" + sandbox_waba_ + "/message_templates",
                           kOrderUpdate, kKey);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.Json().at("status"), std::string("PENDING"));
    std::string id(r.Json().at("id").as_string());
    std::string status;
    for (int i = 0; i < 100 && status != "APPROVED"; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        auto got = client_->Get("/meta/whatsapp/v24.0/" + id, kKey);
        ASSERT_EQ(got.status, 200) << got.body;
        status = std::string(got.Json().at("status").as_string());
    }
    EXPECT_EQ(status, "APPROVED");
    EXPECT_TRUE(graph_->Requests().empty());
}

}  // namespace
}  // namespace wharf::testing
