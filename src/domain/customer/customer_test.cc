#include "domain/customer/customer.h"

#include <gtest/gtest.h>

namespace wharf::domain {
namespace {

TEST(ValidateCustomerName, TrimsSurroundingWhiteSpace) {
    auto name = ValidateCustomerName("  \tAcme Corp\r\n");
    ASSERT_TRUE(name);
    EXPECT_EQ(*name, "Acme Corp");
}

TEST(ValidateCustomerName, KeepsInnerWhiteSpace) {
    EXPECT_EQ(*ValidateCustomerName("Acme  Corp"), "Acme  Corp");
}

TEST(ValidateCustomerName, RefusesBlankNames) {
    for (const char* blank : {"", " ", "\t\r\n "}) {
        auto r = ValidateCustomerName(blank);
        ASSERT_FALSE(r) << '"' << blank << '"';
        EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
        EXPECT_EQ(r.error().field, "customer.name");
    }
}

TEST(ValidateCustomerName, LengthLimitAppliesAfterTrimming) {
    std::string longest(kMaxCustomerNameLength, 'a');
    EXPECT_TRUE(ValidateCustomerName(longest));
    EXPECT_TRUE(ValidateCustomerName("  " + longest + "  "));
    auto r = ValidateCustomerName(longest + "a");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().field, "customer.name");
    EXPECT_NE(r.error().message.find("too long"), std::string::npos);
}

TEST(ValidateExternalCustomerId, AcceptsAbsentAndShortIds) {
    EXPECT_TRUE(ValidateExternalCustomerId(std::nullopt));
    EXPECT_TRUE(ValidateExternalCustomerId(std::string("cus_1")));
    EXPECT_TRUE(ValidateExternalCustomerId(std::string(kMaxExternalCustomerIdLength, 'x')));
}

TEST(ValidateExternalCustomerId, RefusesTooLongIds) {
    auto r = ValidateExternalCustomerId(std::string(kMaxExternalCustomerIdLength + 1, 'x'));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(r.error().field, "customer.external_customer_id");
}

}  // namespace
}  // namespace wharf::domain
