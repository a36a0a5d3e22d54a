#pragma once

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "service/messaging_service.h"

namespace wharf::app {

// Drives the sandbox network's status progression (MessagingService::ApplyDueStatuses) on its
// own thread: applies due steps in batches, sleeps until the next one is due (at most a few
// milliseconds, so new sends are picked up quickly), and every few seconds takes over
// progressions that nobody runs (ResumeStatusProgression). On Start it first resumes every
// message still on its way, which is how a restart after a crash picks up where it stopped.
class StatusProgressionRunner {
public:
    explicit StatusProgressionRunner(service::MessagingService& messaging);
    ~StatusProgressionRunner();

    void Start();
    void Stop();

private:
    void Loop();

    service::MessagingService& messaging_;
    std::atomic<bool> stopping_{false};
    std::mutex mu_;
    std::condition_variable cv_;
    std::thread thread_;
};

}  // namespace wharf::app
