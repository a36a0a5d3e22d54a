#include "domain/webhook/webhook_signature.h"

#include <gtest/gtest.h>

namespace wharf::domain {
namespace {

TEST(WebhookSignatureTest, IsHexHmacSha256OfTheBody) {
    // RFC 4231 test case 2.
    EXPECT_EQ(WebhookSignature("Jefe", "what do ya want for nothing?"),
              "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    EXPECT_TRUE(VerifyWebhookSignature("Jefe", "what do ya want for nothing?",
                                       WebhookSignature("Jefe", "what do ya want for nothing?")));
    EXPECT_FALSE(VerifyWebhookSignature("Jefe", "what do ya want for nothing!",
                                        WebhookSignature("Jefe", "what do ya want for nothing?")));
    EXPECT_FALSE(VerifyWebhookSignature("other", "x", WebhookSignature("Jefe", "x")));
}

TEST(WebhookSignatureTest, MetaIdempotencyKeyIsSha256Hex) {
    EXPECT_EQ(MetaIdempotencyKey("abc"),
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace wharf::domain
