#include "delivery/dispatcher.h"

#include <filesystem>
#include <map>

#include <gtest/gtest.h>

#include "base/random.h"
#include "base/testing/fake_clock.h"
#include "domain/webhook/webhook_signature.h"
#include "store/sqlite/sqlite_store.h"

namespace wharf::delivery {
namespace {

using namespace std::chrono_literals;

// A sender whose answers the test decides: requests wait until Answer() is called for them.
class FakeSender final : public WebhookSender {
public:
    void Submit(WebhookRequest request) override { submitted.push_back(std::move(request)); }
    std::vector<WebhookResponse> Poll(std::chrono::milliseconds) override {
        return std::exchange(ready_, {});
    }
    size_t InFlight() const override { return submitted.size() - answered_; }
    void Wake() override {}

    void Answer(size_t index, std::optional<int> status, std::string retry_after = "") {
        WebhookResponse r;
        r.token = submitted.at(index).token;
        r.status = status;
        if (!status) {
            r.error = "connection reset";
        }
        if (!retry_after.empty()) {
            r.retry_after = retry_after;
        }
        ready_.push_back(r);
        ++answered_;
    }
    std::string Header(size_t index, const std::string& name) const {
        for (const auto& [k, v] : submitted.at(index).headers) {
            if (k == name) {
                return v;
            }
        }
        return "";
    }

    std::vector<WebhookRequest> submitted;

private:
    std::vector<WebhookResponse> ready_;
    size_t answered_ = 0;
};

class DispatcherTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() / ("wharf-disp-" + RandomToken(10));
        std::filesystem::create_directories(dir_);
        store::sqlite::SqliteOptions o;
        o.path = (dir_ / "wharf.db").string();
        store_ = std::move(store::sqlite::SqliteStore::Open(o).value());
        ASSERT_TRUE(store_->Projects().Insert({project_, "p", clock_.Now()}));
    }
    void TearDown() override {
        dispatcher_.reset();
        store_.reset();
        std::filesystem::remove_all(dir_);
    }

    Dispatcher& D(DispatcherOptions o = {}) {
        if (!dispatcher_) {
            dispatcher_ = std::make_unique<Dispatcher>(*store_, box_, sender_, clock_, o);
        }
        return *dispatcher_;
    }

    std::string AddWebhook(const std::string& secret = "s3cret-value") {
        domain::Webhook w;
        w.id = WebhookId(NewUuid());
        w.project_id = project_;
        w.url = "https://example.com/" + w.id.value();
        w.events = {"whatsapp.message.received"};
        w.sealed_secret = box_.Seal(secret, domain::WebhookSecretContext(w.id));
        w.headers = {{"X-Tenant", "t1"}};
        w.created_at = w.updated_at = clock_.Now();
        EXPECT_TRUE(store_->Webhooks().Insert(project_, w));
        return w.id.value();
    }

    std::string AddDelivery(const std::string& webhook, std::optional<std::string> key = {},
                            int batch = 0) {
        domain::WebhookDelivery d;
        d.id = WebhookDeliveryId(NewUuid());
        d.project_id = project_;
        d.webhook_id = WebhookId(webhook);
        d.event = "whatsapp.message.received";
        d.ordering_key = key;
        d.body = "{\"n\":" + std::to_string(n_++) + "}";
        d.idempotency_key = d.id.value();
        d.batch_size = batch;
        d.next_attempt_at = d.retry_from = d.event_created_at = d.created_at = clock_.Now();
        EXPECT_TRUE(store_->WebhookDeliveries().Insert(project_, d));
        return d.id.value();
    }

    domain::WebhookDelivery Get(const std::string& id) {
        return store_->WebhookDeliveries().Get(project_, WebhookDeliveryId(id)).value();
    }

    std::filesystem::path dir_;
    std::unique_ptr<store::Store> store_;
    SecretBox box_ = SecretBox::Create(std::string(32, 'k')).value();
    testing::FakeClock clock_;
    FakeSender sender_;
    std::unique_ptr<Dispatcher> dispatcher_;
    ProjectId project_{"p1"};
    int n_ = 0;
};

TEST_F(DispatcherTest, SignsAndSendsEveryHeaderAndRecordsDelivery) {
    auto w = AddWebhook("my-secret-1");
    auto id = AddDelivery(w, std::nullopt, 3);
    ASSERT_TRUE(D().RunOnce(0ms));
    ASSERT_EQ(sender_.submitted.size(), 1u);
    const auto& r = sender_.submitted[0];
    EXPECT_EQ(r.url, "https://example.com/" + w);
    EXPECT_EQ(sender_.Header(0, "X-Webhook-Signature"),
              domain::WebhookSignature("my-secret-1", r.body));
    EXPECT_EQ(sender_.Header(0, "X-Idempotency-Key"), id);
    EXPECT_EQ(sender_.Header(0, "X-Webhook-Event"), "whatsapp.message.received");
    EXPECT_EQ(sender_.Header(0, "X-Webhook-Payload-Version"), "v2");
    EXPECT_EQ(sender_.Header(0, "X-Webhook-Batch"), "true");
    EXPECT_EQ(sender_.Header(0, "X-Batch-Size"), "3");
    EXPECT_EQ(sender_.Header(0, "X-Tenant"), "t1");
    EXPECT_EQ(sender_.Header(0, "Content-Type"), "application/json");
    sender_.Answer(0, 204);
    ASSERT_TRUE(D().RunOnce(0ms));
    EXPECT_EQ(Get(id).status, domain::DeliveryStatus::kDelivered);
}

TEST_F(DispatcherTest, PerEndpointLimitLeavesRoomForOthers) {
    DispatcherOptions o;
    o.max_in_flight = 10;
    o.max_in_flight_per_webhook = 3;
    auto slow = AddWebhook();
    auto other = AddWebhook();
    for (int i = 0; i < 8; ++i) {
        AddDelivery(slow);
    }
    ASSERT_TRUE(D(o).RunOnce(0ms));
    ASSERT_TRUE(D().RunOnce(0ms));
    EXPECT_EQ(sender_.submitted.size(), 3u) << "one endpoint took more than its share";
    AddDelivery(other);
    ASSERT_TRUE(D().RunOnce(0ms));
    ASSERT_EQ(sender_.submitted.size(), 4u);
    EXPECT_EQ(sender_.submitted[3].url, "https://example.com/" + other);
}

TEST_F(DispatcherTest, CircuitOpensAfterRepeatedFailuresAndHalfOpensAfterTheCooldown) {
    DispatcherOptions o;
    o.circuit_failures = 2;
    o.circuit_cooldown = 30s;
    auto w = AddWebhook();
    for (int i = 0; i < 4; ++i) {
        AddDelivery(w);
    }
    ASSERT_TRUE(D(o).RunOnce(0ms));
    ASSERT_EQ(sender_.submitted.size(), 4u);
    sender_.Answer(0, 200);
    sender_.Answer(1, 500);
    sender_.Answer(2, std::nullopt);  // a transport failure counts too
    sender_.Answer(3, 500);
    ASSERT_TRUE(D().RunOnce(0ms));
    // Retries are due after 10 s, but the circuit is open for 30 s.
    clock_.Advance(15s);
    ASSERT_TRUE(D().RunOnce(0ms));
    EXPECT_EQ(sender_.submitted.size(), 4u);
    clock_.Advance(20s);
    ASSERT_TRUE(D().RunOnce(0ms));
    ASSERT_EQ(sender_.submitted.size(), 5u) << "half-open: one trial request";
    sender_.Answer(4, 200);
    ASSERT_TRUE(D().RunOnce(0ms));
    ASSERT_TRUE(D().RunOnce(0ms));
    EXPECT_EQ(sender_.submitted.size(), 7u) << "closed again: the rest goes";
}

TEST_F(DispatcherTest, RetryScheduleAndRetryAfterAndDeath) {
    DispatcherOptions o;
    o.circuit_failures = 1000;
    o.retry.horizon = 200s;
    auto w = AddWebhook();
    auto id = AddDelivery(w);
    ASSERT_TRUE(D(o).RunOnce(0ms));
    sender_.Answer(0, 503, "30");
    ASSERT_TRUE(D().RunOnce(0ms));
    EXPECT_EQ(Get(id).next_attempt_at, clock_.Now() + 30s);  // Retry-After beats 10 s
    clock_.Advance(30s);
    ASSERT_TRUE(D().RunOnce(0ms));
    ASSERT_EQ(sender_.submitted.size(), 2u);
    EXPECT_EQ(sender_.submitted[1].body, sender_.submitted[0].body);
    sender_.Answer(1, 500);
    ASSERT_TRUE(D().RunOnce(0ms));
    EXPECT_EQ(Get(id).next_attempt_at, clock_.Now() + 40s);
    clock_.Advance(40s);
    ASSERT_TRUE(D().RunOnce(0ms));
    sender_.Answer(2, 500);
    ASSERT_TRUE(D().RunOnce(0ms));
    EXPECT_EQ(Get(id).next_attempt_at, clock_.Now() + 90s);
    clock_.Advance(90s);
    ASSERT_TRUE(D().RunOnce(0ms));
    sender_.Answer(3, 500);  // the next (180 s) would pass the 200 s horizon
    ASSERT_TRUE(D().RunOnce(0ms));
    auto d = Get(id);
    EXPECT_EQ(d.status, domain::DeliveryStatus::kFailed);
    EXPECT_EQ(d.attempt_count, 4);
}

TEST_F(DispatcherTest, ADeletedWebhooksDeliveryFailsWithoutBeingSent) {
    auto id = AddDelivery(NewUuid());
    ASSERT_TRUE(D().RunOnce(0ms));
    EXPECT_TRUE(sender_.submitted.empty());
    EXPECT_EQ(Get(id).status, domain::DeliveryStatus::kFailed);
}

}  // namespace
}  // namespace wharf::delivery
