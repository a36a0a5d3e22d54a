#include "api/meta/messages_handler.h"

#include "api/common/handler_adapter.h"
#include "api/meta/meta_phone_numbers_handler.h"
#include "domain/phone_number/phone_number_rules.h"

namespace wharf::api {

namespace bj = boost::json;

namespace {

// Meta's answer to a send, or to a mark-as-read.
http::Response SendResponse(const std::variant<service::SendReceipt, bool>& result) {
    if (std::holds_alternative<bool>(result)) {
        return JsonResponse(200, bj::object{{"success", true}});
    }
    const auto& r = std::get<service::SendReceipt>(result);
    bj::object message{{"id", r.wamid}};
    if (r.message_status) {
        message["message_status"] = *r.message_status;
    }
    return JsonResponse(
        200,
        bj::object{{"messaging_product", "whatsapp"},
                   {"contacts", bj::array{bj::object{{"input", r.to_input}, {"wa_id", r.wa_id}}}},
                   {"messages", bj::array{std::move(message)}}});
}

}  // namespace

Result<http::Response> MessagesHandler::Send(const http::Request& req,
                                             http::RequestContext& ctx) const {
    std::string number(ctx.Param("phone_number_id"));
    if (!domain::IsMetaId(number)) {
        return Fail(GraphObjectNotFound(number));
    }
    WHARF_ASSIGN_OR_RETURN(auto body, json::Parse(req.body));
    WHARF_ASSIGN_OR_RETURN(auto result,
                           messaging_.Send(ctx.Project(), PhoneNumberId(number), body));
    return SendResponse(result);
}

bool MessagesHandler::SendAsync(const http::Request& req, http::RequestContext& ctx,
                                const ResultReply& reply) const {
    std::string number(ctx.Param("phone_number_id"));
    if (!domain::IsMetaId(number)) {
        reply(Fail(GraphObjectNotFound(number)));
        return true;
    }
    auto body = json::Parse(req.body);
    if (!body) {
        reply(Fail(std::move(body).error()));
        return true;
    }
    return messaging_.SendAsync(ctx.Project(), PhoneNumberId(number), *body,
                                [reply](service::MessagingService::SendResult r) {
                                    if (!r) {
                                        reply(Fail(std::move(r).error()));
                                        return;
                                    }
                                    reply(SendResponse(*r));
                                });
}

}  // namespace wharf::api
