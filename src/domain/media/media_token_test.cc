#include "domain/media/media_token.h"

#include <vector>

#include <gtest/gtest.h>

namespace wharf::domain {
namespace {

const Timestamp kNow{std::chrono::seconds(1'800'000'000)};

MediaTokenClaims Claims() {
    return {ProjectId("p-1"), MediaId("1234567890123456"), kNow + std::chrono::minutes(5)};
}

TEST(MediaTokenTest, RoundTripsItsClaims) {
    std::string token = SignMediaToken(Claims(), "key");
    auto c = VerifyMediaToken(token, "key", kNow);
    ASSERT_TRUE(c) << c.error().message;
    EXPECT_EQ(c->project_id.value(), "p-1");
    EXPECT_EQ(c->media_id.value(), "1234567890123456");
    EXPECT_EQ(c->expires_at, kNow + std::chrono::minutes(5));
}

TEST(MediaTokenTest, TravelsInAUrlUnescaped) {
    std::string token = SignMediaToken(Claims(), "key");
    for (char ch : token) {
        EXPECT_TRUE(isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '_' || ch == '.')
            << token;
    }
}

TEST(MediaTokenTest, ExpiredIsNotFound) {
    std::string token = SignMediaToken(Claims(), "key");
    auto c = VerifyMediaToken(token, "key", kNow + std::chrono::minutes(5));
    ASSERT_FALSE(c);
    EXPECT_EQ(c.error().code, ErrorCode::kNotFound);
    EXPECT_TRUE(VerifyMediaToken(token, "key", kNow + std::chrono::seconds(299)));
}

TEST(MediaTokenTest, AnotherKeyOrATamperedPayloadIsRefused) {
    std::string token = SignMediaToken(Claims(), "key");
    EXPECT_FALSE(VerifyMediaToken(token, "other", kNow));
    MediaTokenClaims later = Claims();
    later.expires_at += std::chrono::hours(24);
    std::string forged = SignMediaToken(later, "attacker");
    // The attacker's payload with the original signature.
    std::string spliced = forged.substr(0, forged.find('.')) + token.substr(token.find('.'));
    EXPECT_FALSE(VerifyMediaToken(spliced, "key", kNow));
}

TEST(MediaTokenTest, MalformedTokensAreNotFound) {
    for (const std::string& bad : std::vector<std::string>{"", ".", "abc", "abc.", ".abc", "!!!.00",
                                                           std::string(2000, 'a')}) {
        auto c = VerifyMediaToken(bad, "key", kNow);
        ASSERT_FALSE(c) << bad;
        EXPECT_EQ(c.error().code, ErrorCode::kNotFound);
    }
}

}  // namespace
}  // namespace wharf::domain
