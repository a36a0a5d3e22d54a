#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "base/clock.h"

namespace wharf::delivery {

// When to try a failed delivery again (pure). Kapso's schedule first: 10 s, 40 s and 90 s after
// the 1st, 2nd and 3rd failure; then the delay doubles (180 s, 360 s, ...) up to max_delay. Once
// the next attempt would fall later than `horizon` after the retry horizon started (creation, or
// the last replay), the delivery is dead. A Retry-After from the endpoint (429/503) is honoured:
// the next attempt is never earlier than it.
class RetryPolicy {
public:
    struct Options {
        std::chrono::seconds horizon{24 * 3600};
        std::chrono::seconds max_delay{3600};
    };
    RetryPolicy() : RetryPolicy(Options{}) {}
    explicit RetryPolicy(Options options) : options_(options) {}

    // The delay after the `failures`-th failed attempt (1-based).
    std::chrono::seconds Delay(int failures) const;
    // The time of the next attempt after `failures` failures, the last one ended at `now`; or
    // nullopt when the delivery should be marked dead.
    std::optional<Timestamp> NextAttempt(int failures, Timestamp now, Timestamp retry_from,
                                         std::optional<std::chrono::seconds> retry_after) const;

    const Options& options() const { return options_; }

private:
    Options options_;
};

// Reads a Retry-After value: delta-seconds, or an HTTP date relative to `now`. nullopt when
// unreadable; negative deltas become 0.
std::optional<std::chrono::seconds> ParseRetryAfter(const std::string& value, Timestamp now);

}  // namespace wharf::delivery
