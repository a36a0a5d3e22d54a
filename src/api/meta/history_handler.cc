#include "api/meta/history_handler.h"

#include "api/common/handler_adapter.h"
#include "api/common/keyset_cursor.h"
#include "api/json/contact_json.h"
#include "api/json/conversation_json.h"
#include "api/json/message_json.h"
#include "api/meta/meta_phone_numbers_handler.h"
#include "base/json.h"
#include "base/random.h"
#include "domain/phone_number/phone_number_rules.h"

namespace wharf::api {
namespace {

namespace bj = boost::json;
constexpr HistorySurface kSurface = HistorySurface::kMetaProxy;

// The {phone_number_id} scope of a path, when it has one.
Result<service::HistoryScope> ScopeParam(const http::RequestContext& ctx) {
    std::string number(ctx.Param("phone_number_id"));
    if (number.empty()) {
        return service::HistoryScope{};
    }
    if (!domain::IsMetaId(number)) {
        return Fail(GraphObjectNotFound(number));
    }
    return service::HistoryScope{PhoneNumberId(number)};
}

Result<ConversationId> ConversationParam(const http::RequestContext& ctx) {
    std::string id(ctx.Param("conversation_id"));
    if (!IsUuid(id)) {
        return Fail(GraphObjectNotFound(id));
    }
    return ConversationId(id);
}

// The service's kNotFound as Graph's object-not-found, naming the number when that was missing
// and `id` otherwise.
template <class T>
Result<T> GraphNotFound(Result<T> r, const http::RequestContext& ctx, std::string_view id) {
    if (r || r.error().code != ErrorCode::kNotFound) {
        return r;
    }
    if (r.error().field == "phone_number_id") {
        return Fail(GraphObjectNotFound(ctx.Param("phone_number_id")));
    }
    return Fail(GraphObjectNotFound(id));
}

http::Response Success() {
    return JsonResponse(200, bj::object{{"success", true}});
}

}  // namespace

Result<http::Response> MetaHistoryHandler::ListMessages(const http::Request& req,
                                                        http::RequestContext& ctx) const {
    WHARF_ASSIGN_OR_RETURN(auto scope, ScopeParam(ctx));
    WHARF_ASSIGN_OR_RETURN(auto query, ParseMessageQuery(req, kSurface));
    WHARF_ASSIGN_OR_RETURN(auto fields, KapsoFields::Parse(req.Query("fields")));
    WHARF_ASSIGN_OR_RETURN(auto page, ParseKeysetRequest(req));
    WHARF_ASSIGN_OR_RETURN(
        auto result, GraphNotFound(history_.ListMessages(ctx.Project(), scope, query, page), ctx,
                                   ctx.Param("phone_number_id")));
    auto render = [&](const service::MessageView& v) { return MessageToJson(v, fields, kSurface); };
    return JsonResponse(200, KeysetListBody(result, render, MessageKeyset));
}

Result<http::Response> MetaHistoryHandler::GetMessage(const http::Request& req,
                                                      http::RequestContext& ctx) const {
    WHARF_ASSIGN_OR_RETURN(auto scope, ScopeParam(ctx));
    std::string wamid(ctx.Param("message_id"));
    WHARF_ASSIGN_OR_RETURN(auto fields, KapsoFields::Parse(req.Query("fields")));
    WHARF_ASSIGN_OR_RETURN(
        auto v, GraphNotFound(history_.GetMessage(ctx.Project(), scope, wamid), ctx, wamid));
    return JsonResponse(200, MessageToJson(v, fields, kSurface));
}

Result<http::Response> MetaHistoryHandler::ListConversations(const http::Request& req,
                                                             http::RequestContext& ctx) const {
    WHARF_ASSIGN_OR_RETURN(auto scope, ScopeParam(ctx));
    WHARF_ASSIGN_OR_RETURN(auto filter, ParseConversationQuery(req, kSurface));
    WHARF_ASSIGN_OR_RETURN(auto fields, KapsoFields::Parse(req.Query("fields")));
    WHARF_ASSIGN_OR_RETURN(auto page, ParseKeysetRequest(req));
    WHARF_ASSIGN_OR_RETURN(
        auto result, GraphNotFound(history_.ListConversations(ctx.Project(), scope, filter, page),
                                   ctx, ctx.Param("phone_number_id")));
    auto render = [&](const service::ConversationView& v) { return ConversationToJson(v, fields); };
    return JsonResponse(200, KeysetListBody(result, render, ConversationKeyset));
}

Result<http::Response> MetaHistoryHandler::GetConversation(const http::Request& req,
                                                           http::RequestContext& ctx) const {
    WHARF_ASSIGN_OR_RETURN(auto scope, ScopeParam(ctx));
    WHARF_ASSIGN_OR_RETURN(auto id, ConversationParam(ctx));
    WHARF_ASSIGN_OR_RETURN(auto fields, KapsoFields::Parse(req.Query("fields")));
    WHARF_ASSIGN_OR_RETURN(
        auto v, GraphNotFound(history_.GetConversation(ctx.Project(), scope, id), ctx, id.value()));
    return JsonResponse(200, ConversationToJson(v, fields));
}

Result<http::Response> MetaHistoryHandler::UpdateConversation(const http::Request& req,
                                                              http::RequestContext& ctx) const {
    WHARF_ASSIGN_OR_RETURN(auto id, ConversationParam(ctx));
    WHARF_ASSIGN_OR_RETURN(auto body, json::Parse(req.body));
    WHARF_ASSIGN_OR_RETURN(auto status, ParseConversationStatusBody(body, kSurface));
    WHARF_TRY(
        GraphNotFound(history_.SetConversationStatus(ctx.Project(), id, status), ctx, id.value()));
    return Success();
}

Result<http::Response> MetaHistoryHandler::ListContacts(const http::Request& req,
                                                        http::RequestContext& ctx) const {
    WHARF_ASSIGN_OR_RETURN(auto scope, ScopeParam(ctx));
    WHARF_ASSIGN_OR_RETURN(auto filter, ParseContactQuery(req, kSurface));
    WHARF_ASSIGN_OR_RETURN(auto page, ParseKeysetRequest(req));
    WHARF_ASSIGN_OR_RETURN(
        auto result, GraphNotFound(history_.ListContacts(ctx.Project(), scope, filter, page), ctx,
                                   ctx.Param("phone_number_id")));
    return JsonResponse(200, KeysetListBody(result, ContactToJson, ContactKeyset));
}

Result<http::Response> MetaHistoryHandler::GetContact(const http::Request&,
                                                      http::RequestContext& ctx) const {
    WHARF_ASSIGN_OR_RETURN(auto scope, ScopeParam(ctx));
    std::string wa_id(ctx.Param("wa_id"));
    WHARF_ASSIGN_OR_RETURN(
        auto c,
        GraphNotFound(history_.GetContact(ctx.Project(), {scope.number, wa_id}), ctx, wa_id));
    return JsonResponse(200, ContactToJson(c));
}

Result<http::Response> MetaHistoryHandler::UpdateContact(const http::Request& req,
                                                         http::RequestContext& ctx) const {
    WHARF_ASSIGN_OR_RETURN(auto scope, ScopeParam(ctx));
    std::string wa_id(ctx.Param("wa_id"));
    WHARF_ASSIGN_OR_RETURN(auto body, json::Parse(req.body));
    WHARF_ASSIGN_OR_RETURN(auto patch, ParseContactPatch(body, kSurface));
    WHARF_TRY(GraphNotFound(history_.UpdateContact(ctx.Project(), {scope.number, wa_id}, patch),
                            ctx, wa_id));
    return Success();
}

}  // namespace wharf::api
