#include "service/history_service.h"

#include <gtest/gtest.h>

namespace wharf::service {
namespace {

domain::Message At(int second, const std::string& wamid) {
    domain::Message m;
    m.wamid = wamid;
    m.created_at = Timestamp(std::chrono::seconds(second));
    return m;
}

std::vector<std::string> Ids(const domain::KeysetPage<domain::Message>& p) {
    std::vector<std::string> out;
    for (const auto& m : p.items) {
        out.push_back(m.wamid);
    }
    return out;
}

TEST(MergeMessagePages, NewestFirstPageKeepsTheNewestAndReportsOlderRows) {
    domain::KeysetRequest req{2, {}, {}};
    domain::KeysetPage<domain::Message> a{{At(9, "a9"), At(5, "a5")}, true, false};
    domain::KeysetPage<domain::Message> b{{At(7, "b7")}, false, false};
    auto merged = MergeMessagePages({a, b}, req);
    EXPECT_EQ(Ids(merged), (std::vector<std::string>{"a9", "b7"}));
    EXPECT_TRUE(merged.has_older);
    EXPECT_FALSE(merged.has_newer);
}

TEST(MergeMessagePages, BeforePageKeepsTheRowsNearestTheCursor) {
    domain::KeysetRequest req{2, {}, domain::Keyset{Timestamp(std::chrono::seconds(1)), "x"}};
    // Only a has rows older than the cursor; neither part has rows past its own newer edge, but
    // the merged page drops a9 and b7, so it does.
    domain::KeysetPage<domain::Message> a{{At(9, "a9"), At(5, "a5")}, true, false};
    domain::KeysetPage<domain::Message> b{{At(7, "b7"), At(3, "b3")}, false, false};
    auto merged = MergeMessagePages({a, b}, req);
    EXPECT_EQ(Ids(merged), (std::vector<std::string>{"a5", "b3"}));
    EXPECT_TRUE(merged.has_newer);
    EXPECT_TRUE(merged.has_older);
}

TEST(MergeMessagePages, TiesAreBrokenByWamidAndShortPagesHaveNoMore) {
    domain::KeysetRequest req{3, {}, {}};
    domain::KeysetPage<domain::Message> a{{At(5, "m2")}, false, false};
    domain::KeysetPage<domain::Message> b{{At(5, "m1"), At(5, "m3")}, false, false};
    auto merged = MergeMessagePages({a, b}, req);
    EXPECT_EQ(Ids(merged), (std::vector<std::string>{"m3", "m2", "m1"}));
    EXPECT_FALSE(merged.has_older);
    EXPECT_FALSE(merged.has_newer);
}

}  // namespace
}  // namespace wharf::service
