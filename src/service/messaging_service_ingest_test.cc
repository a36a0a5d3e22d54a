// MessagingService's Meta webhook ingestion: queued bodies applied many per transaction
// (ApplyJobs), with every guarantee a body applied alone has.
#include <algorithm>

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "service/messaging_service.h"
#include "service/testing/service_test_env.h"

namespace wharf::service {
namespace {

namespace bj = boost::json;

struct Inbound {
    std::string from;
    std::string wamid;
    std::string text;
};

class MessagingIngestTest : public testing::SandboxServiceTest {
protected:
    // A Meta webhook body for `phone_number_id` with these inbound messages (sent at `at`, unix
    // seconds; the clock's now when 0) and statuses (wamid, status).
    std::string Body(const std::vector<Inbound>& messages,
                     const std::vector<std::pair<std::string, std::string>>& statuses = {},
                     std::string phone_number_id = "", long long at = 0) {
        if (phone_number_id.empty()) {
            phone_number_id = number_.value();
        }
        if (at == 0) {
            at = std::chrono::duration_cast<std::chrono::seconds>(
                     env_.clock.Now().time_since_epoch())
                     .count();
        }
        bj::array ms;
        for (const auto& m : messages) {
            ms.push_back(bj::object{{"from", m.from},
                                    {"id", m.wamid},
                                    {"timestamp", std::to_string(at)},
                                    {"type", "text"},
                                    {"text", bj::object{{"body", m.text}}}});
        }
        bj::array ss;
        for (const auto& [wamid, status] : statuses) {
            ss.push_back(bj::object{{"id", wamid},
                                    {"status", status},
                                    {"timestamp", std::to_string(at)},
                                    {"recipient_id", "15550001111"}});
        }
        bj::object value{{"messaging_product", "whatsapp"},
                         {"metadata", bj::object{{"display_phone_number", "1"},
                                                 {"phone_number_id", phone_number_id}}}};
        if (!ms.empty()) {
            value["messages"] = ms;
        }
        if (!ss.empty()) {
            value["statuses"] = ss;
        }
        return bj::serialize(bj::object{
            {"object", "whatsapp_business_account"},
            {"entry",
             bj::array{bj::object{
                 {"id", "1"},
                 {"changes", bj::array{bj::object{{"field", "messages"}, {"value", value}}}}}}}});
    }
    // Queues a body as the acknowledgment does (the queue's order is its arrival order).
    void Acknowledge(const std::string& body) {
        ASSERT_TRUE(messaging_.EnqueueMetaWebhook(bj::parse(body)));
        env_.clock.Advance(std::chrono::microseconds(1));
    }
    // Queues a job directly (the acknowledgment drops bodies naming no known number).
    void Queue(const std::string& body) {
        domain::Job j;
        j.id = JobId("job-" + std::to_string(++queued_));
        j.project_id = project_;
        j.kind = kJobMetaInbound;
        j.payload = body;
        j.ordering_key = std::string(kJobMetaInboundOrderingKey);
        j.run_at = j.created_at = env_.clock.Now();
        ASSERT_TRUE(env_.store->Jobs().Enqueue(j));
        env_.clock.Advance(std::chrono::microseconds(1));
    }
    std::vector<domain::Job> Lease() {
        return *env_.store->Jobs().LeaseOrdered(kJobMetaInboundOrderingKey, env_.clock.Now(),
                                                std::chrono::seconds(30), 100);
    }
    // Makes the store refuse to insert the message `wamid` (a fault in the middle of a body).
    void Poison(const std::string& wamid) {
        Sql("CREATE TRIGGER poison BEFORE INSERT ON messages WHEN NEW.wamid = '" + wamid +
            "' BEGIN SELECT RAISE(ABORT, 'poisoned'); END");
    }
    void Cure() { Sql("DROP TRIGGER poison"); }
    void Sql(const std::string& sql) {
        sqlite3* db = nullptr;
        ASSERT_EQ(sqlite3_open((env_.dir / "t.db").string().c_str(), &db), SQLITE_OK);
        sqlite3_busy_timeout(db, 5000);
        char* err = nullptr;
        EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err), SQLITE_OK)
            << (err ? err : "");
        sqlite3_free(err);
        sqlite3_close(db);
    }
    bool Stored(const std::string& wamid) {
        return static_cast<bool>(env_.store->Messages().Get(project_, wamid));
    }
    // The project's events in the order they were written.
    std::vector<domain::Event> Events() {
        auto events = *env_.store->Events().List(project_, 10000);
        std::sort(events.begin(), events.end(),
                  [](const auto& a, const auto& b) { return a.seq < b.seq; });
        return events;
    }
    int Count(const std::string& type) {
        int n = 0;
        for (const auto& e : Events()) {
            n += e.type == type;
        }
        return n;
    }
    domain::Conversation Conversation(const std::string& wa_id) {
        return *env_.store->Conversations().FindActive(project_, number_, wa_id);
    }
    long long Pending() { return *env_.store->Jobs().PendingCount(); }

    MessagingService messaging_{*env_.store, env_.clock};
    int queued_ = 0;
};

TEST_F(MessagingIngestTest, SeveralBodiesApplyTogetherAndEachConversationIsCurrent) {
    Acknowledge(Body({{"15550000001", "wamid.A1", "a1"}, {"15550000002", "wamid.B1", "b1"}}));
    Acknowledge(Body({{"15550000001", "wamid.A2", "a2"}}));
    Acknowledge(Body({{"15550000003", "wamid.C1", "c1"}, {"15550000001", "wamid.A3", "a3"}}));
    auto jobs = Lease();
    ASSERT_EQ(jobs.size(), 3u);
    size_t done = 0;
    ASSERT_TRUE(messaging_.ApplyJobs(jobs, done));
    EXPECT_EQ(done, 3u);
    EXPECT_EQ(Pending(), 0);
    for (const char* w : {"wamid.A1", "wamid.B1", "wamid.A2", "wamid.C1", "wamid.A3"}) {
        EXPECT_TRUE(Stored(w)) << w;
    }
    // One thread's messages in one transaction: its conversation counts them all and shows the
    // last one, and only its first message opened it.
    auto a = Conversation("15550000001");
    EXPECT_EQ(a.messages_count, 3);
    EXPECT_EQ(a.last_message_id, "wamid.A3");
    EXPECT_EQ(a.last_message_text, "a3");
    EXPECT_EQ(Conversation("15550000002").messages_count, 1);
    EXPECT_EQ(Count("whatsapp.conversation.created"), 3);
    EXPECT_EQ(Count("whatsapp.message.received"), 5);
    // The events carry the conversation as each message left it.
    int seen_a = 0;
    for (const auto& e : Events()) {
        if (e.type != "whatsapp.message.received" || e.conversation_id != a.id) {
            continue;
        }
        auto body = bj::parse(e.payload);
        ++seen_a;
        EXPECT_EQ(body.at("conversation").at("kapso").at("messages_count"), seen_a);
        EXPECT_EQ(body.at("is_new_conversation").as_bool(), seen_a == 1);
    }
    EXPECT_EQ(seen_a, 3);
    // Meta's webhook body of a received event holds the message as Meta sent it.
    for (const auto& e : Events()) {
        if (e.type != "whatsapp.message.received") {
            continue;
        }
        ASSERT_TRUE(e.meta_payload);
        auto value = bj::parse(*e.meta_payload).at("entry").at(0).at("changes").at(0).at("value");
        EXPECT_EQ(value.at("metadata").at("phone_number_id"), bj::value(number_.value()));
        const auto& message = value.at("messages").at(0);
        auto stored =
            env_.store->Messages().Get(project_, std::string(message.at("id").as_string()));
        ASSERT_TRUE(stored);
        EXPECT_EQ(message.at("text").at("body"), bj::value(stored->content));
        EXPECT_EQ(value.at("contacts").at(0).at("wa_id"), bj::value(stored->wa_id));
    }
}

TEST_F(MessagingIngestTest, ARedeliveryInsideABatchChangesNothing) {
    std::string first =
        Body({{"15550000001", "wamid.R1", "r1"}, {"15550000001", "wamid.R2", "r2"}});
    Acknowledge(first);
    Acknowledge(first);  // Meta redelivers the same body
    Acknowledge(Body({{"15550000001", "wamid.R2", "r2"}, {"15550000001", "wamid.R3", "r3"}}));
    size_t done = 0;
    ASSERT_TRUE(messaging_.ApplyJobs(Lease(), done));
    EXPECT_EQ(done, 3u);
    EXPECT_EQ(Count("whatsapp.message.received"), 3);
    EXPECT_EQ(Conversation("15550000001").messages_count, 3);
    EXPECT_EQ(Conversation("15550000001").last_message_id, "wamid.R3");
    // And again later, in a batch of its own.
    Acknowledge(first);
    ASSERT_TRUE(messaging_.ApplyJobs(Lease(), done));
    EXPECT_EQ(Count("whatsapp.message.received"), 3);
    EXPECT_EQ(Pending(), 0);
}

TEST_F(MessagingIngestTest, AJobThatCannotBeParsedEndsTheBatchAfterTheBodiesBeforeIt) {
    // The bodies are parsed on another thread, ahead of the transaction: the outcome is the
    // same as parsing them first, in order.
    Queue(Body({{"15550000001", "wamid.P1", "p1"}}));
    Queue(Body({{"15550000001", "wamid.P2", "p2"}}));
    Queue(R"({"object":"page","entry":[]})");  // JSON, but not a WABA webhook
    Queue(Body({{"15550000001", "wamid.P4", "p4"}}));
    auto jobs = Lease();
    ASSERT_EQ(jobs.size(), 4u);
    size_t done = 0;
    auto applied = messaging_.ApplyJobs(jobs, done);
    ASSERT_FALSE(applied);
    EXPECT_EQ(applied.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(done, 2u);
    EXPECT_TRUE(Stored("wamid.P1"));
    EXPECT_TRUE(Stored("wamid.P2"));
    EXPECT_FALSE(Stored("wamid.P4"));
    EXPECT_EQ(Pending(), 2);  // the bad one and the one after it
    EXPECT_EQ(Count("whatsapp.message.received"), 2);
}

TEST_F(MessagingIngestTest, ABodyForAnUnknownNumberInsideABatchIsDropped) {
    Queue(Body({{"15550000001", "wamid.K1", "k1"}}));
    Queue(Body({{"15550000001", "wamid.U1", "u1"}}, {}, "999999999999"));
    Queue(Body({{"15550000001", "wamid.K2", "k2"}}));
    size_t done = 0;
    ASSERT_TRUE(messaging_.ApplyJobs(Lease(), done));
    EXPECT_EQ(done, 3u);
    EXPECT_TRUE(Stored("wamid.K1"));
    EXPECT_FALSE(Stored("wamid.U1"));
    EXPECT_TRUE(Stored("wamid.K2"));
    EXPECT_EQ(Pending(), 0);  // acknowledged and gone
}

TEST_F(MessagingIngestTest, AFailingBodyUndoesItsTransactionAndTheBodiesApplyOneAtATime) {
    Acknowledge(Body({{"15550000001", "wamid.F1", "f1"}}));
    Acknowledge(Body({{"15550000002", "wamid.F2", "f2"}, {"15550000002", "wamid.BAD", "x"}}));
    Acknowledge(Body({{"15550000001", "wamid.F3", "f3"}}));
    Poison("wamid.BAD");
    auto jobs = Lease();
    size_t done = 0;
    EXPECT_FALSE(messaging_.ApplyJobs(jobs, done));
    // All three were in one transaction: nothing of it stays, not even the first body or the
    // failing body's first message.
    EXPECT_EQ(done, 0u);
    EXPECT_FALSE(Stored("wamid.F1"));
    EXPECT_FALSE(Stored("wamid.F2"));
    EXPECT_EQ(Pending(), 3);
    EXPECT_EQ(Count("whatsapp.message.received"), 0);
    // One at a time (what JobRunner does next): the first applies, the failing one fails whole.
    EXPECT_TRUE(messaging_.ApplyJob(jobs[0]));
    EXPECT_FALSE(messaging_.ApplyJob(jobs[1]));
    EXPECT_TRUE(Stored("wamid.F1"));
    EXPECT_FALSE(Stored("wamid.F2"));
    EXPECT_EQ(Pending(), 2);
    // Once the fault is gone the rest applies, each message once.
    Cure();
    EXPECT_TRUE(messaging_.ApplyJob(jobs[1]));
    EXPECT_TRUE(messaging_.ApplyJob(jobs[2]));
    EXPECT_TRUE(messaging_.ApplyJob(jobs[0]));  // again: changes nothing
    EXPECT_EQ(Count("whatsapp.message.received"), 4);
    EXPECT_EQ(Conversation("15550000001").messages_count, 2);
    EXPECT_EQ(Pending(), 0);
}

TEST_F(MessagingIngestTest, TransactionsEndAtTheirMessageBudgetAndAFailureKeepsTheEarlierOnes) {
    MessagingOptions small;
    small.inbound_batch_messages = 2;
    MessagingService messaging(*env_.store, env_.clock, small);
    Acknowledge(Body({{"15550000001", "wamid.T1", "t1"}, {"15550000001", "wamid.T2", "t2"}}));
    Acknowledge(Body({{"15550000002", "wamid.T3", "t3"}}));
    Acknowledge(Body({{"15550000002", "wamid.T4", "t4"}}));
    Acknowledge(Body({{"15550000003", "wamid.T5", "t5"}}));
    Poison("wamid.T5");
    size_t done = 0;
    EXPECT_FALSE(messaging.ApplyJobs(Lease(), done));
    // Transactions {1} and {2, 3} committed; {4} failed.
    EXPECT_EQ(done, 3u);
    for (const char* w : {"wamid.T1", "wamid.T2", "wamid.T3", "wamid.T4"}) {
        EXPECT_TRUE(Stored(w)) << w;
    }
    EXPECT_FALSE(Stored("wamid.T5"));
    EXPECT_EQ(Pending(), 1);
    EXPECT_EQ(Conversation("15550000002").messages_count, 2);
}

TEST_F(MessagingIngestTest, ARedeliveryAcrossTheTransactionsOfOneCallIsSkipped) {
    // One message per transaction: each copy is parsed ahead, possibly before the transaction
    // that stores the first copy committed; the check inside its own transaction still finds it,
    // so the copy is skipped and the batch does not fail.
    MessagingOptions one;
    one.inbound_batch_messages = 1;
    MessagingService messaging(*env_.store, env_.clock, one);
    Acknowledge(Body({{"15550000001", "wamid.X1", "x1"}}));
    Acknowledge(Body({{"15550000001", "wamid.X1", "x1"}}));  // Meta redelivers it
    Acknowledge(Body({{"15550000001", "wamid.X2", "x2"}, {"15550000001", "wamid.X2", "x2"}}));
    Acknowledge(Body({{"15550000001", "wamid.X1", "x1"}}));
    size_t done = 0;
    ASSERT_TRUE(messaging.ApplyJobs(Lease(), done));
    EXPECT_EQ(done, 4u);
    EXPECT_EQ(Count("whatsapp.message.received"), 2);
    EXPECT_EQ(Conversation("15550000001").messages_count, 2);
    EXPECT_EQ(Pending(), 0);
    // Checked while parsing in a later call: the store has them.
    Acknowledge(Body({{"15550000001", "wamid.X2", "x2"}, {"15550000001", "wamid.X3", "x3"}}));
    ASSERT_TRUE(messaging.ApplyJobs(Lease(), done));
    EXPECT_EQ(Count("whatsapp.message.received"), 3);
    EXPECT_EQ(Conversation("15550000001").messages_count, 3);
}

TEST_F(MessagingIngestTest, WhileRequestsWaitATransactionEndsAfterItsContendedTime) {
    MessagingOptions options;
    options.inbound_batch_time_contended = std::chrono::milliseconds(0);
    MessagingService messaging(*env_.store, env_.clock, options);
    Acknowledge(Body({{"15550000001", "wamid.W1", "w1"}}));
    Acknowledge(Body({{"15550000001", "wamid.W2", "w2"}}));
    Acknowledge(Body({{"15550000001", "wamid.W3", "w3"}}));
    Poison("wamid.W3");
    messaging.SetWaitingRequestsForTest(1);
    size_t done = 0;
    EXPECT_FALSE(messaging.ApplyJobs(Lease(), done));
    // A body per transaction: the first two stay (all in one, nothing would).
    EXPECT_EQ(done, 2u);
    EXPECT_TRUE(Stored("wamid.W2"));
    EXPECT_EQ(Pending(), 1);
    // Once the fault is gone the last one applies too.
    Cure();
    messaging.SetWaitingRequestsForTest(0);
    env_.clock.Advance(std::chrono::seconds(31));  // the lease of the failed one ends
    ASSERT_TRUE(messaging.ApplyJobs(Lease(), done));
    EXPECT_EQ(Conversation("15550000001").messages_count, 3);
}

TEST_F(MessagingIngestTest, AConversationIdleFor24HoursInsideABatchEndsAndANewOneOpens) {
    const long long t0 =
        std::chrono::duration_cast<std::chrono::seconds>(env_.clock.Now().time_since_epoch())
            .count();
    Acknowledge(Body({{"15550000001", "wamid.I1", "i1"}}, {}, "", t0));
    Acknowledge(Body({{"15550000001", "wamid.I2", "i2"}}, {}, "", t0 + 1));
    Acknowledge(Body({{"15550000001", "wamid.I3", "i3"}}, {}, "", t0 + 25 * 3600));
    size_t done = 0;
    ASSERT_TRUE(messaging_.ApplyJobs(Lease(), done));
    auto first = env_.store->Messages().Get(project_, "wamid.I1");
    auto last = env_.store->Messages().Get(project_, "wamid.I3");
    ASSERT_TRUE(first && last);
    EXPECT_NE(first->conversation_id, last->conversation_id);
    auto ended = env_.store->Conversations().Get(project_, first->conversation_id);
    ASSERT_TRUE(ended);
    EXPECT_EQ(ended->status, domain::ConversationStatus::kEnded);
    EXPECT_EQ(ended->messages_count, 2);  // what the batch did to it was stored before it ended
    EXPECT_EQ(ended->last_message_id, "wamid.I2");
    EXPECT_EQ(Conversation("15550000001").messages_count, 1);
    EXPECT_EQ(Count("whatsapp.conversation.ended"), 1);
    EXPECT_EQ(Count("whatsapp.conversation.created"), 2);
}

TEST_F(MessagingIngestTest, StatusesInABatchSeeTheConversationAsTheBatchLeftIt) {
    ASSERT_TRUE(messaging_.ReceiveSandboxInbound(
        project_, number_,
        bj::parse(R"({"from":"15550001111","type":"text","text":{"body":"hi"}})")));
    auto sent = messaging_.Send(
        project_, number_,
        bj::parse(
            R"({"messaging_product":"whatsapp","to":"15550001111","type":"text","text":{"body":"yo"}})"));
    ASSERT_TRUE(sent);
    std::string wamid = std::get<SendReceipt>(*sent).wamid;
    Acknowledge(Body({{"15550001111", "wamid.S1", "again"}}));
    Acknowledge(Body({}, {{wamid, "delivered"}}));
    Acknowledge(Body({}, {{wamid, "sent"}}));  // late: never moves it back
    size_t done = 0;
    ASSERT_TRUE(messaging_.ApplyJobs(Lease(), done));
    EXPECT_EQ(env_.store->Messages().Get(project_, wamid)->status, "delivered");
    int delivered = 0;
    for (const auto& e : Events()) {
        if (e.type == "whatsapp.message.delivered") {
            ++delivered;
            EXPECT_EQ(bj::parse(e.payload).at("conversation").at("kapso").at("messages_count"), 3);
        }
    }
    EXPECT_EQ(delivered, 1);
    EXPECT_EQ(Count("whatsapp.message.sent"), 0);
}

}  // namespace
}  // namespace wharf::service
