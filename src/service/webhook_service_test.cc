#include "service/webhook_service.h"

#include <gtest/gtest.h>

#include "service/testing/service_test_env.h"

namespace wharf::service {
namespace {

template <class T>
Field<T> Val(T v) {
    Field<T> f;
    f.state = Field<T>::State::kValue;
    f.value = std::move(v);
    return f;
}

class WebhookServiceTest : public testing::SandboxServiceTest {
protected:
    domain::WebhookInput Input(std::vector<std::string> events = {"whatsapp.message.received"}) {
        domain::WebhookInput in;
        in.url = Val<std::string>("https://example.com/hook");
        in.events = Val(std::move(events));
        return in;
    }

    WebhookService svc_{*env_.store, env_.box, env_.clock};
};

TEST_F(WebhookServiceTest, GeneratesAndSealsTheSecret) {
    auto w = svc_.Create(project_, number_, Input());
    ASSERT_TRUE(w) << w.error().message;
    EXPECT_EQ(w->secret_key.rfind("wh_sec_", 0), 0u);
    EXPECT_GE(w->secret_key.size(), 40u);
    auto stored = env_.store->Webhooks().Get(project_, w->webhook.id);
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->sealed_secret.find(w->secret_key), std::string::npos);
    EXPECT_EQ(svc_.Get(project_, std::nullopt, w->webhook.id)->secret_key, w->secret_key);

    auto given = Input();
    given.secret_key = Val<std::string>("my-own-secret");
    auto w2 = svc_.Create(project_, number_, given);
    ASSERT_TRUE(w2);
    EXPECT_EQ(w2->secret_key, "my-own-secret");
}

TEST_F(WebhookServiceTest, ScopesAndNumbers) {
    auto w = svc_.Create(project_, number_, Input());
    ASSERT_TRUE(w);
    EXPECT_EQ(w->webhook.phone_number_id, number_);
    EXPECT_EQ(svc_.Create(project_, PhoneNumberId("999"), Input()).error().code,
              ErrorCode::kNotFound);
    auto mismatch = Input();
    mismatch.phone_number_id = Val<std::string>("123");
    EXPECT_EQ(svc_.Create(project_, number_, mismatch).error().code, ErrorCode::kInvalidArgument);
    auto project_hook =
        svc_.Create(project_, std::nullopt, Input({"whatsapp.phone_number.created"}));
    ASSERT_TRUE(project_hook);
    EXPECT_EQ(svc_.Get(project_, number_, project_hook->webhook.id).error().code,
              ErrorCode::kNotFound);
    EXPECT_TRUE(svc_.Get(project_, std::nullopt, w->webhook.id));
    EXPECT_EQ(svc_.Get(ProjectId("other"), std::nullopt, w->webhook.id).error().code,
              ErrorCode::kNotFound);
    auto all = svc_.List(project_, std::nullopt, {}, domain::PageRequest{});
    ASSERT_TRUE(all);
    EXPECT_EQ(all->total_count, 2);
    store::WebhookFilter by_url;
    by_url.url_contains = "example.com/ho";
    EXPECT_EQ(svc_.List(project_, number_, by_url, domain::PageRequest{})->total_count, 1);
}

TEST_F(WebhookServiceTest, TestQueuesASignedSampleOnlyForSubscribedEvents) {
    auto w = svc_.Create(project_, number_, Input({"whatsapp.message.sent"}));
    ASSERT_TRUE(w);
    EXPECT_EQ(
        svc_.Test(project_, w->webhook.id, std::string("whatsapp.message.received")).error().code,
        ErrorCode::kInvalidArgument);
    auto id = svc_.Test(project_, w->webhook.id, std::nullopt);
    ASSERT_TRUE(id);
    auto d = svc_.GetDelivery(project_, *id);
    ASSERT_TRUE(d);
    EXPECT_EQ(d->delivery.event, "whatsapp.message.sent");
    EXPECT_EQ(d->delivery.status, domain::DeliveryStatus::kPending);
    EXPECT_NE(d->delivery.body.find("\"message\""), std::string::npos);
}

TEST_F(WebhookServiceTest, UpdateKeepsTheSecretUnlessGivenAndDeleteFailsPending) {
    auto w = svc_.Create(project_, number_, Input());
    ASSERT_TRUE(w);
    domain::WebhookInput patch;
    patch.active = Val(false);
    auto u = svc_.Update(project_, std::nullopt, w->webhook.id, patch);
    ASSERT_TRUE(u);
    EXPECT_FALSE(u->webhook.active);
    EXPECT_EQ(u->secret_key, w->secret_key);
    patch.secret_key = Val<std::string>("rotated-secret");
    EXPECT_EQ(svc_.Update(project_, std::nullopt, w->webhook.id, patch)->secret_key,
              "rotated-secret");
    auto sample = svc_.Test(project_, w->webhook.id, std::nullopt);
    ASSERT_TRUE(sample);
    ASSERT_TRUE(svc_.Delete(project_, number_, w->webhook.id));
    auto d = svc_.GetDelivery(project_, *sample);
    ASSERT_TRUE(d);
    EXPECT_EQ(d->delivery.status, domain::DeliveryStatus::kFailed);
    EXPECT_EQ(d->delivery.last_error, "webhook deleted");
}

}  // namespace
}  // namespace wharf::service
