#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
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
// Start once, Stop once (joins); handlers must be thread-safe and idempotent per attempt.
class JobRunner {
public:
    using Handler = std::function<Result<void>(const domain::Job&)>;

    JobRunner(store::JobQueue& queue, const Clock& clock, std::map<std::string, Handler> handlers);

    ~JobRunner();

    // Runs `task` on the runner's thread about every `period` (housekeeping such as ending idle
    // conversations). Call before Start.
    void AddPeriodic(std::chrono::milliseconds period, std::function<void()> task);

    void Start();
    void Stop();
    // Runs every job due now and returns how many ran (tests drive the queue with a fake clock).
    int RunDueForTest();

private:
    int RunOnce();
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
    std::atomic<bool> stopping_{false};
    std::mutex mu_;
    std::condition_variable cv_;
    std::thread thread_;
};

}  // namespace wharf::app
