#pragma once

#include <cstdint>

namespace wharf::store::sqlite {

// SQLite's own page cache, with one cost removed: a full scan of the cache's hash table at the
// end of most write transactions.
//
// Why: when a b-tree balance leaves its new pages out of order, SQLite (3.40) renumbers them
// through a temporary page number, the one of the page holding the lock byte (1 GiB into the
// file: page 262,145 at 4 KiB). That leaves the cache's "largest key ever seen" far beyond the
// end of the database, and at commit, truncating the cache to the database's size finds the gap
// wider than the hash table and visits every bucket. With the writer's 64 MiB cache (16,384
// pages) that scan was about 5 % of a sandbox send's CPU (perf); it removes nothing, because the
// temporary page was renumbered back before the commit.
//
// The wrapper keeps SQLite's default cache (pcache1) for everything and only tracks, per cache,
// the largest page number that can be in it apart from the lock-byte page, and whether a page is
// keyed by the lock-byte page number. A truncation with nothing to remove is then skipped; every
// other call goes to pcache1 unchanged. The tracking errs on the side of calling through (a page
// SQLite evicts on its own stays counted), never of skipping a truncation that would remove a
// page.
//
// Installed once per process, before SQLite initialises (SqliteConnection::Open calls it). If
// SQLite was initialised already, the default cache stays and nothing changes.
void InstallSqlitePageCache();

// Process-wide counts, for tests and benchmarks: truncations skipped (nothing to remove) and
// passed through to pcache1.
struct SqlitePageCacheCounts {
    std::uint64_t skipped = 0;
    std::uint64_t passed = 0;
    bool installed = false;
};
SqlitePageCacheCounts SqlitePageCacheStats();

}  // namespace wharf::store::sqlite
