#pragma once

#include <cstdint>
#include <string_view>

#include <sqlite3.h>

#include "base/result.h"

namespace wharf::store::sqlite {

// The integer that messages are found by in SQLite (messages.wamid_key, migrations 0012 and
// 0013). For the ids wharf mints (domain::MintedWamidLeadingBytes: sandbox sends and simulated
// inbound messages), their leading 64 bits shifted right by one: the creation time in
// milliseconds first, so the keys of new messages land at the index's end, where a send's status
// updates find them moments later. For any other id (Meta's), the 64-bit FNV-1a hash of its bytes
// with the top bit set: negative, apart from the first kind.
//
// Why: (project_id, wamid) as the primary key made every insert of a Meta message place a
// ~100-byte text entry at a random spot of a large index (Meta's wamids are random), about 40
// entries per page, so a transaction of a few thousand messages dirtied most of that index's
// pages and each seek compared long strings. An integer key is a ~15-byte entry compared as a
// number. A hash alone would scatter wharf's own time-ordered ids too: the index pages of a
// send's row, hot while its statuses follow, would be spread over the whole index (sends took
// 12 % more CPU with it). The key is not unique: every lookup also compares project_id and wamid
// on the row, and the store checks (project_id, wamid) itself before an insert.
//
// The value is stored: a change needs a migration that recomputes the column (0013 did, for the
// plain hash of 0012).
std::int64_t WamidKey(std::string_view wamid);

// Registers WamidKey as the deterministic SQL function wharf_wamid_key(text) on `db` (NULL for
// NULL, other values hashed as their text), used by migration 0012 to fill the column for the
// rows it copies. Called for every connection when it is configured.
Result<void> RegisterWamidKeyFunction(sqlite3* db);

}  // namespace wharf::store::sqlite
