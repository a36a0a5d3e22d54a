#include "app/status_progression_runner.h"

#include <chrono>

#include "base/log.h"

namespace wharf::app {
namespace {

// Steps per batch: a batch is one member of a group commit, and the sends of that group wait for
// all of it (1,000 steps held the writer for 20-30 ms under a stream of sends; 256 against 128
// saved 6 % of the CPU per send in A/B runs, its commits sharing more pages).
constexpr int kBatch = 256;
// Prepared batches waiting for the writer thread; the preparer waits while this many do.
constexpr size_t kReadyBatches = 4;
constexpr int kResumeLimit = 50000;
constexpr auto kIdleWait = std::chrono::milliseconds(10);
constexpr auto kResumePeriod = std::chrono::seconds(5);

}  // namespace

StatusProgressionRunner::StatusProgressionRunner(service::MessagingService& messaging)
    : messaging_(messaging) {}

StatusProgressionRunner::~StatusProgressionRunner() {
    Stop();
}

void StatusProgressionRunner::Start() {
    if (auto n = messaging_.ResumeStatusProgression(false, kResumeLimit); !n) {
        log::Warn("resuming the sandbox status progression: " + n.error().message);
    } else if (*n > 0) {
        log::Info("resumed the sandbox status progression of " + std::to_string(*n) +
                  " message(s)");
    }
    writer_ = std::thread([this] { WriteLoop(); });
    preparer_ = std::thread([this] { PrepareLoop(); });
}

void StatusProgressionRunner::Stop() {
    {
        std::lock_guard lock(mu_);
        stopping_ = true;
    }
    cv_.notify_all();
    if (preparer_.joinable()) {
        preparer_.join();
    }
    if (writer_.joinable()) {
        writer_.join();
    }
}

void StatusProgressionRunner::PrepareLoop() {
    auto next_resume = std::chrono::steady_clock::now() + kResumePeriod;
    while (!stopping_) {
        auto batch = messaging_.PrepareDueStatuses(kBatch);
        const size_t taken = batch.Size();
        if (taken > 0) {
            std::unique_lock lock(mu_);
            // Waits for room without regard to stopping_: a taken batch must reach the writer,
            // which drains the queue before it stops.
            cv_.wait(lock, [this] { return ready_.size() < kReadyBatches; });
            ready_.push_back(std::move(batch));
            cv_.notify_all();
        }
        if (std::chrono::steady_clock::now() >= next_resume) {
            next_resume = std::chrono::steady_clock::now() + kResumePeriod;
            if (auto n = messaging_.ResumeStatusProgression(true, kResumeLimit); !n) {
                log::Warn("resuming stalled status progressions: " + n.error().message);
            }
        }
        if (taken >= static_cast<size_t>(kBatch)) {
            continue;  // behind: keep going
        }
        std::unique_lock lock(mu_);
        cv_.wait_for(lock, kIdleWait, [this] { return stopping_.load(); });
    }
    std::lock_guard lock(mu_);
    preparing_done_ = true;
    cv_.notify_all();
}

void StatusProgressionRunner::WriteLoop() {
    while (true) {
        service::MessagingService::DueStatuses batch;
        {
            std::unique_lock lock(mu_);
            cv_.wait(lock, [this] { return !ready_.empty() || preparing_done_; });
            if (ready_.empty()) {
                return;  // the preparer has stopped and everything it took is written
            }
            batch = std::move(ready_.front());
            ready_.pop_front();
            cv_.notify_all();
        }
        if (auto written = messaging_.WriteDueStatuses(std::move(batch)); !written) {
            log::Warn("sandbox status progression: " + written.error().message);
        }
    }
}

}  // namespace wharf::app
