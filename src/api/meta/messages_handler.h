#pragma once

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

private:
    service::MessagingService& messaging_;
};

}  // namespace wharf::api
