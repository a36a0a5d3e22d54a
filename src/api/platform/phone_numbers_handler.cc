#include "api/platform/phone_numbers_handler.h"

#include "api/common/handler_adapter.h"
#include "api/common/pagination.h"
#include "api/common/query_params.h"
#include "api/json/phone_number_json.h"
#include "api/platform/customers_handler.h"
#include "base/random.h"

namespace wharf::api {

Result<PhoneNumberId> PhoneNumberIdParam(const http::RequestContext& ctx) {
    std::string id(ctx.Param("phone_number_id"));
    if (!domain::IsMetaId(id)) {
        return Fail(Error::NotFound("phone number not found"));
    }
    return PhoneNumberId(id);
}

Result<http::Response> PhoneNumbersHandler::Connect(const http::Request& req,
                                                    http::RequestContext& ctx) const {
    WHARF_ASSIGN_OR_RETURN(auto customer, CustomerIdParam(ctx));
    WHARF_ASSIGN_OR_RETURN(auto body, json::Parse(req.body));
    WHARF_ASSIGN_OR_RETURN(auto in, ParsePhoneNumberCreate(body));
    WHARF_ASSIGN_OR_RETURN(auto n, numbers_.Connect(ctx.Project(), customer, in));
    return DataResponse(201, PhoneNumberToJson(n));
}

Result<http::Response> PhoneNumbersHandler::List(const http::Request& req,
                                                 http::RequestContext& ctx) const {
    domain::PhoneNumberFilter f;
    WHARF_ASSIGN_OR_RETURN(auto pn, QueryString(req, "phone_number_id", 64));
    WHARF_ASSIGN_OR_RETURN(auto waba, QueryString(req, "business_account_id", 64));
    WHARF_ASSIGN_OR_RETURN(auto customer, QueryString(req, "customer_id", 64));
    f.phone_number_id = pn ? std::optional(PhoneNumberId(*pn)) : std::nullopt;
    f.business_account_id = waba ? std::optional(BusinessAccountId(*waba)) : std::nullopt;
    f.customer_id = customer ? std::optional(CustomerId(*customer)) : std::nullopt;
    WHARF_ASSIGN_OR_RETURN(f.messaging_enabled, QueryBool(req, "messaging_enabled"));
    WHARF_ASSIGN_OR_RETURN(f.name_contains, QueryString(req, "name_contains"));
    WHARF_ASSIGN_OR_RETURN(f.created_after, QueryTimestamp(req, "created_after"));
    WHARF_ASSIGN_OR_RETURN(f.created_before, QueryTimestamp(req, "created_before"));
    WHARF_ASSIGN_OR_RETURN(auto page, ParsePageRequest(req));
    WHARF_ASSIGN_OR_RETURN(auto result, numbers_.List(ctx.Project(), f, page));
    boost::json::array data;
    for (const auto& n : result.items) {
        data.push_back(PhoneNumberToJson(n));
    }
    return RenderPage(std::move(data), page, result.total_count, req);
}

Result<http::Response> PhoneNumbersHandler::Get(const http::Request&,
                                                http::RequestContext& ctx) const {
    WHARF_ASSIGN_OR_RETURN(auto id, PhoneNumberIdParam(ctx));
    WHARF_ASSIGN_OR_RETURN(auto n, numbers_.Get(ctx.Project(), id));
    return DataResponse(200, PhoneNumberToJson(n));
}

Result<http::Response> PhoneNumbersHandler::Update(const http::Request& req,
                                                   http::RequestContext& ctx) const {
    WHARF_ASSIGN_OR_RETURN(auto id, PhoneNumberIdParam(ctx));
    WHARF_ASSIGN_OR_RETURN(auto body, json::Parse(req.body));
    WHARF_ASSIGN_OR_RETURN(auto patch, ParsePhoneNumberPatch(body));
    WHARF_ASSIGN_OR_RETURN(auto n, numbers_.Update(ctx.Project(), id, patch));
    return DataResponse(200, PhoneNumberToJson(n));
}

Result<http::Response> PhoneNumbersHandler::Delete(const http::Request&,
                                                   http::RequestContext& ctx) const {
    WHARF_ASSIGN_OR_RETURN(auto id, PhoneNumberIdParam(ctx));
    WHARF_TRY(numbers_.Delete(ctx.Project(), id));
    return http::Response::NoContent();
}

Result<http::Response> PhoneNumbersHandler::Health(const http::Request&,
                                                   http::RequestContext& ctx) const {
    WHARF_ASSIGN_OR_RETURN(auto id, PhoneNumberIdParam(ctx));
    WHARF_ASSIGN_OR_RETURN(auto h, numbers_.Health(ctx.Project(), id));
    return JsonResponse(200, HealthToJson(h.first, h.second, clock_.Now()));
}

}  // namespace wharf::api
