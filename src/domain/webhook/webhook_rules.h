#pragma once

#include <string>

#include "base/result.h"
#include "domain/webhook/webhook.h"

namespace wharf::domain {

// The webhook configuration rules (contract §2.3). Pure; every failure is kInvalidArgument with
// the offending field named ("whatsapp_webhook.<field>").

// True for events a project-scoped webhook may subscribe to (connection lifecycle, workflows).
bool IsProjectWebhookEvent(const std::string& event);
// True for events a phone-number webhook may subscribe to (message and conversation events).
bool IsPhoneNumberWebhookEvent(const std::string& event);

// Applies the fields present in `in` to `w` (a fresh Webhook with defaults when creating; kind
// and phone_number_id are only taken when `creating`, kind is immutable afterwards), checking
// each value's range, then the whole with ValidateWebhook.
Result<void> ApplyWebhookInput(Webhook& w, const WebhookInput& in, bool creating);

// The rules that involve several fields: url http(s); events non-empty and valid for the scope
// (kapso); meta kind only on a number, without events or buffering; ranges; custom headers.
Result<void> ValidateWebhook(const Webhook& w);

// A custom header is refused when it is hop-by-hop, framing (Host, Content-Length, ...) or one
// of the headers wharf sets itself (X-Webhook-*, X-Idempotency-Key, X-Batch-Size).
bool IsReservedWebhookHeader(std::string name);

}  // namespace wharf::domain
