#include "store/sqlite/wamid_key.h"

#include <bit>
#include <cstdint>

#include <gtest/gtest.h>

#include "store/sqlite/sqlite_connection.h"

namespace wharf::store::sqlite {
namespace {

std::int64_t Signed(std::uint64_t v) {
    return std::bit_cast<std::int64_t>(v);
}

TEST(WamidKey, IsFnv1a64OfTheBytes) {
    // The published FNV-1a 64 test vectors: the stored keys depend on exactly this function.
    EXPECT_EQ(WamidKey(""), Signed(0xcbf29ce484222325ULL));
    EXPECT_EQ(WamidKey("a"), Signed(0xaf63dc4c8601ec8cULL));
    EXPECT_EQ(WamidKey("foobar"), Signed(0x85944171f73967e8ULL));
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
