#include "base/expected.h"

#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "base/result.h"

namespace wharf {
namespace {

Result<int> Half(int x) {
    if (x % 2 != 0) {
        return Fail(Error::InvalidArgument("odd"));
    }
    return x / 2;
}

Result<int> Quarter(int x) {
    WHARF_ASSIGN_OR_RETURN(int h, Half(x));
    WHARF_ASSIGN_OR_RETURN(int q, Half(h));
    return q;
}

Result<void> CheckEven(int x) {
    WHARF_TRY(Half(x));
    return {};
}

TEST(Expected, HoldsValueOrError) {
    Result<int> ok = Half(8);
    ASSERT_TRUE(ok);
    EXPECT_EQ(*ok, 4);
    Result<int> bad = Half(3);
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(bad.value_or(-1), -1);
}

TEST(Expected, MacrosPropagateTheFirstError) {
    EXPECT_EQ(*Quarter(8), 2);
    EXPECT_FALSE(Quarter(6));  // 6 -> 3 -> odd
    EXPECT_EQ(Quarter(6).error().message, "odd");
    EXPECT_TRUE(CheckEven(2));
    EXPECT_FALSE(CheckEven(1));
}

TEST(Expected, MoveOnlyValues) {
    Result<std::unique_ptr<std::string>> r = std::make_unique<std::string>("x");
    ASSERT_TRUE(r);
    std::unique_ptr<std::string> p = std::move(r).value();
    EXPECT_EQ(*p, "x");
}

}  // namespace
}  // namespace wharf
