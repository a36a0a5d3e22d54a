#include "app/job_runner.h"

#include "base/log.h"

namespace wharf::app {

namespace {
constexpr auto kLease = std::chrono::seconds(30);
constexpr int kBatch = 64;
constexpr auto kIdlePoll = std::chrono::milliseconds(25);
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
    auto jobs = queue_.Lease(clock_.Now(),
                             std::chrono::duration_cast<std::chrono::milliseconds>(kLease), kBatch);
    if (!jobs) {
        log::Warn("job queue lease failed: " + jobs.error().message);
        return 0;
    }
    for (const auto& job : *jobs) {
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
            continue;
        }
        // Exponential backoff from 1 s, capped at 5 minutes.
        auto delay = std::chrono::seconds(1) * (1 << std::min(job.attempts, 8));
        log::Warn("job " + job.kind + " " + job.id.value() + " failed (attempt " +
                  std::to_string(job.attempts) + "): " + r.error().message);
        if (auto again = queue_.Reschedule(
                job.id,
                clock_.Now() + std::min<std::chrono::microseconds>(delay, std::chrono::minutes(5)));
            !again) {
            log::Warn("rescheduling job " + job.id.value() + ": " + again.error().message);
        }
    }
    return static_cast<int>(jobs->size());
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
