#pragma once

#include "store/setup_link_repository.h"
#include "store/sqlite/sqlite_connection_source.h"

namespace wharf::store::sqlite {

// SetupLinkRepository on SQLite: table setup_links, with the list-valued fields (allowed origins,
// connection types, country codes, theme, provisioned number) stored as JSON text and enums as
// their lower-case names. Every statement but FindBySlug is scoped by project_id and customer.
// Owned by its SqliteStore; holds no connection between calls. Thread-safe when its source is the
// pool; a Transact view's is used by fn's thread only.
class SqliteSetupLinkRepository final : public SetupLinkRepository {
public:
    explicit SqliteSetupLinkRepository(SqliteConnectionSource source) : source_(source) {}

    // Revokes the customer's links that are still active at link.created_at (status active and
    // not yet past expires_at); links already expired by time keep their status.
    Result<void> InsertRevokingActive(const ProjectId& project,
                                      const domain::SetupLink& link) override;
    Result<domain::SetupLink> Get(const ProjectId& project, const CustomerId& customer,
                                  const SetupLinkId& id) override;
    // Newest first: created_at desc, then id desc. created_after/before are exclusive bounds.
    Result<domain::Page<domain::SetupLink>> List(const ProjectId& project,
                                                 const CustomerId& customer,
                                                 const domain::SetupLinkFilter& filter,
                                                 domain::PageRequest page, Timestamp now) override;
    // Matched by (project, link.customer_id, link.id). Writes everything except id, customer_id,
    // slug, token_hash and created_at, which never change.
    Result<void> Update(const ProjectId& project, const domain::SetupLink& link) override;
    Result<ScopedSetupLink> FindBySlug(std::string_view slug) override;

private:
    SqliteConnectionSource source_;
};

}  // namespace wharf::store::sqlite
