#pragma once

#include <optional>
#include <string>

#include "base/clock.h"
#include "base/result.h"
#include "http/request.h"

namespace wharf::api {

// Typed, optional query parameters; a present but unreadable value is kInvalidArgument naming it.
Result<std::optional<Timestamp>> QueryTimestamp(const http::Request& req, const char* key);
Result<std::optional<bool>> QueryBool(const http::Request& req, const char* key);
Result<std::optional<std::string>> QueryString(const http::Request& req, const char* key,
                                               size_t max_len = 255);

}  // namespace wharf::api
