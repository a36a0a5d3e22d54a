#include "api/meta/graph_error.h"

#include <boost/json.hpp>

#include "base/log.h"

namespace wharf::api {

int GraphHttpStatus(int code, ErrorCode fallback) {
    switch (code) {
        case 0:
        case 190:
            return 401;
        case 10:
        case 368:
        case 130497:
        case 131005:
        case 131031:
            return 403;
        case 132001:
            return 404;
        case 1:
        case 4:
        case 33:
        case 80007:
        case 130429:
        case 131021:
        case 131026:
        case 131047:
        case 131051:
        case 131056:
            return 400;
        case 2:
            return 503;
        case 3:
        case 131000:
        case 131016:
        case 131057:
            return 500;
        default:
            break;
    }
    switch (fallback) {
        case ErrorCode::kNotFound:
            return 404;
        case ErrorCode::kUnauthenticated:
            return 401;
        case ErrorCode::kPermissionDenied:
            return 403;
        case ErrorCode::kPayloadTooLarge:
            return 413;
        case ErrorCode::kAlreadyExists:
            return 409;
        case ErrorCode::kInternal:
            return 500;
        case ErrorCode::kUnimplemented:
            return 501;
        case ErrorCode::kUnavailable:
            return 503;
        default:
            return 400;
    }
}

http::Response RenderGraphError(const Error& error, const http::RequestContext& ctx) {
    GraphError g;
    std::string text = error.message;
    if (error.graph) {
        g = *error.graph;
    } else {
        switch (error.code) {
            case ErrorCode::kUnauthenticated:
                g.code = 190;
                break;
            case ErrorCode::kNotFound:
                g.code = 100;
                g.subcode = 33;
                g.type = "GraphMethodException";
                break;
            case ErrorCode::kPermissionDenied:
                g.code = 10;
                break;
            case ErrorCode::kResourceExhausted:
                g.code = 4;
                break;
            case ErrorCode::kInternal:
            case ErrorCode::kUnavailable:
            case ErrorCode::kDeadlineExceeded:
                g.code = 131000;
                break;
            default:
                g.code = 100;
                break;
        }
        if (error.field && g.code == 100) {
            g.details = error.message;
        }
    }
    int status = GraphHttpStatus(g.code, error.code);
    if (error.code == ErrorCode::kInternal) {
        log::Error("request " + ctx.request_id + ": " + error.message);
        text = "Something went wrong";
        g.details = "internal error (request id " + ctx.request_id + ")";
    }
    boost::json::object e;
    e["message"] = g.message_has_code_prefix || error.code == ErrorCode::kInternal
                       ? "(#" + std::to_string(g.code) + ") " + text
                       : text;
    e["type"] = g.type;
    e["code"] = g.code;
    if (!g.details.empty()) {
        e["error_data"] =
            boost::json::object{{"messaging_product", "whatsapp"}, {"details", g.details}};
    }
    if (g.subcode) {
        e["error_subcode"] = *g.subcode;
    }
    // The rest of an error Meta gave (upstream/meta/graph_errors.h), in Meta's order.
    if (g.is_transient) {
        e["is_transient"] = *g.is_transient;
    }
    if (g.user_title) {
        e["error_user_title"] = *g.user_title;
    }
    if (g.user_msg) {
        e["error_user_msg"] = *g.user_msg;
    }
    e["fbtrace_id"] = g.fbtrace_id.value_or(ctx.request_id);
    return http::Response::Json(status, boost::json::serialize(boost::json::object{{"error", e}}));
}

}  // namespace wharf::api
