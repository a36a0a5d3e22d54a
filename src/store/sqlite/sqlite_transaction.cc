#include "store/sqlite/sqlite_transaction.h"

#include "base/log.h"

namespace wharf::store::sqlite {

namespace {

// One name serves every nesting level: ROLLBACK TO / RELEASE act on the most recent savepoint
// of that name.
constexpr const char* kSavepoint = "SAVEPOINT wharf_call";
constexpr const char* kRelease = "RELEASE wharf_call";
constexpr const char* kRollbackToSavepoint = "ROLLBACK TO wharf_call; RELEASE wharf_call";

}  // namespace

Result<SqliteTransaction> SqliteTransaction::Begin(SqliteConnection& conn, Mode mode) {
    if (conn.InTransaction()) {
        WHARF_TRY(conn.Run(kSavepoint));
        return SqliteTransaction(&conn, true);
    }
    WHARF_TRY(conn.ExecRetryingBusy(mode == Mode::kWrite ? "BEGIN IMMEDIATE" : "BEGIN"));
    return SqliteTransaction(&conn, false);
}

SqliteTransaction::SqliteTransaction(SqliteTransaction&& other) noexcept
    : conn_(other.conn_), savepoint_(other.savepoint_) {
    other.conn_ = nullptr;
}

SqliteTransaction::~SqliteTransaction() {
    Rollback();
}

Result<void> SqliteTransaction::Commit() {
    if (conn_ == nullptr) {
        return Fail(Error::Internal("commit of a finished SQLite transaction"));
    }
    WHARF_TRY(savepoint_ ? conn_->Run(kRelease) : conn_->ExecRetryingBusy("COMMIT"));
    conn_ = nullptr;
    return {};
}

void SqliteTransaction::Rollback() {
    if (conn_ == nullptr) {
        return;
    }
    SqliteConnection* conn = conn_;
    conn_ = nullptr;
    // SQLite may already have rolled back by itself (e.g. after SQLITE_FULL); then there is
    // nothing left to undo at the top level.
    if (!savepoint_ && !conn->InTransaction()) {
        return;
    }
    auto result = conn->Exec(savepoint_ ? kRollbackToSavepoint : "ROLLBACK");
    if (!result) {
        log::Error("SQLite rollback failed: " + result.error().message);
    }
}

}  // namespace wharf::store::sqlite
