#include "domain/webhook/webhook_signature.h"

#include "base/crypto.h"

namespace wharf::domain {

std::string WebhookSignature(std::string_view secret, std::string_view body) {
    return HmacSha256Hex(secret, body);
}

bool VerifyWebhookSignature(std::string_view secret, std::string_view body,
                            std::string_view signature) {
    return ConstantTimeEquals(WebhookSignature(secret, body), signature);
}

std::string MetaIdempotencyKey(std::string_view payload) {
    return Sha256Hex(payload);
}

}  // namespace wharf::domain
