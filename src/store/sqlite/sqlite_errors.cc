#include "store/sqlite/sqlite_errors.h"

#include <string>

#include "store/sqlite/sqlite_connection.h"

namespace wharf::store::sqlite {

Error SqliteError(int rc, sqlite3* db, std::string_view what) {
    // sqlite3_errmsg describes the most recent failure on `db`, which is the one we were handed
    // only if nothing else ran on the connection since; fall back to the code's generic text.
    const char* detail = db != nullptr && sqlite3_extended_errcode(db) == rc ? sqlite3_errmsg(db)
                                                                             : sqlite3_errstr(rc);
    std::string message = std::string(what) + ": " + detail;
    switch (rc) {
        case SQLITE_CONSTRAINT_UNIQUE:
        case SQLITE_CONSTRAINT_PRIMARYKEY:
            return Error::AlreadyExists(std::move(message));
        default:
            break;
    }
    switch (rc & 0xff) {
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
            return Error::Unavailable(std::move(message));
        default:
            return Error::Internal(std::move(message) + " (sqlite code " + std::to_string(rc) +
                                   ")");
    }
}

bool IsForeignKeyViolation(SqliteConnection& conn) {
    return sqlite3_extended_errcode(conn.Handle()) == SQLITE_CONSTRAINT_FOREIGNKEY;
}

bool IsSqliteBusy(int rc) {
    return (rc & 0xff) == SQLITE_BUSY;
}

}  // namespace wharf::store::sqlite
