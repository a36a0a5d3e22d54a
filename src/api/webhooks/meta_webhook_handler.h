#pragma once

#include <string>

#include "http/router.h"
#include "service/messaging_service.h"

namespace wharf::api {

// GET/POST /webhooks/meta: Meta's webhook endpoint, in both upstream modes. GET answers the
// verification handshake (hub.mode=subscribe with the configured verify token: the challenge as
// text; anything else 403). POST checks X-Hub-Signature-256 over the raw body with the app
// secret (missing 401, wrong 403; nothing stored either way), then queues the payload durably and
// answers 200 at once.
class MetaWebhookHandler {
public:
    MetaWebhookHandler(service::MessagingService& messaging, std::string app_secret,
                       std::string verify_token)
        : messaging_(messaging),
          app_secret_(std::move(app_secret)),
          verify_token_(std::move(verify_token)) {}

    http::Response Verify(const http::Request& req, http::RequestContext& ctx) const;
    http::Response Receive(const http::Request& req, http::RequestContext& ctx) const;

private:
    service::MessagingService& messaging_;
    std::string app_secret_;
    std::string verify_token_;
};

}  // namespace wharf::api
