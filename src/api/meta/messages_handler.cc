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

// The send's number (a Meta id, or Graph's 404) and its JSON body.
Result<std::pair<PhoneNumberId, bj::value>> SendInput(const http::Request& req,
                                                      const http::RequestContext& ctx) {
    std::string number(ctx.Param("phone_number_id"));
    if (!domain::IsMetaId(number)) {
        return Fail(GraphObjectNotFound(number));
    }
    WHARF_ASSIGN_OR_RETURN(auto body, json::Parse(req.body));
    return std::pair(PhoneNumberId(std::move(number)), std::move(body));
}

}  // namespace

Result<http::Response> MessagesHandler::Send(const http::Request& req,
                                             http::RequestContext& ctx) const {
    WHARF_ASSIGN_OR_RETURN(auto input, SendInput(req, ctx));
    WHARF_ASSIGN_OR_RETURN(auto result, messaging_.Send(ctx.Project(), input.first, input.second));
    return SendResponse(result);
}

bool MessagesHandler::SendAsync(const http::Request& req, http::RequestContext& ctx,
                                const ResultReply& reply) const {
    auto input = SendInput(req, ctx);
    if (!input) {
        reply(Fail(std::move(input).error()));
        return true;
    }
    return messaging_.SendAsync(ctx.Project(), input->first, input->second,
                                [reply](service::MessagingService::SendResult r) {
                                    if (!r) {
                                        reply(Fail(std::move(r).error()));
                                        return;
                                    }
                                    reply(SendResponse(*r));
                                });
}

}  // namespace wharf::api
