#include "api/platform/setup_links_handler.h"

#include "api/common/handler_adapter.h"
#include "api/common/pagination.h"
#include "api/common/query_params.h"
#include "api/json/setup_link_json.h"
#include "api/platform/customers_handler.h"
#include "base/random.h"

namespace wharf::api {
namespace {
Result<SetupLinkId> LinkIdParam(const http::RequestContext& ctx) {
    std::string id(ctx.Param("setup_link_id"));
    if (!IsUuid(id)) {
        return Fail(Error::NotFound("setup link not found"));
    }
    return SetupLinkId(id);
}
}  // namespace

Result<http::Response> SetupLinksHandler::Create(const http::Request& req,
                                                 http::RequestContext& ctx) const {
    WHARF_ASSIGN_OR_RETURN(auto customer, CustomerIdParam(ctx));
    WHARF_ASSIGN_OR_RETURN(auto body, json::Parse(req.body));
    WHARF_ASSIGN_OR_RETURN(auto in, ParseSetupLinkCreate(body));
    WHARF_ASSIGN_OR_RETURN(auto created, links_.Create(ctx.Project(), customer, in));
    boost::json::object out = SetupLinkToJson(created.link, public_url_);
    out["token"] = created.token;
    return DataResponse(201, std::move(out));
}

Result<http::Response> SetupLinksHandler::List(const http::Request& req,
                                               http::RequestContext& ctx) const {
    WHARF_ASSIGN_OR_RETURN(auto customer, CustomerIdParam(ctx));
    domain::SetupLinkFilter f;
    WHARF_ASSIGN_OR_RETURN(auto status, QueryString(req, "status"));
    if (status) {
        f.status = domain::ParseSetupLinkStatus(*status);
        if (!f.status) {
            return Fail(Error::InvalidArgument("status must be active, used, expired or revoked")
                            .WithField("status"));
        }
    }
    WHARF_ASSIGN_OR_RETURN(f.created_after, QueryTimestamp(req, "created_after"));
    WHARF_ASSIGN_OR_RETURN(f.created_before, QueryTimestamp(req, "created_before"));
    WHARF_ASSIGN_OR_RETURN(auto page, ParsePageRequest(req));
    WHARF_ASSIGN_OR_RETURN(auto result, links_.List(ctx.Project(), customer, f, page));
    boost::json::array data;
    for (const auto& l : result.items) {
        data.push_back(SetupLinkToJson(l, public_url_));
    }
    return RenderPage(std::move(data), page, result.total_count, req);
}

Result<http::Response> SetupLinksHandler::Get(const http::Request&,
                                              http::RequestContext& ctx) const {
    WHARF_ASSIGN_OR_RETURN(auto customer, CustomerIdParam(ctx));
    WHARF_ASSIGN_OR_RETURN(auto id, LinkIdParam(ctx));
    WHARF_ASSIGN_OR_RETURN(auto link, links_.Get(ctx.Project(), customer, id));
    return DataResponse(200, SetupLinkToJson(link, public_url_));
}

Result<http::Response> SetupLinksHandler::Update(const http::Request& req,
                                                 http::RequestContext& ctx) const {
    WHARF_ASSIGN_OR_RETURN(auto customer, CustomerIdParam(ctx));
    WHARF_ASSIGN_OR_RETURN(auto id, LinkIdParam(ctx));
    WHARF_ASSIGN_OR_RETURN(auto body, json::Parse(req.body));
    WHARF_ASSIGN_OR_RETURN(auto patch, ParseSetupLinkPatch(body));
    WHARF_ASSIGN_OR_RETURN(auto link, links_.Update(ctx.Project(), customer, id, patch));
    return DataResponse(200, SetupLinkToJson(link, public_url_));
}

}  // namespace wharf::api
