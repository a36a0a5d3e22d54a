#include "base/keyed_mutex.h"

#include <atomic>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace wharf {
namespace {

TEST(KeyedMutex, SerialisesOneKeyAndForgetsKeysNoLongerUsed) {
    KeyedMutex m;
    int counter = 0;  // unsynchronised on purpose: only the keyed lock protects it
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < 2000; ++i) {
                auto lock = m.Acquire("15550001111:16505551234");
                ++counter;
            }
        });
    }
    for (auto& t : threads) {
        t.join();
    }
    EXPECT_EQ(counter, 8000);
    EXPECT_EQ(m.SizeForTest(), 0u);
}

TEST(KeyedMutex, DifferentKeysDoNotWaitForEachOther) {
    KeyedMutex m;
    auto a = m.Acquire("a");
    std::atomic<bool> got_b{false};
    std::thread other([&] {
        auto b = m.Acquire("b");
        got_b = true;
    });
    other.join();  // would hang if "b" waited for "a"
    EXPECT_TRUE(got_b);
    EXPECT_EQ(m.SizeForTest(), 1u);
    auto moved = std::move(a);
    EXPECT_EQ(m.SizeForTest(), 1u);
}

}  // namespace
}  // namespace wharf
