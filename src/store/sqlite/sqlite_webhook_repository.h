#pragma once

#include "store/sqlite/sqlite_connection_source.h"
#include "store/webhook_repository.h"

namespace wharf::store::sqlite {

// WebhookRepository on SQLite: table webhooks (events, buffer_events and headers as JSON text).
// Owned by its SqliteStore; holds no connection between calls.
class SqliteWebhookRepository final : public WebhookRepository {
public:
    explicit SqliteWebhookRepository(SqliteConnectionSource source) : source_(source) {}

    Result<void> Insert(const ProjectId& project, const domain::Webhook& w) override;
    Result<domain::Webhook> Get(const ProjectId& project, const WebhookId& id) override;
    Result<domain::Page<domain::Webhook>> List(const ProjectId& project,
                                               const WebhookFilter& filter,
                                               domain::PageRequest page) override;
    Result<void> Update(const ProjectId& project, const domain::Webhook& w) override;
    Result<void> Delete(const ProjectId& project, const WebhookId& id) override;
    Result<std::vector<domain::Webhook>> ListActiveAllProjects() override;
    Result<domain::Webhook> FindForDelivery(const WebhookId& id) override;

private:
    SqliteConnectionSource source_;
};

}  // namespace wharf::store::sqlite
