#pragma once

#include "api/common/handler_adapter.h"
#include "base/result.h"
#include "http/router.h"
#include "service/messaging_service.h"

namespace wharf::api {

// POST /{phone_number_id}/messages: every Meta send type and mark-as-read, answered in Meta's
// shape ({"messaging_product","contacts","messages"} or {"success":true}).
class MessagesHandler {
public:
    explicit MessagesHandler(service::MessagingService& messaging) : messaging_(messaging) {}

    Result<http::Response> Send(const http::Request& req, http::RequestContext& ctx) const;
    // Send on the event loop, for a message the store can take without blocking it
    // (MessagingService::SendAsync); false: Send answers instead.
    bool SendAsync(const http::Request& req, http::RequestContext& ctx,
                   const ResultReply& reply) const;

private:
    service::MessagingService& messaging_;
};

}  // namespace wharf::api
