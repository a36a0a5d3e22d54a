#include "delivery/dispatcher.h"

#include <utility>

#include "base/log.h"
#include "domain/webhook/webhook_signature.h"

namespace wharf::delivery {

namespace {
constexpr auto kWebhookCacheTtl = std::chrono::seconds(2);
}

Dispatcher::Dispatcher(store::Store& store, const SecretBox& box, WebhookSender& sender,
                       const Clock& clock, DispatcherOptions options)
    : store_(store),
      box_(box),
      sender_(sender),
      clock_(clock),
      options_(options),
      policy_(options.retry) {}

Dispatcher::~Dispatcher() {
    Stop();
}

void Dispatcher::Start() {
    stopping_ = false;
    thread_ = std::thread([this] { Loop(); });
}

void Dispatcher::Stop() {
    stopping_ = true;
    sender_.Wake();
    if (thread_.joinable()) {
        thread_.join();
    }
}

void Dispatcher::Notify() {
    sender_.Wake();
}

void Dispatcher::Loop() {
    while (!stopping_) {
        if (auto r = RunOnce(options_.idle_poll); !r) {
            log::Warn("webhook dispatcher: " + r.error().message);
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
    }
    // Graceful stop: no new leases; answers to what is in flight are still recorded.
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
    while (!in_flight_.empty() && std::chrono::steady_clock::now() < deadline) {
        auto responses = sender_.Poll(std::chrono::milliseconds(50));
        std::vector<domain::DeliveryOutcome> outcomes;
        Timestamp now = clock_.Now();
        for (const auto& r : responses) {
            auto it = in_flight_.find(r.token);
            if (it != in_flight_.end()) {
                outcomes.push_back(Outcome(it->second, r, now));
                in_flight_.erase(it);
            }
        }
        if (auto c = store_.WebhookDeliveries().Complete(outcomes); !c) {
            log::Warn("webhook dispatcher: " + c.error().message);
        }
    }
}

Result<const Dispatcher::CachedWebhook*> Dispatcher::WebhookFor(const WebhookId& id) {
    auto now = std::chrono::steady_clock::now();
    auto it = webhooks_.find(id.value());
    if (it != webhooks_.end() && now - it->second.loaded < kWebhookCacheTtl) {
        return &it->second;
    }
    WHARF_ASSIGN_OR_RETURN(auto w, store_.Webhooks().FindForDelivery(id));
    WHARF_ASSIGN_OR_RETURN(auto secret,
                           box_.Open(w.sealed_secret, domain::WebhookSecretContext(w.id)));
    CachedWebhook& c = webhooks_[id.value()];
    c.webhook = std::move(w);
    c.secret = std::move(secret);
    c.loaded = now;
    return &c;
}

domain::DeliveryOutcome Dispatcher::Outcome(const InFlight& f, const WebhookResponse& r,
                                            Timestamp now) {
    const auto& d = f.delivery;
    domain::DeliveryOutcome o;
    o.id = d.id;
    o.attempt.delivery_id = d.id;
    o.attempt.attempt = d.attempt_count + 1;
    o.attempt.started_at = f.started_at;
    o.attempt.duration_ms = r.duration_ms;
    o.attempt.status_code = r.status;
    o.attempt.error = r.error;
    Circuit& circuit = circuits_[d.webhook_id.value()];
    if (r.status && *r.status >= 200 && *r.status < 300) {
        o.status = domain::DeliveryStatus::kDelivered;
        circuit.consecutive_failures = 0;
        return o;
    }
    if (r.status && !r.error) {
        o.attempt.error = "HTTP " + std::to_string(*r.status);
    }
    if (++circuit.consecutive_failures >= options_.circuit_failures) {
        circuit.open_until = now + options_.circuit_cooldown;
        postpone_.emplace_back(d.webhook_id, circuit.open_until);
    }
    std::optional<std::chrono::seconds> retry_after;
    if (r.retry_after && r.status && (*r.status == 429 || *r.status == 503)) {
        retry_after = ParseRetryAfter(*r.retry_after, now);
    }
    auto next = policy_.NextAttempt(o.attempt.attempt, now, d.retry_from, retry_after);
    if (next) {
        o.status = domain::DeliveryStatus::kPending;
        o.next_attempt_at = *next;
    } else {
        o.status = domain::DeliveryStatus::kFailed;
    }
    return o;
}

Result<int> Dispatcher::RunOnce(std::chrono::milliseconds wait) {
    Timestamp now = clock_.Now();
    int capacity = options_.max_in_flight - static_cast<int>(in_flight_.size());
    std::vector<domain::DeliveryOutcome> outcomes;
    if (capacity > 0 && !stopping_) {
        std::vector<WebhookId> skip;
        std::map<WebhookId, int> caps;
        for (const auto& [id, n] : per_webhook_) {
            if (n >= options_.max_in_flight_per_webhook) {
                skip.emplace_back(id);
            }
        }
        for (const auto& [id, c] : circuits_) {
            if (c.consecutive_failures < options_.circuit_failures) {
                continue;
            }
            // Open: nothing until the cooldown ends; then half-open: one trial request at a time.
            auto busy = per_webhook_.find(id);
            if (now < c.open_until || (busy != per_webhook_.end() && busy->second > 0)) {
                skip.emplace_back(id);
            } else {
                caps[WebhookId(id)] = 1;
            }
        }
        WHARF_ASSIGN_OR_RETURN(auto leased, store_.WebhookDeliveries().Lease(
                                                now, options_.lease, capacity,
                                                options_.max_in_flight_per_webhook, skip, caps));
        for (auto& d : leased) {
            auto w = WebhookFor(d.webhook_id);
            if (!w) {
                if (w.error().code != ErrorCode::kNotFound) {
                    // A busy database or an unreadable secret: the lease runs out and the
                    // delivery is tried again then.
                    log::Warn("webhook delivery " + d.id.value() + ": " + w.error().message);
                    continue;
                }
                // The webhook is gone: the delivery cannot go out.
                domain::DeliveryOutcome o;
                o.id = d.id;
                o.status = domain::DeliveryStatus::kFailed;
                o.attempt = {d.id, d.attempt_count + 1, now, 0, std::nullopt, w.error().message};
                outcomes.push_back(std::move(o));
                continue;
            }
            const domain::Webhook& hook = (*w)->webhook;
            WebhookRequest req;
            req.token = next_token_++;
            req.url = hook.url;
            req.body = d.body;
            req.headers.emplace_back("Content-Type", "application/json");
            req.headers.emplace_back("X-Webhook-Event", d.event);
            req.headers.emplace_back("X-Webhook-Signature",
                                     domain::WebhookSignature((*w)->secret, d.body));
            req.headers.emplace_back("X-Idempotency-Key", d.idempotency_key);
            req.headers.emplace_back(
                "X-Webhook-Payload-Version",
                hook.kind == domain::WebhookKind::kMeta ? "meta" : hook.payload_version);
            if (d.batch_size > 0) {
                req.headers.emplace_back("X-Webhook-Batch", "true");
                req.headers.emplace_back("X-Batch-Size", std::to_string(d.batch_size));
            }
            for (const auto& [k, v] : hook.headers) {
                req.headers.emplace_back(k, v);
            }
            ++per_webhook_[d.webhook_id.value()];
            std::uint64_t token = req.token;
            sender_.Submit(std::move(req));
            in_flight_.emplace(token, InFlight{std::move(d), now});
        }
    }
    auto responses =
        sender_.Poll(in_flight_.empty() ? wait : std::min(wait, std::chrono::milliseconds(2)));
    now = clock_.Now();
    for (const auto& r : responses) {
        auto it = in_flight_.find(r.token);
        if (it == in_flight_.end()) {
            continue;
        }
        outcomes.push_back(Outcome(it->second, r, now));
        if (--per_webhook_[it->second.delivery.webhook_id.value()] <= 0) {
            per_webhook_.erase(it->second.delivery.webhook_id.value());
        }
        in_flight_.erase(it);
    }
    WHARF_TRY(store_.WebhookDeliveries().Complete(outcomes));
    for (const auto& [webhook, until] : std::exchange(postpone_, {})) {
        WHARF_TRY(store_.WebhookDeliveries().Postpone(webhook, until));
    }
    return static_cast<int>(outcomes.size());
}

int Dispatcher::DrainForTest(int max_rounds) {
    int total = 0;
    for (int i = 0; i < max_rounds; ++i) {
        auto r = RunOnce(std::chrono::milliseconds(20));
        if (!r) {
            continue;
        }
        total += *r;
        if (*r == 0 && in_flight_.empty()) {
            break;
        }
    }
    return total;
}

}  // namespace wharf::delivery
