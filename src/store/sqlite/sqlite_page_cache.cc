#include "store/sqlite/sqlite_page_cache.h"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <new>

#include <sqlite3.h>

namespace wharf::store::sqlite {

namespace {

// SQLite's default (pcache1) methods, which every wrapped call ends in.
sqlite3_pcache_methods2 g_base{};
std::atomic<std::uint64_t> g_skipped{0};
std::atomic<std::uint64_t> g_passed{0};
bool g_installed = false;

// SQLite's PENDING_BYTE: the lock byte, 1 GiB into the file.
constexpr unsigned kPendingByte = 0x40000000;

// One cache (one connection's pager). Its calls come from that connection only, one at a time.
struct Cache {
    sqlite3_pcache* base;
    unsigned lock_page;   // the lock-byte page's number at this page size
    unsigned max_key;     // no page other than lock_page has a larger key
    bool lock_page_used;  // a page may be keyed lock_page
};

Cache* Of(sqlite3_pcache* p) {
    return reinterpret_cast<Cache*>(p);
}

void Note(Cache& c, unsigned key) {
    if (key == c.lock_page) {
        c.lock_page_used = true;
    } else if (key > c.max_key) {
        c.max_key = key;
    }
}

int Init(void*) {
    return g_base.xInit(g_base.pArg);
}

void Shutdown(void*) {
    if (g_base.xShutdown != nullptr) {
        g_base.xShutdown(g_base.pArg);
    }
}

sqlite3_pcache* Create(int page_size, int extra, int purgeable) {
    sqlite3_pcache* base = g_base.xCreate(page_size, extra, purgeable);
    if (base == nullptr) {
        return nullptr;
    }
    auto* c = new (std::nothrow)
        Cache{base, kPendingByte / static_cast<unsigned>(page_size) + 1, 0, false};
    if (c == nullptr) {
        g_base.xDestroy(base);
        return nullptr;
    }
    return reinterpret_cast<sqlite3_pcache*>(c);
}

void Cachesize(sqlite3_pcache* p, int n) {
    g_base.xCachesize(Of(p)->base, n);
}

int Pagecount(sqlite3_pcache* p) {
    return g_base.xPagecount(Of(p)->base);
}

sqlite3_pcache_page* Fetch(sqlite3_pcache* p, unsigned key, int create) {
    Cache& c = *Of(p);
    sqlite3_pcache_page* page = g_base.xFetch(c.base, key, create);
    if (page != nullptr) {
        Note(c, key);
    }
    return page;
}

void Unpin(sqlite3_pcache* p, sqlite3_pcache_page* page, int discard) {
    g_base.xUnpin(Of(p)->base, page, discard);
}

void Rekey(sqlite3_pcache* p, sqlite3_pcache_page* page, unsigned old_key, unsigned new_key) {
    Cache& c = *Of(p);
    g_base.xRekey(c.base, page, old_key, new_key);
    if (old_key == c.lock_page) {
        c.lock_page_used = false;  // one page per key: the only one keyed so has moved
    }
    Note(c, new_key);
}

void Truncate(sqlite3_pcache* p, unsigned limit) {
    Cache& c = *Of(p);
    const bool lock_page_goes = c.lock_page_used && c.lock_page >= limit;
    if (c.max_key < limit && !lock_page_goes) {
        g_skipped.fetch_add(1, std::memory_order_relaxed);
        return;  // no page has a key >= limit: nothing to remove
    }
    g_passed.fetch_add(1, std::memory_order_relaxed);
    g_base.xTruncate(c.base, limit);
    if (limit > 0) {
        c.max_key = std::min(c.max_key, limit - 1);
    }
    if (lock_page_goes) {
        c.lock_page_used = false;
    }
}

void Destroy(sqlite3_pcache* p) {
    Cache* c = Of(p);
    g_base.xDestroy(c->base);
    delete c;
}

void Shrink(sqlite3_pcache* p) {
    g_base.xShrink(Of(p)->base);
}

}  // namespace

void InstallSqlitePageCache() {
    static std::once_flag once;
    std::call_once(once, [] {
        sqlite3_pcache_methods2 base{};
        if (sqlite3_config(SQLITE_CONFIG_GETPCACHE2, &base) != SQLITE_OK ||
            base.xCreate == nullptr || base.iVersion < 1) {
            return;
        }
        g_base = base;
        sqlite3_pcache_methods2 wrapped = base;
        wrapped.xInit = base.xInit != nullptr ? Init : nullptr;
        wrapped.xShutdown = Shutdown;
        wrapped.xCreate = Create;
        wrapped.xCachesize = Cachesize;
        wrapped.xPagecount = Pagecount;
        wrapped.xFetch = Fetch;
        wrapped.xUnpin = Unpin;
        wrapped.xRekey = Rekey;
        wrapped.xTruncate = Truncate;
        wrapped.xDestroy = Destroy;
        wrapped.xShrink = Shrink;
        // SQLITE_MISUSE once SQLite is initialised: the default cache then stays.
        g_installed = sqlite3_config(SQLITE_CONFIG_PCACHE2, &wrapped) == SQLITE_OK;
    });
}

SqlitePageCacheCounts SqlitePageCacheStats() {
    return {g_skipped.load(), g_passed.load(), g_installed};
}

}  // namespace wharf::store::sqlite
