#pragma once

#include "base/result.h"
#include "http/router.h"
#include "service/messaging_service.h"

namespace wharf::api {

// /sandbox/v1: the sandbox network's own API. POST /phone_numbers/{id}/inbound makes a simulated
// user write to a number; the message then takes the path a Meta webhook's message would.
class SandboxHandler {
public:
    explicit SandboxHandler(service::MessagingService& messaging) : messaging_(messaging) {}

    Result<http::Response> Inbound(const http::Request& req, http::RequestContext& ctx) const;

private:
    service::MessagingService& messaging_;
};

}  // namespace wharf::api
