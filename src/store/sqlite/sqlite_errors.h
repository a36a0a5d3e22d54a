#pragma once

#include <string_view>

#include <sqlite3.h>

#include "base/error.h"

namespace wharf::store::sqlite {

class SqliteConnection;

// The one place SQLite result codes become wharf::Error:
//   SQLITE_CONSTRAINT_UNIQUE, SQLITE_CONSTRAINT_PRIMARYKEY -> kAlreadyExists
//   SQLITE_BUSY*, SQLITE_LOCKED*                           -> kUnavailable (retry with backoff)
//   anything else                                          -> kInternal
// `rc` is an extended result code; `db` (may be null) supplies sqlite3_errmsg; `what` says which
// operation failed. Pure; thread-safe as long as `db` is not used concurrently.
Error SqliteError(int rc, sqlite3* db, std::string_view what);

// True when the most recent failure on `conn` was a foreign key violation
// (SQLITE_CONSTRAINT_FOREIGNKEY): a one-row INSERT ... VALUES whose parent row (the project, say)
// does not exist. Repositories answer kNotFound for it, as for an INSERT ... SELECT that found no
// parent row.
bool IsForeignKeyViolation(SqliteConnection& conn);

// True for SQLITE_BUSY and its extended codes: another connection holds the lock.
bool IsSqliteBusy(int rc);

}  // namespace wharf::store::sqlite
