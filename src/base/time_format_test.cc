#include "base/time_format.h"

#include <gtest/gtest.h>

namespace wharf {
namespace {

TEST(TimeFormat, RoundTripsSecondsAndMicros) {
    auto t = ParseIso8601("2025-01-15T10:00:00Z");
    ASSERT_TRUE(t);
    EXPECT_EQ(FormatIso8601(*t), "2025-01-15T10:00:00Z");
    EXPECT_EQ(UnixSeconds(*t), 1736935200);
    auto m = ParseIso8601("2025-01-15T10:30:00.000123Z");
    ASSERT_TRUE(m);
    EXPECT_EQ(FormatIso8601Micros(*m), "2025-01-15T10:30:00.000123Z");
}

TEST(TimeFormat, AcceptsDatesAndOffsets) {
    EXPECT_EQ(FormatIso8601(*ParseIso8601("2025-01-15")), "2025-01-15T00:00:00Z");
    EXPECT_EQ(FormatIso8601(*ParseIso8601("2025-01-15T12:00:00+02:00")), "2025-01-15T10:00:00Z");
    EXPECT_EQ(FormatIso8601(*ParseIso8601("2025-01-15T10:00")), "2025-01-15T10:00:00Z");
}

TEST(TimeFormat, RejectsGarbage) {
    for (const char* s : {"", "yesterday", "2025-13-01", "2025-02-30", "2025-01-15T25:00:00Z",
                          "2025-01-15T10:00:00Q", "2025-01-15T10:00:00.Z", "2025/01/15"}) {
        EXPECT_FALSE(ParseIso8601(s)) << s;
    }
}

}  // namespace
}  // namespace wharf
