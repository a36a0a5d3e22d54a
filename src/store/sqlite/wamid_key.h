#pragma once

#include <cstdint>
#include <string_view>

#include <sqlite3.h>

#include "base/result.h"

namespace wharf::store::sqlite {

// The integer that messages are found by in SQLite (messages.wamid_key, migration 0012): the
// 64-bit FNV-1a hash of the wamid's bytes, as a signed integer.
//
// Why: (project_id, wamid) as the primary key made every message insert place a ~100-byte text
// entry at a random spot of a large index (wamids are random), about 40 entries per page, so a
// transaction of a few thousand messages dirtied most of that index's pages and each seek
// compared long strings. An integer key is a ~15-byte entry compared as a number. The key is
// not unique: every lookup also compares project_id and wamid on the row, and the store checks
// (project_id, wamid) itself before an insert.
//
// The value is stored: this function must never change (a change needs a migration that
// recomputes the column).
std::int64_t WamidKey(std::string_view wamid);

// Registers WamidKey as the deterministic SQL function wharf_wamid_key(text) on `db` (NULL for
// NULL, other values hashed as their text), used by migration 0012 to fill the column for the
// rows it copies. Called for every connection when it is configured.
Result<void> RegisterWamidKeyFunction(sqlite3* db);

}  // namespace wharf::store::sqlite
