#include "delivery/retry_policy.h"

#include <gtest/gtest.h>

namespace wharf::delivery {
namespace {

using std::chrono::seconds;
constexpr Timestamp kT0{std::chrono::seconds(1'767'225'600)};

TEST(RetryPolicyTest, FollowsKapsosScheduleThenDoublesUpToTheCap) {
    RetryPolicy p;
    EXPECT_EQ(p.Delay(1), seconds(10));
    EXPECT_EQ(p.Delay(2), seconds(40));
    EXPECT_EQ(p.Delay(3), seconds(90));
    EXPECT_EQ(p.Delay(4), seconds(180));
    EXPECT_EQ(p.Delay(5), seconds(360));
    EXPECT_EQ(p.Delay(9), seconds(3600));
    EXPECT_EQ(p.Delay(50), seconds(3600));
}

TEST(RetryPolicyTest, NextAttemptIsAfterTheDelayUntilTheHorizon) {
    RetryPolicy p(RetryPolicy::Options{seconds(3600), seconds(3600)});
    EXPECT_EQ(p.NextAttempt(1, kT0, kT0, std::nullopt), kT0 + seconds(10));
    EXPECT_EQ(p.NextAttempt(3, kT0 + seconds(50), kT0, std::nullopt), kT0 + seconds(140));
    // Past the horizon: dead.
    EXPECT_EQ(p.NextAttempt(4, kT0 + seconds(3500), kT0, std::nullopt), std::nullopt);
    // The horizon restarts with a replay.
    EXPECT_NE(p.NextAttempt(4, kT0 + seconds(3500), kT0 + seconds(3400), std::nullopt),
              std::nullopt);
}

TEST(RetryPolicyTest, RetryAfterDelaysButNeverHastens) {
    RetryPolicy p;
    EXPECT_EQ(p.NextAttempt(1, kT0, kT0, seconds(120)), kT0 + seconds(120));
    EXPECT_EQ(p.NextAttempt(3, kT0, kT0, seconds(1)), kT0 + seconds(90));
    RetryPolicy shortp(RetryPolicy::Options{seconds(60), seconds(3600)});
    EXPECT_EQ(shortp.NextAttempt(1, kT0, kT0, seconds(120)), std::nullopt);
}

TEST(RetryPolicyTest, ParsesRetryAfterSecondsAndDates) {
    EXPECT_EQ(ParseRetryAfter("120", kT0), seconds(120));
    EXPECT_EQ(ParseRetryAfter(" 5 ", kT0), seconds(5));
    EXPECT_EQ(ParseRetryAfter("-3", kT0), seconds(0));
    // kT0 is Thu, 01 Jan 2026 00:00:00 GMT.
    EXPECT_EQ(ParseRetryAfter("Thu, 01 Jan 2026 00:01:00 GMT", kT0), seconds(60));
    EXPECT_EQ(ParseRetryAfter("Wed, 31 Dec 2025 23:00:00 GMT", kT0), seconds(0));
    EXPECT_EQ(ParseRetryAfter("soon", kT0), std::nullopt);
    EXPECT_EQ(ParseRetryAfter("", kT0), std::nullopt);
}

}  // namespace
}  // namespace wharf::delivery
