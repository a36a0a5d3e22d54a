#include "domain/message/message_status.h"

#include <algorithm>
#include <array>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

namespace wharf::domain {
namespace {

using S = MessageStatus;

constexpr std::array<S, 6> kAll = {S::kAccepted, S::kSent,   S::kDelivered,
                                   S::kRead,     S::kPlayed, S::kFailed};

TEST(MessageStatus, NamesRoundTrip) {
    const std::array<std::pair<S, const char*>, 6> all = {{
        {S::kAccepted, "accepted"},
        {S::kSent, "sent"},
        {S::kDelivered, "delivered"},
        {S::kRead, "read"},
        {S::kPlayed, "played"},
        {S::kFailed, "failed"},
    }};
    for (const auto& [status, name] : all) {
        EXPECT_STREQ(MessageStatusName(status), name);
        EXPECT_EQ(ParseMessageStatus(name), status);
    }
    EXPECT_FALSE(ParseMessageStatus("Read"));
    EXPECT_FALSE(ParseMessageStatus("READ"));
    EXPECT_FALSE(ParseMessageStatus("deleted"));
    EXPECT_FALSE(ParseMessageStatus("warning"));
    EXPECT_FALSE(ParseMessageStatus(""));
    EXPECT_FALSE(ParseMessageStatus("sent "));
}

TEST(MessageStatus, RanksFollowTheDocumentedOrder) {
    const std::array<S, 6> order = {S::kAccepted, S::kSent, S::kDelivered,
                                    S::kFailed,   S::kRead, S::kPlayed};
    for (size_t i = 0; i < order.size(); ++i) {
        EXPECT_EQ(MessageStatusRank(order[i]), static_cast<int>(i)) << MessageStatusName(order[i]);
    }
}

// Every (current, incoming) pair, written out by hand rather than derived from the ranks.
TEST(MessageStatus, AdvanceOverAllPairs) {
    // Rows: current; columns: incoming; both in kAll's order (accepted, sent, delivered, read,
    // played, failed).
    constexpr S kAcc = S::kAccepted, kSent = S::kSent, kDlvd = S::kDelivered, kRead = S::kRead,
                kPlay = S::kPlayed, kFail = S::kFailed;
    // clang-format off
    const std::array<std::array<S, 6>, 6> expected = {{
        //     incoming: accepted sent   delivered read   played failed
        /* accepted  */ {kAcc,    kSent, kDlvd,    kRead, kPlay, kFail},
        /* sent      */ {kSent,   kSent, kDlvd,    kRead, kPlay, kFail},
        /* delivered */ {kDlvd,   kDlvd, kDlvd,    kRead, kPlay, kFail},
        /* read      */ {kRead,   kRead, kRead,    kRead, kPlay, kRead},
        /* played    */ {kPlay,   kPlay, kPlay,    kPlay, kPlay, kPlay},
        /* failed    */ {kFail,   kFail, kFail,    kRead, kPlay, kFail},
    }};
    // clang-format on
    for (size_t i = 0; i < kAll.size(); ++i) {
        for (size_t j = 0; j < kAll.size(); ++j) {
            S current = kAll[i];
            S incoming = kAll[j];
            EXPECT_EQ(Advance(current, incoming), expected[i][j])
                << MessageStatusName(current) << " + " << MessageStatusName(incoming);
            // IsForward is exactly "Advance changes the status".
            EXPECT_EQ(IsForward(current, incoming), expected[i][j] != current)
                << MessageStatusName(current) << " -> " << MessageStatusName(incoming);
        }
    }
}

TEST(MessageStatus, NeverMovesBackwards) {
    for (S current : kAll) {
        for (S incoming : kAll) {
            S next = Advance(current, incoming);
            EXPECT_GE(MessageStatusRank(next), MessageStatusRank(current));
            EXPECT_FALSE(IsForward(next, current));
            // Applying the same status again changes nothing (a redelivered webhook).
            EXPECT_EQ(Advance(next, incoming), next);
        }
    }
}

TEST(MessageStatus, SelfIsNeverForward) {
    for (S s : kAll) {
        EXPECT_FALSE(IsForward(s, s)) << MessageStatusName(s);
        EXPECT_EQ(Advance(s, s), s);
    }
}

TEST(MessageStatus, NamedRules) {
    // delivered may be skipped.
    EXPECT_TRUE(IsForward(S::kSent, S::kRead));
    EXPECT_EQ(Advance(S::kSent, S::kRead), S::kRead);
    // A late delivered after read is stale.
    EXPECT_EQ(Advance(S::kRead, S::kDelivered), S::kRead);
    // failed wins over accepted, sent and delivered, and stale progress does not undo it.
    EXPECT_EQ(Advance(S::kAccepted, S::kFailed), S::kFailed);
    EXPECT_EQ(Advance(S::kDelivered, S::kFailed), S::kFailed);
    EXPECT_EQ(Advance(S::kFailed, S::kSent), S::kFailed);
    EXPECT_EQ(Advance(S::kFailed, S::kDelivered), S::kFailed);
    // A failed after read does not un-read; so read after failed wins too.
    EXPECT_EQ(Advance(S::kRead, S::kFailed), S::kRead);
    EXPECT_EQ(Advance(S::kFailed, S::kRead), S::kRead);
    // played is the end of the line (voice messages).
    EXPECT_EQ(Advance(S::kRead, S::kPlayed), S::kPlayed);
    EXPECT_EQ(Advance(S::kPlayed, S::kFailed), S::kPlayed);
}

S Fold(const std::vector<S>& arrivals) {
    S status = S::kAccepted;
    for (S s : arrivals) {
        status = Advance(status, s);
    }
    return status;
}

// For every set of statuses, every arrival order ends in the same status.
TEST(MessageStatus, OutcomeIndependentOfArrivalOrder) {
    int sequences = 0;
    for (unsigned mask = 0; mask < (1u << kAll.size()); ++mask) {
        std::vector<S> set;
        for (size_t i = 0; i < kAll.size(); ++i) {
            if ((mask & (1u << i)) != 0) {
                set.push_back(kAll[i]);
            }
        }
        std::sort(set.begin(), set.end());
        const S first = Fold(set);
        do {
            EXPECT_EQ(Fold(set), first) << "mask " << mask;
            // Duplicates (redelivery) anywhere change nothing either.
            std::vector<S> doubled = set;
            doubled.insert(doubled.end(), set.begin(), set.end());
            EXPECT_EQ(Fold(doubled), first) << "mask " << mask;
            ++sequences;
        } while (std::next_permutation(set.begin(), set.end()));
    }
    EXPECT_EQ(sequences, 1957);  // sum over k of C(6,k)·k!
}

}  // namespace
}  // namespace wharf::domain
