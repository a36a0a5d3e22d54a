#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "domain/job/job.h"
#include "store/job_queue.h"

namespace wharf::app {

// Runs the durable job queue: one thread leases due jobs, hands each to the handler registered
// for its kind, completes it on success and reschedules it with backoff on failure. A crash
// loses nothing: a leased job whose worker died is leased again when its lease expires.
// Ordered batches: the jobs of one ordering key may instead go to a batch handler many at a time
// (a prefix of the key's queue, in order), which applies and completes them in a few large
// transactions. Such a key is leased only that way (the general lease skips it), so its head is
// never taken one job at a time; jobs of other kinds in its queue run through their Handler, in
// their place.
// Start once, Stop once (joins); handlers must be thread-safe and idempotent per attempt.
class JobRunner {
public:
    using Handler = std::function<Result<void>(const domain::Job&)>;
    // Applies the jobs in the order given and completes each itself, in the transaction that
    // applies it, and sets `done` to how many of them, from the first, are applied and completed:
    // all of them on success. On failure the runner runs the rest (from `done`) one at a time
    // with the kind's Handler, in order, stopping at the first that fails (it is retried with
    // backoff and holds the key's later jobs back). A job counted as not done may have been
    // applied in a transaction that failed to commit, so the Handler must find a job it already
    // applied harmless to apply again (idempotent).
    using BatchHandler = std::function<Result<void>(std::span<const domain::Job>, size_t& done)>;

    JobRunner(store::JobQueue& queue, const Clock& clock, std::map<std::string, Handler> handlers);

    ~JobRunner();

    // Runs `task` on the runner's thread about every `period` (housekeeping such as ending idle
    // conversations). Call before Start.
    void AddPeriodic(std::chrono::milliseconds period, std::function<void()> task);
    // Registers `handler` for the jobs of `kind` queued under `ordering_key` (call before Start):
    // each round leases up to `max_jobs` jobs from the key's head (JobQueue::LeaseOrdered) and
    // hands each run of consecutive `kind` jobs to `handler`; a job of another kind in between
    // runs through its Handler, in its place.
    void AddOrderedBatchHandler(std::string ordering_key, std::string kind, int max_jobs,
                                BatchHandler handler);

    void Start();
    void Stop();
    // Runs every job due now and returns how many ran (tests drive the queue with a fake clock).
    int RunDueForTest();

private:
    struct OrderedBatch {
        std::string ordering_key;
        std::string kind;
        int max_jobs;
        BatchHandler handler;
    };
    int RunOnce();
    int RunOrderedBatch(const OrderedBatch& b);
    // Runs jobs[from, to) (all of `b`'s kind) with `b`'s handler, then what it left undone one at
    // a time. Returns whether every one succeeded; on false every job of `jobs` after the one that
    // failed has been released.
    bool RunBatchRun(const OrderedBatch& b, const std::vector<domain::Job>& jobs, size_t from,
                     size_t to);
    // Runs one leased job with its kind's handler: completes it, or reschedules it with backoff.
    // Returns whether it succeeded.
    bool RunSingle(const domain::Job& job);
    // Gives leased jobs back without running them: they keep their place and run_at.
    void Release(const std::vector<domain::Job>& jobs, size_t from);
    void Loop();

    store::JobQueue& queue_;
    const Clock& clock_;
    std::map<std::string, Handler> handlers_;
    struct Periodic {
        std::chrono::milliseconds period;
        std::function<void()> task;
        std::chrono::steady_clock::time_point next;
    };
    std::vector<Periodic> periodic_;
    std::vector<OrderedBatch> batches_;
    std::vector<std::string> batch_keys_;  // skipped by the general lease
    std::chrono::steady_clock::time_point next_general_lease_;
    std::atomic<bool> stopping_{false};
    std::mutex mu_;
    std::condition_variable cv_;
    std::thread thread_;
};

}  // namespace wharf::app
