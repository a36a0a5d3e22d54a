#include "api/json/conversation_json.h"

#include "api/common/history_params.h"
#include "api/common/query_params.h"
#include "base/json.h"
#include "base/time_format.h"

namespace wharf::api {
namespace {

namespace bj = boost::json;

}  // namespace

Result<domain::ConversationStatus> ParseConversationStatusBody(const boost::json::value& body,
                                                               HistorySurface surface) {
    const bj::object* o = nullptr;
    std::string path;
    if (surface == HistorySurface::kPlatform) {
        WHARF_ASSIGN_OR_RETURN(o, json::Envelope(body, "whatsapp_conversation"));
        path = "whatsapp_conversation";
    } else {
        if (!body.is_object()) {
            return Fail(Error::Malformed("the body must be a JSON object"));
        }
        o = &body.get_object();
    }
    json::ObjectReader r(*o, path);
    WHARF_ASSIGN_OR_RETURN(auto status, r.String("status", 32));
    if (!status.has_value()) {
        return Fail(Error::InvalidArgument(r.PathOf("status") + " is required")
                        .WithField(r.PathOf("status")));
    }
    auto parsed = domain::ParseConversationStatus(status.value);
    if (!parsed) {
        return Fail(Error::InvalidArgument(r.PathOf("status") + " must be active or ended")
                        .WithField(r.PathOf("status")));
    }
    return *parsed;
}

Result<domain::ConversationFilter> ParseConversationQuery(const http::Request& req,
                                                          HistorySurface surface) {
    domain::ConversationFilter f;
    WHARF_TRY(
        RejectUnsupportedParams(req, {"assigned_user_id", "created_after", "created_before"}));
    WHARF_TRY(QueryBool(req, "unassigned"));
    if (surface == HistorySurface::kPlatform) {
        WHARF_ASSIGN_OR_RETURN(auto number, QueryString(req, "phone_number_id", 64));
        if (number) {
            f.phone_number_id = PhoneNumberId(*number);
        }
        WHARF_ASSIGN_OR_RETURN(f.last_active_since,
                               QueryTimeBound(req, "last_active_after", TimeBound::kFromExclusive));
        WHARF_ASSIGN_OR_RETURN(f.last_active_until,
                               QueryTimeBound(req, "last_active_before", TimeBound::kToExclusive));
    }
    // The proxy's names, also accepted on the Platform when its own are not given.
    if (!f.last_active_since) {
        WHARF_ASSIGN_OR_RETURN(f.last_active_since,
                               QueryTimeBound(req, "last_active_since", TimeBound::kFromInclusive));
    }
    if (!f.last_active_until) {
        WHARF_ASSIGN_OR_RETURN(f.last_active_until,
                               QueryTimeBound(req, "last_active_until", TimeBound::kToInclusive));
    }
    if (auto status = req.Query("status"); status && !status->empty()) {
        f.status = domain::ParseConversationStatus(*status);
        if (!f.status) {
            return Fail(
                Error::InvalidArgument("status must be active or ended").WithField("status"));
        }
    }
    WHARF_ASSIGN_OR_RETURN(f.wa_id, QueryWaId(req, "phone_number"));
    return f;
}

}  // namespace wharf::api
