#include "service/messaging_service.h"

#include <gtest/gtest.h>

#include "service/project_service.h"
#include "service/testing/service_test_env.h"
#include "upstream/sandbox/sandbox_upstream.h"

namespace wharf::service {
namespace {

namespace bj = boost::json;

class MessagingServiceTest : public ::testing::Test {
protected:
    void SetUp() override {
        upstream::SandboxUpstream sandbox;
        auto boot = projects_.Bootstrap(&sandbox, std::nullopt);
        project_ = boot->project_id;
        number_ = *boot->sandbox_phone_number_id;
    }
    Result<std::string> UserWrites(const std::string& from) {
        return messaging_.ReceiveSandboxInbound(
            project_, number_,
            bj::parse(R"({"from":")" + from + R"(","type":"text","text":{"body":"hi"}})"));
    }
    Result<std::variant<SendReceipt, bool>> Reply(const std::string& to) {
        return messaging_.Send(project_, number_,
                               bj::parse(R"({"messaging_product":"whatsapp","to":")" + to +
                                         R"(","type":"text","text":{"body":"hello"}})"));
    }
    testing::ServiceTestEnv env_;
    ProjectService projects_{*env_.store, env_.clock};
    MessagingService messaging_{*env_.store, env_.clock};
    ProjectId project_;
    PhoneNumberId number_;
};

TEST_F(MessagingServiceTest, TheWindowOpensWithAUserMessageAndClosesAfter24Hours) {
    EXPECT_EQ(Reply("15550001111").error().graph->code, 131047);
    ASSERT_TRUE(UserWrites("15550001111"));
    ASSERT_TRUE(Reply("15550001111"));
    env_.clock.Advance(std::chrono::hours(24) + std::chrono::seconds(1));
    EXPECT_EQ(Reply("15550001111").error().graph->code, 131047);
}

TEST_F(MessagingServiceTest, IdleConversationsEndOnceAndTheNextMessageOpensANewOne) {
    ASSERT_TRUE(UserWrites("15550002222"));
    auto first = env_.store->Conversations().FindActive(project_, number_, "15550002222");
    ASSERT_TRUE(first);
    env_.clock.Advance(std::chrono::hours(23));
    EXPECT_EQ(*messaging_.EndIdleConversations(100), 0);
    env_.clock.Advance(std::chrono::hours(2));
    EXPECT_EQ(*messaging_.EndIdleConversations(100), 1);
    EXPECT_EQ(*messaging_.EndIdleConversations(100), 0);
    EXPECT_EQ(env_.store->Conversations().Get(project_, first->id)->status,
              domain::ConversationStatus::kEnded);
    ASSERT_TRUE(UserWrites("15550002222"));
    auto second = env_.store->Conversations().FindActive(project_, number_, "15550002222");
    ASSERT_TRUE(second);
    EXPECT_NE(second->id, first->id);
}

TEST_F(MessagingServiceTest, ThroughputIsLimitedPerNumber) {
    MessagingOptions slow;
    slow.throughput_per_second = 2;
    MessagingService limited(*env_.store, env_.clock, slow);
    for (const char* to : {"15550003331", "15550003332", "15550003333"}) {
        ASSERT_TRUE(UserWrites(to));
    }
    auto send = [&](const char* to) {
        return limited.Send(project_, number_,
                            bj::parse(std::string(R"({"messaging_product":"whatsapp","to":")") +
                                      to + R"(","type":"text","text":{"body":"x"}})"));
    };
    EXPECT_TRUE(send("15550003331"));
    EXPECT_TRUE(send("15550003332"));
    auto third = send("15550003333");
    ASSERT_FALSE(third);
    EXPECT_EQ(third.error().graph->code, 130429);
    env_.clock.Advance(std::chrono::seconds(1));
    EXPECT_TRUE(send("15550003333"));
}

}  // namespace
}  // namespace wharf::service
