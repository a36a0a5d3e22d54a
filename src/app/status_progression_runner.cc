#include "app/status_progression_runner.h"

#include <chrono>

#include "base/log.h"

namespace wharf::app {
namespace {

constexpr int kBatch = 1000;
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
    thread_ = std::thread([this] { Loop(); });
}

void StatusProgressionRunner::Stop() {
    {
        std::lock_guard lock(mu_);
        stopping_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) {
        thread_.join();
    }
}

void StatusProgressionRunner::Loop() {
    auto next_resume = std::chrono::steady_clock::now() + kResumePeriod;
    while (!stopping_) {
        auto applied = messaging_.ApplyDueStatuses(kBatch);
        if (!applied) {
            log::Warn("sandbox status progression: " + applied.error().message);
        }
        if (std::chrono::steady_clock::now() >= next_resume) {
            next_resume = std::chrono::steady_clock::now() + kResumePeriod;
            if (auto n = messaging_.ResumeStatusProgression(true, kResumeLimit); !n) {
                log::Warn("resuming stalled status progressions: " + n.error().message);
            }
        }
        if (applied && *applied >= kBatch) {
            continue;  // behind: keep going
        }
        std::unique_lock lock(mu_);
        cv_.wait_for(lock, kIdleWait, [this] { return stopping_.load(); });
    }
}

}  // namespace wharf::app
