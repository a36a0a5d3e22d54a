#include "http/router.h"

#include <string>

#include <gtest/gtest.h>

namespace wharf::http {
namespace {

// A handler whose response body names the route, so a test can tell which route matched.
Handler Tagged(std::string tag) {
    return [tag](const Request&, RequestContext&) { return Response::Text(200, tag); };
}

Surface MakeSurface(std::string name, std::string prefix) {
    Surface s;
    s.name = std::move(name);
    s.prefix = std::move(prefix);
    return s;
}

// The tag of the route that matched (method, path), or "" when none did.
std::string MatchedTag(const Router& router, Method method, std::string_view path) {
    Router::Match m = router.Find(method, path);
    if (m.route == nullptr) {
        return "";
    }
    Request req;
    RequestContext ctx;
    return m.route->handler(req, ctx).body;
}

class RouterTest : public ::testing::Test {
protected:
    RouterTest() { surface_ = router_.AddSurface(MakeSurface("api", "/api")); }

    void Add(Method method, std::string_view pattern, std::string tag) {
        router_.Add(method, pattern, surface_, Tagged(std::move(tag)));
    }

    Router router_;
    const Surface* surface_ = nullptr;
};

TEST(SplitPath, IgnoresEmptySegments) {
    EXPECT_EQ(SplitPath("/a/b/c"), (std::vector<std::string_view>{"a", "b", "c"}));
    EXPECT_EQ(SplitPath("//a///b/"), (std::vector<std::string_view>{"a", "b"}));
    EXPECT_TRUE(SplitPath("/").empty());
    EXPECT_TRUE(SplitPath("").empty());
}

TEST_F(RouterTest, LiteralSegmentBeatsParameterWhateverTheOrderOfRegistration) {
    Add(Method::kGet, "/api/customers/{id}", "by-id");
    Add(Method::kGet, "/api/customers/search", "search");
    Add(Method::kGet, "/api/things/export", "export");
    Add(Method::kGet, "/api/things/{id}", "thing");

    EXPECT_EQ(MatchedTag(router_, Method::kGet, "/api/customers/search"), "search");
    EXPECT_EQ(MatchedTag(router_, Method::kGet, "/api/customers/c1"), "by-id");
    EXPECT_EQ(MatchedTag(router_, Method::kGet, "/api/things/export"), "export");
    EXPECT_EQ(MatchedTag(router_, Method::kGet, "/api/things/t1"), "thing");
    EXPECT_TRUE(router_.Find(Method::kGet, "/api/customers/search").params.empty());
}

TEST_F(RouterTest, EarlierLiteralSegmentIsMoreSpecific) {
    Add(Method::kGet, "/api/{a}/x", "param-first");
    Add(Method::kGet, "/api/y/{b}", "literal-first");

    EXPECT_EQ(MatchedTag(router_, Method::kGet, "/api/y/x"), "literal-first");
    EXPECT_EQ(MatchedTag(router_, Method::kGet, "/api/z/x"), "param-first");
    EXPECT_EQ(MatchedTag(router_, Method::kGet, "/api/y/z"), "literal-first");
    EXPECT_EQ(MatchedTag(router_, Method::kGet, "/api/z/z"), "");
}

TEST_F(RouterTest, ExtractsParametersInOrder) {
    Add(Method::kGet, "/api/projects/{project}/customers/{customer}", "customer");

    Router::Match m = router_.Find(Method::kGet, "/api/projects/p-1/customers/c%202");
    ASSERT_NE(m.route, nullptr);
    EXPECT_EQ(m.route->surface, surface_);
    ASSERT_EQ(m.params.size(), 2u);
    EXPECT_EQ(m.params[0], (std::pair<std::string, std::string>{"project", "p-1"}));
    EXPECT_EQ(m.params[1], (std::pair<std::string, std::string>{"customer", "c%202"}));

    RequestContext ctx;
    ctx.params = m.params;
    EXPECT_EQ(ctx.Param("project"), "p-1");
    EXPECT_EQ(ctx.Param("customer"), "c%202");
    EXPECT_EQ(ctx.Param("missing"), "");
}

TEST_F(RouterTest, SegmentCountMustMatch) {
    Add(Method::kGet, "/api/customers/{id}", "by-id");

    EXPECT_EQ(MatchedTag(router_, Method::kGet, "/api/customers"), "");
    EXPECT_EQ(MatchedTag(router_, Method::kGet, "/api/customers/c1/extra"), "");
    EXPECT_FALSE(router_.Find(Method::kGet, "/api/customers/c1/extra").method_mismatch);
}

TEST_F(RouterTest, MethodMismatchReportsTheAllowedMethods) {
    Add(Method::kGet, "/api/customers/{id}", "get");
    Add(Method::kDelete, "/api/customers/{id}", "delete");
    Add(Method::kPatch, "/api/customers/{id}", "patch");
    Add(Method::kPost, "/api/customers", "create");

    Router::Match m = router_.Find(Method::kPut, "/api/customers/c1");
    EXPECT_EQ(m.route, nullptr);
    EXPECT_TRUE(m.method_mismatch);
    // GET routes answer HEAD too, so HEAD is allowed wherever GET is. Sorted, no duplicates.
    EXPECT_EQ(m.allow, "DELETE, GET, HEAD, PATCH");

    m = router_.Find(Method::kGet, "/api/customers");
    EXPECT_TRUE(m.method_mismatch);
    EXPECT_EQ(m.allow, "POST");

    m = router_.Find(Method::kOther, "/api/customers");
    EXPECT_TRUE(m.method_mismatch);
    EXPECT_EQ(m.allow, "POST");
}

TEST_F(RouterTest, AllowListCountsEachMethodOnce) {
    Add(Method::kGet, "/api/customers/{id}", "by-id");
    Add(Method::kGet, "/api/customers/search", "search");

    Router::Match m = router_.Find(Method::kPost, "/api/customers/search");
    EXPECT_TRUE(m.method_mismatch);
    EXPECT_EQ(m.allow, "GET, HEAD");
}

TEST_F(RouterTest, UnknownPathIsNotAMethodMismatch) {
    Add(Method::kGet, "/api/customers", "list");

    Router::Match m = router_.Find(Method::kPost, "/api/nothing");
    EXPECT_EQ(m.route, nullptr);
    EXPECT_FALSE(m.method_mismatch);
    EXPECT_EQ(m.allow, "");
}

TEST_F(RouterTest, HeadMatchesGetRoutes) {
    Add(Method::kGet, "/api/customers/{id}", "get");
    Add(Method::kPost, "/api/customers", "create");

    Router::Match m = router_.Find(Method::kHead, "/api/customers/c1");
    ASSERT_NE(m.route, nullptr);
    EXPECT_EQ(m.route->method, Method::kGet);
    EXPECT_EQ(m.params.size(), 1u);

    m = router_.Find(Method::kHead, "/api/customers");
    EXPECT_EQ(m.route, nullptr);
    EXPECT_TRUE(m.method_mismatch);
    EXPECT_EQ(m.allow, "POST");
}

TEST_F(RouterTest, TrailingAndDoubleSlashesAreIgnored) {
    Add(Method::kGet, "/api/customers/{id}", "by-id");
    Add(Method::kGet, "/api/customers", "list");

    EXPECT_EQ(MatchedTag(router_, Method::kGet, "/api/customers/"), "list");
    EXPECT_EQ(MatchedTag(router_, Method::kGet, "//api//customers"), "list");
    EXPECT_EQ(MatchedTag(router_, Method::kGet, "/api/customers/c1/"), "by-id");
    EXPECT_EQ(router_.Find(Method::kGet, "/api//customers//c1").params.at(0).second, "c1");
    // An empty segment is never a parameter value.
    EXPECT_EQ(MatchedTag(router_, Method::kGet, "/api/customers//"), "list");
}

TEST_F(RouterTest, RootPathRoute) {
    Add(Method::kGet, "/", "root");

    EXPECT_EQ(MatchedTag(router_, Method::kGet, "/"), "root");
    EXPECT_EQ(MatchedTag(router_, Method::kGet, ""), "root");
    EXPECT_EQ(MatchedTag(router_, Method::kGet, "/x"), "");
}

TEST_F(RouterTest, PrefixedParameterTakesTheRestOfTheSegment) {
    Add(Method::kPost, "/api/{version}/upload:{session_id}", "upload");

    Router::Match m = router_.Find(Method::kPost, "/api/v23.0/upload:abc123");
    ASSERT_NE(m.route, nullptr);
    ASSERT_EQ(m.params.size(), 2u);
    EXPECT_EQ(m.params[0], (std::pair<std::string, std::string>{"version", "v23.0"}));
    EXPECT_EQ(m.params[1], (std::pair<std::string, std::string>{"session_id", "abc123"}));
    // The value may itself contain the prefix's characters.
    EXPECT_EQ(router_.Find(Method::kPost, "/api/v1/upload:upload:x").params.at(1).second,
              "upload:x");
}

TEST_F(RouterTest, PrefixedParameterNeedsThePrefixAndANonEmptyValue) {
    Add(Method::kPost, "/api/{version}/upload:{session_id}", "upload");

    EXPECT_EQ(MatchedTag(router_, Method::kPost, "/api/v1/upload:"), "");
    EXPECT_EQ(MatchedTag(router_, Method::kPost, "/api/v1/upload"), "");
    EXPECT_EQ(MatchedTag(router_, Method::kPost, "/api/v1/uploadx"), "");
    EXPECT_EQ(MatchedTag(router_, Method::kPost, "/api/v1/Upload:abc"), "");
    EXPECT_EQ(MatchedTag(router_, Method::kPost, "/api/v1/xupload:abc"), "");
    EXPECT_EQ(MatchedTag(router_, Method::kPost, "/api/v1/upload:abc"), "upload");
}

TEST_F(RouterTest, LiteralBeatsPrefixedBeatsPlainParameter) {
    // Registered least specific first: precedence must not depend on the order.
    Add(Method::kPost, "/api/{version}/{id}", "plain");
    Add(Method::kPost, "/api/{version}/upload:{session_id}", "prefixed");
    Add(Method::kPost, "/api/{version}/upload:status", "literal");

    EXPECT_EQ(MatchedTag(router_, Method::kPost, "/api/v23.0/upload:abc123"), "prefixed");
    EXPECT_EQ(MatchedTag(router_, Method::kPost, "/api/v23.0/upload:status"), "literal");
    EXPECT_EQ(MatchedTag(router_, Method::kPost, "/api/v23.0/12345"), "plain");
    EXPECT_EQ(MatchedTag(router_, Method::kPost, "/api/v23.0/upload:"), "plain");
    Router::Match m = router_.Find(Method::kPost, "/api/v23.0/upload:abc123");
    ASSERT_EQ(m.params.size(), 2u);
    EXPECT_EQ(m.params[1].first, "session_id");
}

TEST_F(RouterTest, PrefixedParameterWinsOverAPlainOneRegisteredFirst) {
    Add(Method::kPost, "/api/{version}/{id}", "plain");
    Add(Method::kPost, "/api/{version}/upload:{session_id}", "prefixed");
    Add(Method::kPost, "/api/{version}/up{rest}", "short-prefix");

    // Of two prefixes that both match, the longer one is more specific.
    EXPECT_EQ(MatchedTag(router_, Method::kPost, "/api/v1/upload:abc"), "prefixed");
    EXPECT_EQ(MatchedTag(router_, Method::kPost, "/api/v1/updates"), "short-prefix");
    EXPECT_EQ(router_.Find(Method::kPost, "/api/v1/updates").params.at(1),
              (std::pair<std::string, std::string>{"rest", "dates"}));
    EXPECT_EQ(MatchedTag(router_, Method::kPost, "/api/v1/down"), "plain");
}

TEST_F(RouterTest, EarlierPositionDecidesBeforeThePrefixedSegment) {
    // The first differing position decides, as for literals: a literal version beats a
    // parameter there, whatever follows.
    Add(Method::kPost, "/api/v1/{id}", "literal-version");
    Add(Method::kPost, "/api/{version}/upload:{session_id}", "prefixed");

    EXPECT_EQ(MatchedTag(router_, Method::kPost, "/api/v1/upload:abc"), "literal-version");
    EXPECT_EQ(MatchedTag(router_, Method::kPost, "/api/v2/upload:abc"), "prefixed");
}

TEST_F(RouterTest, PrefixedParameterCountsForTheAllowList) {
    Add(Method::kPost, "/api/{version}/upload:{session_id}", "upload");
    Add(Method::kGet, "/api/{version}/upload:{session_id}", "status");

    Router::Match m = router_.Find(Method::kDelete, "/api/v1/upload:abc");
    EXPECT_TRUE(m.method_mismatch);
    EXPECT_EQ(m.allow, "GET, HEAD, POST");
    EXPECT_EQ(MatchedTag(router_, Method::kGet, "/api/v1/upload:abc"), "status");
}

TEST(RouterSurface, SurfaceForPicksTheLongestPrefix) {
    Router router;
    // Registered shortest first: the router must not depend on the order.
    const Surface* root = router.AddSurface(MakeSurface("root", ""));
    const Surface* platform = router.AddSurface(MakeSurface("platform", "/platform"));
    const Surface* v1 = router.AddSurface(MakeSurface("v1", "/platform/v1"));
    const Surface* pages = router.AddSurface(MakeSurface("pages", "/whatsapp/setup"));

    EXPECT_EQ(router.SurfaceFor("/platform/v1/customers"), v1);
    EXPECT_EQ(router.SurfaceFor("/platform/v1"), v1);
    EXPECT_EQ(router.SurfaceFor("/platform/v1/"), v1);
    EXPECT_EQ(router.SurfaceFor("/platform/v2/customers"), platform);
    EXPECT_EQ(router.SurfaceFor("/platform"), platform);
    EXPECT_EQ(router.SurfaceFor("/whatsapp/setup/abc"), pages);
    EXPECT_EQ(router.SurfaceFor("/"), root);
    EXPECT_EQ(router.SurfaceFor("/elsewhere"), root);
    EXPECT_EQ(router.SurfaceFor(""), root);
    EXPECT_EQ(root->name, "root");
    EXPECT_EQ(v1->name, "v1");
}

TEST(RouterSurface, SurfaceForRespectsSegmentBoundaries) {
    Router router;
    const Surface* platform = router.AddSurface(MakeSurface("platform", "/platform"));
    const Surface* v1 = router.AddSurface(MakeSurface("v1", "/platform/v1"));

    EXPECT_EQ(router.SurfaceFor("/platform/v1x"), platform);
    EXPECT_EQ(router.SurfaceFor("/platform/v1x/customers"), platform);
    EXPECT_EQ(router.SurfaceFor("/platformx"), nullptr);
    EXPECT_EQ(router.SurfaceFor("/platformx/v1"), nullptr);
    EXPECT_EQ(router.SurfaceFor("/other"), nullptr);
    EXPECT_EQ(router.SurfaceFor("/platform/v1/x"), v1);
}

TEST(RouterSurface, SurfaceForAgreesWithFindOnSlashes) {
    // Find ignores empty segments, so the surface of a path must too: otherwise a 404 or 405 for
    // "//platform/v1/x" would be rendered in another surface's shape than its 200.
    Router router;
    const Surface* root = router.AddSurface(MakeSurface("root", "/"));
    const Surface* v1 = router.AddSurface(MakeSurface("v1", "/platform/v1"));
    router.Add(Method::kGet, "/platform/v1/customers", v1, Tagged("list"));

    EXPECT_EQ(router.SurfaceFor("//platform/v1/customers"), v1);
    EXPECT_EQ(router.SurfaceFor("/platform//v1"), v1);
    EXPECT_EQ(router.SurfaceFor("/platform/v1//customers/"), v1);
    EXPECT_EQ(router.SurfaceFor("//"), root);
    EXPECT_EQ(router.Find(Method::kGet, "/platform//v1/customers").route->surface, v1);
}

TEST(RouterSurface, SurfacePrefixWithTrailingSlash) {
    Router router;
    const Surface* pages = router.AddSurface(MakeSurface("pages", "/pages/"));

    EXPECT_EQ(router.SurfaceFor("/pages/a"), pages);
    EXPECT_EQ(router.SurfaceFor("/pages"), pages);
    EXPECT_EQ(router.SurfaceFor("/pagesx"), nullptr);
}

}  // namespace
}  // namespace wharf::http
