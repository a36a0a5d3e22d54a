#include "store/sqlite/sqlite_store.h"

#include <utility>

#include "store/sqlite/sqlite_migrations.h"
#include "store/sqlite/sqlite_migrator.h"
#include "store/sqlite/sqlite_transaction.h"

namespace wharf::store::sqlite {

Result<std::unique_ptr<SqliteStore>> SqliteStore::Open(const SqliteOptions& options) {
    if (options.path.empty()) {
        return Fail(Error::InvalidArgument("SQLite database path is empty"));
    }
    if (options.pool_size < 1) {
        return Fail(Error::InvalidArgument("SQLite pool_size must be at least 1"));
    }
    if (options.busy_timeout_ms < 0) {
        return Fail(Error::InvalidArgument("SQLite busy_timeout_ms must not be negative"));
    }
    // Each connection to ":memory:" would be a database of its own.
    int pool_size = options.path == ":memory:" ? 1 : options.pool_size;

    std::vector<std::unique_ptr<SqliteConnection>> connections;
    WHARF_ASSIGN_OR_RETURN(auto first,
                           SqliteConnection::Open(options.path, options.busy_timeout_ms));
    // Migrate before the other connections open, so none of them caches a pre-migration schema.
    WHARF_ASSIGN_OR_RETURN(auto applied, ApplySqliteMigrations(*first, EmbeddedSqliteMigrations()));
    connections.push_back(std::move(first));
    for (int i = 1; i < pool_size; ++i) {
        WHARF_ASSIGN_OR_RETURN(auto conn,
                               SqliteConnection::Open(options.path, options.busy_timeout_ms));
        connections.push_back(std::move(conn));
    }
    auto pool = std::make_unique<SqliteConnectionPool>(
        std::move(connections), std::chrono::milliseconds(options.busy_timeout_ms));
    SqliteConnectionPool& pool_ref = *pool;
    std::unique_ptr<SqliteStore> store(new SqliteStore(std::move(pool), pool_ref, nullptr));
    store->applied_at_open_ = std::move(applied);
    return store;
}

SqliteStore::SqliteStore(std::unique_ptr<SqliteConnectionPool> owned_pool,
                         SqliteConnectionPool& pool, SqliteConnection* pinned)
    : owned_pool_(std::move(owned_pool)),
      pool_(pool),
      pinned_(pinned),
      projects_(SqliteConnectionSource(pool, pinned)),
      customers_(SqliteConnectionSource(pool, pinned)),
      setup_links_(SqliteConnectionSource(pool, pinned)),
      phone_numbers_(SqliteConnectionSource(pool, pinned)),
      events_(SqliteConnectionSource(pool, pinned)),
      contacts_(SqliteConnectionSource(pool, pinned)),
      conversations_(SqliteConnectionSource(pool, pinned)),
      messages_(SqliteConnectionSource(pool, pinned)),
      jobs_(SqliteConnectionSource(pool, pinned)),
      webhooks_(SqliteConnectionSource(pool, pinned)),
      webhook_deliveries_(SqliteConnectionSource(pool, pinned)) {}

SqliteStore::~SqliteStore() = default;

Result<void> SqliteStore::Transact(const std::function<Result<void>(Store& tx)>& fn) {
    if (pinned_ != nullptr) {
        return Fail(Error::FailedPrecondition("Store::Transact is not reentrant"));
    }
    WHARF_ASSIGN_OR_RETURN(auto lease, pool_.Acquire());
    WHARF_ASSIGN_OR_RETURN(auto tx,
                           SqliteTransaction::Begin(*lease, SqliteTransaction::Mode::kWrite));
    SqliteStore view(nullptr, pool_, &*lease);
    WHARF_TRY(fn(view));  // an error (or exception) leaves tx to roll back
    return tx.Commit();
}

Result<void> SqliteStore::Ping() {
    WHARF_ASSIGN_OR_RETURN(auto conn, SqliteConnectionSource(pool_, pinned_).Acquire());
    WHARF_ASSIGN_OR_RETURN(auto s, conn->Prepare("SELECT 1"));
    WHARF_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) {
        return Fail(Error::Internal("SELECT 1 returned no row"));
    }
    return {};
}

}  // namespace wharf::store::sqlite
