#include "api/meta/templates_handler.h"

#include <variant>

#include "api/common/handler_adapter.h"
#include "api/common/keyset_cursor.h"
#include "api/json/template_json.h"
#include "api/meta/meta_phone_numbers_handler.h"
#include "base/json.h"
#include "domain/phone_number/phone_number_rules.h"
#include "domain/template/template.h"

namespace wharf::api {
namespace {

namespace bj = boost::json;

Result<BusinessAccountId> WabaParam(const http::RequestContext& ctx) {
    std::string waba(ctx.Param("waba_id"));
    if (!domain::IsMetaId(waba)) {
        return Fail(GraphObjectNotFound(waba));
    }
    return BusinessAccountId(waba);
}

Result<std::string> TemplateIdOf(const std::string& id) {
    if (!domain::IsMetaId(id)) {
        return Fail(GraphObjectNotFound(id));
    }
    return id;
}

// The service's kNotFound as Graph's object-not-found, naming the missing WABA or template.
template <class T>
Result<T> GraphNotFound(Result<T> r, std::string_view waba, std::string_view id) {
    if (r || r.error().code != ErrorCode::kNotFound || r.error().graph) {
        return r;
    }
    return Fail(GraphObjectNotFound(r.error().field == "waba_id" ? waba : id));
}

// Graph answers HTTP 400 for a duplicate name and language (100/2388024) and for an unknown name
// to delete (100/2593002); the service's kAlreadyExists and kNotFound would render as 409 and 404.
// Only the service's own errors (they name a field); Meta's keep the status Meta gave them.
template <class T>
Result<T> AsGraphAnswers(Result<T> r) {
    if (!r && r.error().field && r.error().graph && r.error().graph->code == 100 &&
        (r.error().graph->subcode == 2388024 || r.error().graph->subcode == 2593002)) {
        r.error().code = ErrorCode::kInvalidArgument;
    }
    return r;
}

Result<bj::object> BodyObject(const http::Request& req) {
    WHARF_ASSIGN_OR_RETURN(auto body, json::Parse(req.body));
    if (!body.is_object()) {
        return Fail(Error::InvalidArgument("The request body must be a JSON object")
                        .WithGraph(100, "body must be a JSON object"));
    }
    return std::move(body.as_object());
}

Result<domain::TemplateFilter> ParseFilter(const http::Request& req) {
    domain::TemplateFilter f;
    f.name = req.Query("name");
    f.language = req.Query("language");
    if (auto s = req.Query("status")) {
        f.status = domain::ParseTemplateStatus(*s);
        if (!f.status) {
            return Fail(Error::InvalidArgument("Param status must be one of {APPROVED, PENDING, "
                                               "REJECTED, PAUSED, DISABLED, ...}: " +
                                               *s)
                            .WithField("status")
                            .WithGraph(100, "unknown status"));
        }
    }
    if (auto c = req.Query("category")) {
        f.category = domain::ParseTemplateCategory(*c);
        if (!f.category) {
            return Fail(
                Error::InvalidArgument(
                    "Param category must be one of {AUTHENTICATION, MARKETING, UTILITY}: " + *c)
                    .WithField("category")
                    .WithGraph(100, "unknown category"));
        }
    }
    return f;
}

http::Response Success() {
    return JsonResponse(200, bj::object{{"success", true}});
}

// A Meta WABA's answer exactly as Graph gave it, or the local result rendered by `local`.
template <class T, class RenderLocal>
http::Response Render(service::TemplateAnswer<T>& answer, RenderLocal local) {
    if (auto* meta = std::get_if<service::MetaAnswer>(&answer)) {
        return http::Response::Json(200, std::move(meta->body));
    }
    return local(std::get<T>(answer));
}

}  // namespace

Result<http::Response> MetaTemplatesHandler::List(const http::Request& req,
                                                  http::RequestContext& ctx) const {
    WHARF_ASSIGN_OR_RETURN(auto waba, WabaParam(ctx));
    // Parsed for the local store; a Meta WABA gets the query as sent (its cursors are Meta's).
    service::TemplateListRequest request{req.query, ParseFilter(req), ParseKeysetRequest(req)};
    WHARF_ASSIGN_OR_RETURN(auto result, GraphNotFound(templates_.List(ctx.Project(), waba, request),
                                                      waba.value(), waba.value()));
    auto fields = req.Query("fields");
    return Render(result, [&](const domain::KeysetPage<domain::TemplateRecord>& page) {
        auto render = [&](const domain::TemplateRecord& t) {
            return TemplateToGraphJson(t, fields);
        };
        return JsonResponse(200, KeysetListBody(page, render, TemplateKeyset));
    });
}

Result<http::Response> MetaTemplatesHandler::CreateOrUpdate(const http::Request& req,
                                                            http::RequestContext& ctx) const {
    WHARF_ASSIGN_OR_RETURN(auto waba, WabaParam(ctx));
    if (auto hsm_id = req.Query("hsm_id")) {
        WHARF_ASSIGN_OR_RETURN(auto id, TemplateIdOf(*hsm_id));
        return DoUpdate(req, ctx, waba, id);
    }
    WHARF_ASSIGN_OR_RETURN(auto body, BodyObject(req));
    WHARF_ASSIGN_OR_RETURN(
        auto created, AsGraphAnswers(GraphNotFound(templates_.Create(ctx.Project(), waba, body),
                                                   waba.value(), waba.value())));
    return Render(created, [](const domain::TemplateRecord& t) {
        return JsonResponse(200, bj::object{{"id", t.tmpl.id},
                                            {"status", domain::ToString(t.tmpl.status)},
                                            {"category", domain::ToString(t.tmpl.category)}});
    });
}

Result<http::Response> MetaTemplatesHandler::Update(const http::Request& req,
                                                    http::RequestContext& ctx) const {
    WHARF_ASSIGN_OR_RETURN(auto waba, WabaParam(ctx));
    auto hsm_id = req.Query("hsm_id");
    if (!hsm_id) {
        return Fail(Error::InvalidArgument("hsm_id is required")
                        .WithField("hsm_id")
                        .WithGraph(100, "hsm_id is required"));
    }
    WHARF_ASSIGN_OR_RETURN(auto id, TemplateIdOf(*hsm_id));
    return DoUpdate(req, ctx, waba, id);
}

Result<http::Response> MetaTemplatesHandler::DoUpdate(const http::Request& req,
                                                      http::RequestContext& ctx,
                                                      const std::optional<BusinessAccountId>& waba,
                                                      const std::string& id) const {
    WHARF_ASSIGN_OR_RETURN(auto body, BodyObject(req));
    WHARF_ASSIGN_OR_RETURN(auto updated,
                           GraphNotFound(templates_.Update(ctx.Project(), waba, id, body),
                                         waba ? waba->value() : id, id));
    return Render(updated, [](const domain::TemplateRecord&) { return Success(); });
}

Result<http::Response> MetaTemplatesHandler::Delete(const http::Request& req,
                                                    http::RequestContext& ctx) const {
    WHARF_ASSIGN_OR_RETURN(auto waba, WabaParam(ctx));
    service::TemplateDeletion what{req.Query("name"), req.Query("hsm_id"), req.Query("language")};
    std::string id = what.hsm_id.value_or("");
    if (what.hsm_id) {
        WHARF_TRY(TemplateIdOf(*what.hsm_id));
    }
    WHARF_ASSIGN_OR_RETURN(
        auto deleted, AsGraphAnswers(GraphNotFound(templates_.Delete(ctx.Project(), waba, what),
                                                   waba.value(), id)));
    return Render(deleted, [](int) { return Success(); });
}

Result<http::Response> MetaTemplatesHandler::Get(const http::Request& req,
                                                 http::RequestContext& ctx) const {
    WHARF_ASSIGN_OR_RETURN(auto waba, WabaParam(ctx));
    WHARF_ASSIGN_OR_RETURN(auto id, TemplateIdOf(std::string(ctx.Param("template_id"))));
    WHARF_ASSIGN_OR_RETURN(auto t, GraphNotFound(templates_.Get(ctx.Project(), waba, id, req.query),
                                                 waba.value(), id));
    return Render(t, [&](const domain::TemplateRecord& local) {
        return JsonResponse(200, TemplateToGraphJson(local, req.Query("fields")));
    });
}

Result<http::Response> MetaTemplatesHandler::GetNode(const http::Request& req,
                                                     http::RequestContext& ctx) const {
    WHARF_ASSIGN_OR_RETURN(auto id, TemplateIdOf(std::string(ctx.Param("id"))));
    WHARF_ASSIGN_OR_RETURN(
        auto t, GraphNotFound(templates_.Get(ctx.Project(), std::nullopt, id, req.query), id, id));
    return Render(t, [&](const domain::TemplateRecord& local) {
        return JsonResponse(200, TemplateToGraphJson(local, req.Query("fields")));
    });
}

Result<http::Response> MetaTemplatesHandler::UpdateNode(const http::Request& req,
                                                        http::RequestContext& ctx) const {
    WHARF_ASSIGN_OR_RETURN(auto id, TemplateIdOf(std::string(ctx.Param("id"))));
    return DoUpdate(req, ctx, std::nullopt, id);
}

}  // namespace wharf::api
