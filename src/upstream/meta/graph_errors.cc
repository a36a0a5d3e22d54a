#include "upstream/meta/graph_errors.h"

#include <climits>
#include <optional>
#include <string>

#include <boost/json.hpp>

namespace wharf::upstream {
namespace {

namespace bj = boost::json;

constexpr int kCodeServiceUnavailable = 2;  // Meta: "API Service", temporary downtime (HTTP 503)
constexpr int kCodeSomethingWentWrong = 131000;  // Meta's generic failure (HTTP 500)

std::optional<int> IntField(const bj::object& o, std::string_view key) {
    auto it = o.find(key);
    if (it == o.end()) {
        return std::nullopt;
    }
    const bj::value& v = it->value();
    if (v.is_int64() && v.get_int64() >= INT_MIN && v.get_int64() <= INT_MAX) {
        return static_cast<int>(v.get_int64());
    }
    if (v.is_uint64() && v.get_uint64() <= static_cast<unsigned long long>(INT_MAX)) {
        return static_cast<int>(v.get_uint64());
    }
    return std::nullopt;
}

std::optional<std::string> StringField(const bj::object& o, std::string_view key) {
    auto it = o.find(key);
    if (it == o.end() || !it->value().is_string()) {
        return std::nullopt;
    }
    return std::string(it->value().get_string());
}

// error_data is an object in the WhatsApp API; older Graph endpoints send it JSON-encoded in a
// string. Either way only its `details` is kept (the renderer writes messaging_product itself).
std::string DetailsOf(const bj::object& error) {
    auto it = error.find("error_data");
    if (it == error.end()) {
        return {};
    }
    if (it->value().is_object()) {
        return StringField(it->value().get_object(), "details").value_or("");
    }
    if (it->value().is_string()) {
        boost::system::error_code ec;
        bj::value inner = bj::parse(it->value().get_string(), ec);
        if (!ec && inner.is_object()) {
            return StringField(inner.get_object(), "details").value_or("");
        }
    }
    return {};
}

// Meta writes "(#131026) Message undeliverable"; the renderer prepends "(#<code>) " itself, and
// only when Meta did ("Invalid parameter" and "Unsupported get request. …" come without it).
std::string WithoutCodePrefix(std::string message, int code, bool& had_prefix) {
    std::string prefix = "(#" + std::to_string(code) + ") ";
    had_prefix = message.starts_with(prefix);
    if (had_prefix) {
        message.erase(0, prefix.size());
    }
    return message;
}

std::optional<bool> BoolField(const bj::object& o, std::string_view key) {
    auto it = o.find(key);
    if (it == o.end() || !it->value().is_bool()) {
        return std::nullopt;
    }
    return it->value().get_bool();
}

bool IsThrottling(int code) {
    return code == 4 || code == 80007 || code == 130429 || code == 131048 || code == 131056;
}

// See the header: the HTTP status decides (the renderer's fallback then reproduces it), the Graph
// code only refines within Meta's 400s.
ErrorCode CanonicalCode(long http_status, int code) {
    switch (http_status) {
        case 401:
            return ErrorCode::kUnauthenticated;
        case 403:
            return ErrorCode::kPermissionDenied;
        case 404:
            return ErrorCode::kNotFound;
        case 413:
            return ErrorCode::kPayloadTooLarge;
        case 429:
            return ErrorCode::kResourceExhausted;
        default:
            break;
    }
    if (http_status >= 500) {
        return ErrorCode::kUnavailable;
    }
    if (IsThrottling(code)) {
        return ErrorCode::kResourceExhausted;
    }
    if (code == 131047) {
        return ErrorCode::kFailedPrecondition;
    }
    if (code == 0 || code == 190) {
        return ErrorCode::kUnauthenticated;
    }
    return ErrorCode::kInvalidArgument;
}

Error MakeError(ErrorCode code, std::string message, int graph_code, std::string details) {
    Error e{code, std::move(message)};
    e.graph = GraphError{graph_code, std::nullopt, "OAuthException", std::move(details)};
    return e;
}

}  // namespace

Error GraphResponseError(long http_status, std::string_view body) {
    boost::system::error_code ec;
    bj::value parsed = bj::parse(body, ec);
    const bj::object* error = nullptr;
    if (!ec && parsed.is_object()) {
        if (auto it = parsed.get_object().find("error");
            it != parsed.get_object().end() && it->value().is_object()) {
            error = &it->value().get_object();
        }
    }
    std::optional<int> code = error != nullptr ? IntField(*error, "code") : std::nullopt;
    if (!code) {
        // A proxy's error page, an empty body, or JSON that is not Graph's envelope: we cannot
        // tell what Meta did with the message.
        return MakeError(ErrorCode::kUnavailable, "Something went wrong", kCodeSomethingWentWrong,
                         "The Graph API answered HTTP " + std::to_string(http_status) +
                             " without a Graph error body; Meta may or may not have carried out "
                             "the request.");
    }
    GraphError g;
    g.code = *code;
    g.subcode = IntField(*error, "error_subcode");
    g.type = StringField(*error, "type").value_or("OAuthException");
    g.details = DetailsOf(*error);
    g.fbtrace_id = StringField(*error, "fbtrace_id");
    g.user_title = StringField(*error, "error_user_title");
    g.user_msg = StringField(*error, "error_user_msg");
    g.is_transient = BoolField(*error, "is_transient");
    Error e{CanonicalCode(http_status, *code),
            WithoutCodePrefix(StringField(*error, "message").value_or("Graph API error"), *code,
                              g.message_has_code_prefix)};
    e.graph = std::move(g);
    return e;
}

Error GraphTransportError(GraphTransportFailure failure, std::string_view detail) {
    std::string d(detail);
    switch (failure) {
        case GraphTransportFailure::kNotSent:
            return MakeError(
                ErrorCode::kUnavailable, "Service temporarily unavailable", kCodeServiceUnavailable,
                "wharf could not reach the Graph API (" + d + "); the request was not sent.");
        case GraphTransportFailure::kTimedOut:
            return MakeError(ErrorCode::kDeadlineExceeded, "Something went wrong",
                             kCodeSomethingWentWrong,
                             "The Graph API did not answer in time (" + d +
                                 "); Meta may or may not have carried out the request.");
        case GraphTransportFailure::kResponseTooLarge:
            return MakeError(ErrorCode::kUnavailable, "Something went wrong",
                             kCodeSomethingWentWrong,
                             "The Graph API's answer was larger than wharf accepts (" + d +
                                 "); Meta may or may not have carried out the request.");
        case GraphTransportFailure::kBroken:
            break;
    }
    return MakeError(ErrorCode::kUnavailable, "Something went wrong", kCodeSomethingWentWrong,
                     "The connection to the Graph API failed (" + d +
                         "); Meta may or may not have carried out the request.");
}

Error GraphUnreadableSuccess(long http_status, std::string_view why) {
    return MakeError(ErrorCode::kUnavailable, "Something went wrong", kCodeSomethingWentWrong,
                     "The Graph API answered HTTP " + std::to_string(http_status) + " but " +
                         std::string(why) + "; Meta may have carried out the request.");
}

}  // namespace wharf::upstream
