#pragma once

#include "base/error.h"
#include "http/response.h"
#include "http/router.h"

namespace wharf::api {

// The Meta proxy's rendering of an error, in Graph's envelope:
// {"error":{"message":"(#<code>) <text>","type","code","error_subcode","error_data":{...},
//  "fbtrace_id":"<request id>"}}. When the error carries a Graph code it is used as is, with the
// HTTP status Meta gives that code; otherwise the canonical code picks one (unauthenticated 190,
// not found 100/33 as GraphMethodException, invalid 100, ...). An error Meta gave keeps its own
// fbtrace_id, is_transient, error_user_title and error_user_msg, and its message without the
// "(#<code>) " prefix when Meta wrote none.
http::Response RenderGraphError(const Error& error, const http::RequestContext& ctx);

// The HTTP status Meta answers for a Graph error code.
int GraphHttpStatus(int graph_code, ErrorCode fallback);

}  // namespace wharf::api
