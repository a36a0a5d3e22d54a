#pragma once

#include <initializer_list>
#include <optional>
#include <string>

#include "base/clock.h"
#include "base/result.h"
#include "http/request.h"

namespace wharf::api {

// Query parameters of the history lists beyond those in query_params.h. Errors are
// kInvalidArgument naming the parameter.

// kInvalidArgument for the first of `keys` present: filters a contract documents that this
// server cannot apply yet. Refusing them is better than answering an unfiltered list.
Result<void> RejectUnsupportedParams(const http::Request& req,
                                     std::initializer_list<const char*> keys);

// How an API time bound relates to the store's half-open range [since, until).
enum class TimeBound {
    kFromInclusive,  // "since": on or after
    kFromExclusive,  // "..._after": strictly after
    kToInclusive,    // "until": on or before
    kToExclusive,    // "..._before": strictly before
};
// An ISO 8601 parameter as the store's since (from-bounds) or until (to-bounds) value.
Result<std::optional<Timestamp>> QueryTimeBound(const http::Request& req, const char* key,
                                                TimeBound bound);

// A user's phone number parameter ("+1 555 123 4567") as a wa_id (digits).
Result<std::optional<std::string>> QueryWaId(const http::Request& req, const char* key);

}  // namespace wharf::api
