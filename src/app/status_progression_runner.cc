#include "app/status_progression_runner.h"

#include <chrono>

#include "base/log.h"

namespace wharf::app {
namespace {

// Steps per batch: a batch is one member of a group commit, and the sends of that group wait for
// all of it (256 steps held the writer for 8 ms; 1,000 for 20-30 ms).
constexpr int kBatch = 64;
// Batches handed to the writer and not yet written; the preparer waits while this many are. A
// group takes all of them when the progression is behind: 4 x 64 steps beside the group's 60
// sends keep pace with sends that need 3 steps each.
constexpr int kInFlight = 4;
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
}

void StatusProgressionRunner::PrepareLoop() {
    auto next_resume = std::chrono::steady_clock::now() + kResumePeriod;
    while (!stopping_) {
        {
            std::unique_lock lock(mu_);
            cv_.wait(lock, [this] { return in_flight_ < kInFlight || stopping_; });
            if (stopping_) {
                break;
            }
        }
        auto batch = messaging_.PrepareDueStatuses(kBatch);
        const size_t taken = batch.Size();
        if (taken > 0) {
            {
                std::lock_guard lock(mu_);
                ++in_flight_;
            }
            // A taken batch reaches the writer: Stop waits for it below.
            messaging_.WriteDueStatusesAsync(std::move(batch), [this](Result<int> written) {
                if (!written) {
                    log::Warn("sandbox status progression: " + written.error().message);
                }
                std::lock_guard lock(mu_);
                --in_flight_;
                cv_.notify_all();  // under the lock: Stop may destroy this once it is released
            });
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
    std::unique_lock lock(mu_);
    cv_.wait(lock, [this] { return in_flight_ == 0; });
}

}  // namespace wharf::app
