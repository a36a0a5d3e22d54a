#include "api/sandbox/sandbox_handler.h"

#include "api/common/handler_adapter.h"
#include "api/platform/phone_numbers_handler.h"

namespace wharf::api {

Result<http::Response> SandboxHandler::Inbound(const http::Request& req,
                                               http::RequestContext& ctx) const {
    WHARF_ASSIGN_OR_RETURN(auto number, PhoneNumberIdParam(ctx));
    WHARF_ASSIGN_OR_RETURN(auto body, json::Parse(req.body));
    WHARF_ASSIGN_OR_RETURN(auto wamid,
                           messaging_.ReceiveSandboxInbound(ctx.Project(), number, body));
    return DataResponse(200, boost::json::object{{"id", wamid}});
}

}  // namespace wharf::api
