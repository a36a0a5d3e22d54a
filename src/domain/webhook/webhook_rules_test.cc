#include "domain/webhook/webhook_rules.h"

#include <gtest/gtest.h>

namespace wharf::domain {
namespace {

template <class T>
Field<T> Val(T v) {
    Field<T> f;
    f.state = Field<T>::State::kValue;
    f.value = std::move(v);
    return f;
}
template <class T>
Field<T> Null() {
    Field<T> f;
    f.state = Field<T>::State::kNull;
    return f;
}

WebhookInput NumberInput() {
    WebhookInput in;
    in.url = Val<std::string>("https://example.com/hook");
    in.phone_number_id = Val<std::string>("123");
    in.events = Val<std::vector<std::string>>({"whatsapp.message.received"});
    return in;
}

std::string FieldOf(const Result<void>& r) {
    return r ? "" : r.error().field.value_or("?");
}

TEST(WebhookRulesTest, CreateAppliesDefaults) {
    Webhook w;
    ASSERT_TRUE(ApplyWebhookInput(w, NumberInput(), true));
    EXPECT_EQ(w.kind, WebhookKind::kKapso);
    EXPECT_EQ(w.payload_version, "v2");
    EXPECT_EQ(w.buffer_window_seconds, 5);
    EXPECT_EQ(w.inactivity_minutes, 60);
    EXPECT_TRUE(w.active);
    EXPECT_EQ(w.phone_number_id, PhoneNumberId("123"));
}

TEST(WebhookRulesTest, EachRuleNamesItsField) {
    auto check = [](auto mutate, const std::string& field, bool number = true) {
        WebhookInput in = NumberInput();
        if (!number) {
            in.phone_number_id = {};
            in.events = Val<std::vector<std::string>>({"whatsapp.phone_number.created"});
        }
        mutate(in);
        Webhook w;
        auto r = ApplyWebhookInput(w, in, true);
        EXPECT_FALSE(r) << field;
        if (!r) {
            EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
        }
        EXPECT_EQ(FieldOf(r), "whatsapp_webhook." + field);
    };
    check([](WebhookInput& in) { in.url = {}; }, "url");
    check([](WebhookInput& in) { in.url = Val<std::string>("ftp://x"); }, "url");
    check([](WebhookInput& in) { in.url = Val<std::string>("https://"); }, "url");
    check([](WebhookInput& in) { in.url = Val<std::string>("https://a b"); }, "url");
    check([](WebhookInput& in) { in.events = Val<std::vector<std::string>>({}); }, "events");
    check([](WebhookInput& in) { in.events = Val<std::vector<std::string>>({"x.y"}); }, "events");
    check(
        [](WebhookInput& in) {
            in.events = Val<std::vector<std::string>>({"whatsapp.phone_number.created"});
        },
        "events");
    check(
        [](WebhookInput& in) {
            in.events = Val<std::vector<std::string>>({"whatsapp.message.sent"});
        },
        "events", false);
    check([](WebhookInput& in) { in.kind = Val<std::string>("x"); }, "kind");
    check([](WebhookInput& in) { in.buffer_window_seconds = Val<long long>(0); },
          "buffer_window_seconds");
    check([](WebhookInput& in) { in.buffer_window_seconds = Val<long long>(61); },
          "buffer_window_seconds");
    check([](WebhookInput& in) { in.max_buffer_size = Val<long long>(0); }, "max_buffer_size");
    check([](WebhookInput& in) { in.max_buffer_size = Val<long long>(101); }, "max_buffer_size");
    check([](WebhookInput& in) { in.inactivity_minutes = Val<long long>(0); },
          "inactivity_minutes");
    check([](WebhookInput& in) { in.inactivity_minutes = Val<long long>(1441); },
          "inactivity_minutes");
    check([](WebhookInput& in) { in.payload_version = Val<std::string>("v3"); }, "payload_version");
    for (const char* h :
         {"Connection", "Transfer-Encoding", "Host", "Content-Length", "X-Webhook-Signature",
          "x-webhook-event", "X-Idempotency-Key", "Upgrade", "Bad Header"}) {
        check(
            [h](WebhookInput& in) {
                in.headers = Val<std::map<std::string, std::string>>({{h, "v"}});
            },
            "headers");
    }
    check(
        [](WebhookInput& in) {
            in.headers = Val<std::map<std::string, std::string>>({{"X-A", "a\r\nb"}});
        },
        "headers");
    check(
        [](WebhookInput& in) {
            in.kind = Val<std::string>("meta");
            in.buffer_enabled = Val(true);
        },
        "buffer_enabled");
    check([](WebhookInput& in) { in.kind = Val<std::string>("meta"); }, "phone_number_id", false);
}

TEST(WebhookRulesTest, MetaWebhooksNormalizeEvents) {
    WebhookInput in = NumberInput();
    in.kind = Val<std::string>("meta");
    Webhook w;
    ASSERT_TRUE(ApplyWebhookInput(w, in, true));
    EXPECT_TRUE(w.events.empty());
}

TEST(WebhookRulesTest, PatchKeepsKindAndResetsNullsToDefaults) {
    Webhook w;
    WebhookInput in = NumberInput();
    in.inactivity_minutes = Val<long long>(5);
    ASSERT_TRUE(ApplyWebhookInput(w, in, true));
    WebhookInput patch;
    patch.inactivity_minutes = Null<long long>();
    patch.headers = Val<std::map<std::string, std::string>>({{"X-Ok", "1"}});
    ASSERT_TRUE(ApplyWebhookInput(w, patch, false));
    EXPECT_EQ(w.inactivity_minutes, 60);
    EXPECT_EQ(w.headers.at("X-Ok"), "1");
    WebhookInput change_kind;
    change_kind.kind = Val<std::string>("meta");
    EXPECT_FALSE(ApplyWebhookInput(w, change_kind, false));
    WebhookInput same_kind;
    same_kind.kind = Val<std::string>("kapso");
    EXPECT_TRUE(ApplyWebhookInput(w, same_kind, false));
}

TEST(WebhookRulesTest, ScopesOfEvents) {
    EXPECT_TRUE(IsProjectWebhookEvent("whatsapp.config.created"));
    EXPECT_TRUE(IsProjectWebhookEvent("workflow.execution.failed"));
    EXPECT_FALSE(IsProjectWebhookEvent("whatsapp.message.received"));
    EXPECT_TRUE(IsPhoneNumberWebhookEvent("whatsapp.conversation.inactive"));
    EXPECT_FALSE(IsPhoneNumberWebhookEvent("whatsapp.phone_number.deleted"));
}

TEST(WebhookRulesTest, BuffersOnlyReceivedMessagesWhenEnabled) {
    Webhook w;
    w.events = {"whatsapp.message.received", "whatsapp.message.sent"};
    EXPECT_FALSE(w.Buffers("whatsapp.message.received"));
    w.buffer_enabled = true;
    EXPECT_TRUE(w.Buffers("whatsapp.message.received"));
    EXPECT_FALSE(w.Buffers("whatsapp.message.sent"));
}

}  // namespace
}  // namespace wharf::domain
