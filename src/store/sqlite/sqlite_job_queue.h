#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "store/job_queue.h"
#include "store/sqlite/sqlite_connection_source.h"

namespace wharf::store::sqlite {

// JobQueue on SQLite: table jobs, shared by every project (ids are global). A job is pending from
// Enqueue until Complete deletes it.
//
// Lease is atomic across threads and across processes on the same file: it selects and marks the
// jobs inside one BEGIN IMMEDIATE transaction, which holds the database's write lock, so no other
// connection (in this process or another) can lease the same job in between. When nothing is due
// it returns after a plain read, without taking the write lock, so idle workers polling the queue
// do not hold up writers.
//
// Ordering: a job with an ordering_key is not leased while another job of that key that is
// earlier in (ordered_at, created_at, id) is still pending, leased or not. ordered_at is the
// run_at the job was enqueued with; Reschedule moves run_at but keeps the job's place, so a job
// being retried still holds back the jobs queued behind it.
//
// Owned by its SqliteStore; holds no connection between calls. Thread-safe when its source is the
// pool; a Transact view's is used by fn's thread only.
class SqliteJobQueue final : public JobQueue {
public:
    explicit SqliteJobQueue(SqliteConnectionSource source) : source_(source) {}

    // Stores the job as given (a new job normally has attempts 0 and no lease). kNotFound when
    // its project does not exist; kAlreadyExists for a taken id; kInvalidArgument when attempts
    // is negative.
    Result<void> Enqueue(const domain::Job& job) override;
    using JobQueue::Lease;
    // Due: run_at <= now and no lease or one that ended at or before now. Earliest run_at first
    // (then created_at, id). Returns the jobs as leased (attempts counted, leased_until set).
    // kInvalidArgument when limit < 1 or lease <= 0.
    Result<std::vector<domain::Job>> Lease(
        Timestamp now, std::chrono::milliseconds lease, int limit,
        const std::vector<std::string>& skip_ordering_keys) override;
    // Walks jobs_by_ordering_key from the key's head. kInvalidArgument as for Lease.
    Result<std::vector<domain::Job>> LeaseOrdered(const std::string& ordering_key, Timestamp now,
                                                  std::chrono::milliseconds lease,
                                                  int limit) override;
    // Deletes the job, leased or not. kNotFound when it is gone (completed already).
    Result<void> Complete(const JobId& id) override;
    // kNotFound when the job is gone. Keeps attempts.
    Result<void> Reschedule(const JobId& id, Timestamp run_at) override;
    // The earliest time a pending job becomes leasable: its run_at, or for a held job the end of
    // its lease (a job in progress must not make a worker spin). Ignores ordering_key waits.
    Result<std::optional<Timestamp>> NextRunAt() override;
    // Every job not yet completed, leased or not.
    Result<long long> PendingCount() override;

private:
    SqliteConnectionSource source_;
};

}  // namespace wharf::store::sqlite
