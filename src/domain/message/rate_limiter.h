#pragma once

#include <chrono>

#include "base/clock.h"
#include "base/result.h"

namespace wharf::domain {

// The state of one rate-limited key (a business number, or a (number, recipient) pair): a
// token bucket kept as a single instant, the moment at which the bucket will be full again
// (the "theoretical arrival time" of the generic cell rate algorithm). At or before `now` the
// bucket is full; each message taken pushes it one refill interval later. The value-initialized
// state (the epoch) is a full bucket, so a new key starts with its whole burst available.
//
// A plain value: the caller owns one per key (for example in a map under its own lock) and
// passes it to the limiter by reference. Being a time and not a token count, it stays meaningful
// when a limiter's rate changes (a throughput upgrade). A state that IsFull is equivalent to a
// fresh one, so the caller may erase it to bound the map.
struct RateLimitState {
    Timestamp refilled_at{};

    bool IsFull(Timestamp now) const { return refilled_at <= now; }
};

// Meta's per-number throughput (docs/meta-facts.md §3.1): N messages per second, default 80,
// configurable 1..1,000. A token bucket of capacity N refilled at N per second, starting full:
// N messages pass at once, the next one a 1/N s later, and the sustained rate is N per second.
// The refill interval is 1 s / N rounded up to a whole microsecond (exact for Meta's 20, 80 and
// 1,000 and every other divisor of 10^6; otherwise the rate is a hair under N, never over).
//
// Pure and immutable: TryAcquire and RetryAfter only touch the state passed in, and `now` is the
// caller's. A refused message takes nothing, so a client that keeps retrying is admitted as soon
// as it is back under the limit. Thread-compatible; the caller serializes access per state.
class ThroughputLimiter {
public:
    using State = RateLimitState;

    static constexpr int kDefaultMessagesPerSecond = 80;
    static constexpr int kMinMessagesPerSecond = 1;
    static constexpr int kMaxMessagesPerSecond = 1000;

    // 80 messages per second.
    ThroughputLimiter() : ThroughputLimiter(kDefaultMessagesPerSecond) {}
    // kInvalidArgument outside 1..1000.
    static Result<ThroughputLimiter> Make(int messages_per_second);

    int MessagesPerSecond() const { return messages_per_second_; }
    // The time one message's quota takes to come back: ceil(1 s / N).
    std::chrono::microseconds RefillInterval() const { return interval_; }

    // Takes one message from the bucket, or fails with kResourceExhausted, Graph 130429 "Rate
    // limit hit" and Meta's details, leaving the state unchanged.
    Result<void> TryAcquire(State& state, Timestamp now) const;
    // How long from `now` until TryAcquire would succeed; zero when it would succeed now.
    std::chrono::microseconds RetryAfter(const State& state, Timestamp now) const;

private:
    explicit ThroughputLimiter(int messages_per_second);

    int messages_per_second_;
    std::chrono::microseconds interval_;
};

// Meta's pair rate limit (docs/meta-facts.md §3.1): to one recipient, 1 message every 6 s, with
// bursts of up to 45 that borrow future quota. A token bucket of capacity 45 refilled at one
// token per 6 s, starting full: 45 messages pass at once, the 46th waits 6 s, and the borrowed
// quota comes back one message per 6 s (a burst of 20 takes 2 minutes to be fully repaid; in
// the meantime the remaining 25 of the burst stay available).
//
// Pure and immutable, as ThroughputLimiter. One state per (business number, recipient).
class PairRateLimiter {
public:
    using State = RateLimitState;

    static constexpr int kBurst = 45;
    static constexpr std::chrono::microseconds kRefillInterval = std::chrono::seconds(6);

    // Takes one message from the pair's bucket, or fails with kResourceExhausted, Graph 131056,
    // leaving the state unchanged.
    Result<void> TryAcquire(State& state, Timestamp now) const;
    // How long from `now` until TryAcquire would succeed; zero when it would succeed now.
    std::chrono::microseconds RetryAfter(const State& state, Timestamp now) const;
};

}  // namespace wharf::domain
