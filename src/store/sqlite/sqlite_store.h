#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "base/result.h"
#include "store/sqlite/sqlite_checkpointer.h"
#include "store/sqlite/sqlite_connection_pool.h"
#include "store/sqlite/sqlite_contact_repository.h"
#include "store/sqlite/sqlite_conversation_repository.h"
#include "store/sqlite/sqlite_customer_repository.h"
#include "store/sqlite/sqlite_event_repository.h"
#include "store/sqlite/sqlite_job_queue.h"
#include "store/sqlite/sqlite_media_repository.h"
#include "store/sqlite/sqlite_message_repository.h"
#include "store/sqlite/sqlite_phone_number_repository.h"
#include "store/sqlite/sqlite_project_repository.h"
#include "store/sqlite/sqlite_setup_link_repository.h"
#include "store/sqlite/sqlite_template_repository.h"
#include "store/sqlite/sqlite_webhook_delivery_repository.h"
#include "store/sqlite/sqlite_webhook_repository.h"
#include "store/store.h"

namespace wharf::store::sqlite {

struct SqliteOptions {
    std::string path;  // database file, created if missing; ":memory:" forces a pool of 1
    int pool_size = 4;
    int busy_timeout_ms = 5000;  // also bounds the wait for a free pooled connection
    // How often a background thread checkpoints the WAL (SqliteCheckpointer); files only.
    std::chrono::milliseconds checkpoint_period{500};
    // The WAL's length (frames) past which the checkpointer has it start over (SqliteCheckpointer:
    // the writer restarts it after copying its last frames itself).
    int wal_restart_frames = 20000;
    // The page cache of the writer connection (KiB), the one connection whose cache survives
    // (readers drop theirs whenever the WAL changed, and keep 16 MiB). Large enough for a batch of
    // Meta webhooks: a transaction that dirties more pages than the cache holds spills them into
    // the WAL before its commit (and writes again those it changes after the spill).
    int writer_cache_kib = 65536;
};

// The Store on one SQLite file (WAL). Open() applies the embedded migrations, then keeps
// `pool_size` connections; each repository call takes one from the pool for its duration, so
// calls from several threads run concurrently (readers in parallel, writers one at a time).
//
// Transact() runs fn against a view of this store whose repositories all use the writer
// connection, inside BEGIN IMMEDIATE; its writes are kept if fn succeeds and undone otherwise (also
// if fn throws). Concurrent calls are group-committed: while one transaction runs, the calls that
// arrive queue up, and the next of them to run takes them all into one transaction, each fn in a
// savepoint of its own (a failing fn undoes only its own writes), with one COMMIT for the group.
// Transact returns once its group is committed; when the COMMIT fails, every fn of the group sees
// that error. Calling Transact from inside fn (on the root store) is kFailedPrecondition. Inside
// fn, multi-statement repository calls nest as savepoints. Calls fn makes on the outer store use
// other connections: reads see the state before the transaction, and writes wait for its lock (up
// to the busy timeout, then kUnavailable).
//
// The caller owns the store; destroying it (no call may be running) finalizes every statement,
// runs PRAGMA optimize and closes the database. Thread-safe, except that a Transact view belongs
// to the thread running fn and dies when fn returns.
class SqliteStore final : public Store {
public:
    static Result<std::unique_ptr<SqliteStore>> Open(const SqliteOptions& options);
    SqliteStore(const SqliteStore&) = delete;
    SqliteStore& operator=(const SqliteStore&) = delete;
    ~SqliteStore() override;

    ProjectRepository& Projects() override { return projects_; }
    CustomerRepository& Customers() override { return customers_; }
    SetupLinkRepository& SetupLinks() override { return setup_links_; }
    PhoneNumberRepository& PhoneNumbers() override { return phone_numbers_; }
    EventRepository& Events() override { return events_; }
    ContactRepository& Contacts() override { return contacts_; }
    ConversationRepository& Conversations() override { return conversations_; }
    MessageRepository& Messages() override { return messages_; }
    JobQueue& Jobs() override { return jobs_; }
    WebhookRepository& Webhooks() override { return webhooks_; }
    WebhookDeliveryRepository& WebhookDeliveries() override { return webhook_deliveries_; }
    TemplateRepository& Templates() override { return templates_; }
    MediaRepository& Media() override { return media_; }

    // On a Transact view: kFailedPrecondition (not reentrant).
    Result<void> Transact(const std::function<Result<void>(Store& tx)>& fn) override;
    // True on the root store. TransactAsync queues fn for the next group like Transact, and
    // returns at once; a group whose first member is asynchronous is run by the store's own
    // writer thread (started by the first call), which also runs the groups after it while their
    // first members are asynchronous. `done` runs on the store's completer thread, after the
    // commit. On a Transact view: `done` gets kFailedPrecondition at once.
    bool WritesAsync() const override { return pinned_ == nullptr; }
    void TransactAsync(std::function<Result<void>(Store& tx)> fn,
                       std::function<void(Result<void>)> done) override;
    // On a reader connection of the pool, in BEGIN (deferred): the snapshot is taken at the first
    // read, and the connection's page cache stays valid for the whole of fn.
    Result<void> Snapshot(const std::function<Result<void>(Store& snapshot)>& fn) override;
    Result<void> Ping() override;

    // The migration versions Open() applied (empty when the file was already current).
    const std::vector<int>& MigrationsAppliedAtOpen() const { return applied_at_open_; }
    // Runs the background checkpoint once now (SqliteCheckpointer::CheckpointNow); kUnavailable
    // for ":memory:", which has no checkpointer.
    Result<int> CheckpointNow();

private:
    // The root store owns `pool`; a Transact view passes null and pins `pinned`.
    SqliteStore(std::unique_ptr<SqliteConnectionPool> owned_pool, SqliteConnectionPool& pool,
                SqliteConnection* pinned);

    std::unique_ptr<SqliteConnectionPool> owned_pool_;
    SqliteConnectionPool& pool_;
    SqliteConnection* pinned_;
    std::vector<int> applied_at_open_;
    // Set by the checkpointer, taken by the next group before its BEGIN (see RunGroup). Declared
    // before the checkpointer, whose thread writes them until it is destroyed.
    std::atomic<bool> wal_reset_wanted_{false};
    std::atomic<int> wal_copied_frames_{0};  // frames the checkpointer had copied when it asked
    std::atomic<int> wal_reset_asks_{0};     // asks since the WAL last started over
    std::unique_ptr<SqliteCheckpointer> checkpointer_;  // root store on a file only

    // Group commit (see Transact): callers queue their fn; one of them, the leader, runs the
    // queued ones in one transaction, each in a savepoint of its own, and commits once.
    struct Pending;
    void RunGroup(const std::vector<Pending*>& group);
    // Runs groups as the leader (`me`: the calling Transact's entry; null on the writer thread)
    // until leadership passes on; `lock` holds group_mu_ on entry and on return.
    void Lead(std::unique_lock<std::mutex>& lock, Pending* me);
    void WriterLoop();
    // Makes the writer thread (started here the first time) lead the next group; group_mu_ held.
    void HandLeadToWriter();
    std::mutex group_mu_;
    std::vector<Pending*> queued_;  // guarded by group_mu_
    bool leading_ = false;          // a leader is running a group; guarded by group_mu_
    // The writer thread, for groups that begin with a TransactAsync (nobody waits to lead them).
    std::condition_variable writer_cv_;
    bool writer_leads_ = false;     // guarded by group_mu_: the writer thread is to lead
    bool writer_stopping_ = false;  // guarded by group_mu_
    std::thread writer_;            // started by the first TransactAsync, under group_mu_
    // The completer thread calls TransactAsync's `done`s, so that the thread that ran their group
    // goes on with the next one at once (rendering and answering a send took 7 % of the writer
    // thread's time). Started by the first group with one, under group_mu_.
    void HandToCompleter(std::vector<std::unique_ptr<Pending>> finished);
    void CompleterLoop();
    std::mutex completer_mu_;  // taken under group_mu_, never the other way round
    std::condition_variable completer_cv_;
    std::vector<std::unique_ptr<Pending>> completions_;  // guarded by completer_mu_
    bool completer_stopping_ = false;                    // guarded by completer_mu_
    std::thread completer_;
    SqliteProjectRepository projects_;
    SqliteCustomerRepository customers_;
    SqliteSetupLinkRepository setup_links_;
    SqlitePhoneNumberRepository phone_numbers_;
    SqliteEventRepository events_;
    SqliteContactRepository contacts_;
    SqliteConversationRepository conversations_;
    SqliteMessageRepository messages_;
    SqliteJobQueue jobs_;
    SqliteWebhookRepository webhooks_;
    SqliteWebhookDeliveryRepository webhook_deliveries_;
    SqliteTemplateRepository templates_;
    SqliteMediaRepository media_;
};

}  // namespace wharf::store::sqlite
