#include "http/request.h"

#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

namespace wharf::http {
namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;

struct Parsed {
    bool ok = false;
    std::string path;
    Pairs query;
};

Parsed Parse(std::string_view target) {
    Parsed p;
    p.ok = ParseTarget(target, p.path, p.query);
    return p;
}

TEST(ParseMethod, KnownAndUnknownMethods) {
    EXPECT_EQ(ParseMethod("GET"), Method::kGet);
    EXPECT_EQ(ParseMethod("HEAD"), Method::kHead);
    EXPECT_EQ(ParseMethod("POST"), Method::kPost);
    EXPECT_EQ(ParseMethod("PUT"), Method::kPut);
    EXPECT_EQ(ParseMethod("PATCH"), Method::kPatch);
    EXPECT_EQ(ParseMethod("DELETE"), Method::kDelete);
    EXPECT_EQ(ParseMethod("OPTIONS"), Method::kOptions);
    // Methods are case-sensitive (RFC 9110 9.1).
    EXPECT_EQ(ParseMethod("get"), Method::kOther);
    EXPECT_EQ(ParseMethod("BREW"), Method::kOther);
    EXPECT_STREQ(MethodName(Method::kPatch), "PATCH");
    EXPECT_STREQ(MethodName(Method::kOther), "OTHER");
    for (Method m : {Method::kGet, Method::kHead, Method::kPost, Method::kPut, Method::kPatch,
                     Method::kDelete, Method::kOptions}) {
        EXPECT_EQ(ParseMethod(MethodName(m)), m);
    }
}

TEST(ParseTarget, SplitsPathAndQuery) {
    Parsed p = Parse("/platform/v1/customers?page=2&limit=10");
    ASSERT_TRUE(p.ok);
    EXPECT_EQ(p.path, "/platform/v1/customers");
    EXPECT_EQ(p.query, (Pairs{{"page", "2"}, {"limit", "10"}}));

    p = Parse("/");
    ASSERT_TRUE(p.ok);
    EXPECT_EQ(p.path, "/");
    EXPECT_TRUE(p.query.empty());
}

TEST(ParseTarget, DecodesPercentEscapesInThePath) {
    Parsed p = Parse("/customers/Jos%C3%A9%20Garc%c3%ada");
    ASSERT_TRUE(p.ok);
    EXPECT_EQ(p.path,
              "/customers/Jos\xC3\xA9 Garc\xC3\xAD"
              "a");
    // '+' means a plus sign in a path, not a space.
    p = Parse("/phones/+15551234567");
    ASSERT_TRUE(p.ok);
    EXPECT_EQ(p.path, "/phones/+15551234567");
}

TEST(ParseTarget, DecodesQueryValuesWithPlusAsSpace) {
    Parsed p = Parse("/search?q=hello+world&r=hello%20world&s=a%2Bb&t=%26%3D");
    ASSERT_TRUE(p.ok);
    EXPECT_EQ(p.query,
              (Pairs{{"q", "hello world"}, {"r", "hello world"}, {"s", "a+b"}, {"t", "&="}}));
}

TEST(ParseTarget, DecodesQueryKeys) {
    Parsed p = Parse("/x?first+name=Ann&last%20name=Lee");
    ASSERT_TRUE(p.ok);
    EXPECT_EQ(p.query, (Pairs{{"first name", "Ann"}, {"last name", "Lee"}}));
}

TEST(ParseTarget, KeepsEmptyAndValuelessParameters) {
    Parsed p = Parse("/x?a=&b&c=1");
    ASSERT_TRUE(p.ok);
    EXPECT_EQ(p.query, (Pairs{{"a", ""}, {"b", ""}, {"c", "1"}}));
}

TEST(ParseTarget, ClearsPreviousQuery) {
    std::string path;
    Pairs query{{"stale", "1"}};
    ASSERT_TRUE(ParseTarget("/x?a=1", path, query));
    EXPECT_EQ(query, (Pairs{{"a", "1"}}));
}

TEST(ParseTarget, RejectsTargetsThatAreNotOriginForm) {
    EXPECT_FALSE(Parse("").ok);
    EXPECT_FALSE(Parse("customers").ok);             // relative
    EXPECT_FALSE(Parse("http://example.com/x").ok);  // absolute-form
    EXPECT_FALSE(Parse("*").ok);                     // asterisk-form
    EXPECT_FALSE(Parse("/a b").ok);                  // raw space
    EXPECT_FALSE(Parse("/a%zz").ok);                 // bad escape
    EXPECT_FALSE(Parse("/a%2").ok);                  // truncated escape
    EXPECT_FALSE(Parse("/a?q=%G0").ok);              // bad escape in the query
    EXPECT_FALSE(Parse("/a#fragment").ok);           // fragments are never sent
    EXPECT_FALSE(Parse("/a\"b").ok);
}

TEST(Request, QueryReturnsFirstValueAndQueryAllEveryValue) {
    Request r;
    ASSERT_TRUE(ParseTarget("/x?tag=a&other=1&tag=b+c&tag=", r.path, r.query));
    EXPECT_EQ(r.Query("tag"), "a");
    EXPECT_EQ(r.Query("other"), "1");
    EXPECT_EQ(r.Query("missing"), std::nullopt);
    EXPECT_EQ(r.QueryAll("tag"), (std::vector<std::string>{"a", "b c", ""}));
    EXPECT_TRUE(r.QueryAll("missing").empty());
}

TEST(Request, HeaderLookupByLowerCaseName) {
    Request r;
    r.headers = {{"content-type", "application/json"},
                 {"x-empty", ""},
                 {"accept", "text/html"},
                 {"accept", "application/json"}};
    EXPECT_EQ(r.Header("content-type"), "application/json");
    EXPECT_EQ(r.Header("x-empty"), "");
    EXPECT_EQ(r.Header("accept"), "text/html");  // the first of repeated fields
    EXPECT_EQ(r.Header("authorization"), std::nullopt);
}

TEST(PercentEncode, KeepsUnreservedAndEncodesEverythingElse) {
    EXPECT_EQ(PercentEncode("AZaz09-._~"), "AZaz09-._~");
    EXPECT_EQ(PercentEncode("+15551234567"), "%2B15551234567");
    EXPECT_EQ(PercentEncode("a b&c=d/e?f#g%"), "a%20b%26c%3Dd%2Fe%3Ff%23g%25");
    EXPECT_EQ(PercentEncode("\xC3\xA9"), "%C3%A9");
    EXPECT_EQ(PercentEncode(std::string_view("\0\xFF", 2)), "%00%FF");
    EXPECT_EQ(PercentEncode(""), "");
}

TEST(PercentEncode, RoundTripsThroughTheQueryParser) {
    const std::string value = "a+b c&d=e/\xC3\xA9%";
    Parsed p = Parse("/x?v=" + PercentEncode(value));
    ASSERT_TRUE(p.ok);
    EXPECT_EQ(p.query, (Pairs{{"v", value}}));
}

TEST(ParseFormBody, DecodesPairs) {
    EXPECT_EQ(ParseFormBody("name=Ann+Lee&phone=%2B15551234567&note=a%26b"),
              (Pairs{{"name", "Ann Lee"}, {"phone", "+15551234567"}, {"note", "a&b"}}));
    EXPECT_EQ(ParseFormBody("consent=on&consent=yes"),
              (Pairs{{"consent", "on"}, {"consent", "yes"}}));
    EXPECT_TRUE(ParseFormBody("").empty());
}

TEST(ParseFormBody, RejectsMalformedBodies) {
    EXPECT_TRUE(ParseFormBody("a=%zz").empty());
    EXPECT_TRUE(ParseFormBody("a=1#frag").empty());
}

TEST(ParseFormBody, RawSpacesReadAsEncodedOnes) {
    auto f = ParseFormBody("connection_type=dedicated&note=a b");
    ASSERT_EQ(f.size(), 2u);
    EXPECT_EQ(f[1].second, "a b");
}

}  // namespace
}  // namespace wharf::http
