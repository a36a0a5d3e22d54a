#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "base/result.h"
#include "domain/webhook/webhook_delivery.h"

namespace wharf::store {

// Durable webhook deliveries, their attempts, open message buffers, inactivity timers and the
// fan-out cursor over the event outbox. The fan-out makes several of these calls inside one
// Store::Transact (deliveries + buffers + cursor move together). The worker calls (Lease,
// Complete, Due*, cursor) serve every project; the visibility calls take the project first.
class WebhookDeliveryRepository {
public:
    virtual ~WebhookDeliveryRepository() = default;

    // ---- Fan-out
    // The last event seq fanned out (0 before any).
    virtual Result<std::int64_t> FanOutCursor() = 0;
    virtual Result<void> SetFanOutCursor(std::int64_t seq) = 0;
    // kNotFound when the project does not exist; kAlreadyExists for a taken id.
    virtual Result<void> Insert(const ProjectId& project, const domain::WebhookDelivery& d) = 0;

    // ---- Buffers and inactivity timers (keyed by webhook + conversation)
    virtual Result<std::optional<domain::WebhookBuffer>> GetBuffer(
        const WebhookId& webhook, const ConversationId& conversation) = 0;
    virtual Result<void> PutBuffer(const domain::WebhookBuffer& b) = 0;  // insert or replace
    virtual Result<void> DeleteBuffer(const WebhookId& webhook,
                                      const ConversationId& conversation) = 0;
    // Buffers whose flush_at <= now, earliest first.
    virtual Result<std::vector<domain::WebhookBuffer>> DueBuffers(Timestamp now, int limit) = 0;
    virtual Result<void> PutInactivity(const domain::InactivityTimer& t) = 0;  // insert or replace
    virtual Result<void> DeleteInactivity(const WebhookId& webhook,
                                          const ConversationId& conversation) = 0;
    virtual Result<std::vector<domain::InactivityTimer>> DueInactivity(Timestamp now,
                                                                       int limit) = 0;

    // ---- Dispatch
    // Up to `limit` due pending deliveries (next_attempt_at <= now, lease free) that no earlier
    // pending delivery of their ordering_key holds back, oldest first, skipping the webhooks in
    // `skip` (saturated or circuit open) and taking at most `per_webhook` of any one webhook
    // (or its entry in `caps`, e.g. 1 for a half-open circuit); leases them until now + lease.
    virtual Result<std::vector<domain::WebhookDelivery>> Lease(
        Timestamp now, std::chrono::milliseconds lease, int limit, int per_webhook,
        const std::vector<WebhookId>& skip, const std::map<WebhookId, int>& caps) = 0;
    // Moves every free pending delivery of `webhook` due before `until` to `until` (an endpoint
    // whose circuit opened: its backlog leaves the due range instead of being scanned).
    virtual Result<void> Postpone(const WebhookId& webhook, Timestamp until) = 0;
    // Records each attempt and applies each outcome (delivered, rescheduled, dead) in one
    // transaction; releases the leases.
    virtual Result<void> Complete(const std::vector<domain::DeliveryOutcome>& outcomes) = 0;

    // ---- Visibility and replay (project-scoped)
    // Newest first. `older_than` / `newer_than` are seq bounds (cursor paging).
    virtual Result<std::vector<domain::WebhookDelivery>> List(
        const ProjectId& project, const domain::DeliveryFilter& filter, int limit,
        std::optional<std::int64_t> older_than, std::optional<std::int64_t> newer_than) = 0;
    virtual Result<domain::WebhookDelivery> Get(const ProjectId& project,
                                                const WebhookDeliveryId& id) = 0;
    virtual Result<std::vector<domain::DeliveryAttempt>> Attempts(const ProjectId& project,
                                                                  const WebhookDeliveryId& id) = 0;
    // Queues the delivery again now (any status), with a fresh retry horizon. kNotFound if absent.
    virtual Result<void> Requeue(const ProjectId& project, const WebhookDeliveryId& id,
                                 Timestamp now) = 0;
    // Queues every dead delivery of a webhook again; returns how many.
    virtual Result<long long> RequeueDead(const ProjectId& project, const WebhookId& webhook,
                                          Timestamp now) = 0;
    // Deliveries in a status, every project (tests, benchmarks, health).
    virtual Result<long long> CountByStatus(domain::DeliveryStatus status) = 0;
};

}  // namespace wharf::store
