#pragma once

#include <string_view>

#include "base/error.h"

namespace wharf::upstream {

// The one place where what went wrong talking to Meta's Graph API becomes a wharf::Error.
//
// Graph error bodies ({"error":{"message","type","code","error_subcode","error_data":{"details"},
// "is_transient","error_user_title","error_user_msg","fbtrace_id"}}) keep Meta's code, subcode,
// type, details, trace id and the rest in `Error::graph`, and Meta's message (without its
// "(#<code>) " prefix, which the Meta proxy's renderer puts back when Meta had it) in
// `Error::message`. The proxy's renderer (api/meta/graph_error.h) then answers the caller with
// the same envelope, and with Meta's HTTP status: its table gives the status of the codes it
// knows, and for the others it falls back on the canonical code, which is therefore chosen from
// the HTTP status Meta answered (401 kUnauthenticated, 403 kPermissionDenied, 404 kNotFound,
// 5xx kUnavailable, any other 4xx kInvalidArgument, refined to kResourceExhausted for throttling
// codes and kFailedPrecondition for 131047, which Meta also answers with 400).
//
// Failures without a Graph body get a Graph code of wharf's choosing:
//  - the request never reached Meta (DNS, refused, connect timeout, TLS handshake):
//    kUnavailable, code 2 ("Service temporarily unavailable", HTTP 503): retrying is safe;
//  - the request may have reached Meta but no usable answer came back (timeout, dropped
//    connection, an oversized or unreadable answer, a non-Graph error body): code 131000
//    ("Something went wrong", HTTP 500), kDeadlineExceeded for timeouts and kUnavailable for the
//    rest, and the details say that Meta may have carried out the request (sent the message,
//    created the template).
// Pure functions; thread-safe.

// Why an exchange with Graph failed below the HTTP layer.
enum class GraphTransportFailure {
    kNotSent,           // no connection (DNS, refused, connect timeout, TLS): Meta saw nothing
    kTimedOut,          // the deadline passed after the request may have been sent
    kBroken,            // the connection failed after the request may have been sent
    kResponseTooLarge,  // Meta answered more than the body cap
};

// The Error for a non-2xx Graph answer. `body` is Meta's response body as received (possibly
// not JSON, e.g. a proxy's HTML page).
Error GraphResponseError(long http_status, std::string_view body);

// The Error for a transport failure; `detail` (libcurl's text, say) goes into the details.
Error GraphTransportError(GraphTransportFailure failure, std::string_view detail);

// A 2xx answer that does not say what Meta did (no message id, not JSON): outcome unknown.
Error GraphUnreadableSuccess(long http_status, std::string_view why);

}  // namespace wharf::upstream
