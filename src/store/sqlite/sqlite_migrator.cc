#include "store/sqlite/sqlite_migrator.h"

#include <algorithm>
#include <string>

#include "base/clock.h"
#include "store/sqlite/sqlite_transaction.h"

namespace wharf::store::sqlite {

namespace {

Result<void> CheckOrder(std::span<const SqliteMigration> migrations) {
    int last = 0;
    for (const auto& m : migrations) {
        if (m.version <= last) {
            return Fail(Error::Internal("embedded SQLite migrations out of order at " +
                                        std::string(m.name)));
        }
        last = m.version;
    }
    return {};
}

Result<std::vector<int>> RecordedVersions(SqliteConnection& conn) {
    std::vector<int> versions;
    WHARF_ASSIGN_OR_RETURN(auto stmt,
                           conn.PrepareUncached("SELECT version FROM schema_migrations"));
    while (true) {
        WHARF_ASSIGN_OR_RETURN(bool row, stmt.Step());
        if (!row) {
            return versions;
        }
        versions.push_back(static_cast<int>(stmt.Int64(0)));
    }
}

// Applies one migration unless another process got there first. True when applied here.
Result<bool> ApplyOne(SqliteConnection& conn, const SqliteMigration& m) {
    WHARF_ASSIGN_OR_RETURN(auto tx,
                           SqliteTransaction::Begin(conn, SqliteTransaction::Mode::kWrite));
    {
        WHARF_ASSIGN_OR_RETURN(
            auto check, conn.PrepareUncached("SELECT 1 FROM schema_migrations WHERE version = ?"));
        check.BindInt64(m.version);
        WHARF_ASSIGN_OR_RETURN(bool applied, check.Step());
        if (applied) {
            return false;
        }
    }
    auto ran = conn.Exec(std::string(m.sql));
    if (!ran) {
        Error e = std::move(ran).error();
        e.message = "migration " + std::string(m.name) + ": " + e.message;
        return Fail(std::move(e));
    }
    {
        WHARF_ASSIGN_OR_RETURN(
            auto record, conn.PrepareUncached(
                             "INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)"));
        record.BindInt64(m.version).BindTime(SystemClock().Now());
        WHARF_TRY(record.Run());
    }
    WHARF_TRY(tx.Commit());
    return true;
}

}  // namespace

Result<std::vector<int>> ApplySqliteMigrations(SqliteConnection& conn,
                                               std::span<const SqliteMigration> migrations) {
    WHARF_TRY(CheckOrder(migrations));
    WHARF_TRY(
        conn.Exec("CREATE TABLE IF NOT EXISTS schema_migrations ("
                  "version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL) STRICT"));
    WHARF_ASSIGN_OR_RETURN(std::vector<int> recorded, RecordedVersions(conn));
    for (int version : recorded) {
        bool known =
            std::any_of(migrations.begin(), migrations.end(),
                        [version](const SqliteMigration& m) { return m.version == version; });
        if (!known) {
            return Fail(Error::FailedPrecondition(
                "the database has schema version " + std::to_string(version) +
                ", which this wharf binary does not know (it is newer, or from another build); "
                "upgrade wharf"));
        }
    }
    std::vector<int> applied;
    for (const auto& m : migrations) {
        if (std::find(recorded.begin(), recorded.end(), m.version) != recorded.end()) {
            continue;
        }
        WHARF_ASSIGN_OR_RETURN(bool applied_here, ApplyOne(conn, m));
        if (applied_here) {
            applied.push_back(m.version);
        }
    }
    return applied;
}

}  // namespace wharf::store::sqlite
