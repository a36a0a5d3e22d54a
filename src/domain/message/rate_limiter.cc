#include "domain/message/rate_limiter.h"

#include <algorithm>
#include <string>

namespace wharf::domain {
namespace {

using std::chrono::microseconds;

// The generic cell rate algorithm: a bucket of `capacity` tokens, one coming back every
// `interval`, kept as the instant it is full again. At `now` the bucket lacks
// (refilled_at - now) / interval tokens, so one more can be taken while that lack is at most
// capacity - 1 tokens' worth of time. Integer microseconds throughout: no rounding drift.
microseconds Tolerance(microseconds interval, int capacity) {
    return interval * (capacity - 1);
}

bool TryTake(RateLimitState& state, Timestamp now, microseconds interval, int capacity) {
    Timestamp start = std::max(state.refilled_at, now);
    if (start - now > Tolerance(interval, capacity)) {
        return false;
    }
    state.refilled_at = start + interval;
    return true;
}

microseconds Wait(const RateLimitState& state, Timestamp now, microseconds interval, int capacity) {
    microseconds wait = (state.refilled_at - now) - Tolerance(interval, capacity);
    return std::max(wait, microseconds(0));
}

}  // namespace

ThroughputLimiter::ThroughputLimiter(int messages_per_second)
    : messages_per_second_(messages_per_second),
      interval_((1'000'000 + messages_per_second - 1) / messages_per_second) {}

Result<ThroughputLimiter> ThroughputLimiter::Make(int messages_per_second) {
    if (messages_per_second < kMinMessagesPerSecond ||
        messages_per_second > kMaxMessagesPerSecond) {
        return Fail(Error::InvalidArgument(
            "throughput must be " + std::to_string(kMinMessagesPerSecond) + ".." +
            std::to_string(kMaxMessagesPerSecond) + " messages per second (got " +
            std::to_string(messages_per_second) + ")"));
    }
    return ThroughputLimiter(messages_per_second);
}

Result<void> ThroughputLimiter::TryAcquire(State& state, Timestamp now) const {
    if (TryTake(state, now, interval_, messages_per_second_)) {
        return {};
    }
    return Fail(Error::ResourceExhausted("Rate limit hit")
                    .WithGraph(130429, "Cloud API message throughput has been reached."));
}

microseconds ThroughputLimiter::RetryAfter(const State& state, Timestamp now) const {
    return Wait(state, now, interval_, messages_per_second_);
}

Result<void> PairRateLimiter::TryAcquire(State& state, Timestamp now) const {
    if (TryTake(state, now, kRefillInterval, kBurst)) {
        return {};
    }
    return Fail(Error::ResourceExhausted("(Business Account, Consumer Account) pair rate limit hit")
                    .WithGraph(131056, "Pair rate limit hit"));
}

microseconds PairRateLimiter::RetryAfter(const State& state, Timestamp now) const {
    return Wait(state, now, kRefillInterval, kBurst);
}

}  // namespace wharf::domain
