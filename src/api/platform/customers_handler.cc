#include "api/platform/customers_handler.h"

#include "api/common/handler_adapter.h"
#include "api/common/pagination.h"
#include "api/common/query_params.h"
#include "api/json/customer_json.h"
#include "base/random.h"

namespace wharf::api {

Result<CustomerId> CustomerIdParam(const http::RequestContext& ctx) {
    std::string id(ctx.Param("customer_id"));
    if (!IsUuid(id)) {
        return Fail(Error::NotFound("customer not found"));
    }
    return CustomerId(id);
}

Result<http::Response> CustomersHandler::Create(const http::Request& req,
                                                http::RequestContext& ctx) const {
    WHARF_ASSIGN_OR_RETURN(auto body, json::Parse(req.body));
    WHARF_ASSIGN_OR_RETURN(auto in, ParseCustomerCreate(body));
    WHARF_ASSIGN_OR_RETURN(auto c, customers_.Create(ctx.Project(), in));
    return DataResponse(201, CustomerToJson(c));
}

Result<http::Response> CustomersHandler::List(const http::Request& req,
                                              http::RequestContext& ctx) const {
    domain::CustomerFilter f;
    WHARF_ASSIGN_OR_RETURN(f.name_contains, QueryString(req, "name_contains"));
    WHARF_ASSIGN_OR_RETURN(f.external_customer_id, QueryString(req, "external_customer_id"));
    WHARF_ASSIGN_OR_RETURN(f.created_after, QueryTimestamp(req, "created_after"));
    WHARF_ASSIGN_OR_RETURN(f.created_before, QueryTimestamp(req, "created_before"));
    WHARF_ASSIGN_OR_RETURN(auto page, ParsePageRequest(req));
    WHARF_ASSIGN_OR_RETURN(auto result, customers_.List(ctx.Project(), f, page));
    boost::json::array data;
    for (const auto& c : result.items) {
        data.push_back(CustomerToJson(c));
    }
    return RenderPage(std::move(data), page, result.total_count, req);
}

Result<http::Response> CustomersHandler::Get(const http::Request&,
                                             http::RequestContext& ctx) const {
    WHARF_ASSIGN_OR_RETURN(auto id, CustomerIdParam(ctx));
    WHARF_ASSIGN_OR_RETURN(auto c, customers_.Get(ctx.Project(), id));
    return DataResponse(200, CustomerToJson(c));
}

Result<http::Response> CustomersHandler::Update(const http::Request& req,
                                                http::RequestContext& ctx) const {
    WHARF_ASSIGN_OR_RETURN(auto id, CustomerIdParam(ctx));
    WHARF_ASSIGN_OR_RETURN(auto body, json::Parse(req.body));
    WHARF_ASSIGN_OR_RETURN(auto patch, ParseCustomerPatch(body));
    WHARF_ASSIGN_OR_RETURN(auto c, customers_.Update(ctx.Project(), id, patch));
    return DataResponse(200, CustomerToJson(c));
}

Result<http::Response> CustomersHandler::Delete(const http::Request&,
                                                http::RequestContext& ctx) const {
    WHARF_ASSIGN_OR_RETURN(auto id, CustomerIdParam(ctx));
    WHARF_TRY(customers_.Delete(ctx.Project(), id));
    return http::Response::NoContent();
}

}  // namespace wharf::api
