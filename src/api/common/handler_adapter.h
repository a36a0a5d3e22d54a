#pragma once

#include <functional>

#include <boost/json.hpp>

#include "base/json.h"
#include "base/result.h"
#include "http/router.h"

namespace wharf::api {

// Handlers return Result<Response>; the adapter renders an error with the surface's renderer, so
// handlers can use WHARF_TRY / WHARF_ASSIGN_OR_RETURN like any other code.
using ResultHandler =
    std::function<Result<http::Response>(const http::Request&, http::RequestContext&)>;

http::Handler Adapt(ResultHandler fn, http::ErrorRenderer render);

// The same for an asynchronous handler (http::AsyncHandler): it returns false to decline, or true
// having handed `reply` on, which is then called once, from any thread.
using ResultReply = std::function<void(Result<http::Response>)>;
using AsyncResultHandler =
    std::function<bool(const http::Request&, http::RequestContext&, const ResultReply& reply)>;
http::AsyncHandler AdaptAsync(AsyncResultHandler fn, http::ErrorRenderer render);

// A JSON response with any value.
http::Response JsonResponse(int status, const boost::json::value& v);
// {"data": v}: the Platform API's single-resource envelope.
http::Response DataResponse(int status, boost::json::value v);

}  // namespace wharf::api
