#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace wharf::config {

enum class UpstreamMode { kSandbox, kMeta };

// The server's static configuration: plain values, validated once at start-up (load_config.h).
// What changes per tenant at run time lives in the store, not here.
struct Config {
    std::string listen_host = "127.0.0.1";
    uint16_t listen_port = 8080;
    std::string data_dir = "./var";
    std::string database;  // "sqlite:<path>"; defaults to sqlite:<data_dir>/wharf.db
    UpstreamMode upstream = UpstreamMode::kSandbox;
    std::string public_url;  // empty: http://<listen> (EffectivePublicUrl)
    size_t max_json_body_bytes = 5 * 1024 * 1024;
    size_t max_upload_bytes = 100 * 1024 * 1024;
    int threads = 0;  // 0: one per core
    int api_key_cache_ms = 1000;
    int number_cache_ms = 1000;      // PhoneNumberCache: how long a send trusts a number it read
    int throughput_per_number = 80;  // messages/s per business number (Meta: 80, up to 1,000)  //
    // The sandbox network's status progression: sent, delivered and read this long after accept.
    int sandbox_sent_after_ms = 300;
    int sandbox_delivered_after_ms = 700;
    int sandbox_read_after_ms = 1500;
    // The sandbox template reviewer: a new or edited template is decided this long after.
    int template_review_delay_ms = 2000;
    // how long a verified API key is trusted without a DB read
    bool access_log = true;
    std::string log_level = "info";
    std::string meta_app_id;     // Meta embedded signup (meta mode)
    std::string meta_config_id;  // Meta embedded signup configuration id
    std::string graph_base_url = "https://graph.facebook.com";
    std::string meta_app_secret;    // verifies X-Hub-Signature-256 of Meta's webhooks
    std::string meta_verify_token;  // Meta's webhook verification handshake
    // Outbound webhooks. Private targets (loopback, private, link-local, metadata): unset means
    // allowed in sandbox mode only (EffectiveAllowPrivateWebhookTargets).
    std::optional<bool> allow_private_webhook_targets;
    int webhook_retry_horizon_seconds = 24 * 3600;  // then a failing delivery is dead
    int webhook_timeout_ms = 10'000;                // a 2xx within it counts as delivered
    int webhook_max_in_flight = 128;                // the global pool of concurrent POSTs
    int webhook_max_in_flight_per_endpoint = 16;    // one endpoint's share of it
    // Secrets come from the environment only (never from flags, which `ps` shows).
    std::string secret_key;         // WHARF_SECRET_KEY; else <data_dir>/secret.key
    std::string bootstrap_api_key;  // WHARF_BOOTSTRAP_API_KEY
};

const char* UpstreamModeName(UpstreamMode m);
bool EffectiveAllowPrivateWebhookTargets(const Config& c);

}  // namespace wharf::config
