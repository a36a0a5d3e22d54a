#pragma once

#include "base/result.h"
#include "store/sqlite/sqlite_connection_pool.h"

namespace wharf::store::sqlite {

// Where a repository call gets "the connection for this call": a fresh lease from the pool, or,
// inside Store::Transact, the one connection the transaction pinned. Repositories hold one by
// value and never keep a connection between calls. Does not own the pool or the connection, which
// outlive it; copyable; thread-safe when unpinned (the pool is), single-threaded when pinned.
class SqliteConnectionSource {
public:
    SqliteConnectionSource(SqliteConnectionPool& pool, SqliteConnection* pinned)
        : pool_(&pool), pinned_(pinned) {}

    Result<SqliteConnectionPool::Lease> Acquire() const {
        if (pinned_ != nullptr) {
            return SqliteConnectionPool::Lease::Unpooled(*pinned_);
        }
        return pool_->Acquire();
    }
    // For a write outside Transact: the pool's writer (see SqliteConnectionPool::AcquireWriter),
    // so that it queues behind the in-process writer rather than polling SQLite's lock.
    Result<SqliteConnectionPool::Lease> AcquireWriter() const {
        if (pinned_ != nullptr) {
            return SqliteConnectionPool::Lease::Unpooled(*pinned_);
        }
        return pool_->AcquireWriter();
    }

private:
    SqliteConnectionPool* pool_;
    SqliteConnection* pinned_;  // null outside Transact
};

}  // namespace wharf::store::sqlite
