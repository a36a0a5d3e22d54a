#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include <sqlite3.h>

#include "base/result.h"
#include "store/sqlite/sqlite_statement.h"

namespace wharf::store::sqlite {

// One open SQLite database handle, configured for wharf: extended result codes, WAL journal,
// synchronous=NORMAL, foreign keys on, a busy timeout. Keeps a cache of prepared statements keyed
// by SQL text, so hot queries (the API key lookup) are parsed once per connection.
//
// Owned by a SqliteConnectionPool (or a test); closing finalizes every cached statement, so every
// SqliteStatement handed out must be gone by then. Not thread-safe: one thread at a time, which
// the pool guarantees (the handle is opened SQLITE_OPEN_NOMUTEX).
class SqliteConnection {
public:
    static Result<std::unique_ptr<SqliteConnection>> Open(const std::string& path,
                                                          int busy_timeout_ms);
    SqliteConnection(const SqliteConnection&) = delete;
    SqliteConnection& operator=(const SqliteConnection&) = delete;
    ~SqliteConnection();

    // A ready statement for `sql` (one statement), from the cache when possible. If the cached
    // one is still in use (the same SQL nested) or the cache is full, a private one is prepared.
    Result<SqliteStatement> Prepare(std::string_view sql);
    // Prepares without touching the cache (one-off statements such as PRAGMAs).
    Result<SqliteStatement> PrepareUncached(std::string_view sql);
    // Runs one or more statements that return no rows of interest.
    Result<void> Exec(const std::string& sql);
    // Runs one statement that returns no rows of interest, prepared once (cached).
    Result<void> Run(std::string_view sql);
    // Run, retried with backoff while SQLite answers SQLITE_BUSY, until the busy timeout has
    // passed since the first try. For BEGIN IMMEDIATE / COMMIT, where SQLite may report BUSY
    // without waiting in its busy handler.
    Result<void> ExecRetryingBusy(const char* sql);

    // Flushes the main database file to disk (the VFS's xSync, as a checkpoint's own sync does):
    // what checkpoints have copied into it so far becomes durable.
    Result<void> SyncDatabaseFile();

    // True between BEGIN and COMMIT/ROLLBACK (autocommit is off).
    bool InTransaction() const;
    // Rows changed by the most recent INSERT/UPDATE/DELETE on this connection.
    std::int64_t Changes() const;
    int BusyTimeoutMs() const { return busy_timeout_ms_; }
    // The WAL's length in frames after this connection's last commit (0 before any): it drops
    // when that commit restarted the WAL from its beginning.
    int WalFramesAfterCommit() const { return wal_frames_; }
    sqlite3* Handle() const { return db_; }

private:
    struct CachedStatement {
        sqlite3_stmt* stmt = nullptr;
        bool in_use = false;
    };
    struct SqlHash {
        using is_transparent = void;
        size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    static constexpr size_t kMaxCachedStatements = 128;

    SqliteConnection(sqlite3* db, int busy_timeout_ms)
        : db_(db), busy_timeout_ms_(busy_timeout_ms) {}
    Result<void> Configure();
    Result<sqlite3_stmt*> RawPrepare(std::string_view sql, unsigned int flags);

    sqlite3* db_;
    int busy_timeout_ms_;
    int wal_frames_ = 0;
    // Node-based: the address of each in_use flag is stable while statements borrow it.
    std::unordered_map<std::string, CachedStatement, SqlHash, std::equal_to<>> cache_;
};

}  // namespace wharf::store::sqlite
