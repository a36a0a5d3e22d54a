#include "http/pipeline.h"

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

namespace wharf::http {
namespace {

constexpr std::string_view kGoodKey = "Bearer good-key";

int StatusFor(ErrorCode code) {
    switch (code) {
        case ErrorCode::kMalformed:
            return 400;
        case ErrorCode::kInvalidArgument:
            return 422;
        case ErrorCode::kNotFound:
            return 404;
        case ErrorCode::kUnauthenticated:
            return 401;
        case ErrorCode::kPayloadTooLarge:
            return 413;
        default:
            return 500;
    }
}

// An error renderer whose body says which surface rendered it, the error code and the request id.
ErrorRenderer RendererNamed(std::string name) {
    return [name](const Error& e, const RequestContext& ctx) {
        return Response::Text(StatusFor(e.code), name + "|" + ErrorCodeName(e.code) + "|" +
                                                     ctx.request_id + "|" + e.message);
    };
}

// Accepts exactly one API key.
Result<AuthInfo> AcceptOneKey(const Request& req) {
    auto h = req.Header("authorization");
    if (!h || *h != kGoodKey) {
        return Fail(Error::Unauthenticated("missing or unknown API key"));
    }
    return AuthInfo{ProjectId("project-1"), ApiKeyId("key-1")};
}

Request MakeRequest(Method method, std::string target,
                    std::vector<std::pair<std::string, std::string>> headers = {}) {
    Request r;
    r.method = method;
    r.target = std::move(target);
    EXPECT_TRUE(ParseTarget(r.target, r.path, r.query)) << r.target;
    r.headers = std::move(headers);
    return r;
}

class PipelineTest : public ::testing::Test {
protected:
    PipelineTest() : pipeline_(router_, RendererNamed("fallback"), {.access_log = false}) {
        Surface api;
        api.name = "api";
        api.prefix = "/api/v1";
        api.render_error = RendererNamed("api");
        api.authenticate = AcceptOneKey;
        api.body_limit = 1000;
        api_ = router_.AddSurface(std::move(api));

        Surface pages;
        pages.name = "pages";
        pages.prefix = "/pages";
        pages.render_error = RendererNamed("pages");
        pages_ = router_.AddSurface(std::move(pages));

        router_.Add(Method::kGet, "/api/v1/customers/{id}", api_, Counting("customer"));
        router_.Add(Method::kPost, "/api/v1/customers", api_, Counting("create"));
        router_.Add(Method::kPost, "/api/v1/uploads", api_, Counting("upload"), {.body_limit = 50});
        router_.Add(Method::kGet, "/api/v1/health", api_, Counting("health"),
                    {.public_route = true});
        router_.Add(Method::kGet, "/api/v1/boom", api_,
                    [this](const Request&, RequestContext&) -> Response {
                        ++calls_;
                        throw std::runtime_error("disk on fire");
                    });
        router_.Add(Method::kGet, "/pages/{token}", pages_, Counting("page"));
    }

    // A handler that counts its calls and answers with its tag, the project and the params.
    Handler Counting(std::string tag) {
        return [this, tag](const Request&, RequestContext& ctx) {
            ++calls_;
            std::string body = tag;
            if (ctx.auth) {
                body += " project=" + ctx.Project().value();
            }
            for (const auto& [k, v] : ctx.params) {
                body += " " + k + "=" + v;
            }
            return Response::Text(200, body);
        };
    }

    // Admit and, when admitted, Run: what the server does for a request whose body fits.
    Response Handle(const Request& req) {
        Pipeline::Admission a = pipeline_.Admit(req);
        if (a.reject) {
            Response r = std::move(*a.reject);
            pipeline_.Finish(req, a, r);
            return r;
        }
        return pipeline_.Run(req, a);
    }

    static std::string RequestId(const Response& r) {
        const std::string* id = r.FindHeader("X-Request-Id");
        return id != nullptr ? *id : "";
    }

    Router router_;
    Pipeline pipeline_;
    const Surface* api_ = nullptr;
    const Surface* pages_ = nullptr;
    int calls_ = 0;
};

TEST(RequestId, AcceptableIds) {
    EXPECT_TRUE(IsAcceptableRequestId("a"));
    EXPECT_TRUE(IsAcceptableRequestId("Req-1_2.3:4"));
    EXPECT_TRUE(IsAcceptableRequestId("0f8fad5b-d9cb-469f-a165-70867728950e"));
    EXPECT_TRUE(IsAcceptableRequestId(std::string(128, 'x')));
    EXPECT_FALSE(IsAcceptableRequestId(""));
    EXPECT_FALSE(IsAcceptableRequestId(std::string(129, 'x')));
    EXPECT_FALSE(IsAcceptableRequestId("a b"));
    EXPECT_FALSE(IsAcceptableRequestId("a/b"));
    EXPECT_FALSE(IsAcceptableRequestId("<script>"));
    EXPECT_FALSE(IsAcceptableRequestId("line\r\nX-Injected: 1"));
    EXPECT_FALSE(IsAcceptableRequestId("caf\xC3\xA9"));
}

TEST(RequestId, NewIdsAreAcceptableAndDistinct) {
    std::string a = NewRequestId();
    std::string b = NewRequestId();
    EXPECT_TRUE(IsAcceptableRequestId(a));
    EXPECT_TRUE(IsAcceptableRequestId(b));
    EXPECT_NE(a, b);
}

TEST_F(PipelineTest, SaneRequestIdIsKeptAndEchoed) {
    Response r = Handle(
        MakeRequest(Method::kGet, "/api/v1/health", {{"x-request-id", "client-req:42.a_b"}}));
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(RequestId(r), "client-req:42.a_b");

    std::string longest(128, 'r');
    r = Handle(MakeRequest(Method::kGet, "/api/v1/health", {{"x-request-id", longest}}));
    EXPECT_EQ(RequestId(r), longest);
}

TEST_F(PipelineTest, MissingOrUnacceptableRequestIdIsReplaced) {
    const std::vector<std::string> bad = {std::string(129, 'r'), "has space", "semi;colon",
                                          "new\nline",           "",          "caf\xC3\xA9"};
    for (const std::string& sent : bad) {
        Response r = Handle(MakeRequest(Method::kGet, "/api/v1/health", {{"x-request-id", sent}}));
        std::string got = RequestId(r);
        EXPECT_NE(got, sent);
        EXPECT_TRUE(IsAcceptableRequestId(got)) << got;
    }
    Response r = Handle(MakeRequest(Method::kGet, "/api/v1/health"));
    EXPECT_TRUE(IsAcceptableRequestId(RequestId(r)));
}

TEST_F(PipelineTest, RequestIdIsEchoedOnRejectionsAndPassedToTheRenderer) {
    Response r = Handle(MakeRequest(Method::kGet, "/api/v1/nothing", {{"x-request-id", "rid-7"}}));
    EXPECT_EQ(r.status, 404);
    EXPECT_EQ(RequestId(r), "rid-7");
    EXPECT_EQ(r.body.rfind("api|not_found|rid-7|", 0), 0u) << r.body;
}

TEST_F(PipelineTest, AdmittedRequestCarriesParamsAndRequestId) {
    Request req = MakeRequest(Method::kGet, "/api/v1/customers/c-9",
                              {{"authorization", std::string(kGoodKey)}, {"x-request-id", "r1"}});
    Pipeline::Admission a = pipeline_.Admit(req);
    ASSERT_FALSE(a.reject);
    EXPECT_EQ(a.surface, api_);
    ASSERT_NE(a.route, nullptr);
    EXPECT_EQ(a.ctx.request_id, "r1");
    EXPECT_EQ(a.ctx.Param("id"), "c-9");
    ASSERT_TRUE(a.ctx.auth);
    EXPECT_EQ(a.ctx.auth->api_key_id, ApiKeyId("key-1"));
    EXPECT_EQ(calls_, 0);  // Admit never runs the handler

    Response r = pipeline_.Run(req, a);
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.body, "customer project=project-1 id=c-9");
    EXPECT_EQ(RequestId(r), "r1");
    EXPECT_EQ(calls_, 1);
}

TEST_F(PipelineTest, NotFoundIsRenderedByTheSurfaceOfThePath) {
    Response r = Handle(MakeRequest(Method::kGet, "/api/v1/unknown"));
    EXPECT_EQ(r.status, 404);
    EXPECT_EQ(r.body.rfind("api|not_found|", 0), 0u) << r.body;

    r = Handle(MakeRequest(Method::kGet, "/pages/a/b"));
    EXPECT_EQ(r.status, 404);
    EXPECT_EQ(r.body.rfind("pages|not_found|", 0), 0u) << r.body;

    // "/api/v1x" is not under "/api/v1"; no surface: the fallback renders.
    r = Handle(MakeRequest(Method::kGet, "/api/v1x/customers/c1"));
    EXPECT_EQ(r.status, 404);
    EXPECT_EQ(r.body.rfind("fallback|not_found|", 0), 0u) << r.body;
    EXPECT_EQ(calls_, 0);
}

TEST_F(PipelineTest, MethodNotAllowedIsRenderedByTheSurfaceWithAllow) {
    Response r = Handle(MakeRequest(Method::kDelete, "/api/v1/customers/c1"));
    EXPECT_EQ(r.status, 405);
    EXPECT_EQ(r.body.rfind("api|", 0), 0u) << r.body;
    ASSERT_NE(r.FindHeader("Allow"), nullptr);
    EXPECT_EQ(*r.FindHeader("Allow"), "GET, HEAD");
    EXPECT_FALSE(RequestId(r).empty());

    // Routing comes before authentication: no key needed to learn the allowed methods.
    r = Handle(MakeRequest(Method::kGet, "/api/v1/customers"));
    EXPECT_EQ(r.status, 405);
    EXPECT_EQ(*r.FindHeader("Allow"), "POST");

    r = Handle(MakeRequest(Method::kPost, "/pages/tok"));
    EXPECT_EQ(r.status, 405);
    EXPECT_EQ(r.body.rfind("pages|", 0), 0u) << r.body;
    EXPECT_EQ(calls_, 0);
}

TEST_F(PipelineTest, RefusedAuthenticationIsRenderedAndSkipsTheHandler) {
    for (auto headers : std::vector<std::vector<std::pair<std::string, std::string>>>{
             {}, {{"authorization", "Bearer wrong-key"}}}) {
        Request req = MakeRequest(Method::kGet, "/api/v1/customers/c1", headers);
        Pipeline::Admission a = pipeline_.Admit(req);
        ASSERT_TRUE(a.reject);
        EXPECT_EQ(a.reject->status, 401);
        EXPECT_EQ(a.reject->body.rfind("api|unauthenticated|", 0), 0u) << a.reject->body;
        EXPECT_FALSE(a.ctx.auth);
    }
    Response r = Handle(MakeRequest(Method::kGet, "/api/v1/customers/c1"));
    EXPECT_EQ(r.status, 401);
    EXPECT_FALSE(RequestId(r).empty());
    EXPECT_EQ(calls_, 0);
}

TEST_F(PipelineTest, PublicRoutesSkipAuthentication) {
    Response r = Handle(MakeRequest(Method::kGet, "/api/v1/health"));
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.body, "health");  // no project: the authenticator did not run
    EXPECT_EQ(calls_, 1);

    // Surfaces without an authenticator need none either.
    r = Handle(MakeRequest(Method::kGet, "/pages/tok-1"));
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.body, "page token=tok-1");
}

TEST_F(PipelineTest, BodyLimitComesFromTheRouteOrTheSurface) {
    Request auth_header =
        MakeRequest(Method::kPost, "/api/v1/uploads", {{"authorization", std::string(kGoodKey)}});
    Pipeline::Admission a = pipeline_.Admit(auth_header);
    ASSERT_FALSE(a.reject);
    EXPECT_EQ(a.body_limit, 50u);

    Request create =
        MakeRequest(Method::kPost, "/api/v1/customers", {{"authorization", std::string(kGoodKey)}});
    a = pipeline_.Admit(create);
    ASSERT_FALSE(a.reject);
    EXPECT_EQ(a.body_limit, 1000u);

    a = pipeline_.Admit(MakeRequest(Method::kGet, "/pages/t"));
    ASSERT_FALSE(a.reject);
    EXPECT_EQ(a.body_limit, Surface{}.body_limit);
}

TEST_F(PipelineTest, RefuseRendersInTheSurfaceShapeAndClosesTheConnection) {
    Request req = MakeRequest(Method::kPost, "/api/v1/uploads",
                              {{"authorization", std::string(kGoodKey)}, {"x-request-id", "up-1"}});
    Pipeline::Admission a = pipeline_.Admit(req);
    ASSERT_FALSE(a.reject);
    Response r = pipeline_.Refuse(req, a, Error::PayloadTooLarge("too big"));
    EXPECT_EQ(r.status, 413);
    EXPECT_EQ(r.body, "api|payload_too_large|up-1|too big");
    EXPECT_TRUE(r.close_connection);
    EXPECT_EQ(RequestId(r), "up-1");
    EXPECT_EQ(calls_, 0);
}

TEST_F(PipelineTest, ThrowingHandlerBecomesA500WithTheRequestId) {
    Request req = MakeRequest(Method::kGet, "/api/v1/boom",
                              {{"authorization", std::string(kGoodKey)}, {"x-request-id", "b-1"}});
    Pipeline::Admission a = pipeline_.Admit(req);
    ASSERT_FALSE(a.reject);
    Response r;
    EXPECT_NO_THROW(r = pipeline_.Run(req, a));
    EXPECT_EQ(calls_, 1);
    EXPECT_EQ(r.status, 500);
    EXPECT_EQ(r.body.rfind("api|internal|b-1|", 0), 0u) << r.body;
    EXPECT_NE(r.body.find("b-1"), std::string::npos);
    // The exception's text is for the log, not for the client.
    EXPECT_EQ(r.body.find("disk on fire"), std::string::npos);
    EXPECT_EQ(RequestId(r), "b-1");
}

TEST_F(PipelineTest, AccessLogDoesNotChangeTheResponse) {
    Pipeline logging(router_, RendererNamed("fallback"), {.access_log = true});
    Request req = MakeRequest(Method::kGet, "/api/v1/customers/c1",
                              {{"authorization", std::string(kGoodKey)}, {"x-request-id", "l-1"}});
    Pipeline::Admission a = logging.Admit(req);
    ASSERT_FALSE(a.reject);
    Response r = logging.Run(req, a);
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(RequestId(r), "l-1");
}

}  // namespace
}  // namespace wharf::http
