#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace wharf::http {

enum class Method { kGet, kHead, kPost, kPut, kPatch, kDelete, kOptions, kOther };

Method ParseMethod(std::string_view m);
const char* MethodName(Method m);

// One HTTP request as handlers see it: the path is percent-decoded, query parameters are decoded
// ('+' as space) and kept in order (repeated keys allowed), header names are lower-case.
// Owned by the connection that read it, for the duration of one request.
struct Request {
    Method method = Method::kGet;
    std::string target;  // as sent: "/platform/v1/customers?page=2"
    std::string path;    // decoded path: "/platform/v1/customers"
    std::vector<std::pair<std::string, std::string>> query;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;  // empty for routes with RouteOptions::spool_body
    // Spooled routes only: the temporary file holding the whole body, and its size. The server
    // removes the file once the response is written (or the request failed); a handler that wants
    // to keep it renames it away. For other requests body_file is empty and the server sets
    // body_size to body.size().
    std::string body_file;
    uint64_t body_size = 0;
    std::string remote_address;

    std::optional<std::string_view> Header(std::string_view lower_name) const;
    // The first value of a query parameter.
    std::optional<std::string> Query(std::string_view key) const;
    std::vector<std::string> QueryAll(std::string_view key) const;
};

// Splits a request target into its decoded path and query; false when the target is not a valid
// origin-form URI.
bool ParseTarget(std::string_view target, std::string& path,
                 std::vector<std::pair<std::string, std::string>>& query);

// Percent-encodes everything but RFC 3986 unreserved characters (so "+" becomes %2B).
std::string PercentEncode(std::string_view s);

// Parses an application/x-www-form-urlencoded body into decoded pairs.
std::vector<std::pair<std::string, std::string>> ParseFormBody(std::string_view body);

}  // namespace wharf::http
