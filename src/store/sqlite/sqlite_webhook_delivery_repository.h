#pragma once

#include "store/sqlite/sqlite_connection_source.h"
#include "store/webhook_delivery_repository.h"

namespace wharf::store::sqlite {

// WebhookDeliveryRepository on SQLite: tables webhook_deliveries (seq = rowid orders one
// ordering_key), webhook_attempts, webhook_buffers, webhook_inactivity, webhook_fanout_cursor.
// Lease walks the partial index of due pending rows; the "earlier pending delivery of the same
// key" test is one seek in webhook_deliveries_pending_by_key. Owned by its SqliteStore.
class SqliteWebhookDeliveryRepository final : public WebhookDeliveryRepository {
public:
    explicit SqliteWebhookDeliveryRepository(SqliteConnectionSource source) : source_(source) {}

    Result<std::int64_t> FanOutCursor() override;
    Result<void> SetFanOutCursor(std::int64_t seq) override;
    Result<void> Insert(const ProjectId& project, const domain::WebhookDelivery& d) override;
    Result<std::optional<domain::WebhookBuffer>> GetBuffer(
        const WebhookId& webhook, const ConversationId& conversation) override;
    Result<void> PutBuffer(const domain::WebhookBuffer& b) override;
    Result<void> DeleteBuffer(const WebhookId& webhook,
                              const ConversationId& conversation) override;
    Result<std::vector<domain::WebhookBuffer>> DueBuffers(Timestamp now, int limit) override;
    Result<void> PutInactivity(const domain::InactivityTimer& t) override;
    Result<void> DeleteInactivity(const WebhookId& webhook,
                                  const ConversationId& conversation) override;
    Result<std::vector<domain::InactivityTimer>> DueInactivity(Timestamp now, int limit) override;
    Result<std::vector<domain::WebhookDelivery>> Lease(
        Timestamp now, std::chrono::milliseconds lease, int limit, int per_webhook,
        const std::vector<WebhookId>& skip, const std::map<WebhookId, int>& caps) override;
    Result<void> Postpone(const WebhookId& webhook, Timestamp until) override;
    Result<void> Complete(const std::vector<domain::DeliveryOutcome>& outcomes) override;
    Result<std::vector<domain::WebhookDelivery>> List(
        const ProjectId& project, const domain::DeliveryFilter& filter, int limit,
        std::optional<std::int64_t> older_than, std::optional<std::int64_t> newer_than) override;
    Result<domain::WebhookDelivery> Get(const ProjectId& project,
                                        const WebhookDeliveryId& id) override;
    Result<std::vector<domain::DeliveryAttempt>> Attempts(const ProjectId& project,
                                                          const WebhookDeliveryId& id) override;
    Result<void> Requeue(const ProjectId& project, const WebhookDeliveryId& id,
                         Timestamp now) override;
    Result<long long> RequeueDead(const ProjectId& project, const WebhookId& webhook,
                                  Timestamp now) override;
    Result<long long> CountByStatus(domain::DeliveryStatus status) override;

private:
    SqliteConnectionSource source_;
};

}  // namespace wharf::store::sqlite
