#include "domain/history/kapso_fields.h"

#include <gtest/gtest.h>

namespace wharf::domain {
namespace {

TEST(KapsoFields, AbsentOrEmptyMeansEveryField) {
    for (std::optional<std::string> f :
         {std::optional<std::string>(), std::optional<std::string>(""),
          std::optional<std::string>("  ")}) {
        auto k = KapsoFields::Parse(f);
        ASSERT_TRUE(k);
        EXPECT_TRUE(k->Any());
        EXPECT_TRUE(k->Has("statuses"));
        EXPECT_TRUE(k->Has("anything"));
    }
}

TEST(KapsoFields, StarAndDefaultMeanEveryField) {
    for (const char* f : {"kapso(*)", "kapso(default)", "id,kapso( * ),type"}) {
        auto k = KapsoFields::Parse(std::string(f));
        ASSERT_TRUE(k) << f;
        EXPECT_TRUE(k->Any()) << f;
        EXPECT_TRUE(k->Has("content")) << f;
    }
}

TEST(KapsoFields, ASubsetSelectsOnlyThoseNames) {
    auto k = KapsoFields::Parse(std::string("id, kapso(direction, status ,media_url),type"));
    ASSERT_TRUE(k);
    EXPECT_TRUE(k->Any());
    EXPECT_TRUE(k->Has("direction"));
    EXPECT_TRUE(k->Has("status"));
    EXPECT_TRUE(k->Has("media_url"));
    EXPECT_FALSE(k->Has("content"));
    EXPECT_FALSE(k->Has("statuses"));
}

TEST(KapsoFields, EmptyListOrNoKapsoTermOmitsTheObject) {
    for (const char* f : {"kapso()", "kapso( )", "id,type", "id"}) {
        auto k = KapsoFields::Parse(std::string(f));
        ASSERT_TRUE(k) << f;
        EXPECT_FALSE(k->Any()) << f;
        EXPECT_FALSE(k->Has("status")) << f;
    }
    EXPECT_FALSE(KapsoFields::None().Any());
    EXPECT_TRUE(KapsoFields::All().Has("x"));
}

TEST(KapsoFields, MalformedListsNameTheParameter) {
    for (const char* f :
         {"kapso(status", "kapso)status(", "other(a)", "kapso(a(b))", "kapso(a)x"}) {
        auto k = KapsoFields::Parse(std::string(f));
        ASSERT_FALSE(k) << f;
        EXPECT_EQ(k.error().code, ErrorCode::kInvalidArgument) << f;
        EXPECT_EQ(k.error().field, "fields") << f;
    }
}

}  // namespace
}  // namespace wharf::domain
