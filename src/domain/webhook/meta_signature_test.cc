#include "domain/webhook/meta_signature.h"

#include <gtest/gtest.h>

#include "base/crypto.h"

namespace wharf::domain {
namespace {

TEST(MetaSignature, AcceptsOnlyTheHmacOfTheRawBytes) {
    std::string body = R"({"object":"whatsapp_business_account","entry":[]})";
    std::string good = "sha256=" + HmacSha256Hex("app-secret", body);
    EXPECT_TRUE(VerifyMetaSignature("app-secret", body, good));
    std::string upper = good;
    for (size_t i = 7; i < upper.size(); ++i) {
        upper[i] = static_cast<char>(std::toupper(static_cast<unsigned char>(upper[i])));
    }
    EXPECT_TRUE(VerifyMetaSignature("app-secret", body, upper));
    EXPECT_FALSE(VerifyMetaSignature("other-secret", body, good));
    EXPECT_FALSE(VerifyMetaSignature("app-secret", body + " ", good));      // re-serialised body
    EXPECT_FALSE(VerifyMetaSignature("app-secret", body, good.substr(7)));  // no prefix
    EXPECT_FALSE(VerifyMetaSignature("app-secret", body, "sha1=" + good.substr(7)));
    EXPECT_FALSE(VerifyMetaSignature("app-secret", body, ""));
    EXPECT_FALSE(VerifyMetaSignature("", body, "sha256=" + HmacSha256Hex("", body)));
}

}  // namespace
}  // namespace wharf::domain
