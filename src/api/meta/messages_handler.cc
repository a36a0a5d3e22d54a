#include "api/meta/messages_handler.h"

#include "api/common/handler_adapter.h"
#include "api/meta/meta_phone_numbers_handler.h"
#include "domain/phone_number/phone_number_rules.h"

namespace wharf::api {

namespace bj = boost::json;

Result<http::Response> MessagesHandler::Send(const http::Request& req,
                                             http::RequestContext& ctx) const {
    std::string number(ctx.Param("phone_number_id"));
    if (!domain::IsMetaId(number)) {
        return Fail(GraphObjectNotFound(number));
    }
    WHARF_ASSIGN_OR_RETURN(auto body, json::Parse(req.body));
    WHARF_ASSIGN_OR_RETURN(auto result,
                           messaging_.Send(ctx.Project(), PhoneNumberId(number), body));
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

}  // namespace wharf::api
