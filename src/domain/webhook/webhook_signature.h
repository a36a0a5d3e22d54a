#pragma once

#include <string>
#include <string_view>

namespace wharf::domain {

// X-Webhook-Signature: lower-case hex HMAC-SHA256 of the exact body bytes, keyed by the
// webhook's secret. Pure.
std::string WebhookSignature(std::string_view secret, std::string_view body);
// Constant-time check of a received signature (what a receiver does; used by tests and tools).
bool VerifyWebhookSignature(std::string_view secret, std::string_view body,
                            std::string_view signature);
// X-Idempotency-Key of a meta-kind delivery: hex SHA-256 of the raw payload.
std::string MetaIdempotencyKey(std::string_view payload);

}  // namespace wharf::domain
