#include "api/json/message_json.h"

#include "api/common/history_params.h"
#include "api/common/query_params.h"
#include "base/json.h"
#include "base/time_format.h"

namespace wharf::api {
namespace {

namespace bj = boost::json;

Result<std::optional<domain::MessageDirection>> QueryDirection(const http::Request& req) {
    auto v = req.Query("direction");
    if (!v || v->empty()) {
        return std::optional<domain::MessageDirection>();
    }
    if (*v == "inbound") {
        return std::optional(domain::MessageDirection::kInbound);
    }
    if (*v == "outbound") {
        return std::optional(domain::MessageDirection::kOutbound);
    }
    return Fail(
        Error::InvalidArgument("direction must be inbound or outbound").WithField("direction"));
}

}  // namespace

Result<std::vector<std::string>> StoredStatusesFor(
    std::string_view kapso_status, const std::optional<domain::MessageDirection>& direction) {
    const bool inbound_only = direction == domain::MessageDirection::kInbound;
    const bool outbound_only = direction == domain::MessageDirection::kOutbound;
    if (kapso_status == "pending") {
        return std::vector<std::string>{"accepted"};
    }
    if (kapso_status == "sent" || kapso_status == "failed") {
        return std::vector<std::string>{std::string(kapso_status)};
    }
    if (kapso_status == "delivered") {
        if (inbound_only) {
            return std::vector<std::string>{"received"};
        }
        if (outbound_only) {
            return std::vector<std::string>{"delivered"};
        }
        return std::vector<std::string>{"delivered", "received"};
    }
    if (kapso_status == "read") {
        if (inbound_only) {
            return std::vector<std::string>{"read"};
        }
        return std::vector<std::string>{"read", "played"};
    }
    return Fail(
        Error::InvalidArgument("status must be one of pending, sent, delivered, read, failed")
            .WithField("status"));
}

Result<service::MessageQuery> ParseMessageQuery(const http::Request& req, HistorySurface surface) {
    service::MessageQuery q;
    if (surface == HistorySurface::kPlatform) {
        WHARF_TRY(RejectUnsupportedParams(
            req, {"business_scoped_user_id", "message_type", "has_media", "page", "per_page"}));
        WHARF_ASSIGN_OR_RETURN(auto number, QueryString(req, "phone_number_id", 64));
        if (number) {
            q.filter.phone_number_id = PhoneNumberId(*number);
        }
    }
    WHARF_ASSIGN_OR_RETURN(auto conversation, QueryString(req, "conversation_id", 64));
    if (conversation) {
        q.filter.conversation_id = ConversationId(*conversation);
    }
    if (surface == HistorySurface::kPlatform) {
        // The user's number in any format ("+1 555-000-1111", "15550001111"): its digits.
        WHARF_ASSIGN_OR_RETURN(auto phone, QueryString(req, "phone_number", 64));
        if (phone) {
            std::string digits;
            for (char c : *phone) {
                if (c >= '0' && c <= '9') {
                    digits += c;
                }
            }
            if (digits.empty()) {
                return Fail(Error::InvalidArgument("phone_number must be a phone number")
                                .WithField("phone_number"));
            }
            q.filter.wa_id = std::move(digits);
        }
    }
    WHARF_ASSIGN_OR_RETURN(q.filter.direction, QueryDirection(req));
    if (auto status = req.Query("status"); status && !status->empty()) {
        WHARF_ASSIGN_OR_RETURN(q.any_status, StoredStatusesFor(*status, q.filter.direction));
    }
    WHARF_ASSIGN_OR_RETURN(q.filter.since, QueryTimeBound(req, "since", TimeBound::kFromInclusive));
    WHARF_ASSIGN_OR_RETURN(q.filter.until, QueryTimeBound(req, "until", TimeBound::kToInclusive));
    return q;
}

}  // namespace wharf::api
