#include "api/common/query_params.h"

#include "base/time_format.h"

namespace wharf::api {

Result<std::optional<Timestamp>> QueryTimestamp(const http::Request& req, const char* key) {
    auto v = req.Query(key);
    if (!v || v->empty()) {
        return std::optional<Timestamp>();
    }
    auto t = ParseIso8601(*v);
    if (!t) {
        return Fail(
            Error::InvalidArgument(std::string(key) + " must be an ISO 8601 time").WithField(key));
    }
    return std::optional<Timestamp>(*t);
}

Result<std::optional<bool>> QueryBool(const http::Request& req, const char* key) {
    auto v = req.Query(key);
    if (!v || v->empty()) {
        return std::optional<bool>();
    }
    if (*v == "true" || *v == "1") {
        return std::optional<bool>(true);
    }
    if (*v == "false" || *v == "0") {
        return std::optional<bool>(false);
    }
    return Fail(Error::InvalidArgument(std::string(key) + " must be true or false").WithField(key));
}

Result<std::optional<std::string>> QueryString(const http::Request& req, const char* key,
                                               size_t max_len) {
    auto v = req.Query(key);
    if (!v || v->empty()) {
        return std::optional<std::string>();
    }
    if (v->size() > max_len) {
        return Fail(Error::InvalidArgument(std::string(key) + " is too long").WithField(key));
    }
    return std::optional<std::string>(*v);
}

}  // namespace wharf::api
