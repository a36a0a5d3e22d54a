#include "api/common/pagination.h"

#include <gtest/gtest.h>

namespace wharf::api {
namespace {

http::Request WithQuery(std::vector<std::pair<std::string, std::string>> q) {
    http::Request r;
    r.path = "/platform/v1/customers";
    r.query = std::move(q);
    return r;
}

TEST(PageRequest, DefaultsAndBounds) {
    auto d = ParsePageRequest(WithQuery({}));
    ASSERT_TRUE(d);
    EXPECT_EQ(d->page, 1);
    EXPECT_EQ(d->per_page, 20);
    EXPECT_EQ(ParsePageRequest(WithQuery({{"page", "3"}, {"per_page", "100"}}))->Offset(), 200);
    for (auto bad : {"0", "-1", "x", "", "101", "2.5"}) {
        EXPECT_FALSE(ParsePageRequest(WithQuery({{"per_page", bad}}))) << bad;
    }
    EXPECT_EQ(ParsePageRequest(WithQuery({{"page", "0"}})).error().field, "page");
}

TEST(RenderPage, MetaHeadersAndLinks) {
    auto req = WithQuery({{"page", "2"}, {"per_page", "2"}, {"name_contains", "a b"}});
    http::Response r = RenderPage(boost::json::array{1, 2}, {2, 2}, 5, req);
    auto body = boost::json::parse(r.body);
    EXPECT_EQ(body.at("meta").at("total_pages"), 3);
    EXPECT_EQ(body.at("meta").at("total_count"), 5);
    EXPECT_EQ(*r.FindHeader("X-Total"), "5");
    EXPECT_EQ(*r.FindHeader("X-Total-Pages"), "3");
    const std::string& link = *r.FindHeader("Link");
    EXPECT_NE(link.find("page=1>; rel=\"prev\""), std::string::npos) << link;
    EXPECT_NE(link.find("page=3>; rel=\"next\""), std::string::npos) << link;
    EXPECT_NE(link.find("name_contains=a%20b"), std::string::npos) << link;
    http::Response empty = RenderPage(boost::json::array{}, {1, 20}, 0, WithQuery({}));
    EXPECT_EQ(boost::json::parse(empty.body).at("meta").at("total_pages"), 0);
    EXPECT_EQ(empty.FindHeader("Link")->find("rel=\"next\""), std::string::npos);
}

TEST(Cursor, RoundTripsAndRejectsGarbage) {
    Cursor c{"2025-01-15T10:00:00.000001Z", "abc"};
    auto back = DecodeCursor(EncodeCursor(c));
    ASSERT_TRUE(back);
    EXPECT_EQ(back->key, c.key);
    EXPECT_EQ(back->id, c.id);
    EXPECT_FALSE(DecodeCursor("not base64!"));
    EXPECT_FALSE(DecodeCursor("e30="));  // "{}"
}

TEST(CursorRequest, LimitAndExclusiveCursors) {
    auto c = ParseCursorRequest(WithQuery({{"limit", "50"}, {"after", EncodeCursor({"k", "i"})}}));
    ASSERT_TRUE(c);
    EXPECT_EQ(c->limit, 50);
    EXPECT_TRUE(c->after);
    EXPECT_FALSE(ParseCursorRequest(WithQuery({{"limit", "101"}})));
    EXPECT_FALSE(ParseCursorRequest(
        WithQuery({{"after", EncodeCursor({"a", "b"})}, {"before", EncodeCursor({"a", "b"})}})));
    auto paging = PagingObject(std::nullopt, std::string("AFTER"));
    EXPECT_TRUE(paging.at("cursors").at("before").is_null());
    EXPECT_EQ(paging.at("cursors").at("after"), "AFTER");
    EXPECT_EQ(paging.at("next"), "AFTER");
    EXPECT_TRUE(paging.at("previous").is_null());
}

}  // namespace
}  // namespace wharf::api
