#include "api/meta/graph_error.h"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "api/platform/platform_error.h"

namespace wharf::api {
namespace {

http::RequestContext Ctx() {
    http::RequestContext c;
    c.request_id = "rid-1";
    return c;
}

TEST(GraphError, CanonicalCodesBecomeGraphCodes) {
    auto r = RenderGraphError(Error::Unauthenticated("invalid API key"), Ctx());
    EXPECT_EQ(r.status, 401);
    auto e = boost::json::parse(r.body).at("error");
    EXPECT_EQ(e.at("code"), 190);
    EXPECT_EQ(e.at("type"), "OAuthException");
    EXPECT_EQ(e.at("message"), "(#190) invalid API key");
    EXPECT_EQ(e.at("fbtrace_id"), "rid-1");
    EXPECT_EQ(*r.FindHeader("Content-Type"), "application/json");

    auto bad = boost::json::parse(
        RenderGraphError(Error::InvalidArgument("to is required").WithField("to"), Ctx()).body);
    EXPECT_EQ(bad.at("error").at("code"), 100);
    EXPECT_EQ(bad.at("error").at("error_data").at("details"), "to is required");
}

TEST(GraphError, ExplicitGraphCodesKeepMetasHttpStatus) {
    auto window =
        RenderGraphError(Error::FailedPrecondition("outside window").WithGraph(131047, "d"), Ctx());
    EXPECT_EQ(window.status, 400);
    EXPECT_EQ(boost::json::parse(window.body).at("error").at("code"), 131047);
    EXPECT_EQ(RenderGraphError(Error::NotFound("t").WithGraph(132001), Ctx()).status, 404);
    EXPECT_EQ(RenderGraphError(Error::ResourceExhausted("r").WithGraph(130429), Ctx()).status, 400);
}

TEST(GraphError, MetasOwnTraceIdIsPassedOn) {
    Error from_meta = Error::InvalidArgument("Invalid parameter").WithGraph(100, "d");
    from_meta.graph->fbtrace_id = "AbC-meta";
    auto e = boost::json::parse(RenderGraphError(from_meta, Ctx()).body).at("error");
    EXPECT_EQ(e.at("fbtrace_id"), "AbC-meta");
}

TEST(GraphError, MetasTemplateErrorIsRenderedAsMetaGaveIt) {
    Error from_meta = Error::InvalidArgument("Invalid parameter");
    from_meta.graph = GraphError{100, 2388042, "OAuthException", ""};
    from_meta.graph->fbtrace_id = "A1b2";
    from_meta.graph->is_transient = false;
    from_meta.graph->user_title = "Message template language not available";
    from_meta.graph->user_msg = "Pick another language.";
    from_meta.graph->message_has_code_prefix = false;
    auto r = RenderGraphError(from_meta, Ctx());
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(boost::json::parse(r.body),
              boost::json::parse(R"({"error":{"message":"Invalid parameter",
                  "type":"OAuthException","code":100,"error_subcode":2388042,"is_transient":false,
                  "error_user_title":"Message template language not available",
                  "error_user_msg":"Pick another language.","fbtrace_id":"A1b2"}})"));
}

TEST(GraphError, InternalErrorsDoNotLeakTheirMessage) {
    auto r = RenderGraphError(Error::Internal("sqlite: disk I/O error at /secret/path"), Ctx());
    EXPECT_EQ(r.status, 500);
    EXPECT_EQ(r.body.find("/secret/path"), std::string::npos);
    EXPECT_NE(r.body.find("rid-1"), std::string::npos);
    auto p = RenderPlatformError(Error::Internal("sqlite: disk I/O error at /secret/path"), Ctx());
    EXPECT_EQ(p.status, 500);
    EXPECT_EQ(p.body.find("/secret/path"), std::string::npos);
}

TEST(PlatformError, OneStatusPerCode) {
    EXPECT_EQ(PlatformStatus(ErrorCode::kMalformed), 400);
    EXPECT_EQ(PlatformStatus(ErrorCode::kInvalidArgument), 422);
    EXPECT_EQ(PlatformStatus(ErrorCode::kFailedPrecondition), 422);
    EXPECT_EQ(PlatformStatus(ErrorCode::kUnauthenticated), 401);
    EXPECT_EQ(PlatformStatus(ErrorCode::kNotFound), 404);
    EXPECT_EQ(PlatformStatus(ErrorCode::kAlreadyExists), 409);
    EXPECT_EQ(PlatformStatus(ErrorCode::kPayloadTooLarge), 413);
    EXPECT_EQ(PlatformStatus(ErrorCode::kResourceExhausted), 429);
    auto r = RenderPlatformError(Error::NotFound("customer not found"), Ctx());
    EXPECT_EQ(r.body, R"({"error":"customer not found"})");
}

}  // namespace
}  // namespace wharf::api
