#include "store/sqlite/wamid_key.h"

#include <bit>
#include <chrono>
#include <cstdint>
#include <string>

#include <gtest/gtest.h>

#include "base/random.h"
#include "domain/message/wamid.h"
#include "store/sqlite/sqlite_connection.h"

namespace wharf::store::sqlite {
namespace {

std::int64_t Signed(std::uint64_t v) {
    return std::bit_cast<std::int64_t>(v);
}

TEST(WamidKey, OtherIdsAreFnv1a64OfTheBytesWithTheTopBitSet) {
    // The published FNV-1a 64 test vectors (their top bit is set already): the stored keys
    // depend on exactly this function.
    EXPECT_EQ(WamidKey(""), Signed(0xcbf29ce484222325ULL));
    EXPECT_EQ(WamidKey("a"), Signed(0xaf63dc4c8601ec8cULL));
    EXPECT_EQ(WamidKey("foobar"), Signed(0x85944171f73967e8ULL));
    // FNV-1a 64 of "wamid.200" is 0x01b0fe52e475d251: its top bit is set in the key.
    EXPECT_EQ(WamidKey("wamid.200"), Signed(0x81b0fe52e475d251ULL));
    EXPECT_LT(WamidKey("wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJDQjZCMzlEQUE4OTJBMTE4RTUA"), 0);
}

TEST(WamidKey, IdsWharfMintsKeepTheirTimeOrder) {
    const std::string bytes = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
    EXPECT_EQ(WamidKey(domain::MakeWamid(bytes)), 0x0102030405060708LL >> 1);
    const Timestamp t0(std::chrono::milliseconds(1795000000000));
    std::int64_t previous = -1;
    for (int ms = 0; ms < 5; ++ms) {
        const std::int64_t key =
            WamidKey(domain::MakeWamid(TimeOrderedRandomBytes(t0 + std::chrono::milliseconds(ms))));
        EXPECT_GE(key, 0);
        EXPECT_GT(key, previous);
        previous = key;
    }
}

TEST(WamidKey, TellsWamidsThatShareALongPrefixApart) {
    // Meta's wamids of one sender share their first ~20 characters.
    EXPECT_NE(WamidKey("wamid.HBgLMTU1NTAwMDAwMDEVAgASGBQzQTAwMDAwMDAwMDAwMDAwMDAwMQA="),
              WamidKey("wamid.HBgLMTU1NTAwMDAwMDEVAgASGBQzQTAwMDAwMDAwMDAwMDAwMDAwMgA="));
}

TEST(WamidKey, TheSqlFunctionAgreesWithTheCppOne) {
    auto conn = SqliteConnection::Open(":memory:", 1000);
    ASSERT_TRUE(conn) << conn.error().message;
    auto s = (*conn)->Prepare(
        "SELECT wharf_wamid_key('wamid.X'), wharf_wamid_key(NULL) IS NULL, "
        "wharf_wamid_key(123), wharf_wamid_key('')");
    ASSERT_TRUE(s) << s.error().message;
    ASSERT_TRUE(s->Step().value_or(false));
    EXPECT_EQ(s->Int64(0), WamidKey("wamid.X"));
    EXPECT_TRUE(s->Bool(1));
    EXPECT_EQ(s->Int64(2), WamidKey("123"));  // other values are hashed as their text
    EXPECT_EQ(s->Int64(3), WamidKey(""));
}

}  // namespace
}  // namespace wharf::store::sqlite
