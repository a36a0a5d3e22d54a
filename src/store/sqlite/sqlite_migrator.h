#pragma once

#include <span>
#include <vector>

#include "base/result.h"
#include "store/sqlite/sqlite_connection.h"
#include "store/sqlite/sqlite_migrations.h"

namespace wharf::store::sqlite {

// Brings the database on `conn` up to date with `migrations` (strictly increasing versions):
// creates schema_migrations if needed, then applies each migration not recorded there, in version
// order, each in its own BEGIN IMMEDIATE transaction together with its schema_migrations row (so
// two processes opening the same file at once apply it once). Returns the versions applied now;
// empty when the database was current.
//
// A recorded version this binary does not know means the database was migrated by a newer wharf:
// kFailedPrecondition, and nothing is touched. Runs on the caller's thread; `conn` must not be in
// a transaction.
Result<std::vector<int>> ApplySqliteMigrations(SqliteConnection& conn,
                                               std::span<const SqliteMigration> migrations);

}  // namespace wharf::store::sqlite
