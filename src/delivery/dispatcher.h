#pragma once

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>

#include "base/clock.h"
#include "base/result.h"
#include "base/secret_box.h"
#include "delivery/retry_policy.h"
#include "delivery/webhook_sender.h"
#include "domain/webhook/webhook_delivery.h"
#include "store/store.h"

namespace wharf::delivery {

struct DispatcherOptions {
    int max_in_flight = 128;                  // the global pool
    int max_in_flight_per_webhook = 16;       // one endpoint never takes more
    std::chrono::milliseconds lease{60'000};  // > the request timeout: a crash re-sends after it
    RetryPolicy::Options retry;
    int circuit_failures = 5;  // consecutive failures that open an endpoint's circuit
    std::chrono::seconds circuit_cooldown{30};
    std::chrono::milliseconds idle_poll{5};
};

// Sends due deliveries and records how each attempt went. One thread: lease due deliveries
// (oldest first, the head of each ordering key only, skipping endpoints that are saturated or
// whose circuit is open), sign and submit them to the sender, collect the answers, and record
// every outcome and attempt in one transaction per round. A 2xx is delivered; anything else is
// retried per the RetryPolicy (Retry-After honoured) until the horizon, then dead. A crash loses
// nothing: leased deliveries come back when their lease ends, with the same idempotency key.
class Dispatcher {
public:
    Dispatcher(store::Store& store, const SecretBox& box, WebhookSender& sender, const Clock& clock,
               DispatcherOptions options);
    ~Dispatcher();

    void Start();
    void Stop();    // lets in-flight requests finish (up to the sender's timeout) and records them
    void Notify();  // new work: cut the current wait short

    // One round: lease, submit, wait up to `wait` for answers, record. Returns answers recorded.
    Result<int> RunOnce(std::chrono::milliseconds wait);
    // Rounds until nothing is in flight and nothing is due (tests; bounded by `max_rounds`).
    int DrainForTest(int max_rounds = 1000);

private:
    struct Circuit {
        int consecutive_failures = 0;
        Timestamp open_until{};
    };
    struct InFlight {
        domain::WebhookDelivery delivery;
        Timestamp started_at;
    };
    struct CachedWebhook {
        domain::Webhook webhook;
        std::string secret;
        std::chrono::steady_clock::time_point loaded;
    };
    void Loop();
    Result<const CachedWebhook*> WebhookFor(const WebhookId& id);
    domain::DeliveryOutcome Outcome(const InFlight& f, const WebhookResponse& r, Timestamp now);

    store::Store& store_;
    const SecretBox& box_;
    WebhookSender& sender_;
    const Clock& clock_;
    DispatcherOptions options_;
    RetryPolicy policy_;
    std::unordered_map<std::uint64_t, InFlight> in_flight_;
    std::map<std::string, int> per_webhook_;
    std::map<std::string, Circuit> circuits_;
    std::vector<std::pair<WebhookId, Timestamp>> postpone_;  // circuits opened this round
    std::map<std::string, CachedWebhook> webhooks_;
    std::uint64_t next_token_ = 1;
    std::atomic<bool> stopping_{false};
    std::thread thread_;
};

}  // namespace wharf::delivery
