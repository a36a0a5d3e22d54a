#include "api/platform/platform_error.h"

#include <boost/json.hpp>

#include "base/log.h"

namespace wharf::api {

int PlatformStatus(ErrorCode code) {
    switch (code) {
        case ErrorCode::kMalformed:
            return 400;
        case ErrorCode::kInvalidArgument:
        case ErrorCode::kFailedPrecondition:
            return 422;
        case ErrorCode::kUnauthenticated:
            return 401;
        case ErrorCode::kPermissionDenied:
            return 403;
        case ErrorCode::kNotFound:
            return 404;
        case ErrorCode::kAlreadyExists:
        case ErrorCode::kAborted:
            return 409;
        case ErrorCode::kPayloadTooLarge:
            return 413;
        case ErrorCode::kResourceExhausted:
            return 429;
        case ErrorCode::kUnimplemented:
            return 501;
        case ErrorCode::kUnavailable:
            return 503;
        case ErrorCode::kDeadlineExceeded:
            return 504;
        case ErrorCode::kInternal:
            return 500;
    }
    return 500;
}

http::Response RenderPlatformError(const Error& error, const http::RequestContext& ctx) {
    int status = PlatformStatus(error.code);
    std::string message = error.message;
    if (status >= 500 && error.code != ErrorCode::kUnimplemented) {
        log::Error("request " + ctx.request_id + ": " + error.message);
        message = "Internal server error (request id " + ctx.request_id + ")";
    }
    boost::json::object body{{"error", message}};
    return http::Response::Json(status, boost::json::serialize(body));
}

}  // namespace wharf::api
