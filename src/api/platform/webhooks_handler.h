#pragma once

#include "base/result.h"
#include "http/router.h"
#include "service/webhook_service.h"

namespace wharf::api {

// /platform/v1/whatsapp/webhooks[/{webhook_id}[/test|/deliveries/retry]] (project scope: every
// webhook of the project) and /platform/v1/whatsapp/phone_numbers/{phone_number_id}/webhooks[/
// {webhook_id}] (that number's webhooks), plus /platform/v1/webhook_deliveries[/{id}[/retry]].
// Parse, one service call, render.
class WebhooksHandler {
public:
    explicit WebhooksHandler(service::WebhookService& webhooks) : webhooks_(webhooks) {}

    Result<http::Response> Create(const http::Request& req, http::RequestContext& ctx) const;
    Result<http::Response> List(const http::Request& req, http::RequestContext& ctx) const;
    Result<http::Response> Get(const http::Request& req, http::RequestContext& ctx) const;
    Result<http::Response> Update(const http::Request& req, http::RequestContext& ctx) const;
    Result<http::Response> Delete(const http::Request& req, http::RequestContext& ctx) const;
    Result<http::Response> Test(const http::Request& req, http::RequestContext& ctx) const;
    Result<http::Response> RetryDead(const http::Request& req, http::RequestContext& ctx) const;

    Result<http::Response> ListDeliveries(const http::Request& req,
                                          http::RequestContext& ctx) const;
    Result<http::Response> GetDelivery(const http::Request& req, http::RequestContext& ctx) const;
    Result<http::Response> RetryDelivery(const http::Request& req, http::RequestContext& ctx) const;

private:
    service::WebhookService& webhooks_;
};

}  // namespace wharf::api
