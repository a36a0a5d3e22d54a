#pragma once

#include "base/error.h"
#include "http/response.h"
#include "http/router.h"

namespace wharf::api {

// The Platform API's HTTP status for an error (the one mapping for /platform/v1):
// malformed 400, invalid 422, unauthenticated 401, permission 403, not found 404, exists 409,
// precondition 422, too large 413, exhausted 429, unimplemented 501, unavailable 503, internal 500.
int PlatformStatus(ErrorCode code);

// {"error":"<message>"} with the status above; internal errors never leak their message.
http::Response RenderPlatformError(const Error& error, const http::RequestContext& ctx);

}  // namespace wharf::api
