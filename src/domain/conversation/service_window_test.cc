#include "domain/conversation/service_window.h"

#include <array>

#include <gtest/gtest.h>

namespace wharf::domain {
namespace {

using std::chrono::hours;
using std::chrono::microseconds;

const Timestamp kT0 = Timestamp(std::chrono::seconds(1'767'225'600));  // 2026-01-01T00:00:00Z

constexpr std::array<MessageType, 11> kAllTypes = {
    MessageType::kText,     MessageType::kImage,       MessageType::kVideo,
    MessageType::kAudio,    MessageType::kDocument,    MessageType::kSticker,
    MessageType::kLocation, MessageType::kContacts,    MessageType::kReaction,
    MessageType::kTemplate, MessageType::kInteractive,
};

void ExpectOutsideWindow(const Result<void>& r) {
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::kFailedPrecondition);
    ASSERT_TRUE(r.error().graph);
    EXPECT_EQ(r.error().graph->code, 131047);
    EXPECT_EQ(r.error().graph->details,
              "Message failed to send because more than 24 hours have passed since the customer "
              "last replied to this number.");
    EXPECT_EQ(r.error().message, "Re-engagement message");
}

TEST(ServiceWindow, ExpiresTwentyFourHoursAfterTheLastInbound) {
    EXPECT_EQ(WindowExpiresAt(kT0), kT0 + hours(24));
    EXPECT_EQ(WindowExpiresAt(kT0 + microseconds(7)), kT0 + hours(24) + microseconds(7));
}

TEST(ServiceWindow, TemplatesAreAlwaysAllowed) {
    EXPECT_TRUE(CheckServiceWindow(std::nullopt, kT0, MessageType::kTemplate));
    EXPECT_TRUE(CheckServiceWindow(kT0, kT0 + hours(24) + microseconds(1), MessageType::kTemplate));
    EXPECT_TRUE(CheckServiceWindow(kT0, kT0 + hours(24 * 365), MessageType::kTemplate));
}

TEST(ServiceWindow, EveryOtherTypeNeedsAnInbound) {
    for (MessageType type : kAllTypes) {
        if (type == MessageType::kTemplate) {
            continue;
        }
        SCOPED_TRACE(MessageTypeName(type));
        ExpectOutsideWindow(CheckServiceWindow(std::nullopt, kT0, type));
        EXPECT_TRUE(CheckServiceWindow(kT0, kT0 + hours(1), type));
    }
}

TEST(ServiceWindow, BoundaryIsInclusive) {
    for (MessageType type : kAllTypes) {
        if (type == MessageType::kTemplate) {
            continue;
        }
        SCOPED_TRACE(MessageTypeName(type));
        EXPECT_TRUE(CheckServiceWindow(kT0, kT0, type));
        EXPECT_TRUE(CheckServiceWindow(kT0, kT0 + hours(24) - microseconds(1), type));
        EXPECT_TRUE(CheckServiceWindow(kT0, kT0 + hours(24), type));
        ExpectOutsideWindow(CheckServiceWindow(kT0, kT0 + hours(24) + microseconds(1), type));
        ExpectOutsideWindow(CheckServiceWindow(kT0, kT0 + hours(25), type));
    }
}

TEST(ServiceWindow, ReactionsAreFreeForm) {
    EXPECT_TRUE(CheckServiceWindow(kT0, kT0 + hours(24), MessageType::kReaction));
    ExpectOutsideWindow(
        CheckServiceWindow(kT0, kT0 + hours(24) + microseconds(1), MessageType::kReaction));
    ExpectOutsideWindow(CheckServiceWindow(std::nullopt, kT0, MessageType::kReaction));
}

TEST(ServiceWindow, ANewInboundRefreshesTheWindow) {
    const Timestamp later_inbound = kT0 + hours(20);
    const Timestamp now = kT0 + hours(30);
    ExpectOutsideWindow(CheckServiceWindow(kT0, now, MessageType::kText));
    EXPECT_TRUE(CheckServiceWindow(later_inbound, now, MessageType::kText));
    EXPECT_EQ(WindowExpiresAt(later_inbound), kT0 + hours(44));
}

TEST(ServiceWindow, InboundInTheFutureCountsAsOpen) {
    EXPECT_TRUE(CheckServiceWindow(kT0 + hours(1), kT0, MessageType::kText));
}

TEST(ServiceWindow, IsOpen) {
    EXPECT_FALSE(IsServiceWindowOpen(std::nullopt, kT0));
    EXPECT_TRUE(IsServiceWindowOpen(kT0, kT0 + hours(24)));
    EXPECT_FALSE(IsServiceWindowOpen(kT0, kT0 + hours(24) + microseconds(1)));
}

TEST(MarkAsRead, AllowedOutsideTheServiceWindowForThirtyDays) {
    EXPECT_TRUE(CheckMarkAsRead(kT0, kT0));
    EXPECT_TRUE(CheckMarkAsRead(kT0, kT0 + hours(25)));
    EXPECT_TRUE(CheckMarkAsRead(kT0, kT0 + hours(24 * 30)));
    EXPECT_TRUE(CheckMarkAsRead(kT0 + hours(1), kT0));  // clock skew

    auto r = CheckMarkAsRead(kT0, kT0 + hours(24 * 30) + microseconds(1));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::kFailedPrecondition);
    EXPECT_EQ(r.error().field, "message_id");
    ASSERT_TRUE(r.error().graph);
    EXPECT_EQ(r.error().graph->code, 131009);
}

}  // namespace
}  // namespace wharf::domain
