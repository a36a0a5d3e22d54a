#include "app/job_runner.h"

#include <algorithm>

#include "base/log.h"

namespace wharf::app {

namespace {
constexpr auto kLease = std::chrono::seconds(30);
constexpr int kBatch = 64;
constexpr auto kIdlePoll = std::chrono::milliseconds(25);
// While an ordered batch's key is backlogged, the general lease (whose scan passes over every
// queued job held back behind the key's head) runs at most this often.
constexpr auto kGeneralLeaseWhileBacklogged = std::chrono::milliseconds(100);
}  // namespace

JobRunner::JobRunner(store::JobQueue& queue, const Clock& clock,
                     std::map<std::string, Handler> handlers)
    : queue_(queue), clock_(clock), handlers_(std::move(handlers)) {}

JobRunner::~JobRunner() {
    Stop();
}

void JobRunner::AddPeriodic(std::chrono::milliseconds period, std::function<void()> task) {
    periodic_.push_back({period, std::move(task), std::chrono::steady_clock::now()});
}

void JobRunner::AddOrderedBatchHandler(std::string ordering_key, std::string kind, int max_jobs,
                                       BatchHandler handler) {
    batch_keys_.push_back(ordering_key);
    batches_.push_back(
        {std::move(ordering_key), std::move(kind), std::max(max_jobs, 1), std::move(handler)});
}

void JobRunner::Start() {
    thread_ = std::thread([this] { Loop(); });
}

void JobRunner::Stop() {
    stopping_ = true;
    cv_.notify_all();
    if (thread_.joinable()) {
        thread_.join();
    }
}

int JobRunner::RunDueForTest() {
    int total = 0;
    for (int n = RunOnce(); n > 0; n = RunOnce()) {
        total += n;
    }
    return total;
}

int JobRunner::RunOnce() {
    int ran = 0;
    bool backlogged = false;
    for (const auto& b : batches_) {
        int n = RunOrderedBatch(b);
        ran += n;
        backlogged = backlogged || n >= b.max_jobs;
    }
    auto steady_now = std::chrono::steady_clock::now();
    if (backlogged && steady_now < next_general_lease_) {
        return ran;
    }
    next_general_lease_ = steady_now + kGeneralLeaseWhileBacklogged;
    auto jobs =
        queue_.Lease(clock_.Now(), std::chrono::duration_cast<std::chrono::milliseconds>(kLease),
                     kBatch, batch_keys_);
    if (!jobs) {
        log::Warn("job queue lease failed: " + jobs.error().message);
        return ran;
    }
    for (const auto& job : *jobs) {
        RunSingle(job);
    }
    return ran + static_cast<int>(jobs->size());
}

int JobRunner::RunOrderedBatch(const OrderedBatch& b) {
    auto jobs = queue_.LeaseOrdered(b.ordering_key, clock_.Now(),
                                    std::chrono::duration_cast<std::chrono::milliseconds>(kLease),
                                    b.max_jobs);
    if (!jobs) {
        log::Warn("job queue lease of " + b.ordering_key + " failed: " + jobs.error().message);
        return 0;
    }
    // The key's jobs in their order: runs of b.kind through the batch handler, any other kind
    // alone (the general lease skips this key). A failure holds the rest of the key back.
    for (size_t i = 0; i < jobs->size();) {
        size_t end = i;
        while (end < jobs->size() && (*jobs)[end].kind == b.kind) {
            ++end;
        }
        if (end == i) {
            if (!RunSingle((*jobs)[i])) {
                Release(*jobs, i + 1);
                break;
            }
            ++i;
            continue;
        }
        if (!RunBatchRun(b, *jobs, i, end)) {
            break;  // it released what follows the failed job
        }
        i = end;
    }
    return static_cast<int>(jobs->size());
}

bool JobRunner::RunBatchRun(const OrderedBatch& b, const std::vector<domain::Job>& jobs,
                            size_t from, size_t to) {
    size_t done = 0;
    std::span<const domain::Job> run(jobs.data() + from, to - from);
    auto r = b.handler(run, done);
    if (r) {
        return true;
    }
    done = std::min(done, run.size());
    log::Warn("batch of " + std::to_string(run.size() - done) + " " + b.kind +
              " jobs failed, running them one at a time: " + r.error().message);
    for (size_t i = from + done; i < to; ++i) {
        if (!RunSingle(jobs[i])) {
            Release(jobs, i + 1);  // the failed job holds the rest of its key back
            return false;
        }
    }
    return true;
}

bool JobRunner::RunSingle(const domain::Job& job) {
    auto it = handlers_.find(job.kind);
    Result<void> r =
        it == handlers_.end()
            ? Result<void>(Fail(Error::Internal("no handler for job kind " + job.kind)))
            : it->second(job);
    if (r) {
        // A handler may have completed its job inside its own transaction already.
        if (auto done = queue_.Complete(job.id);
            !done && done.error().code != ErrorCode::kNotFound) {
            log::Warn("completing job " + job.id.value() + ": " + done.error().message);
        }
        return true;
    }
    // Exponential backoff from 1 s, capped at 5 minutes.
    auto delay = std::chrono::seconds(1) * (1 << std::min(job.attempts, 8));
    log::Warn("job " + job.kind + " " + job.id.value() + " failed (attempt " +
              std::to_string(job.attempts) + "): " + r.error().message);
    if (auto again = queue_.Reschedule(job.id, clock_.Now() + std::min<std::chrono::microseconds>(
                                                                  delay, std::chrono::minutes(5)));
        !again) {
        log::Warn("rescheduling job " + job.id.value() + ": " + again.error().message);
    }
    return false;
}

void JobRunner::Release(const std::vector<domain::Job>& jobs, size_t from) {
    for (size_t i = from; i < jobs.size(); ++i) {
        if (auto r = queue_.Reschedule(jobs[i].id, jobs[i].run_at);
            !r && r.error().code != ErrorCode::kNotFound) {
            log::Warn("releasing job " + jobs[i].id.value() + ": " + r.error().message);
        }
    }
}

void JobRunner::Loop() {
    while (!stopping_) {
        auto now = std::chrono::steady_clock::now();
        for (auto& p : periodic_) {
            if (now >= p.next) {
                p.task();
                p.next = now + p.period;
            }
        }
        if (RunOnce() > 0) {
            continue;
        }
        std::unique_lock lock(mu_);
        cv_.wait_for(lock, kIdlePoll, [this] { return stopping_.load(); });
    }
}

}  // namespace wharf::app
