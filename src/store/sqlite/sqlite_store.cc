#include "store/sqlite/sqlite_store.h"

#include <algorithm>
#include <exception>
#include <optional>
#include <utility>

#include "base/log.h"
#include "store/sqlite/sqlite_migrations.h"
#include "store/sqlite/sqlite_migrator.h"
#include "store/sqlite/sqlite_transaction.h"

namespace wharf::store::sqlite {

Result<std::unique_ptr<SqliteStore>> SqliteStore::Open(const SqliteOptions& options) {
    if (options.path.empty()) {
        return Fail(Error::InvalidArgument("SQLite database path is empty"));
    }
    if (options.pool_size < 1) {
        return Fail(Error::InvalidArgument("SQLite pool_size must be at least 1"));
    }
    if (options.busy_timeout_ms < 0) {
        return Fail(Error::InvalidArgument("SQLite busy_timeout_ms must not be negative"));
    }
    // Each connection to ":memory:" would be a database of its own.
    int pool_size = options.path == ":memory:" ? 1 : options.pool_size;

    std::vector<std::unique_ptr<SqliteConnection>> connections;
    WHARF_ASSIGN_OR_RETURN(auto first,
                           SqliteConnection::Open(options.path, options.busy_timeout_ms));
    // Migrate before the other connections open, so none of them caches a pre-migration schema.
    WHARF_ASSIGN_OR_RETURN(auto applied, ApplySqliteMigrations(*first, EmbeddedSqliteMigrations()));
    if (pool_size > 1 && options.writer_cache_kib > 0) {  // the first connection is the writer
        WHARF_TRY(first->Exec("PRAGMA cache_size = -" + std::to_string(options.writer_cache_kib)));
    }
    connections.push_back(std::move(first));
    for (int i = 1; i < pool_size; ++i) {
        WHARF_ASSIGN_OR_RETURN(auto conn,
                               SqliteConnection::Open(options.path, options.busy_timeout_ms));
        connections.push_back(std::move(conn));
    }
    auto pool = std::make_unique<SqliteConnectionPool>(
        std::move(connections), std::chrono::milliseconds(options.busy_timeout_ms));
    SqliteConnectionPool& pool_ref = *pool;
    std::unique_ptr<SqliteStore> store(new SqliteStore(std::move(pool), pool_ref, nullptr));
    store->applied_at_open_ = std::move(applied);
    if (options.path != ":memory:") {
        WHARF_ASSIGN_OR_RETURN(auto conn,
                               SqliteConnection::Open(options.path, options.busy_timeout_ms));
        SqliteStore* root = store.get();
        store->checkpointer_ = std::make_unique<SqliteCheckpointer>(
            std::move(conn), options.checkpoint_period, options.wal_restart_frames,
            [root](int copied_frames) {
                root->wal_copied_frames_.store(copied_frames, std::memory_order_relaxed);
                root->wal_reset_asks_.fetch_add(1, std::memory_order_relaxed);
                root->wal_reset_wanted_.store(true, std::memory_order_relaxed);
            });
    }
    return store;
}

SqliteStore::SqliteStore(std::unique_ptr<SqliteConnectionPool> owned_pool,
                         SqliteConnectionPool& pool, SqliteConnection* pinned)
    : owned_pool_(std::move(owned_pool)),
      pool_(pool),
      pinned_(pinned),
      projects_(SqliteConnectionSource(pool, pinned)),
      customers_(SqliteConnectionSource(pool, pinned)),
      setup_links_(SqliteConnectionSource(pool, pinned)),
      phone_numbers_(SqliteConnectionSource(pool, pinned)),
      events_(SqliteConnectionSource(pool, pinned)),
      contacts_(SqliteConnectionSource(pool, pinned)),
      conversations_(SqliteConnectionSource(pool, pinned)),
      messages_(SqliteConnectionSource(pool, pinned)),
      jobs_(SqliteConnectionSource(pool, pinned)),
      webhooks_(SqliteConnectionSource(pool, pinned)),
      webhook_deliveries_(SqliteConnectionSource(pool, pinned)),
      templates_(SqliteConnectionSource(pool, pinned)),
      media_(SqliteConnectionSource(pool, pinned)) {}

SqliteStore::~SqliteStore() {
    {
        std::lock_guard lock(group_mu_);
        writer_stopping_ = true;
    }
    writer_cv_.notify_one();
    if (writer_.joinable()) {
        writer_.join();  // after the groups it was to lead
    }
    {
        std::lock_guard lock(completer_mu_);
        completer_stopping_ = true;
    }
    completer_cv_.notify_one();
    if (completer_.joinable()) {
        completer_.join();  // after the completions it was handed
    }
}

// A call waiting in Transact, or queued by TransactAsync. Each Transact has its own condition
// variable: a finished group wakes exactly its members and the next leader, not every waiting
// thread (with dozens of callers queued, a shared notify_all cost a context switch per waiter
// per group).
struct SqliteStore::Pending {
    const std::function<Result<void>(Store& tx)>* fn;
    std::optional<Result<void>> result;
    std::exception_ptr thrown;
    std::condition_variable cv;
    bool done = false;  // guarded by group_mu_
    bool lead = false;  // guarded by group_mu_: run the next group
    // TransactAsync's: fn points at owned_fn, and `then` is called instead of waking a caller.
    std::function<Result<void>(Store& tx)> owned_fn;
    std::function<void(Result<void>)> then;
};

namespace {

constexpr size_t kMaxGroup = 64;
// The most WAL frames the writer copies itself to restart the WAL (2 MB; see RunGroup). When
// readers or a slow checkpointer keep more than that uncopied, the allowance doubles every four
// asks (20 ms) up to 16 times as many: a copy of 64 MB still holds writers back for less than the
// TRUNCATE checkpoint that waits at the end.
constexpr int kMaxFramesCopiedByWriter = 512;
int FramesTheWriterCopies(int asks) {
    return kMaxFramesCopiedByWriter << std::min(asks / 4, 4);
}
// Set on the thread running a group: a fn that calls Transact on the root store would wait for
// its own group.
thread_local bool running_group = false;

// A finished TransactAsync's result; what its fn threw becomes kInternal (nobody would catch it).
Result<void> AsyncResult(std::optional<Result<void>>& result, const std::exception_ptr& thrown) {
    if (!thrown) {
        return std::move(*result);
    }
    try {
        std::rethrow_exception(thrown);
    } catch (const std::exception& e) {
        return Fail(Error::Internal(std::string("transaction function threw: ") + e.what()));
    } catch (...) {
        return Fail(Error::Internal("transaction function threw"));
    }
}

}  // namespace

Result<void> SqliteStore::Transact(const std::function<Result<void>(Store& tx)>& fn) {
    if (pinned_ != nullptr || running_group) {
        return Fail(Error::FailedPrecondition("Store::Transact is not reentrant"));
    }
    Pending me;
    me.fn = &fn;
    std::unique_lock lock(group_mu_);
    queued_.push_back(&me);
    if (!leading_) {
        leading_ = true;  // nobody is running a group, so nobody is queued before us
        me.lead = true;
    } else {
        me.cv.wait(lock, [&] { return me.done || me.lead; });
    }
    if (me.lead) {
        Lead(lock, &me);
    }
    lock.unlock();
    if (me.thrown) {
        std::rethrow_exception(me.thrown);
    }
    return std::move(*me.result);
}

void SqliteStore::TransactAsync(std::function<Result<void>(Store& tx)> fn,
                                std::function<void(Result<void>)> done) {
    if (pinned_ != nullptr || running_group) {
        done(Fail(Error::FailedPrecondition("Store::Transact is not reentrant")));
        return;
    }
    auto p = std::make_unique<Pending>();
    p->owned_fn = std::move(fn);
    p->fn = &p->owned_fn;
    p->then = std::move(done);
    std::lock_guard lock(group_mu_);
    queued_.push_back(p.release());  // owned by the queue until its group has run
    if (!leading_) {
        leading_ = true;
        HandLeadToWriter();
    }
}

void SqliteStore::HandLeadToWriter() {
    writer_leads_ = true;
    if (!writer_.joinable()) {
        writer_ = std::thread([this] { WriterLoop(); });
    }
    writer_cv_.notify_one();
}

void SqliteStore::WriterLoop() {
    std::unique_lock lock(group_mu_);
    for (;;) {
        writer_cv_.wait(lock, [this] { return writer_leads_ || writer_stopping_; });
        if (!writer_leads_) {
            return;
        }
        writer_leads_ = false;
        Lead(lock, nullptr);
    }
}

void SqliteStore::Lead(std::unique_lock<std::mutex>& lock, Pending* me) {
    for (;;) {
        // Take what is queued (the leader's own call first) and run it as one group, while
        // newcomers queue for the next group.
        size_t n = std::min(queued_.size(), kMaxGroup);
        std::vector<Pending*> group(queued_.begin(),
                                    queued_.begin() + static_cast<std::ptrdiff_t>(n));
        queued_.erase(queued_.begin(), queued_.begin() + static_cast<std::ptrdiff_t>(n));
        lock.unlock();
        RunGroup(group);
        lock.lock();
        std::vector<std::unique_ptr<Pending>> finished;  // TransactAsync's, told below
        for (Pending* p : group) {
            if (p->then) {
                finished.emplace_back(p);
                continue;
            }
            p->done = true;
            if (p != me) {
                p->cv.notify_one();  // under the lock: p may be gone once we release it
            }
        }
        // Leadership passes to the first caller queued meanwhile: a Transact leads its own group,
        // the writer thread one that begins with a TransactAsync (this thread, when it is the
        // writer: it goes on after telling the finished ones).
        bool go_on = false;
        if (queued_.empty()) {
            leading_ = false;
        } else if (!queued_.front()->then) {
            queued_.front()->lead = true;
            queued_.front()->cv.notify_one();
        } else if (me == nullptr) {
            go_on = true;
        } else {
            HandLeadToWriter();
        }
        if (!finished.empty()) {
            HandToCompleter(std::move(finished));
        }
        if (!go_on) {
            return;
        }
    }
}

void SqliteStore::HandToCompleter(std::vector<std::unique_ptr<Pending>> finished) {
    {
        std::lock_guard lock(completer_mu_);
        for (auto& p : finished) {
            completions_.push_back(std::move(p));
        }
        if (!completer_.joinable()) {
            completer_ = std::thread([this] { CompleterLoop(); });
        }
    }
    completer_cv_.notify_one();
}

void SqliteStore::CompleterLoop() {
    std::unique_lock lock(completer_mu_);
    for (;;) {
        completer_cv_.wait(lock, [this] { return !completions_.empty() || completer_stopping_; });
        if (completions_.empty()) {
            return;  // stopping, and every completion handed over has been called
        }
        std::vector<std::unique_ptr<Pending>> batch;
        batch.swap(completions_);
        lock.unlock();
        for (auto& p : batch) {
            try {
                p->then(AsyncResult(p->result, p->thrown));
            } catch (const std::exception& e) {
                log::Error(std::string("a TransactAsync completion threw: ") + e.what());
            }
        }
        batch.clear();  // the fns and completions they own go with them, outside the lock
        lock.lock();
    }
}

void SqliteStore::RunGroup(const std::vector<Pending*>& group) {
    auto fail_all = [&](const Error& e) {
        for (Pending* p : group) {
            if (!p->thrown) {
                p->result = Fail(e);
            }
        }
    };
    auto lease = pool_.AcquireWriter();
    if (!lease) {
        fail_all(lease.error());
        return;
    }
    // The checkpointer asks for the WAL to start over. No write can run meanwhile, so once the
    // checkpointer has copied all but a few frames, this PASSIVE copies the rest (unless readers
    // still hold older frames), and the BEGIN below finds every frame copied: the writer restarts
    // the WAL, unless a reader still reads older frames. Then a later group tries again, until a
    // commit shows the WAL short again.
    const bool resetting =
        wal_reset_wanted_.load(std::memory_order_relaxed) &&
        (*lease)->WalFramesAfterCommit() - wal_copied_frames_.load(std::memory_order_relaxed) <=
            FramesTheWriterCopies(wal_reset_asks_.load(std::memory_order_relaxed));
    const int frames_before = (*lease)->WalFramesAfterCommit();
    if (resetting) {
        (void)(*lease)->Run("PRAGMA wal_checkpoint(PASSIVE)");
    }
    auto tx = SqliteTransaction::Begin(**lease, SqliteTransaction::Mode::kWrite);
    if (!tx) {
        fail_all(tx.error());
        return;
    }
    SqliteStore view(nullptr, pool_, &**lease);
    running_group = true;
    bool any_ok = false;
    // Each fn in a savepoint of its own: a failure (or exception) undoes its writes only. A fn
    // alone in its group needs none: the transaction itself is its savepoint.
    const bool alone = group.size() == 1;
    for (Pending* p : group) {
        std::optional<SqliteTransaction> sp;
        if (!alone) {
            auto begun = SqliteTransaction::Begin(**lease, SqliteTransaction::Mode::kWrite);
            if (!begun) {
                p->result = Fail(begun.error());
                continue;
            }
            sp.emplace(std::move(*begun));
        }
        try {
            Result<void> r = (*p->fn)(view);
            if (r && sp) {
                r = sp->Commit();  // RELEASE
            }
            any_ok = any_ok || r.has_value();
            p->result = std::move(r);  // on failure sp rolls back when it goes out of scope
        } catch (...) {
            p->thrown = std::current_exception();
        }
    }
    running_group = false;
    if (!any_ok) {
        return;  // nothing to keep: tx rolls back
    }
    if (auto committed = tx->Commit(); !committed) {
        fail_all(committed.error());
        return;
    }
    if (resetting && (*lease)->WalFramesAfterCommit() < frames_before) {
        wal_reset_wanted_.store(false, std::memory_order_relaxed);
        wal_reset_asks_.store(0, std::memory_order_relaxed);
    }
}

Result<void> SqliteStore::Snapshot(const std::function<Result<void>(Store& snapshot)>& fn) {
    if (pinned_ != nullptr) {
        return fn(*this);
    }
    WHARF_ASSIGN_OR_RETURN(auto lease, pool_.Acquire());
    WHARF_ASSIGN_OR_RETURN(auto tx,
                           SqliteTransaction::Begin(*lease, SqliteTransaction::Mode::kRead));
    SqliteStore view(nullptr, pool_, &*lease);
    WHARF_TRY(fn(view));
    return tx.Commit();
}

Result<int> SqliteStore::CheckpointNow() {
    if (!checkpointer_) {
        return Fail(Error::Unavailable("this store has no checkpointer"));
    }
    return checkpointer_->CheckpointNow();
}

Result<void> SqliteStore::Ping() {
    WHARF_ASSIGN_OR_RETURN(auto conn, SqliteConnectionSource(pool_, pinned_).Acquire());
    WHARF_ASSIGN_OR_RETURN(auto s, conn->Prepare("SELECT 1"));
    WHARF_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) {
        return Fail(Error::Internal("SELECT 1 returned no row"));
    }
    return {};
}

}  // namespace wharf::store::sqlite
