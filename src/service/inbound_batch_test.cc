#include "service/inbound_batch.h"

#include <gtest/gtest.h>

#include "base/random.h"
#include "service/testing/service_test_env.h"

namespace wharf::service {
namespace {

class InboundBatchTest : public testing::SandboxServiceTest {
protected:
    // A stored contact and active conversation with `wa_id`.
    InboundBatch::Thread Stored(const std::string& wa_id) {
        InboundBatch::Thread t;
        Timestamp now = env_.clock.Now();
        t.contact.id = ContactId(NewUuidV7(now));
        t.contact.phone_number_id = number_;
        t.contact.wa_id = wa_id;
        t.contact.created_at = t.contact.updated_at = now;
        EXPECT_TRUE(env_.store->Contacts().Insert(project_, t.contact));
        t.conversation.id = ConversationId(NewUuidV7(now));
        t.conversation.phone_number_id = number_;
        t.conversation.wa_id = wa_id;
        t.conversation.contact_id = t.contact.id;
        t.conversation.created_at = t.conversation.updated_at = now;
        t.conversation.last_active_at = now;
        EXPECT_TRUE(env_.store->Conversations().Insert(project_, t.conversation));
        return t;
    }
    domain::Conversation Read(const ConversationId& id) {
        return *env_.store->Conversations().Get(project_, id);
    }
};

TEST_F(InboundBatchTest, NumbersAreFoundByMetaIdAndUnknownOnesAreNone) {
    InboundBatch batch(*env_.store);
    auto known = batch.FindNumber(number_.value());
    ASSERT_TRUE(known);
    ASSERT_TRUE(**known);
    EXPECT_EQ((**known)->first, project_);
    EXPECT_EQ((**known)->second.phone_number_id, number_);
    EXPECT_EQ(*batch.FindNumber(number_.value()), *known);  // read once
    auto unknown = batch.FindNumber("999999999");
    ASSERT_TRUE(unknown);
    EXPECT_FALSE(**unknown);
}

TEST_F(InboundBatchTest, ChangedConversationsAreWrittenByFlushOnly) {
    InboundBatch batch(*env_.store);
    EXPECT_EQ(batch.Find(project_, number_, "15550000001"), nullptr);
    auto& a = batch.Remember(project_, Stored("15550000001"));
    auto& b = batch.Remember(project_, Stored("15550000002"));
    EXPECT_EQ(batch.Find(project_, number_, "15550000001"), &a);
    EXPECT_EQ(batch.Find(ProjectId("other"), number_, "15550000001"), nullptr);
    a.conversation.messages_count = 2;
    batch.MarkChanged(project_, a);
    a.conversation.messages_count = 3;
    batch.MarkChanged(project_, a);
    b.conversation.messages_count = 7;  // changed but not marked: not written
    EXPECT_EQ(batch.PendingWrites(), 1u);
    const ConversationId a_id = a.conversation.id;
    const ConversationId b_id = b.conversation.id;
    EXPECT_EQ(Read(a_id).messages_count, 0);
    ASSERT_TRUE(batch.Flush());
    EXPECT_EQ(Read(a_id).messages_count, 3);
    EXPECT_EQ(Read(b_id).messages_count, 0);
    EXPECT_EQ(batch.PendingWrites(), 0u);
    // Flush forgets the threads: the next message reads them again.
    EXPECT_EQ(batch.Find(project_, number_, "15550000001"), nullptr);
}

}  // namespace
}  // namespace wharf::service
