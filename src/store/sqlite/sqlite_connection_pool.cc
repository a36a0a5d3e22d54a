#include "store/sqlite/sqlite_connection_pool.h"

#include "base/log.h"

namespace wharf::store::sqlite {

SqliteConnectionPool::SqliteConnectionPool(
    std::vector<std::unique_ptr<SqliteConnection>> connections,
    std::chrono::milliseconds acquire_timeout)
    : connections_(std::move(connections)), acquire_timeout_(acquire_timeout) {
    if (connections_.size() > 1) {
        writer_ = connections_.front().get();
    }
    for (const auto& conn : connections_) {
        if (conn.get() != writer_) {
            free_.push_back(conn.get());
        }
    }
}

SqliteConnectionPool::~SqliteConnectionPool() {
    if (free_.size() + (writer_ != nullptr ? 1 : 0) != connections_.size() || writer_busy_) {
        log::Error("SQLite connection pool destroyed while connections are leased");
    }
    if (!connections_.empty()) {
        // Lets SQLite refresh the statistics its planner uses; cheap when nothing changed.
        auto optimized = connections_.front()->Exec("PRAGMA optimize");
        if (!optimized) {
            log::Warn("PRAGMA optimize: " + optimized.error().message);
        }
    }
}

Result<SqliteConnectionPool::Lease> SqliteConnectionPool::Acquire() {
    std::unique_lock lock(mu_);
    if (!freed_.wait_for(lock, acquire_timeout_, [this] { return !free_.empty(); })) {
        return Fail(Error::Unavailable("no SQLite connection came free within " +
                                       std::to_string(acquire_timeout_.count()) + " ms"));
    }
    SqliteConnection* conn = free_.back();
    free_.pop_back();
    return Lease(this, conn);
}

Result<SqliteConnectionPool::Lease> SqliteConnectionPool::AcquireWriter() {
    if (writer_ == nullptr) {
        return Acquire();
    }
    std::unique_lock lock(mu_);
    if (!writer_freed_.wait_for(lock, acquire_timeout_, [this] { return !writer_busy_; })) {
        return Fail(Error::Unavailable("the SQLite writer did not come free within " +
                                       std::to_string(acquire_timeout_.count()) + " ms"));
    }
    writer_busy_ = true;
    return Lease(this, writer_);
}

void SqliteConnectionPool::Release(SqliteConnection* conn) {
    if (conn->InTransaction()) {
        // Every transaction is an RAII SqliteTransaction, so this is a bug; never hand the next
        // caller a connection with someone else's half-done work.
        log::Error("SQLite connection returned to the pool inside a transaction; rolling back");
        auto rolled_back = conn->Exec("ROLLBACK");
        if (!rolled_back) {
            log::Error("rollback: " + rolled_back.error().message);
        }
    }
    if (conn == writer_) {
        {
            std::lock_guard lock(mu_);
            writer_busy_ = false;
        }
        writer_freed_.notify_one();
        return;
    }
    {
        std::lock_guard lock(mu_);
        free_.push_back(conn);
    }
    freed_.notify_one();
}

}  // namespace wharf::store::sqlite
