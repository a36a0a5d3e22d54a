#include "api/common/handler_adapter.h"

#include "base/log.h"

namespace wharf::api {

http::Handler Adapt(ResultHandler fn, http::ErrorRenderer render) {
    return [fn = std::move(fn), render = std::move(render)](const http::Request& req,
                                                            http::RequestContext& ctx) {
        Result<http::Response> r = fn(req, ctx);
        if (!r) {
            return render(r.error(), ctx);
        }
        return std::move(*r);
    };
}

http::AsyncHandler AdaptAsync(AsyncResultHandler fn, http::ErrorRenderer render) {
    return [fn = std::move(fn), render = std::move(render)](
               const http::Request& req, http::RequestContext& ctx, const http::Respond& respond) {
        // ctx lives until the response is written, after `respond`.
        return fn(req, ctx, [&render, &ctx, respond](Result<http::Response> r) {
            try {
                respond(r ? std::move(*r) : render(r.error(), ctx));
            } catch (const std::exception& e) {
                // Rendering failed (on whichever thread replied): the request is still answered.
                log::Error("request " + ctx.request_id + " failed: " + e.what());
                respond(render(
                    Error::Internal("internal error (request id " + ctx.request_id + ")"), ctx));
            }
        });
    };
}

http::Response JsonResponse(int status, const boost::json::value& v) {
    return http::Response::Json(status, boost::json::serialize(v));
}

http::Response DataResponse(int status, boost::json::value v) {
    return JsonResponse(status, boost::json::object{{"data", std::move(v)}});
}

}  // namespace wharf::api
