#include "store/sqlite/sqlite_connection.h"

#include <algorithm>
#include <chrono>
#include <mutex>
#include <thread>

#include "base/log.h"
#include "store/sqlite/sqlite_errors.h"
#include "store/sqlite/sqlite_page_cache.h"
#include "store/sqlite/wamid_key.h"

namespace wharf::store::sqlite {

namespace {

// Process-wide SQLite settings, applied once before the first connection (sqlite3_config only
// works before SQLite initializes). Memory statistics off: with them on, every allocation SQLite
// makes takes one global mutex, which all connections of the process contend for; wharf never
// reads the statistics. If something initialized SQLite earlier, the call fails and the default
// stays, which is only slower.
void ConfigureSqliteOnce() {
    static std::once_flag once;
    std::call_once(once, [] {
        sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
        InstallSqlitePageCache();  // sqlite_page_cache.h
    });
}

}  // namespace

Result<std::unique_ptr<SqliteConnection>> SqliteConnection::Open(const std::string& path,
                                                                 int busy_timeout_ms) {
    ConfigureSqliteOnce();
    sqlite3* db = nullptr;
    // NOMUTEX: the pool hands a connection to one thread at a time, so SQLite's own per-handle
    // mutex would be pure overhead.
    int flags =
        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
    int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
    // sqlite3_open_v2 may hand back a handle even when it fails; the connection closes it.
    std::unique_ptr<SqliteConnection> conn(new SqliteConnection(db, busy_timeout_ms));
    if (rc != SQLITE_OK) {
        return Fail(SqliteError(rc, db, "opening SQLite database " + path));
    }
    WHARF_TRY(conn->Configure());
    return conn;
}

namespace {

// Waits for a lock held by another connection. SQLite's own busy timeout sleeps 1, 2, 5, ... up
// to 100 ms between tries, which shows up as 100 ms tail latency when two server threads write at
// once; locks here are held for microseconds, so poll briefly first and back off to 2 ms.
int BusyHandler(void* arg, int attempt) {
    auto* conn = static_cast<SqliteConnection*>(arg);
    using Clock = std::chrono::steady_clock;
    thread_local Clock::time_point started;
    if (attempt == 0) {
        started = Clock::now();
    }
    if (Clock::now() - started >= std::chrono::milliseconds(conn->BusyTimeoutMs())) {
        return 0;  // give up: the caller sees SQLITE_BUSY
    }
    if (attempt < 20) {
        std::this_thread::yield();
    } else {
        std::this_thread::sleep_for(std::chrono::microseconds(std::min(50 * (attempt - 19), 2000)));
    }
    return 1;
}

}  // namespace

Result<void> SqliteConnection::Configure() {
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_busy_handler(db_, BusyHandler, this);
    WHARF_TRY(RegisterWamidKeyFunction(db_));
    WHARF_TRY(Exec("PRAGMA foreign_keys = ON"));
    // journal_mode answers with the mode now in force: "wal", or "memory" for :memory:.
    {
        WHARF_ASSIGN_OR_RETURN(auto stmt, PrepareUncached("PRAGMA journal_mode = WAL"));
        WHARF_ASSIGN_OR_RETURN(bool row, stmt.Step());
        std::string mode = row ? stmt.Text(0) : std::string();
        if (mode != "wal" && mode != "memory") {
            return Fail(
                Error::Internal("SQLite refused journal_mode=WAL (mode is '" + mode + "')"));
        }
    }
    // No memory map: in WAL mode a connection whose read transaction finds the WAL changed since
    // its last one drops its cache and unmaps the whole map (sqlite3OsUnfetch), so under writes
    // every reader transaction paid an munmap with its TLB shootdown, then page faults to map
    // again what it read (about 12 % of a send's CPU, measured in bench/sends). Reads copy pages
    // into the cache instead. A larger page cache for the connection that keeps its cache (the
    // writer), and temporary b-trees in memory.
    WHARF_TRY(Exec("PRAGMA mmap_size = 0"));
    WHARF_TRY(Exec("PRAGMA cache_size = -16384"));
    WHARF_TRY(Exec("PRAGMA temp_store = MEMORY"));
    // Also removes SQLite's own WAL hook, which would checkpoint; this one only takes note.
    WHARF_TRY(Exec("PRAGMA wal_autocheckpoint = 0"));
    sqlite3_wal_hook(
        db_,
        [](void* self, sqlite3*, const char*, int frames) {
            static_cast<SqliteConnection*>(self)->wal_frames_ = frames;
            return SQLITE_OK;
        },
        this);
    return Exec("PRAGMA synchronous = NORMAL");
}

SqliteConnection::~SqliteConnection() {
    for (auto& [sql, cached] : cache_) {
        if (cached.in_use) {
            log::Error("SQLite statement still in use when its connection closed: " + sql);
        }
        sqlite3_finalize(cached.stmt);
    }
    cache_.clear();
    if (db_ != nullptr && sqlite3_close(db_) != SQLITE_OK) {
        // A statement outlived us (a bug reported above); let SQLite close once it is finalized.
        log::Error(std::string("closing SQLite database: ") + sqlite3_errmsg(db_));
        sqlite3_close_v2(db_);
    }
}

Result<sqlite3_stmt*> SqliteConnection::RawPrepare(std::string_view sql, unsigned int flags) {
    sqlite3_stmt* stmt = nullptr;
    const char* tail = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), flags, &stmt, &tail);
    if (rc != SQLITE_OK) {
        return Fail(SqliteError(rc, db_, "preparing " + std::string(sql)));
    }
    if (stmt == nullptr) {
        return Fail(Error::Internal("preparing an empty SQL statement"));
    }
    if (tail != nullptr && tail != sql.data() + sql.size() &&
        std::string_view(tail, sql.data() + sql.size() - tail).find_first_not_of(" \t\r\n;") !=
            std::string_view::npos) {
        sqlite3_finalize(stmt);
        return Fail(
            Error::Internal("Prepare takes one statement; Exec runs several: " + std::string(sql)));
    }
    return stmt;
}

Result<SqliteStatement> SqliteConnection::Prepare(std::string_view sql) {
    auto it = cache_.find(sql);
    if (it != cache_.end() && !it->second.in_use) {
        it->second.in_use = true;
        return SqliteStatement(it->second.stmt, db_, &it->second.in_use);
    }
    if (it != cache_.end() || cache_.size() >= kMaxCachedStatements) {
        return PrepareUncached(sql);
    }
    WHARF_ASSIGN_OR_RETURN(sqlite3_stmt * stmt, RawPrepare(sql, SQLITE_PREPARE_PERSISTENT));
    auto [slot, inserted] = cache_.emplace(std::string(sql), CachedStatement{stmt, true});
    return SqliteStatement(stmt, db_, &slot->second.in_use);
}

Result<SqliteStatement> SqliteConnection::PrepareUncached(std::string_view sql) {
    WHARF_ASSIGN_OR_RETURN(sqlite3_stmt * stmt, RawPrepare(sql, 0));
    return SqliteStatement(stmt, db_, nullptr);
}

Result<void> SqliteConnection::Exec(const std::string& sql) {
    int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) {
        return Fail(SqliteError(rc, db_, sql.size() <= 120 ? sql : sql.substr(0, 120) + "..."));
    }
    return {};
}

Result<void> SqliteConnection::Run(std::string_view sql) {
    WHARF_ASSIGN_OR_RETURN(auto s, Prepare(sql));
    return s.Run();
}

Result<void> SqliteConnection::ExecRetryingBusy(const char* sql) {
    using Clock = std::chrono::steady_clock;
    const auto deadline = Clock::now() + std::chrono::milliseconds(busy_timeout_ms_);
    auto pause = std::chrono::microseconds(50);
    // A cached statement: BEGIN and COMMIT run once per transaction, and parsing them again each
    // time cost more than running them.
    WHARF_ASSIGN_OR_RETURN(auto stmt, Prepare(sql));
    while (true) {
        const int rc = stmt.StepOnce();
        if (rc == SQLITE_DONE || rc == SQLITE_ROW) {
            return {};
        }
        if (!IsSqliteBusy(rc) || Clock::now() + pause >= deadline) {
            return Fail(SqliteError(rc, db_, sql));
        }
        std::this_thread::sleep_for(pause);
        pause = std::min(pause * 2, std::chrono::microseconds(2'000));
    }
}

Result<void> SqliteConnection::SyncDatabaseFile() {
    sqlite3_file* file = nullptr;
    int rc = sqlite3_file_control(db_, "main", SQLITE_FCNTL_FILE_POINTER, &file);
    if (rc != SQLITE_OK || file == nullptr || file->pMethods == nullptr) {
        return Fail(SqliteError(rc == SQLITE_OK ? SQLITE_MISUSE : rc, db_,
                                "the database file is not open"));
    }
    rc = file->pMethods->xSync(file, SQLITE_SYNC_NORMAL);
    if (rc != SQLITE_OK) {
        return Fail(SqliteError(rc, db_, "sync of the database file"));
    }
    return {};
}

bool SqliteConnection::InTransaction() const {
    return sqlite3_get_autocommit(db_) == 0;
}

std::int64_t SqliteConnection::Changes() const {
    return sqlite3_changes64(db_);
}

}  // namespace wharf::store::sqlite
