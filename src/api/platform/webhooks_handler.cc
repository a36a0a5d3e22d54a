#include "api/platform/webhooks_handler.h"

#include "api/common/handler_adapter.h"
#include "api/common/pagination.h"
#include "api/common/query_params.h"
#include "api/json/webhook_json.h"
#include "api/platform/phone_numbers_handler.h"
#include "base/random.h"

namespace wharf::api {
namespace {
namespace bj = boost::json;

// The phone number of a /phone_numbers/{phone_number_id}/webhooks path, nullopt elsewhere.
Result<std::optional<PhoneNumberId>> Scope(const http::RequestContext& ctx) {
    if (ctx.Param("phone_number_id").empty()) {
        return std::optional<PhoneNumberId>();
    }
    WHARF_ASSIGN_OR_RETURN(auto pn, PhoneNumberIdParam(ctx));
    return std::optional<PhoneNumberId>(pn);
}

Result<WebhookId> WebhookIdParam(const http::RequestContext& ctx) {
    std::string id(ctx.Param("webhook_id"));
    if (!IsUuid(id)) {
        return Fail(Error::NotFound("webhook not found"));
    }
    return WebhookId(id);
}

Result<WebhookDeliveryId> DeliveryIdParam(const http::RequestContext& ctx) {
    std::string id(ctx.Param("delivery_id"));
    if (!IsUuid(id)) {
        return Fail(Error::NotFound("webhook delivery not found"));
    }
    return WebhookDeliveryId(id);
}

Result<std::optional<domain::WebhookKind>> KindQuery(const http::Request& req) {
    auto kind = req.Query("kind");
    std::string k = kind ? std::string(*kind) : std::string();
    if (k.empty()) {
        return std::optional<domain::WebhookKind>();
    }
    if (k == "kapso") {
        return std::optional<domain::WebhookKind>(domain::WebhookKind::kKapso);
    }
    if (k == "meta") {
        return std::optional<domain::WebhookKind>(domain::WebhookKind::kMeta);
    }
    return Fail(Error::InvalidArgument("kind must be kapso or meta"));
}

}  // namespace

Result<http::Response> WebhooksHandler::Create(const http::Request& req,
                                               http::RequestContext& ctx) const {
    WHARF_ASSIGN_OR_RETURN(auto scope, Scope(ctx));
    WHARF_ASSIGN_OR_RETURN(auto body, json::Parse(req.body));
    WHARF_ASSIGN_OR_RETURN(auto in, ParseWebhookInput(body));
    WHARF_ASSIGN_OR_RETURN(auto w, webhooks_.Create(ctx.Project(), scope, in));
    return DataResponse(201, WebhookToJson(w));
}

Result<http::Response> WebhooksHandler::List(const http::Request& req,
                                             http::RequestContext& ctx) const {
    WHARF_ASSIGN_OR_RETURN(auto scope, Scope(ctx));
    store::WebhookFilter f;
    WHARF_ASSIGN_OR_RETURN(f.kind, KindQuery(req));
    WHARF_ASSIGN_OR_RETURN(f.active, QueryBool(req, "active"));
    WHARF_ASSIGN_OR_RETURN(f.url_contains, QueryString(req, "url_contains"));
    WHARF_ASSIGN_OR_RETURN(f.created_after, QueryTimestamp(req, "created_after"));
    WHARF_ASSIGN_OR_RETURN(f.created_before, QueryTimestamp(req, "created_before"));
    WHARF_ASSIGN_OR_RETURN(auto page, ParsePageRequest(req));
    WHARF_ASSIGN_OR_RETURN(auto result, webhooks_.List(ctx.Project(), scope, f, page));
    bj::array data;
    for (const auto& w : result.items) {
        data.push_back(WebhookToJson(w));
    }
    return RenderPage(std::move(data), page, result.total_count, req);
}

Result<http::Response> WebhooksHandler::Get(const http::Request&, http::RequestContext& ctx) const {
    WHARF_ASSIGN_OR_RETURN(auto scope, Scope(ctx));
    WHARF_ASSIGN_OR_RETURN(auto id, WebhookIdParam(ctx));
    WHARF_ASSIGN_OR_RETURN(auto w, webhooks_.Get(ctx.Project(), scope, id));
    return DataResponse(200, WebhookToJson(w));
}

Result<http::Response> WebhooksHandler::Update(const http::Request& req,
                                               http::RequestContext& ctx) const {
    WHARF_ASSIGN_OR_RETURN(auto scope, Scope(ctx));
    WHARF_ASSIGN_OR_RETURN(auto id, WebhookIdParam(ctx));
    WHARF_ASSIGN_OR_RETURN(auto body, json::Parse(req.body));
    WHARF_ASSIGN_OR_RETURN(auto in, ParseWebhookInput(body));
    WHARF_ASSIGN_OR_RETURN(auto w, webhooks_.Update(ctx.Project(), scope, id, in));
    return DataResponse(200, WebhookToJson(w));
}

Result<http::Response> WebhooksHandler::Delete(const http::Request&,
                                               http::RequestContext& ctx) const {
    WHARF_ASSIGN_OR_RETURN(auto scope, Scope(ctx));
    WHARF_ASSIGN_OR_RETURN(auto id, WebhookIdParam(ctx));
    WHARF_TRY(webhooks_.Delete(ctx.Project(), scope, id));
    return http::Response::NoContent();
}

Result<http::Response> WebhooksHandler::Test(const http::Request& req,
                                             http::RequestContext& ctx) const {
    WHARF_ASSIGN_OR_RETURN(auto id, WebhookIdParam(ctx));
    WHARF_ASSIGN_OR_RETURN(auto event_type, QueryString(req, "event_type", 64));
    if (!event_type) {
        WHARF_ASSIGN_OR_RETURN(auto body, json::Parse(req.body));
        if (body.is_object()) {
            json::ObjectReader r(body.as_object(), "");
            WHARF_ASSIGN_OR_RETURN(auto f, r.String("event_type", 64));
            event_type = f.AsOptional();
        }
    }
    WHARF_ASSIGN_OR_RETURN(auto delivery, webhooks_.Test(ctx.Project(), id, event_type));
    return DataResponse(200, bj::object{{"success", true}, {"delivery_id", delivery.value()}});
}

Result<http::Response> WebhooksHandler::RetryDead(const http::Request&,
                                                  http::RequestContext& ctx) const {
    WHARF_ASSIGN_OR_RETURN(auto id, WebhookIdParam(ctx));
    WHARF_ASSIGN_OR_RETURN(auto n, webhooks_.RetryDeadDeliveries(ctx.Project(), id));
    return DataResponse(202, bj::object{{"requeued", n}});
}

Result<http::Response> WebhooksHandler::ListDeliveries(const http::Request& req,
                                                       http::RequestContext& ctx) const {
    domain::DeliveryFilter f;
    WHARF_ASSIGN_OR_RETURN(auto status, QueryString(req, "status"));
    if (status) {
        f.status = domain::ParseDeliveryStatus(*status);
        if (!f.status) {
            return Fail(Error::InvalidArgument("status must be pending, delivered or failed"));
        }
    }
    WHARF_ASSIGN_OR_RETURN(f.event, QueryString(req, "event", 64));
    WHARF_ASSIGN_OR_RETURN(auto webhook, QueryString(req, "webhook_id", 64));
    if (webhook) {
        f.webhook_id = WebhookId(*webhook);
    }
    WHARF_ASSIGN_OR_RETURN(auto errors_only, QueryBool(req, "errors_only"));
    f.errors_only = errors_only.value_or(false);
    WHARF_ASSIGN_OR_RETURN(auto period, QueryString(req, "period"));
    std::chrono::hours window(24);
    if (period) {
        if (*period == "7d") {
            window = std::chrono::hours(24 * 7);
        } else if (*period == "30d") {
            window = std::chrono::hours(24 * 30);
        } else if (*period != "24h") {
            return Fail(Error::InvalidArgument("period must be 24h, 7d or 30d"));
        }
    }
    f.since = webhooks_.clock().Now() - window;
    WHARF_ASSIGN_OR_RETURN(auto paging, ParseCursorRequest(req));
    auto seq_of = [](const Cursor& c) -> Result<std::int64_t> {
        try {
            return std::stoll(c.key);
        } catch (...) {
            return Fail(Error::InvalidArgument("invalid pagination cursor"));
        }
    };
    std::optional<std::int64_t> older, newer;
    if (paging.after) {
        WHARF_ASSIGN_OR_RETURN(older, seq_of(*paging.after));
    }
    if (paging.before) {
        WHARF_ASSIGN_OR_RETURN(newer, seq_of(*paging.before));
    }
    WHARF_ASSIGN_OR_RETURN(auto page,
                           webhooks_.ListDeliveries(ctx.Project(), f, paging.limit, older, newer));
    bj::array data;
    for (const auto& d : page.items) {
        data.push_back(DeliveryToJson(d));
    }
    std::optional<std::string> before, after;
    if (!page.items.empty()) {
        if (page.has_newer) {
            const auto& d = page.items.front();
            before = EncodeCursor(Cursor{std::to_string(d.seq), d.id.value()});
        }
        if (page.has_older) {
            const auto& d = page.items.back();
            after = EncodeCursor(Cursor{std::to_string(d.seq), d.id.value()});
        }
    }
    return JsonResponse(
        200, bj::object{{"data", std::move(data)}, {"paging", PagingObject(before, after)}});
}

Result<http::Response> WebhooksHandler::GetDelivery(const http::Request&,
                                                    http::RequestContext& ctx) const {
    WHARF_ASSIGN_OR_RETURN(auto id, DeliveryIdParam(ctx));
    WHARF_ASSIGN_OR_RETURN(auto v, webhooks_.GetDelivery(ctx.Project(), id));
    return DataResponse(200, DeliveryDetailToJson(v));
}

Result<http::Response> WebhooksHandler::RetryDelivery(const http::Request&,
                                                      http::RequestContext& ctx) const {
    WHARF_ASSIGN_OR_RETURN(auto id, DeliveryIdParam(ctx));
    WHARF_ASSIGN_OR_RETURN(auto d, webhooks_.RetryDelivery(ctx.Project(), id));
    return DataResponse(202, DeliveryToJson(d));
}

}  // namespace wharf::api
