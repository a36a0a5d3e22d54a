#pragma once

#include <boost/json.hpp>

#include "base/result.h"
#include "domain/webhook/webhook.h"
#include "service/webhook_service.h"

namespace wharf::api {

// The WhatsappWebhook resource (contract §2.3) and its request body {"whatsapp_webhook":{...}};
// type errors name the field, the rules live in domain/webhook/webhook_rules.
boost::json::object WebhookToJson(const service::WebhookView& v);
Result<domain::WebhookInput> ParseWebhookInput(const boost::json::value& body);

// A webhook delivery (contract §2.7) plus wharf's extras (next_attempt_at, last_error,
// batch_size; attempts and idempotency_key when `detail`).
boost::json::object DeliveryToJson(const domain::WebhookDelivery& d);
boost::json::object DeliveryDetailToJson(const service::DeliveryView& v);

}  // namespace wharf::api
