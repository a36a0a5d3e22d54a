#pragma once

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "service/messaging_service.h"

namespace wharf::app {

// Drives the sandbox network's status progression on a thread of its own. It takes due steps off
// the schedule in small batches and renders them (MessagingService::PrepareDueStatuses), and hands
// each to the store's writer without waiting for it (WriteDueStatusesAsync, one transaction
// member each), with a few batches on their way at a time; it sleeps when nothing is due (at most
// a few milliseconds, so new sends are picked up quickly), and every few seconds takes over
// progressions that nobody runs (ResumeStatusProgression). Small batches keep each group commit
// short on the store's single writer, which sends queue behind; several on their way at once let
// the progression keep pace with a stream of sends (a group takes up to all of them). On Start it
// first resumes every message still on its way, which is how a restart after a crash picks up
// where it stopped. Stop waits for the batches on their way.
class StatusProgressionRunner {
public:
    explicit StatusProgressionRunner(service::MessagingService& messaging);
    ~StatusProgressionRunner();

    void Start();
    void Stop();

private:
    void PrepareLoop();

    service::MessagingService& messaging_;
    std::atomic<bool> stopping_{false};
    std::mutex mu_;
    std::condition_variable cv_;  // stopping_, or a batch written
    int in_flight_ = 0;           // batches handed to the writer, not yet written; guarded by mu_
    std::thread preparer_;
};

}  // namespace wharf::app
