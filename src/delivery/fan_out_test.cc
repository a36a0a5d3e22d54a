#include "delivery/fan_out.h"

#include <filesystem>

#include <gtest/gtest.h>

#include "base/random.h"
#include "base/testing/fake_clock.h"
#include "domain/event/event.h"
#include "domain/webhook/webhook_signature.h"
#include "store/sqlite/sqlite_store.h"

namespace wharf::delivery {
namespace {

using namespace std::chrono_literals;

class FanOutTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() / ("wharf-fan-" + RandomToken(10));
        std::filesystem::create_directories(dir_);
        store::sqlite::SqliteOptions o;
        o.path = (dir_ / "wharf.db").string();
        store_ = std::move(store::sqlite::SqliteStore::Open(o).value());
        ASSERT_TRUE(store_->Projects().Insert({project_, "p", clock_.Now()}));
    }
    void TearDown() override {
        store_.reset();
        std::filesystem::remove_all(dir_);
    }

    domain::Webhook AddWebhook(std::vector<std::string> events, bool buffer = false,
                               domain::WebhookKind kind = domain::WebhookKind::kKapso) {
        domain::Webhook w;
        w.id = WebhookId(NewUuid());
        w.project_id = project_;
        w.phone_number_id = PhoneNumberId("555");
        w.url = "https://example.com/h";
        w.kind = kind;
        w.events = std::move(events);
        w.buffer_enabled = buffer;
        w.max_buffer_size = 3;
        w.inactivity_minutes = 1;
        w.sealed_secret = "x";
        w.created_at = w.updated_at = clock_.Now();
        EXPECT_TRUE(store_->Webhooks().Insert(project_, w));
        return w;
    }

    void AddEvent(const std::string& type, const std::string& conv, int n,
                  std::optional<std::string> meta = {}) {
        domain::Event e;
        e.id = EventId(NewUuid());
        e.type = type;
        e.phone_number_id = PhoneNumberId("555");
        e.conversation_id = ConversationId(conv);
        e.payload = "{\"message\":{\"n\":" + std::to_string(n) + "},\"conversation\":{\"id\":\"" +
                    conv + "\",\"phone_number\":\"+1555\"}}";
        e.meta_payload = meta;
        e.created_at = clock_.Now();
        ASSERT_TRUE(store_->Events().Insert(project_, e));
    }

    std::vector<domain::WebhookDelivery> Deliveries() {
        auto v = store_->WebhookDeliveries().List(project_, {}, 100, {}, {}).value();
        std::reverse(v.begin(), v.end());
        return v;
    }

    std::filesystem::path dir_;
    std::unique_ptr<store::Store> store_;
    testing::FakeClock clock_;
    ProjectId project_{"p1"};
};

TEST_F(FanOutTest, OneDeliveryPerMatchingWebhookAndTheCursorMovesOnce) {
    auto a = AddWebhook({"whatsapp.message.received"});
    AddWebhook({"whatsapp.message.sent"});
    auto meta = AddWebhook({}, false, domain::WebhookKind::kMeta);
    AddEvent("whatsapp.message.received", "c1", 1, std::string("{\"raw\":1}"));
    FanOut fan(*store_, clock_, {});
    EXPECT_EQ(fan.RunOnce().value(), 1);
    EXPECT_EQ(fan.RunOnce().value(), 0);
    auto d = Deliveries();
    ASSERT_EQ(d.size(), 2u);
    if (d[0].webhook_id != a.id) {
        std::swap(d[0], d[1]);  // webhooks created at the same instant: either order
    }
    EXPECT_EQ(d[0].webhook_id, a.id);
    EXPECT_EQ(d[0].ordering_key, a.id.value() + "/c1");
    EXPECT_EQ(d[0].conversation_phone_number, "+1555");
    EXPECT_EQ(d[0].idempotency_key, d[0].id.value());
    EXPECT_EQ(d[1].webhook_id, meta.id);
    EXPECT_EQ(d[1].body, "{\"raw\":1}");
    EXPECT_EQ(d[1].idempotency_key, domain::MetaIdempotencyKey("{\"raw\":1}"));
}

TEST_F(FanOutTest, WithoutWebhooksTheCursorSkipsToTheLatestEventAndLaterWebhooksGetWhatFollows) {
    AddEvent("whatsapp.message.received", "c1", 1);
    AddEvent("whatsapp.message.received", "c1", 2);
    FanOut fan(*store_, clock_, {});
    EXPECT_EQ(fan.RunOnce().value(), 2);
    EXPECT_EQ(store_->WebhookDeliveries().FanOutCursor().value(),
              store_->Events().LatestSeq().value());
    EXPECT_EQ(fan.RunOnce().value(), 0);
    EXPECT_TRUE(Deliveries().empty());
    // A webhook created now gets the events that come after it, not those before.
    auto w = AddWebhook({"whatsapp.message.received"});
    AddEvent("whatsapp.message.received", "c1", 3);
    EXPECT_EQ(fan.RunOnce().value(), 1);
    auto d = Deliveries();
    ASSERT_EQ(d.size(), 1u);
    EXPECT_EQ(d[0].webhook_id, w.id);
    EXPECT_NE(d[0].body.find("\"n\":3"), std::string::npos);
}

TEST_F(FanOutTest, BuffersFlushAtMaxSizeOnTheWindowAndBeforeOtherEvents) {
    AddWebhook({"whatsapp.message.received", "whatsapp.message.sent"}, true);
    FanOut fan(*store_, clock_, {});
    for (int n = 1; n <= 4; ++n) {
        AddEvent("whatsapp.message.received", "c1", n);
    }
    ASSERT_TRUE(fan.RunOnce());
    auto d = Deliveries();
    ASSERT_EQ(d.size(), 1u);
    EXPECT_EQ(d[0].batch_size, 3);
    EXPECT_EQ(fan.Housekeep().value(), 0);
    clock_.Advance(5s);
    EXPECT_EQ(fan.Housekeep().value(), 1);
    EXPECT_EQ(Deliveries().back().batch_size, 1);
    AddEvent("whatsapp.message.received", "c2", 5);
    AddEvent("whatsapp.message.sent", "c2", 6);
    ASSERT_TRUE(fan.RunOnce());
    d = Deliveries();
    ASSERT_EQ(d.size(), 4u);
    EXPECT_EQ(d[2].batch_size, 1);
    EXPECT_EQ(d[3].event, "whatsapp.message.sent");
}

TEST_F(FanOutTest, InactivityFiresAfterTheQuietPeriod) {
    AddWebhook({"whatsapp.conversation.inactive"});
    FanOut fan(*store_, clock_, {});
    AddEvent("whatsapp.message.received", "c1", 1);
    ASSERT_TRUE(fan.RunOnce());
    clock_.Advance(59s);
    EXPECT_EQ(fan.Housekeep().value(), 0);
    clock_.Advance(1s);
    EXPECT_EQ(fan.Housekeep().value(), 1);
    EXPECT_EQ(fan.Housekeep().value(), 0);
    auto d = Deliveries();
    ASSERT_EQ(d.size(), 1u);
    EXPECT_EQ(d[0].event, "whatsapp.conversation.inactive");
    EXPECT_NE(d[0].body.find("\"inactivity\":{\"minutes\":1}"), std::string::npos);
    EXPECT_NE(d[0].body.find("\"since_message\":{\"n\":1}"), std::string::npos);
}

}  // namespace
}  // namespace wharf::delivery
