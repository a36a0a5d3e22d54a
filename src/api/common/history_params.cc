#include "api/common/history_params.h"

#include "api/common/query_params.h"
#include "domain/message/message_validator.h"

namespace wharf::api {

Result<void> RejectUnsupportedParams(const http::Request& req,
                                     std::initializer_list<const char*> keys) {
    for (const char* key : keys) {
        if (req.Query(key)) {
            return Fail(
                Error::InvalidArgument(std::string(key) + " is not supported by this server yet")
                    .WithField(key));
        }
    }
    return {};
}

Result<std::optional<Timestamp>> QueryTimeBound(const http::Request& req, const char* key,
                                                TimeBound bound) {
    WHARF_ASSIGN_OR_RETURN(auto t, QueryTimestamp(req, key));
    // Timestamps are microseconds, so "after t" is "from t + 1 µs" and "up to t" is "before
    // t + 1 µs".
    if (t && (bound == TimeBound::kFromExclusive || bound == TimeBound::kToInclusive)) {
        *t += std::chrono::microseconds(1);
    }
    return t;
}

Result<std::optional<std::string>> QueryWaId(const http::Request& req, const char* key) {
    WHARF_ASSIGN_OR_RETURN(auto v, QueryString(req, key, 64));
    if (!v) {
        return std::optional<std::string>();
    }
    auto wa_id = domain::NormalizeRecipientPhone(*v);
    if (!wa_id) {
        return Fail(
            Error::InvalidArgument(std::string(key) + " must be a phone number").WithField(key));
    }
    return wa_id;
}

}  // namespace wharf::api
