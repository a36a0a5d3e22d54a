#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "service/messaging_service.h"

namespace wharf::app {

// Drives the sandbox network's status progression on two threads of its own. One takes due steps
// off the schedule in small batches and renders them (MessagingService::PrepareDueStatuses),
// sleeps when nothing is due (at most a few milliseconds, so new sends are picked up quickly),
// and every few seconds takes over progressions that nobody runs (ResumeStatusProgression). The
// other writes the prepared batches (WriteDueStatuses), one transaction each, while the next is
// being rendered. Small batches keep each of them short on the store's single writer, which
// sends queue behind; the two threads keep the progression's pace. On Start it first resumes every
// message still on its way, which is how a restart after a crash picks up where it stopped.
// Stop writes the batches already prepared.
class StatusProgressionRunner {
public:
    explicit StatusProgressionRunner(service::MessagingService& messaging);
    ~StatusProgressionRunner();

    void Start();
    void Stop();

private:
    void PrepareLoop();
    void WriteLoop();

    service::MessagingService& messaging_;
    std::atomic<bool> stopping_{false};
    std::mutex mu_;
    std::condition_variable cv_;  // stopping_, a batch queued or one taken from a full queue
    std::deque<service::MessagingService::DueStatuses> ready_;  // guarded by mu_
    bool preparing_done_ = false;                               // guarded by mu_
    std::thread preparer_;
    std::thread writer_;
};

}  // namespace wharf::app
