#include "config/load_config.h"

#include <gtest/gtest.h>

namespace wharf::config {
namespace {

TEST(LoadConfig, DefaultsAreDerivedFromListenAndDataDir) {
    auto c = LoadConfig({}, {});
    ASSERT_TRUE(c);
    EXPECT_EQ(c->listen_host, "127.0.0.1");
    EXPECT_EQ(c->listen_port, 8080);
    EXPECT_EQ(c->database, "sqlite:./var/wharf.db");
    EXPECT_EQ(EffectivePublicUrl(*c, 8080), "http://127.0.0.1:8080");
    EXPECT_EQ(c->upstream, UpstreamMode::kSandbox);
}

TEST(LoadConfig, FlagsBeatEnvironmentWhichBeatsDefaults) {
    auto c = LoadConfig({"--listen", "0.0.0.0:9000", "--upstream=meta"},
                        {{"WHARF_LISTEN", "127.0.0.1:7000"}, {"WHARF_DATA_DIR", "/tmp/w"}});
    ASSERT_TRUE(c);
    EXPECT_EQ(c->listen_port, 9000);
    EXPECT_EQ(c->data_dir, "/tmp/w");
    EXPECT_EQ(c->database, "sqlite:/tmp/w/wharf.db");
    EXPECT_EQ(EffectivePublicUrl(*c, 9001), "http://127.0.0.1:9001");
    EXPECT_EQ(c->upstream, UpstreamMode::kMeta);
}

TEST(LoadConfig, ReportsEveryProblemByName) {
    auto c = LoadConfig({"--bogus", "1", "--listen", "nope", "--upstream", "mars"},
                        {{"WHARF_THREADS", "zero"}});
    ASSERT_FALSE(c);
    const std::string& m = c.error().message;
    EXPECT_NE(m.find("--bogus"), std::string::npos);
    EXPECT_NE(m.find("--listen nope"), std::string::npos);
    EXPECT_NE(m.find("--upstream mars"), std::string::npos);
    EXPECT_NE(m.find("WHARF_THREADS=zero"), std::string::npos);
}

TEST(LoadConfig, ValidatesUrlsAndDatabase) {
    EXPECT_FALSE(LoadConfig({"--public-url", "ftp://x"}, {}));
    EXPECT_FALSE(LoadConfig({"--database", "mysql://x"}, {}));
    EXPECT_FALSE(LoadConfig({"--database"}, {}));
    auto c = LoadConfig({"--public-url", "https://wharf.example.com/"}, {});
    ASSERT_TRUE(c);
    EXPECT_EQ(EffectivePublicUrl(*c, 1), "https://wharf.example.com");
}

TEST(LoadConfig, SandboxStatusDelays) {
    auto d = LoadConfig({}, {});
    ASSERT_TRUE(d);
    EXPECT_EQ(d->sandbox_sent_after_ms, 300);
    EXPECT_EQ(d->sandbox_read_after_ms, 1500);
    auto c = LoadConfig({"--sandbox-status-delays-ms", "0,50,50"}, {});
    ASSERT_TRUE(c);
    EXPECT_EQ(c->sandbox_sent_after_ms, 0);
    EXPECT_EQ(c->sandbox_delivered_after_ms, 50);
    EXPECT_EQ(c->sandbox_read_after_ms, 50);
    auto e = LoadConfig({}, {{"WHARF_SANDBOX_STATUS_DELAYS_MS", "10,20,30"}});
    ASSERT_TRUE(e);
    EXPECT_EQ(e->sandbox_delivered_after_ms, 20);
    for (const char* bad : {"", "1,2", "1,2,3,4", "3,2,1", "a,b,c", "1,,3", "-1,2,3", "1,2,3,",
                            "1 ,2,3", "99999999999,1,2"}) {
        auto r = LoadConfig({"--sandbox-status-delays-ms", bad}, {});
        EXPECT_FALSE(r) << bad;
    }
}

TEST(LoadConfig, WebhookOptions) {
    auto sandbox = LoadConfig({}, {});
    ASSERT_TRUE(sandbox);
    EXPECT_TRUE(EffectiveAllowPrivateWebhookTargets(*sandbox));
    EXPECT_EQ(sandbox->webhook_retry_horizon_seconds, 24 * 3600);
    EXPECT_EQ(sandbox->webhook_timeout_ms, 10000);
    auto meta = LoadConfig({"--upstream", "meta"}, {});
    ASSERT_TRUE(meta);
    EXPECT_FALSE(EffectiveAllowPrivateWebhookTargets(*meta));
    auto c = LoadConfig(
        {"--upstream", "meta", "--allow-private-webhook-targets", "true", "--webhook-retry-horizon",
         "90m", "--webhook-timeout-ms", "2500", "--webhook-max-in-flight-per-endpoint", "4"},
        {{"WHARF_WEBHOOK_MAX_IN_FLIGHT", "32"}});
    ASSERT_TRUE(c) << c.error().message;
    EXPECT_TRUE(EffectiveAllowPrivateWebhookTargets(*c));
    EXPECT_EQ(c->webhook_retry_horizon_seconds, 5400);
    EXPECT_EQ(c->webhook_timeout_ms, 2500);
    EXPECT_EQ(c->webhook_max_in_flight, 32);
    EXPECT_EQ(c->webhook_max_in_flight_per_endpoint, 4);
    auto off = LoadConfig({"--allow-private-webhook-targets=false"}, {});
    ASSERT_TRUE(off);
    EXPECT_FALSE(EffectiveAllowPrivateWebhookTargets(*off));
    EXPECT_EQ(LoadConfig({"--webhook-retry-horizon", "2d"}, {})->webhook_retry_horizon_seconds,
              2 * 86400);
    for (const char* bad : {"0s", "10", "5y", "h", "31d"}) {
        EXPECT_FALSE(LoadConfig({"--webhook-retry-horizon", bad}, {})) << bad;
    }
    EXPECT_FALSE(LoadConfig({"--webhook-timeout-ms", "50"}, {}));
    EXPECT_FALSE(LoadConfig({"--allow-private-webhook-targets", "maybe"}, {}));
}

TEST(LoadConfig, TemplateReviewDelay) {
    auto d = LoadConfig({}, {});
    ASSERT_TRUE(d);
    EXPECT_EQ(d->template_review_delay_ms, 2000);
    auto c = LoadConfig({"--template-review-delay-ms", "50"}, {});
    ASSERT_TRUE(c);
    EXPECT_EQ(c->template_review_delay_ms, 50);
    auto e = LoadConfig({}, {{"WHARF_TEMPLATE_REVIEW_DELAY_MS", "0"}});
    ASSERT_TRUE(e);
    EXPECT_EQ(e->template_review_delay_ms, 0);
    for (const char* bad : {"", "-1", "1.5", "abc", "99999999999"}) {
        EXPECT_FALSE(LoadConfig({"--template-review-delay-ms", bad}, {})) << bad;
    }
}

TEST(LoadConfig, CacheLifetimes) {
    auto d = LoadConfig({}, {});
    ASSERT_TRUE(d);
    EXPECT_EQ(d->api_key_cache_ms, 1000);
    EXPECT_EQ(d->number_cache_ms, 1000);
    auto c = LoadConfig({"--number-cache-ms", "0", "--api-key-cache-ms", "60000"}, {});
    ASSERT_TRUE(c);
    EXPECT_EQ(c->number_cache_ms, 0);
    EXPECT_EQ(c->api_key_cache_ms, 60000);
    auto e = LoadConfig({}, {{"WHARF_NUMBER_CACHE_MS", "250"}});
    ASSERT_TRUE(e);
    EXPECT_EQ(e->number_cache_ms, 250);
    for (const char* flag : {"--number-cache-ms", "--api-key-cache-ms"}) {
        for (const char* bad : {"", "-1", "1.5", "abc", "60001"}) {
            EXPECT_FALSE(LoadConfig({flag, bad}, {})) << flag << " " << bad;
        }
    }
}

TEST(ParseListen, AcceptsIpv6AndBarePort) {
    std::string h;
    uint16_t p = 0;
    ASSERT_TRUE(ParseListen("[::1]:8081", h, p));
    EXPECT_EQ(h, "::1");
    EXPECT_EQ(p, 8081);
    ASSERT_TRUE(ParseListen(":80", h, p));
    EXPECT_EQ(h, "0.0.0.0");
    EXPECT_FALSE(ParseListen("host:99999", h, p));
}

}  // namespace
}  // namespace wharf::config
