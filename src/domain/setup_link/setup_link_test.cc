#include "domain/setup_link/setup_link.h"

#include <gtest/gtest.h>

namespace wharf::domain {
namespace {

const Timestamp kNow{std::chrono::seconds(1'767'225'600)};

TEST(SetupLinkNames, RoundTripEveryStatus) {
    for (auto s : {SetupLinkStatus::kActive, SetupLinkStatus::kUsed, SetupLinkStatus::kExpired,
                   SetupLinkStatus::kRevoked}) {
        EXPECT_EQ(ParseSetupLinkStatus(SetupLinkStatusName(s)), s);
    }
    EXPECT_STREQ(SetupLinkStatusName(SetupLinkStatus::kRevoked), "revoked");
    EXPECT_EQ(ParseSetupLinkStatus("Active"), std::nullopt);
    EXPECT_EQ(ParseSetupLinkStatus(""), std::nullopt);
}

TEST(SetupLinkNames, RoundTripConnectionTypes) {
    EXPECT_STREQ(ConnectionTypeName(ConnectionType::kCoexistence), "coexistence");
    EXPECT_STREQ(ConnectionTypeName(ConnectionType::kDedicated), "dedicated");
    EXPECT_EQ(ParseConnectionType("coexistence"), ConnectionType::kCoexistence);
    EXPECT_EQ(ParseConnectionType("dedicated"), ConnectionType::kDedicated);
    EXPECT_EQ(ParseConnectionType("shared"), std::nullopt);
    EXPECT_EQ(ParseConnectionType("DEDICATED"), std::nullopt);
}

TEST(SetupLinkNames, RoundTripBillingModes) {
    EXPECT_STREQ(MetaBillingModeName(MetaBillingMode::kCustomerManaged), "customer_managed");
    EXPECT_STREQ(MetaBillingModeName(MetaBillingMode::kPartnerManaged), "partner_managed");
    EXPECT_EQ(ParseMetaBillingMode("partner_managed"), MetaBillingMode::kPartnerManaged);
    EXPECT_EQ(ParseMetaBillingMode("customer_managed"), MetaBillingMode::kCustomerManaged);
    EXPECT_EQ(ParseMetaBillingMode("kapso"), std::nullopt);
}

TEST(SetupLinkNames, RoundTripSetupStatuses) {
    for (auto s : {SetupStatus::kPending, SetupStatus::kProcessing, SetupStatus::kCompleted,
                   SetupStatus::kFailed}) {
        EXPECT_EQ(ParseSetupStatus(SetupStatusName(s)), s);
    }
    EXPECT_STREQ(SetupStatusName(SetupStatus::kProcessing), "processing");
    EXPECT_EQ(ParseSetupStatus("done"), std::nullopt);
}

TEST(EffectiveStatus, ActiveUntilExpiry) {
    SetupLink link;
    link.expires_at = kNow + std::chrono::seconds(1);
    EXPECT_EQ(EffectiveStatus(link, kNow), SetupLinkStatus::kActive);
    EXPECT_EQ(EffectiveStatus(link, kNow + std::chrono::seconds(1)), SetupLinkStatus::kExpired);
    EXPECT_EQ(EffectiveStatus(link, kNow + std::chrono::hours(1)), SetupLinkStatus::kExpired);
}

TEST(EffectiveStatus, NoExpiryMeansActiveForever) {
    SetupLink link;
    link.expires_at.reset();
    EXPECT_EQ(EffectiveStatus(link, kNow + std::chrono::hours(24 * 365 * 10)),
              SetupLinkStatus::kActive);
}

TEST(EffectiveStatus, OtherStatusesAreKeptWhateverTheTime) {
    SetupLink link;
    link.expires_at = kNow - std::chrono::hours(1);
    for (auto s : {SetupLinkStatus::kUsed, SetupLinkStatus::kRevoked, SetupLinkStatus::kExpired}) {
        link.status = s;
        EXPECT_EQ(EffectiveStatus(link, kNow), s);
    }
}

}  // namespace
}  // namespace wharf::domain
