#include "service/parse_ahead.h"

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <string>

#include <gtest/gtest.h>

namespace wharf::service {
namespace {

TEST(ParseAhead, GivesEveryResultInOrder) {
    ParseAhead<std::string> ahead(
        5, [](size_t i) -> Result<std::string> { return "item " + std::to_string(i); });
    for (size_t i = 0; i < 5; ++i) {
        auto r = ahead.Wait(i);
        ASSERT_TRUE(r);
        EXPECT_EQ(**r, "item " + std::to_string(i));
    }
}

TEST(ParseAhead, RunsAheadOfTheConsumerOnAnotherThread) {
    const auto consumer = std::this_thread::get_id();
    std::atomic<int> ran{0};
    ParseAhead<std::thread::id> ahead(3, [&](size_t) -> Result<std::thread::id> {
        ran.fetch_add(1);
        return std::this_thread::get_id();
    });
    // Nobody has asked for anything yet: the items still get done.
    for (int i = 0; i < 500 && ran.load() < 3; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    EXPECT_EQ(ran.load(), 3);
    auto first = ahead.Wait(0);
    ASSERT_TRUE(first);
    EXPECT_NE(**first, consumer);
}

TEST(ParseAhead, StopsAtTheFirstFailure) {
    std::atomic<int> ran{0};
    ParseAhead<int> ahead(4, [&](size_t i) -> Result<int> {
        ran.fetch_add(1);
        if (i == 1) {
            return Fail(Error::Internal("malformed job payload"));
        }
        return static_cast<int>(i);
    });
    ASSERT_TRUE(ahead.Wait(0));
    auto failed = ahead.Wait(1);
    ASSERT_FALSE(failed);
    EXPECT_EQ(failed.error().message, "malformed job payload");
    auto after = ahead.Wait(3);
    ASSERT_FALSE(after);
    EXPECT_EQ(after.error().code, ErrorCode::kAborted);
    EXPECT_FALSE(ahead.Wait(2));
    EXPECT_EQ(ran.load(), 2);
}

TEST(ParseAhead, AnExceptionIsAnInternalError) {
    ParseAhead<int> ahead(2, [](size_t) -> Result<int> { throw std::runtime_error("boom"); });
    auto r = ahead.Wait(0);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::kInternal);
    EXPECT_NE(r.error().message.find("boom"), std::string::npos);
}

TEST(ParseAhead, DestroyingItEarlyStopsTheThread) {
    std::atomic<int> ran{0};
    {
        ParseAhead<int> ahead(1000, [&](size_t i) -> Result<int> {
            ran.fetch_add(1);
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
            return static_cast<int>(i);
        });
        ASSERT_TRUE(ahead.Wait(0));
    }
    EXPECT_LT(ran.load(), 1000);
}

TEST(ParseAhead, NoItems) {
    ParseAhead<int> ahead(0, [](size_t) -> Result<int> { return 1; });
    EXPECT_EQ(ahead.size(), 0u);
    EXPECT_FALSE(ahead.Wait(0));
}

}  // namespace
}  // namespace wharf::service
