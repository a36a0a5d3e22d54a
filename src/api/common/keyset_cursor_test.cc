#include "api/common/keyset_cursor.h"

#include <gtest/gtest.h>

#include "api/common/pagination.h"

namespace wharf::api {
namespace {

http::Request WithQuery(std::vector<std::pair<std::string, std::string>> q) {
    http::Request r;
    r.path = "/platform/v1/whatsapp/messages";
    r.query = std::move(q);
    return r;
}

const Timestamp kT{std::chrono::microseconds(1'767'225'600'123'456)};

TEST(KeysetCursor, RoundTripsTimeAndId) {
    domain::Keyset k{kT, "wamid.HBgg+/=="};
    auto back = DecodeKeyset(EncodeKeyset(k), "after");
    ASSERT_TRUE(back);
    EXPECT_EQ(back->at, kT);
    EXPECT_EQ(back->id, k.id);
}

TEST(KeysetCursor, RepairsAPlusDecodedAsSpace) {
    std::string text = EncodeKeyset({kT, "wamid.>>>???"});
    std::string mangled = text;
    for (char& c : mangled) {
        if (c == '+') {
            c = ' ';
        }
    }
    auto back = DecodeKeyset(mangled, "before");
    ASSERT_TRUE(back);
    EXPECT_EQ(back->id, "wamid.>>>???");
}

TEST(KeysetCursor, ForeignOrBrokenCursorsNameTheParameter) {
    for (std::string bad : {std::string("nope"), EncodeCursor({"not-a-number", "x"}),
                            EncodeCursor({"123", ""}), std::string("")}) {
        auto r = DecodeKeyset(bad, "after");
        ASSERT_FALSE(r) << bad;
        EXPECT_EQ(r.error().field, "after");
    }
}

TEST(ParseKeysetRequest, DefaultsBoundsAndExclusiveCursors) {
    auto d = ParseKeysetRequest(WithQuery({}));
    ASSERT_TRUE(d);
    EXPECT_EQ(d->limit, 20);
    EXPECT_FALSE(d->after || d->before);
    std::string c = EncodeKeyset({kT, "id1"});
    auto a = ParseKeysetRequest(WithQuery({{"limit", "100"}, {"after", c}}));
    ASSERT_TRUE(a);
    EXPECT_EQ(a->limit, 100);
    EXPECT_EQ(a->after->id, "id1");
    EXPECT_EQ(ParseKeysetRequest(WithQuery({{"limit", "101"}})).error().field, "limit");
    EXPECT_EQ(ParseKeysetRequest(WithQuery({{"limit", "0"}})).error().field, "limit");
    EXPECT_EQ(ParseKeysetRequest(WithQuery({{"after", c}, {"before", c}})).error().code,
              ErrorCode::kInvalidArgument);
    EXPECT_EQ(ParseKeysetRequest(WithQuery({{"before", "zzz"}})).error().field, "before");
}

TEST(KeysetPaging, CursorsAlwaysNextAndPreviousOnlyPastTheEdges) {
    domain::Keyset first{kT, "b"}, last{kT - std::chrono::seconds(1), "a"};
    auto middle = KeysetPaging(first, last, true, true);
    EXPECT_EQ(middle.at("cursors").at("before").as_string(), EncodeKeyset(first));
    EXPECT_EQ(middle.at("cursors").at("after").as_string(), EncodeKeyset(last));
    EXPECT_EQ(middle.at("next").as_string(), EncodeKeyset(last));
    EXPECT_EQ(middle.at("previous").as_string(), EncodeKeyset(first));

    auto only = KeysetPaging(first, last, false, false);
    EXPECT_TRUE(only.at("cursors").at("before").is_string());
    EXPECT_TRUE(only.at("next").is_null());
    EXPECT_TRUE(only.at("previous").is_null());

    domain::KeysetPage<int> empty;
    auto e = KeysetPaging(empty, [](int) { return domain::Keyset{}; });
    EXPECT_TRUE(e.at("cursors").at("before").is_null());
    EXPECT_TRUE(e.at("cursors").at("after").is_null());
    EXPECT_TRUE(e.at("next").is_null());
}

TEST(KeysetListBody, RendersItemsInOrder) {
    domain::KeysetPage<int> page{{3, 2, 1}, true, false};
    auto body = KeysetListBody(
        page, [](int i) { return boost::json::value(i); },
        [](int i) {
            return domain::Keyset{kT, std::to_string(i)};
        });
    EXPECT_EQ(body.at("data").as_array().size(), 3u);
    EXPECT_EQ(body.at("data").at(0), 3);
    EXPECT_EQ(body.at("paging").at("next").as_string(), EncodeKeyset({kT, "1"}));
    EXPECT_TRUE(body.at("paging").at("previous").is_null());
}

}  // namespace
}  // namespace wharf::api
