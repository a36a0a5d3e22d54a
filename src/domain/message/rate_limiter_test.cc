#include "domain/message/rate_limiter.h"

#include <map>
#include <string>
#include <utility>

#include <gtest/gtest.h>

namespace wharf::domain {
namespace {

using std::chrono::microseconds;
using std::chrono::milliseconds;
using std::chrono::seconds;

const Timestamp kT0 = Timestamp(std::chrono::seconds(1'767'225'600));  // 2026-01-01T00:00:00Z

void ExpectThroughputError(const Result<void>& r) {
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::kResourceExhausted);
    EXPECT_EQ(r.error().message, "Rate limit hit");
    ASSERT_TRUE(r.error().graph);
    EXPECT_EQ(r.error().graph->code, 130429);
    EXPECT_EQ(r.error().graph->details, "Cloud API message throughput has been reached.");
}

void ExpectPairError(const Result<void>& r) {
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::kResourceExhausted);
    ASSERT_TRUE(r.error().graph);
    EXPECT_EQ(r.error().graph->code, 131056);
    EXPECT_EQ(r.error().graph->details, "Pair rate limit hit");
}

// Takes `n` messages at `now`, expecting every one to pass.
template <class Limiter>
void TakeAll(const Limiter& limiter, RateLimitState& state, Timestamp now, int n) {
    for (int i = 0; i < n; ++i) {
        ASSERT_TRUE(limiter.TryAcquire(state, now)) << "message " << i + 1;
    }
}

// --- RateLimitState ---------------------------------------------------------------------------

TEST(RateLimitState, FreshStateIsFull) {
    RateLimitState state;
    EXPECT_TRUE(state.IsFull(kT0));
    EXPECT_TRUE(state.IsFull(Timestamp{}));
}

TEST(RateLimitState, FullAgainWhenRepaid) {
    ThroughputLimiter limiter;
    RateLimitState state;
    ASSERT_TRUE(limiter.TryAcquire(state, kT0));
    EXPECT_FALSE(state.IsFull(kT0));
    EXPECT_FALSE(state.IsFull(kT0 + microseconds(12'499)));
    EXPECT_TRUE(state.IsFull(kT0 + microseconds(12'500)));
}

// --- ThroughputLimiter ------------------------------------------------------------------------

TEST(ThroughputLimiter, DefaultsToEightyPerSecond) {
    ThroughputLimiter limiter;
    EXPECT_EQ(limiter.MessagesPerSecond(), 80);
    EXPECT_EQ(limiter.RefillInterval(), microseconds(12'500));
}

TEST(ThroughputLimiter, MakeAcceptsOneToOneThousand) {
    for (int rate : {1, 2, 20, 80, 999, 1000}) {
        auto limiter = ThroughputLimiter::Make(rate);
        ASSERT_TRUE(limiter) << rate;
        EXPECT_EQ(limiter->MessagesPerSecond(), rate);
    }
    for (int rate : {0, -1, -80, 1001, 100'000}) {
        auto limiter = ThroughputLimiter::Make(rate);
        ASSERT_FALSE(limiter) << rate;
        EXPECT_EQ(limiter.error().code, ErrorCode::kInvalidArgument);
        EXPECT_FALSE(limiter.error().graph);
    }
}

TEST(ThroughputLimiter, RefillIntervalRoundsUp) {
    EXPECT_EQ(ThroughputLimiter::Make(1)->RefillInterval(), seconds(1));
    EXPECT_EQ(ThroughputLimiter::Make(20)->RefillInterval(), milliseconds(50));
    EXPECT_EQ(ThroughputLimiter::Make(1000)->RefillInterval(), milliseconds(1));
    EXPECT_EQ(ThroughputLimiter::Make(3)->RefillInterval(), microseconds(333'334));
    EXPECT_EQ(ThroughputLimiter::Make(7)->RefillInterval(), microseconds(142'858));
}

TEST(ThroughputLimiter, EightyPassThenTheEightyFirstWaitsOneEightiethOfASecond) {
    ThroughputLimiter limiter;
    RateLimitState state;
    TakeAll(limiter, state, kT0, 80);
    EXPECT_EQ(limiter.RetryAfter(state, kT0), microseconds(12'500));

    const RateLimitState before = state;
    ExpectThroughputError(limiter.TryAcquire(state, kT0));
    EXPECT_EQ(state.refilled_at, before.refilled_at);  // a refusal takes nothing

    ExpectThroughputError(limiter.TryAcquire(state, kT0 + microseconds(12'499)));
    EXPECT_EQ(limiter.RetryAfter(state, kT0 + microseconds(12'499)), microseconds(1));
    EXPECT_TRUE(limiter.TryAcquire(state, kT0 + microseconds(12'500)));
    // And the next one again 1/80 s later.
    ExpectThroughputError(limiter.TryAcquire(state, kT0 + microseconds(12'500)));
    EXPECT_EQ(limiter.RetryAfter(state, kT0 + microseconds(12'500)), microseconds(12'500));
    EXPECT_TRUE(limiter.TryAcquire(state, kT0 + microseconds(25'000)));
}

TEST(ThroughputLimiter, RetryAfterIsZeroWhenAllowed) {
    ThroughputLimiter limiter;
    RateLimitState state;
    EXPECT_EQ(limiter.RetryAfter(state, kT0), microseconds(0));
    TakeAll(limiter, state, kT0, 79);
    EXPECT_EQ(limiter.RetryAfter(state, kT0), microseconds(0));
    TakeAll(limiter, state, kT0, 1);
    EXPECT_GT(limiter.RetryAfter(state, kT0), microseconds(0));
}

TEST(ThroughputLimiter, RetryAfterIsExact) {
    // At every point of a drained second, waiting exactly RetryAfter succeeds and one microsecond
    // less does not.
    ThroughputLimiter limiter;
    RateLimitState state;
    TakeAll(limiter, state, kT0, 80);
    Timestamp now = kT0;
    for (int i = 0; i < 200; ++i) {
        now += microseconds(3'001);
        microseconds wait = limiter.RetryAfter(state, now);
        if (wait > microseconds(0)) {
            RateLimitState copy = state;
            ExpectThroughputError(limiter.TryAcquire(copy, now + wait - microseconds(1)));
        }
        ASSERT_TRUE(limiter.TryAcquire(state, now + wait)) << i;
        now += wait;
    }
}

TEST(ThroughputLimiter, SpreadOutTrafficAtTheRateNeverWaits) {
    ThroughputLimiter limiter;
    RateLimitState state;
    for (int i = 0; i < 10'000; ++i) {
        ASSERT_TRUE(limiter.TryAcquire(state, kT0 + microseconds(12'500) * i)) << i;
    }
}

TEST(ThroughputLimiter, SustainedRateUnderOverload) {
    // A client trying as hard as it can every millisecond for 10 s gets the initial burst of 80
    // plus 80 per second.
    ThroughputLimiter limiter;
    RateLimitState state;
    int admitted = 0;
    for (int ms = 0; ms <= 10'000; ++ms) {
        while (limiter.TryAcquire(state, kT0 + milliseconds(ms))) {
            ++admitted;
        }
    }
    EXPECT_EQ(admitted, 80 + 800);
}

TEST(ThroughputLimiter, RefillsCompletelyAfterOneSecond) {
    ThroughputLimiter limiter;
    RateLimitState state;
    TakeAll(limiter, state, kT0, 80);
    EXPECT_TRUE(state.IsFull(kT0 + seconds(1)));
    TakeAll(limiter, state, kT0 + seconds(1), 80);
    ExpectThroughputError(limiter.TryAcquire(state, kT0 + seconds(1)));
    // Idle time beyond a full bucket is not banked.
    TakeAll(limiter, state, kT0 + seconds(60), 80);
    ExpectThroughputError(limiter.TryAcquire(state, kT0 + seconds(60)));
}

TEST(ThroughputLimiter, OneThousandPerSecond) {
    auto limiter = ThroughputLimiter::Make(1000);
    ASSERT_TRUE(limiter);
    RateLimitState state;
    TakeAll(*limiter, state, kT0, 1000);
    ExpectThroughputError(limiter->TryAcquire(state, kT0));
    EXPECT_EQ(limiter->RetryAfter(state, kT0), microseconds(1000));
    EXPECT_TRUE(limiter->TryAcquire(state, kT0 + microseconds(1000)));
}

TEST(ThroughputLimiter, OnePerSecond) {
    auto limiter = ThroughputLimiter::Make(1);
    ASSERT_TRUE(limiter);
    RateLimitState state;
    EXPECT_TRUE(limiter->TryAcquire(state, kT0));
    ExpectThroughputError(limiter->TryAcquire(state, kT0 + milliseconds(999)));
    EXPECT_EQ(limiter->RetryAfter(state, kT0 + milliseconds(999)), milliseconds(1));
    EXPECT_TRUE(limiter->TryAcquire(state, kT0 + seconds(1)));
}

TEST(ThroughputLimiter, NonDivisorRateNeverExceedsItsRate) {
    auto limiter = ThroughputLimiter::Make(3);
    ASSERT_TRUE(limiter);
    RateLimitState state;
    int admitted = 0;
    for (int ms = 0; ms <= 10'000; ++ms) {
        while (limiter->TryAcquire(state, kT0 + milliseconds(ms))) {
            ++admitted;
        }
    }
    // 3 at once, then one every 333,334 µs: 29 more by t0 + 10 s (the 30th is due 20 µs late).
    EXPECT_EQ(admitted, 3 + 29);
}

TEST(ThroughputLimiter, KeysAreIndependent) {
    // The service keeps one state per number; draining one leaves the others untouched.
    ThroughputLimiter limiter;
    std::map<std::string, RateLimitState> states;
    TakeAll(limiter, states["111"], kT0, 80);
    ExpectThroughputError(limiter.TryAcquire(states["111"], kT0));
    TakeAll(limiter, states["222"], kT0, 80);
}

TEST(ThroughputLimiter, StateSurvivesARateChange) {
    // Drained at 80/s (full again at t0 + 1 s), then upgraded to 1,000/s: the remaining debt is
    // honoured in time, then the new rate applies.
    ThroughputLimiter slow;
    auto fast = ThroughputLimiter::Make(1000);
    ASSERT_TRUE(fast);
    RateLimitState state;
    TakeAll(slow, state, kT0, 80);
    EXPECT_EQ(fast->RetryAfter(state, kT0), milliseconds(1));
    EXPECT_TRUE(fast->TryAcquire(state, kT0 + milliseconds(1)));
    TakeAll(*fast, state, kT0 + seconds(2), 1000);
}

TEST(ThroughputLimiter, ClockGoingBackwardsIsHarmless) {
    ThroughputLimiter limiter;
    RateLimitState state;
    TakeAll(limiter, state, kT0, 80);
    Timestamp earlier = kT0 - seconds(5);
    ExpectThroughputError(limiter.TryAcquire(state, earlier));
    EXPECT_EQ(limiter.RetryAfter(state, earlier), seconds(5) + microseconds(12'500));
}

// --- PairRateLimiter --------------------------------------------------------------------------

TEST(PairRateLimiter, Constants) {
    EXPECT_EQ(PairRateLimiter::kBurst, 45);
    EXPECT_EQ(PairRateLimiter::kRefillInterval, seconds(6));
}

TEST(PairRateLimiter, BurstOfFortyFiveThenTheFortySixthFails) {
    PairRateLimiter limiter;
    RateLimitState state;
    TakeAll(limiter, state, kT0, 45);
    const RateLimitState before = state;
    ExpectPairError(limiter.TryAcquire(state, kT0));
    EXPECT_EQ(state.refilled_at, before.refilled_at);
    EXPECT_EQ(limiter.RetryAfter(state, kT0), seconds(6));
}

TEST(PairRateLimiter, RefillsOneMessageEverySixSeconds) {
    PairRateLimiter limiter;
    RateLimitState state;
    TakeAll(limiter, state, kT0, 45);
    ExpectPairError(limiter.TryAcquire(state, kT0 + seconds(6) - microseconds(1)));
    EXPECT_EQ(limiter.RetryAfter(state, kT0 + seconds(6) - microseconds(1)), microseconds(1));
    EXPECT_TRUE(limiter.TryAcquire(state, kT0 + seconds(6)));
    ExpectPairError(limiter.TryAcquire(state, kT0 + seconds(6)));
    // Two intervals bring two messages back.
    TakeAll(limiter, state, kT0 + seconds(18), 2);
    ExpectPairError(limiter.TryAcquire(state, kT0 + seconds(18)));
    EXPECT_EQ(limiter.RetryAfter(state, kT0 + seconds(18)), seconds(6));
}

TEST(PairRateLimiter, OneEverySixSecondsNeverWaits) {
    PairRateLimiter limiter;
    RateLimitState state;
    for (int i = 0; i < 1000; ++i) {
        ASSERT_TRUE(limiter.TryAcquire(state, kT0 + seconds(6) * i)) << i;
        EXPECT_EQ(limiter.RetryAfter(state, kT0 + seconds(6) * i), microseconds(0));
    }
}

TEST(PairRateLimiter, ABurstIsRepaidAtTheBaseRate) {
    // A burst of 20 borrows 20 × 6 s = 2 minutes of quota; the other 25 stay available meanwhile.
    PairRateLimiter limiter;
    RateLimitState state;
    TakeAll(limiter, state, kT0, 20);
    EXPECT_EQ(state.refilled_at, kT0 + seconds(120));
    EXPECT_FALSE(state.IsFull(kT0 + seconds(119)));
    EXPECT_TRUE(state.IsFull(kT0 + seconds(120)));

    RateLimitState rest = state;
    TakeAll(limiter, rest, kT0 + seconds(1), 25);
    ExpectPairError(limiter.TryAcquire(rest, kT0 + seconds(1)));

    TakeAll(limiter, state, kT0 + seconds(120), 45);
    ExpectPairError(limiter.TryAcquire(state, kT0 + seconds(120)));
}

TEST(PairRateLimiter, SustainedRateUnderOverload) {
    // Trying every second for an hour: 45 at once plus one per 6 s (600 per hour).
    PairRateLimiter limiter;
    RateLimitState state;
    int admitted = 0;
    for (int s = 0; s <= 3600; ++s) {
        while (limiter.TryAcquire(state, kT0 + seconds(s))) {
            ++admitted;
        }
    }
    EXPECT_EQ(admitted, 45 + 600);
}

TEST(PairRateLimiter, RecipientsAreIndependent) {
    PairRateLimiter limiter;
    std::map<std::pair<std::string, std::string>, RateLimitState> states;
    TakeAll(limiter, states[{"111", "16505551234"}], kT0, 45);
    ExpectPairError(limiter.TryAcquire(states[{"111", "16505551234"}], kT0));
    TakeAll(limiter, states[{"111", "16505550000"}], kT0, 45);
    TakeAll(limiter, states[{"222", "16505551234"}], kT0, 45);
}

}  // namespace
}  // namespace wharf::domain
