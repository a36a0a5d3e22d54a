#include "delivery/fan_out.h"

#include <algorithm>
#include <map>
#include <optional>

#include <boost/json.hpp>

#include "base/log.h"
#include "base/random.h"
#include "domain/event/event.h"
#include "domain/webhook/payload_v1.h"
#include "domain/webhook/webhook.h"
#include "domain/webhook/webhook_delivery.h"
#include "domain/webhook/webhook_signature.h"

namespace wharf::delivery {
namespace {

namespace bj = boost::json;
using domain::Webhook;
using domain::WebhookDelivery;

std::optional<bj::object> ParseObject(const std::string& text) {
    boost::system::error_code ec;
    bj::value v = bj::parse(text, ec);
    if (ec || !v.is_object()) {
        return std::nullopt;
    }
    return std::move(v.as_object());
}

std::optional<std::string> StringAt(const bj::object& o, const char* a, const char* b) {
    const bj::value* x = o.if_contains(a);
    if (x == nullptr || !x->is_object()) {
        return std::nullopt;
    }
    const bj::value* y = x->as_object().if_contains(b);
    if (y == nullptr || !y->is_string()) {
        return std::nullopt;
    }
    return std::string(y->as_string());
}

// Per-transaction lookups of a number's description for v1 payloads.
class ConfigCache {
public:
    explicit ConfigCache(store::Store& tx) : tx_(tx) {}
    domain::WhatsappConfigRef Get(const ProjectId& project, const PhoneNumberId& pn) {
        auto key = project.value() + "/" + pn.value();
        if (auto it = cache_.find(key); it != cache_.end()) {
            return it->second;
        }
        domain::WhatsappConfigRef ref;
        ref.phone_number_id = pn.value();
        if (auto n = tx_.PhoneNumbers().Get(project, pn)) {
            ref.id = n->internal_id.value();
            ref.name = n->name;
            ref.display_phone_number = n->display_phone_number;
            ref.business_account_id = n->business_account_id.value();
        }
        cache_.emplace(key, ref);
        return ref;
    }

private:
    store::Store& tx_;
    std::map<std::string, domain::WhatsappConfigRef> cache_;
};

// The v1 or v2 body of one event for a webhook, as text.
std::string RenderBody(const Webhook& w, const ProjectId& project, const domain::Event& e,
                       ConfigCache& configs) {
    if (w.payload_version != "v1" || !e.phone_number_id) {
        return e.payload;  // v2 is the outbox payload, byte for byte
    }
    auto v2 = ParseObject(e.payload);
    if (!v2) {
        return e.payload;
    }
    return bj::serialize(domain::ToV1Payload(*v2, configs.Get(project, *e.phone_number_id)));
}

WebhookDelivery NewDelivery(const Webhook& w, const std::string& event, std::string body,
                            Timestamp event_at, Timestamp now) {
    WebhookDelivery d;
    d.id = WebhookDeliveryId(NewUuid());
    d.project_id = w.project_id;
    d.webhook_id = w.id;
    d.event = event;
    d.body = std::move(body);
    d.idempotency_key = d.id.value();
    d.next_attempt_at = now;
    d.retry_from = now;
    d.event_created_at = event_at;
    d.created_at = now;
    d.phone_number_id = w.phone_number_id;
    return d;
}

void SetConversation(WebhookDelivery& d, const Webhook& w,
                     const std::optional<ConversationId>& conversation,
                     const std::optional<std::string>& conversation_phone) {
    d.conversation_id = conversation;
    d.conversation_phone_number = conversation_phone;
    if (conversation) {
        d.ordering_key = w.id.value() + "/" + conversation->value();
    }
}

Result<void> FlushBuffer(store::Store& tx, const Webhook* w, const domain::WebhookBuffer& b,
                         Timestamp now) {
    bj::object body{{"type", domain::kEventMessageReceived}, {"batch", true}};
    boost::system::error_code ec;
    bj::value items = bj::parse(b.items, ec);
    body["data"] = ec || !items.is_array() ? bj::value(bj::array{}) : std::move(items);
    WebhookDelivery d;
    if (w != nullptr) {
        d = NewDelivery(*w, domain::kEventMessageReceived, bj::serialize(body), b.first_created_at,
                        now);
        SetConversation(d, *w, b.conversation_id, b.conversation_phone_number);
    }
    d.phone_number_id = b.phone_number_id;
    d.batch_size = b.item_count;
    d.event_id = b.first_event_id;
    WHARF_TRY(tx.WebhookDeliveries().DeleteBuffer(b.webhook_id, b.conversation_id));
    if (w == nullptr) {
        return {};  // the webhook is gone: its buffer goes with it
    }
    return tx.WebhookDeliveries().Insert(b.project_id, d);
}

struct Counts {
    int deliveries = 0;
};

Result<void> FanOutEvent(store::Store& tx, const store::OutboxEvent& o,
                         const std::vector<const Webhook*>& hooks, ConfigCache& configs,
                         Timestamp now, Counts& counts) {
    const domain::Event& e = o.event;
    std::optional<bj::object> parsed;  // lazily, for conversation details
    auto payload = [&]() -> const bj::object& {
        if (!parsed) {
            parsed = ParseObject(e.payload).value_or(bj::object{});
        }
        return *parsed;
    };
    // The ordering key. Events written before the outbox carried conversation_id name their
    // conversation in the payload only.
    std::optional<ConversationId> conversation = e.conversation_id;
    if (!conversation && e.type.rfind("whatsapp.", 0) == 0 && !hooks.empty()) {
        if (auto id = StringAt(payload(), "conversation", "id")) {
            conversation = ConversationId(*id);
        } else if (const bj::value* c = payload().if_contains("conversation_id");
                   c != nullptr && c->is_string()) {
            conversation = ConversationId(std::string(c->as_string()));
        }
    }
    auto& repo = tx.WebhookDeliveries();
    for (const Webhook* w : hooks) {
        if (w->phone_number_id &&
            (!e.phone_number_id || *e.phone_number_id != *w->phone_number_id)) {
            continue;
        }
        if (w->kind == domain::WebhookKind::kMeta) {
            if (!e.meta_payload) {
                continue;
            }
            auto d = NewDelivery(*w, e.type, *e.meta_payload, e.created_at, now);
            d.idempotency_key = domain::MetaIdempotencyKey(*e.meta_payload);
            d.event_id = e.id;
            SetConversation(d, *w, conversation, std::nullopt);
            WHARF_TRY(repo.Insert(o.project_id, d));
            ++counts.deliveries;
            continue;
        }
        const bool is_message =
            e.type == domain::kEventMessageReceived || e.type == domain::kEventMessageSent;
        if (conversation && w->Subscribes(domain::kEventConversationInactive)) {
            if (is_message) {
                domain::InactivityTimer t;
                t.webhook_id = w->id;
                t.conversation_id = *conversation;
                t.project_id = o.project_id;
                t.phone_number_id = e.phone_number_id;
                const bj::object& p = payload();
                const bj::value* conv = p.if_contains("conversation");
                const bj::value* msg = p.if_contains("message");
                t.conversation =
                    bj::serialize(conv != nullptr && conv->is_object()
                                      ? *conv
                                      : bj::value(bj::object{{"id", conversation->value()}}));
                t.since_message = bj::serialize(msg != nullptr ? *msg : bj::value(bj::object{}));
                t.due_at = e.created_at + std::chrono::minutes(w->inactivity_minutes);
                WHARF_TRY(repo.PutInactivity(t));
            } else if (e.type == domain::kEventConversationEnded) {
                WHARF_TRY(repo.DeleteInactivity(w->id, *conversation));
            }
        }
        if (!w->Subscribes(e.type)) {
            continue;
        }
        std::optional<std::string> conv_phone;
        if (conversation) {
            conv_phone = StringAt(payload(), "conversation", "phone_number");
        }
        std::string body = RenderBody(*w, o.project_id, e, configs);
        if (conversation && w->buffer_enabled) {
            WHARF_ASSIGN_OR_RETURN(auto open, repo.GetBuffer(w->id, *conversation));
            if (w->Buffers(e.type)) {
                domain::WebhookBuffer b;
                bj::array items;
                if (open) {
                    b = *open;
                    boost::system::error_code ec;
                    auto v = bj::parse(b.items, ec);
                    if (!ec && v.is_array()) {
                        items = std::move(v.as_array());
                    }
                } else {
                    b.webhook_id = w->id;
                    b.conversation_id = *conversation;
                    b.project_id = o.project_id;
                    b.phone_number_id = e.phone_number_id;
                    b.conversation_phone_number = conv_phone;
                    b.first_event_id = e.id;
                    b.first_created_at = e.created_at;
                }
                boost::system::error_code ec;
                items.push_back(bj::parse(body, ec));
                b.items = bj::serialize(items);
                b.item_count = static_cast<int>(items.size());
                // Debounce: the window restarts with every message.
                b.flush_at =
                    std::max(now, e.created_at) + std::chrono::seconds(w->buffer_window_seconds);
                if (b.item_count >= w->max_buffer_size) {
                    WHARF_TRY(FlushBuffer(tx, w, b, now));
                    ++counts.deliveries;
                } else {
                    WHARF_TRY(repo.PutBuffer(b));
                }
                continue;
            }
            if (open) {
                // Another event of the conversation: the buffered messages go first.
                WHARF_TRY(FlushBuffer(tx, w, *open, now));
                ++counts.deliveries;
            }
        }
        auto d = NewDelivery(*w, e.type, std::move(body), e.created_at, now);
        d.event_id = e.id;
        d.phone_number_id = e.phone_number_id;
        SetConversation(d, *w, conversation, conv_phone);
        WHARF_TRY(repo.Insert(o.project_id, d));
        ++counts.deliveries;
    }
    return {};
}

}  // namespace

FanOut::FanOut(store::Store& store, const Clock& clock, FanOutOptions options,
               std::function<void()> on_new_work)
    : store_(store), clock_(clock), options_(options), on_new_work_(std::move(on_new_work)) {}

FanOut::~FanOut() {
    Stop();
}

Result<int> FanOut::RunOnce() {
    WHARF_ASSIGN_OR_RETURN(std::int64_t cursor, store_.WebhookDeliveries().FanOutCursor());
    // Every event up to `latest` was committed before the webhooks are read below, so that read
    // sees every webhook created before any of those events' commit; one created after it is owed
    // none of them. Later events wait for the next round.
    WHARF_ASSIGN_OR_RETURN(std::int64_t latest, store_.Events().LatestSeq());
    if (latest <= cursor) {
        return 0;
    }
    WHARF_ASSIGN_OR_RETURN(auto webhooks, store_.Webhooks().ListActiveAllProjects());
    no_webhooks_ = webhooks.empty();
    if (webhooks.empty()) {
        // Nothing to deliver anywhere: the events need not be read at all.
        WHARF_TRY(store_.Transact([&](store::Store& tx) -> Result<void> {
            WHARF_ASSIGN_OR_RETURN(std::int64_t current, tx.WebhookDeliveries().FanOutCursor());
            if (current != cursor) {
                return {};  // another process fanned these out
            }
            return tx.WebhookDeliveries().SetFanOutCursor(latest);
        }));
        return static_cast<int>(std::min<std::int64_t>(latest - cursor, options_.batch));
    }
    // Routing columns first: the payloads are read only when some event has a webhook to go to.
    WHARF_ASSIGN_OR_RETURN(auto events, store_.Events().ListRoutingAfter(cursor, options_.batch));
    std::erase_if(events, [&](const auto& o) { return o.event.seq > latest; });
    if (events.empty()) {
        return 0;
    }
    std::map<std::string, std::vector<const domain::Webhook*>> by_project;
    for (const auto& w : webhooks) {
        by_project[w.project_id.value()].push_back(&w);
    }
    const bool wanted = std::any_of(events.begin(), events.end(), [&](const auto& o) {
        return by_project.count(o.project_id.value()) > 0;
    });
    if (wanted) {
        // The same rows (seq only grows), now with their payloads.
        WHARF_ASSIGN_OR_RETURN(events,
                               store_.Events().ListAfter(cursor, static_cast<int>(events.size())));
    }
    Counts counts;
    const Timestamp now = clock_.Now();
    WHARF_TRY(store_.Transact([&](store::Store& tx) -> Result<void> {
        // Re-check the cursor under the write lock: another process may have fanned these out.
        WHARF_ASSIGN_OR_RETURN(std::int64_t current, tx.WebhookDeliveries().FanOutCursor());
        if (current != cursor) {
            return {};
        }
        ConfigCache configs(tx);
        static const std::vector<const domain::Webhook*> kNone;
        for (const auto& o : events) {
            auto it = by_project.find(o.project_id.value());
            WHARF_TRY(FanOutEvent(tx, o, it == by_project.end() ? kNone : it->second, configs, now,
                                  counts));
        }
        return tx.WebhookDeliveries().SetFanOutCursor(events.back().event.seq);
    }));
    if (counts.deliveries > 0 && on_new_work_) {
        on_new_work_();
    }
    return static_cast<int>(events.size());
}

Result<int> FanOut::Housekeep() {
    const Timestamp now = clock_.Now();
    auto& repo = store_.WebhookDeliveries();
    WHARF_ASSIGN_OR_RETURN(auto buffers, repo.DueBuffers(now, 200));
    WHARF_ASSIGN_OR_RETURN(auto timers, repo.DueInactivity(now, 200));
    if (buffers.empty() && timers.empty()) {
        return 0;
    }
    int made = 0;
    WHARF_TRY(store_.Transact([&](store::Store& tx) -> Result<void> {
        made = 0;
        for (const auto& b : buffers) {
            auto w = tx.Webhooks().FindForDelivery(b.webhook_id);
            // Re-read under the lock: the fan-out may have flushed or extended it meanwhile.
            WHARF_ASSIGN_OR_RETURN(
                auto cur, tx.WebhookDeliveries().GetBuffer(b.webhook_id, b.conversation_id));
            if (!cur || cur->flush_at > now) {
                continue;
            }
            WHARF_TRY(FlushBuffer(tx, w ? &*w : nullptr, *cur, now));
            made += w ? 1 : 0;
        }
        for (const auto& t : timers) {
            WHARF_TRY(tx.WebhookDeliveries().DeleteInactivity(t.webhook_id, t.conversation_id));
            auto w = tx.Webhooks().FindForDelivery(t.webhook_id);
            if (!w || !w->active || !w->Subscribes(domain::kEventConversationInactive)) {
                continue;
            }
            boost::system::error_code ec1, ec2;
            bj::object body;
            body["conversation"] = bj::parse(t.conversation, ec1);
            body["phone_number_id"] =
                t.phone_number_id ? bj::value(t.phone_number_id->value()) : bj::value(nullptr);
            body["since_message"] = bj::parse(t.since_message, ec2);
            body["inactivity"] = bj::object{{"minutes", w->inactivity_minutes}};
            auto d = NewDelivery(*w, domain::kEventConversationInactive, bj::serialize(body),
                                 t.due_at, now);
            d.phone_number_id = t.phone_number_id;
            std::optional<std::string> phone;
            if (body["conversation"].is_object()) {
                if (auto* p = body["conversation"].as_object().if_contains("phone_number");
                    p != nullptr && p->is_string()) {
                    phone = std::string(p->as_string());
                }
            }
            SetConversation(d, *w, t.conversation_id, phone);
            WHARF_TRY(tx.WebhookDeliveries().Insert(t.project_id, d));
            ++made;
        }
        return {};
    }));
    if (made > 0 && on_new_work_) {
        on_new_work_();
    }
    return made;
}

void FanOut::Start() {
    stopping_ = false;
    thread_ = std::thread([this] { Loop(); });
}

void FanOut::Stop() {
    {
        std::lock_guard lock(mu_);
        stopping_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) {
        thread_.join();
    }
}

void FanOut::Loop() {
    auto next_housekeeping = std::chrono::steady_clock::now();
    while (!stopping_) {
        int consumed = 0;
        if (auto r = RunOnce(); !r) {
            log::Warn("webhook fan-out: " + r.error().message);
        } else {
            consumed = *r;
        }
        if (std::chrono::steady_clock::now() >= next_housekeeping) {
            if (auto r = Housekeep(); !r) {
                log::Warn("webhook housekeeping: " + r.error().message);
            }
            next_housekeeping = std::chrono::steady_clock::now() + options_.housekeeping;
        }
        if (consumed < options_.batch || no_webhooks_) {
            std::unique_lock lock(mu_);
            cv_.wait_for(lock, no_webhooks_ ? options_.poll_without_webhooks : options_.poll,
                         [this] { return stopping_.load(); });
        }
    }
}

}  // namespace wharf::delivery
