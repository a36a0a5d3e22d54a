#include "base/json.h"

#include <gtest/gtest.h>

namespace wharf::json {
namespace {

TEST(Json, EmptyBodyIsAnEmptyObject) {
    auto v = Parse("  ");
    ASSERT_TRUE(v);
    EXPECT_TRUE(v->is_object());
    EXPECT_FALSE(Parse("{\"a\":"));
    EXPECT_FALSE(Parse("{\"a\":1} trailing"));
}

TEST(Json, ReaderDistinguishesAbsentNullAndValue) {
    auto v = *Parse(R"({"a":"x","b":null,"n":3,"t":true,"arr":["p","q"],"o":{}})");
    ObjectReader r(v.get_object(), "customer");
    EXPECT_FALSE(r.String("missing")->present());
    EXPECT_TRUE(r.String("b")->is_null());
    EXPECT_EQ(r.String("a")->value, "x");
    EXPECT_EQ(r.Int("n")->value, 3);
    EXPECT_TRUE(r.Bool("t")->value);
    EXPECT_EQ(r.StringArray("arr")->value.size(), 2u);
    EXPECT_NE(*r.Object("o"), nullptr);
}

TEST(Json, ReaderNamesTheFieldOnWrongTypes) {
    auto v = *Parse(R"({"a":1,"s":"toolong","arr":[1]})");
    ObjectReader r(v.get_object(), "customer");
    auto bad = r.String("a");
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().field, "customer.a");
    EXPECT_FALSE(r.String("s", 3));
    EXPECT_FALSE(r.StringArray("arr"));
    EXPECT_FALSE(r.Bool("s"));
    EXPECT_FALSE(r.Bool("a"));
    EXPECT_FALSE(r.Object("a"));
}

TEST(Json, EnvelopeIsRequired) {
    EXPECT_FALSE(Envelope(*Parse("{}"), "customer"));
    EXPECT_FALSE(Envelope(*Parse(R"({"customer":[]})"), "customer"));
    EXPECT_FALSE(Envelope(*Parse("[]"), "customer"));
    EXPECT_TRUE(Envelope(*Parse(R"({"customer":{}})"), "customer"));
}

}  // namespace
}  // namespace wharf::json
