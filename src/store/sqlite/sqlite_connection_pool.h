#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

#include "base/result.h"
#include "store/sqlite/sqlite_connection.h"

namespace wharf::store::sqlite {

// A fixed set of open connections to one database file and a free list guarded by a mutex and a
// condition variable. Acquire() hands a connection to one caller at a time; the Lease gives it
// back when destroyed. With WAL, readers on different connections run in parallel with each
// other and with the (single) writer.
//
// Owns its connections; every Lease must be gone before the pool is destroyed. Destruction runs
// PRAGMA optimize once, then closes every connection. Thread-safe.
class SqliteConnectionPool {
public:
    // A connection checked out of the pool, or (Unpooled) merely borrowed: the connection a
    // Store::Transact pinned, which stays with the transaction when the lease ends. Move-only.
    class Lease {
    public:
        static Lease Unpooled(SqliteConnection& conn) { return Lease(nullptr, &conn); }
        Lease(Lease&& other) noexcept : pool_(other.pool_), conn_(other.conn_) {
            other.pool_ = nullptr;
            other.conn_ = nullptr;
        }
        Lease& operator=(Lease&&) = delete;
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        ~Lease() {
            if (pool_ != nullptr) {
                pool_->Release(conn_);
            }
        }

        SqliteConnection& operator*() const { return *conn_; }
        SqliteConnection* operator->() const { return conn_; }

    private:
        friend class SqliteConnectionPool;
        Lease(SqliteConnectionPool* pool, SqliteConnection* conn) : pool_(pool), conn_(conn) {}

        SqliteConnectionPool* pool_;
        SqliteConnection* conn_;
    };

    // `connections` must be non-empty. Acquire waits at most `acquire_timeout` for a free one.
    SqliteConnectionPool(std::vector<std::unique_ptr<SqliteConnection>> connections,
                         std::chrono::milliseconds acquire_timeout);
    SqliteConnectionPool(const SqliteConnectionPool&) = delete;
    SqliteConnectionPool& operator=(const SqliteConnectionPool&) = delete;
    ~SqliteConnectionPool();

    // A free connection; kUnavailable when none came free within the acquire timeout (all busy,
    // or a caller inside Transact waiting on the outer store with a pool of one).
    Result<Lease> Acquire();
    // The writer: with more than one connection, the first is kept for write transactions
    // (Store::Transact), one at a time. In-process writers then queue on a mutex instead of
    // polling SQLite's lock, and the writer's page cache stays warm (in WAL mode a connection
    // drops its cache whenever another connection wrote). With one connection, Acquire().
    Result<Lease> AcquireWriter();

    size_t Size() const { return connections_.size(); }

private:
    void Release(SqliteConnection* conn);

    const std::vector<std::unique_ptr<SqliteConnection>> connections_;
    const std::chrono::milliseconds acquire_timeout_;
    std::mutex mu_;
    std::condition_variable freed_;
    std::vector<SqliteConnection*> free_;  // guarded by mu_
    SqliteConnection* writer_ = nullptr;   // null with a pool of one
    bool writer_busy_ = false;             // guarded by mu_
    std::condition_variable writer_freed_;
};

}  // namespace wharf::store::sqlite
