#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/ids.h"
#include "base/result.h"
#include "http/request.h"
#include "http/response.h"

namespace wharf::http {

// Who is calling, once authentication has passed.
struct AuthInfo {
    ProjectId project_id;
    ApiKeyId api_key_id;
};

// Per-request state the pipeline fills in for handlers: request id, the caller, path parameters.
struct RequestContext {
    std::string request_id;
    std::optional<AuthInfo> auth;
    std::vector<std::pair<std::string, std::string>> params;

    // The value of a {name} path segment ("" when the route has none).
    std::string_view Param(std::string_view name) const;
    // The caller's project; only valid on authenticated routes.
    const ProjectId& Project() const { return auth->project_id; }
};

using Handler = std::function<Response(const Request&, RequestContext&)>;
// An asynchronous handler runs on the connection's event loop, so it must not block: it starts
// the work and returns true, and the work calls `respond` once, from any thread, with the
// response; or it returns false without calling `respond`, and the route's Handler answers
// instead (on the blocking pool, as for a route without one).
using Respond = std::function<void(Response)>;
using AsyncHandler = std::function<bool(const Request&, RequestContext&, const Respond& respond)>;
using ErrorRenderer = std::function<Response(const Error&, const RequestContext&)>;
using Authenticator = std::function<Result<AuthInfo>(const Request&)>;

// A group of routes under one path prefix that share an error shape and an authentication
// scheme: the Platform API, the Meta proxy, the public pages. Errors raised before a handler runs
// (404, 405, 401, 413) are rendered by the surface the path belongs to.
struct Surface {
    std::string name;
    std::string prefix;
    ErrorRenderer render_error;
    Authenticator authenticate;  // empty: routes need no authentication
    size_t body_limit = 5 * 1024 * 1024;
};

struct RouteOptions {
    bool public_route = false;  // skip the surface's authenticator
    size_t body_limit = 0;      // 0: the surface's limit
    // Stream the body to a temporary file (Request::body_file) instead of Request::body, for
    // uploads too large to hold in memory. body_limit still applies while it streams (413).
    bool spool_body = false;
};

// The matched route of a request.
struct Route {
    Method method;
    std::vector<std::string> segments;  // "{name}" marks a parameter, "prefix{name}" a prefixed one
    Handler handler;
    const Surface* surface;
    RouteOptions options;
    AsyncHandler async_handler;  // tried first when set
};

// Maps (method, path) to a route. Patterns are "/a/{id}/b"; a segment may also be a prefixed
// parameter, "upload:{session_id}", which matches "upload:abc" (session_id = "abc"; the rest of
// the segment, never empty). At the first position where two matching routes differ, a literal
// segment wins over a prefixed parameter, which wins over a plain parameter (and of two prefixed
// parameters, the longer prefix). Built once at start-up, then read-only: safe to share between
// threads.
class Router {
public:
    // Surfaces must outlive the router; longer prefixes are matched first for unrouted paths.
    const Surface* AddSurface(Surface s);
    void Add(Method method, std::string_view pattern, const Surface* surface, Handler handler,
             RouteOptions options = {});
    // A route that tries `async_handler` first (see AsyncHandler).
    void Add(Method method, std::string_view pattern, const Surface* surface, Handler handler,
             AsyncHandler async_handler, RouteOptions options = {});

    struct Match {
        const Route* route = nullptr;
        std::vector<std::pair<std::string, std::string>> params;
        bool method_mismatch = false;  // the path exists with other methods (405)
        std::string allow;             // those methods, for the Allow header
    };
    Match Find(Method method, std::string_view path) const;
    // The surface whose prefix the path falls under (the longest), or nullptr.
    const Surface* SurfaceFor(std::string_view path) const;

private:
    std::vector<std::unique_ptr<Surface>> surfaces_;
    std::vector<Route> routes_;
};

std::vector<std::string_view> SplitPath(std::string_view path);

}  // namespace wharf::http
