#include "api/platform/history_handler.h"

#include "api/common/handler_adapter.h"
#include "api/common/keyset_cursor.h"
#include "api/json/contact_json.h"
#include "api/json/conversation_json.h"
#include "api/json/message_json.h"
#include "base/json.h"
#include "base/random.h"

namespace wharf::api {
namespace {

constexpr HistorySurface kSurface = HistorySurface::kPlatform;

Result<ConversationId> ConversationParam(const http::RequestContext& ctx) {
    std::string id(ctx.Param("conversation_id"));
    if (!IsUuid(id)) {
        return Fail(Error::NotFound("conversation not found"));
    }
    return ConversationId(id);
}

service::ContactRef ContactParam(const http::RequestContext& ctx) {
    return service::ContactRef{std::nullopt, std::string(ctx.Param("identifier"))};
}

}  // namespace

Result<http::Response> PlatformHistoryHandler::ListMessages(const http::Request& req,
                                                            http::RequestContext& ctx) const {
    WHARF_ASSIGN_OR_RETURN(auto query, ParseMessageQuery(req, kSurface));
    WHARF_ASSIGN_OR_RETURN(auto fields, KapsoFields::Parse(req.Query("fields")));
    WHARF_ASSIGN_OR_RETURN(auto page, ParseKeysetRequest(req));
    WHARF_ASSIGN_OR_RETURN(auto result, history_.ListMessages(ctx.Project(), {}, query, page));
    auto render = [&](const service::MessageView& v) { return MessageToJson(v, fields, kSurface); };
    return JsonResponse(200, KeysetListBody(result, render, MessageKeyset));
}

Result<http::Response> PlatformHistoryHandler::GetMessage(const http::Request& req,
                                                          http::RequestContext& ctx) const {
    WHARF_ASSIGN_OR_RETURN(auto fields, KapsoFields::Parse(req.Query("fields")));
    WHARF_ASSIGN_OR_RETURN(
        auto v, history_.GetMessage(ctx.Project(), {}, std::string(ctx.Param("message_id"))));
    return DataResponse(200, MessageToJson(v, fields, kSurface));
}

Result<http::Response> PlatformHistoryHandler::ListConversations(const http::Request& req,
                                                                 http::RequestContext& ctx) const {
    WHARF_ASSIGN_OR_RETURN(auto filter, ParseConversationQuery(req, kSurface));
    WHARF_ASSIGN_OR_RETURN(auto fields, KapsoFields::Parse(req.Query("fields")));
    WHARF_ASSIGN_OR_RETURN(auto page, ParseKeysetRequest(req));
    WHARF_ASSIGN_OR_RETURN(auto result,
                           history_.ListConversations(ctx.Project(), {}, filter, page));
    auto render = [&](const service::ConversationView& v) { return ConversationToJson(v, fields); };
    return JsonResponse(200, KeysetListBody(result, render, ConversationKeyset));
}

Result<http::Response> PlatformHistoryHandler::GetConversation(const http::Request& req,
                                                               http::RequestContext& ctx) const {
    WHARF_ASSIGN_OR_RETURN(auto id, ConversationParam(ctx));
    WHARF_ASSIGN_OR_RETURN(auto fields, KapsoFields::Parse(req.Query("fields")));
    WHARF_ASSIGN_OR_RETURN(auto v, history_.GetConversation(ctx.Project(), {}, id));
    return DataResponse(200, ConversationToJson(v, fields));
}

Result<http::Response> PlatformHistoryHandler::UpdateConversation(const http::Request& req,
                                                                  http::RequestContext& ctx) const {
    WHARF_ASSIGN_OR_RETURN(auto id, ConversationParam(ctx));
    WHARF_ASSIGN_OR_RETURN(auto body, json::Parse(req.body));
    WHARF_ASSIGN_OR_RETURN(auto status, ParseConversationStatusBody(body, kSurface));
    WHARF_ASSIGN_OR_RETURN(auto v, history_.SetConversationStatus(ctx.Project(), id, status));
    return DataResponse(200, ConversationToJson(v, KapsoFields::All()));
}

Result<http::Response> PlatformHistoryHandler::ListContacts(const http::Request& req,
                                                            http::RequestContext& ctx) const {
    WHARF_ASSIGN_OR_RETURN(auto filter, ParseContactQuery(req, kSurface));
    WHARF_ASSIGN_OR_RETURN(auto page, ParseKeysetRequest(req));
    WHARF_ASSIGN_OR_RETURN(auto result, history_.ListContacts(ctx.Project(), {}, filter, page));
    return JsonResponse(200, KeysetListBody(result, ContactToJson, ContactKeyset));
}

Result<http::Response> PlatformHistoryHandler::CreateContact(const http::Request& req,
                                                             http::RequestContext& ctx) const {
    WHARF_ASSIGN_OR_RETURN(auto body, json::Parse(req.body));
    WHARF_ASSIGN_OR_RETURN(auto in, ParseContactCreate(body));
    WHARF_ASSIGN_OR_RETURN(auto c, history_.CreateContact(ctx.Project(), in));
    return DataResponse(201, ContactToJson(c));
}

Result<http::Response> PlatformHistoryHandler::GetContact(const http::Request&,
                                                          http::RequestContext& ctx) const {
    WHARF_ASSIGN_OR_RETURN(auto c, history_.GetContact(ctx.Project(), ContactParam(ctx)));
    return DataResponse(200, ContactToJson(c));
}

Result<http::Response> PlatformHistoryHandler::UpdateContact(const http::Request& req,
                                                             http::RequestContext& ctx) const {
    WHARF_ASSIGN_OR_RETURN(auto body, json::Parse(req.body));
    WHARF_ASSIGN_OR_RETURN(auto patch, ParseContactPatch(body, kSurface));
    WHARF_ASSIGN_OR_RETURN(auto c, history_.UpdateContact(ctx.Project(), ContactParam(ctx), patch));
    return DataResponse(200, ContactToJson(c));
}

Result<http::Response> PlatformHistoryHandler::DeleteContact(const http::Request&,
                                                             http::RequestContext& ctx) const {
    WHARF_TRY(history_.DeleteContact(ctx.Project(), ContactParam(ctx)));
    return http::Response::NoContent();
}

}  // namespace wharf::api
