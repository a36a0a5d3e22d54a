#include "api/common/handler_adapter.h"

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

http::Response JsonResponse(int status, const boost::json::value& v) {
    return http::Response::Json(status, boost::json::serialize(v));
}

http::Response DataResponse(int status, boost::json::value v) {
    return JsonResponse(status, boost::json::object{{"data", std::move(v)}});
}

}  // namespace wharf::api
