#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

#include "base/clock.h"
#include "base/result.h"
#include "store/store.h"

namespace wharf::delivery {

struct FanOutOptions {
    int batch = 500;                    // outbox events per transaction
    std::chrono::milliseconds poll{5};  // idle poll of the outbox
    // The poll while no webhook is active anywhere: each round then only moves the cursor past
    // the new events (unread), so rounds can be rarer; a webhook created meanwhile is owed none of
    // them either way.
    std::chrono::milliseconds poll_without_webhooks{50};
    std::chrono::milliseconds housekeeping{200};  // due buffers and inactivity timers
};

// Turns outbox events into deliveries. Reads the events after the fan-out cursor (every project,
// seq order) and, in one transaction per batch, creates one delivery per matching active webhook
// (scope, subscription, kind), appends buffered whatsapp.message.received payloads to their open
// buffer (flushing it as one batched delivery at max_buffer_size, and before any other event of
// the same conversation so order holds), arms inactivity timers, and moves the cursor. A crash
// rolls the batch back and it is fanned out again: nothing is lost or doubled. Housekeeping
// flushes buffers whose window passed and fires due inactivity timers, also transactionally.
// One thread (Start/Stop); `on_new_work` is called after each commit that created deliveries.
class FanOut {
public:
    FanOut(store::Store& store, const Clock& clock, FanOutOptions options,
           std::function<void()> on_new_work = {});
    ~FanOut();

    // One batch of the outbox; returns how many events it consumed.
    Result<int> RunOnce();
    // Flushes due buffers and fires due inactivity timers; returns how many deliveries it made.
    Result<int> Housekeep();

    void Start();
    void Stop();

private:
    void Loop();

    store::Store& store_;
    const Clock& clock_;
    FanOutOptions options_;
    std::function<void()> on_new_work_;
    std::atomic<bool> stopping_{false};
    std::atomic<bool> no_webhooks_{false};  // the last round found no active webhook
    std::mutex mu_;
    std::condition_variable cv_;
    std::thread thread_;
};

}  // namespace wharf::delivery
