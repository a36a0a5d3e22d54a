#include "api/meta/meta_phone_numbers_handler.h"

#include "api/common/handler_adapter.h"
#include "api/common/pagination.h"
#include "api/json/phone_number_json.h"

namespace wharf::api {

Error GraphObjectNotFound(std::string_view id) {
    Error e = Error::NotFound("Unsupported get request. Object with ID '" + std::string(id) +
                              "' does not exist, cannot be loaded due to missing permissions, or "
                              "does not support this operation");
    e.graph = GraphError{100, 33, "GraphMethodException", ""};
    return e;
}

Result<http::Response> MetaPhoneNumbersHandler::ListForWaba(const http::Request& req,
                                                            http::RequestContext& ctx) const {
    std::string waba(ctx.Param("waba_id"));
    if (!domain::IsMetaId(waba)) {
        return Fail(GraphObjectNotFound(waba));
    }
    WHARF_ASSIGN_OR_RETURN(auto numbers,
                           numbers_.ListByBusinessAccount(ctx.Project(), BusinessAccountId(waba)));
    if (numbers.empty()) {
        return Fail(GraphObjectNotFound(waba));
    }
    boost::json::array data;
    for (const auto& n : numbers) {
        data.push_back(PhoneNumberToGraphJson(n, req.Query("fields")));
    }
    return JsonResponse(200,
                        boost::json::object{{"data", std::move(data)},
                                            {"paging", PagingObject(std::nullopt, std::nullopt)}});
}

Result<http::Response> MetaPhoneNumbersHandler::GetNode(const http::Request& req,
                                                        http::RequestContext& ctx) const {
    std::string id(ctx.Param("id"));
    if (!domain::IsMetaId(id)) {
        return Fail(GraphObjectNotFound(id));
    }
    auto n = numbers_.Get(ctx.Project(), PhoneNumberId(id));
    if (!n) {
        if (n.error().code == ErrorCode::kNotFound) {
            return Fail(GraphObjectNotFound(id));
        }
        return Fail(std::move(n).error());
    }
    return JsonResponse(200, PhoneNumberToGraphJson(*n, req.Query("fields")));
}

}  // namespace wharf::api
