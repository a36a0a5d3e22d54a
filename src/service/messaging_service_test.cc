#include "service/messaging_service.h"

#include <atomic>
#include <chrono>
#include <functional>
#include <future>
#include <map>
#include <thread>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "domain/template/template_validator.h"
#include "service/testing/service_test_env.h"

namespace wharf::service {
namespace {

namespace bj = boost::json;

class MessagingServiceTest : public testing::SandboxServiceTest {
protected:
    // Stores an APPROVED template of the sandbox WABA.
    void Approved(const std::string& id, const std::string& json) {
        auto t = domain::ParseTemplate(bj::parse(json).as_object());
        ASSERT_TRUE(t) << t.error().message;
        domain::TemplateRecord r;
        r.business_account_id = waba_;
        r.tmpl = std::move(*t);
        r.tmpl.id = id;
        r.tmpl.status = domain::TemplateStatus::kApproved;
        r.created_at = r.updated_at = env_.clock.Now();
        ASSERT_TRUE(env_.store->Templates().Insert(project_, r));
    }
    Result<std::variant<SendReceipt, bool>> SendTemplate(const std::string& tmpl) {
        return messaging_.Send(project_, number_,
                               bj::parse(R"({"messaging_product":"whatsapp","to":"15550009876",)"
                                         R"("type":"template","template":)" +
                                         tmpl + "}"));
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
    // SendAsync of a text message to `to` with the text object `text`.
    bool SendTextAsync(const std::string& to, const std::string& text,
                       std::function<void(MessagingService::SendResult)> done) {
        return messaging_.SendAsync(project_, number_,
                                    bj::parse(R"({"messaging_product":"whatsapp","to":")" + to +
                                              R"(","type":"text","text":)" + text + "}"),
                                    std::move(done));
    }
    MessagingService messaging_{*env_.store, env_.clock};
};

// An API request waiting for the store's writer is counted while it waits (ApplyJobs keeps its
// transactions short meanwhile), and no longer once it has written.
TEST_F(MessagingServiceTest, RequestsAreCountedWhileTheyWaitForTheWriter) {
    ASSERT_TRUE(UserWrites("15550004444"));
    auto received = UserWrites("15550004445");
    ASSERT_TRUE(received);
    const std::vector<std::pair<std::string, std::function<bool()>>> requests = {
        {"send", [&] { return Reply("15550004444").has_value(); }},
        {"mark read",
         [&] {
             return messaging_
                 .Send(project_, number_,
                       bj::parse(R"({"messaging_product":"whatsapp","status":"read",)"
                                 R"("message_id":")" +
                                 *received + R"("})"))
                 .has_value();
         }},
        {"sandbox inbound", [&] { return UserWrites("15550004446").has_value(); }},
    };
    for (const auto& [name, request] : requests) {
        std::promise<void> holding;
        std::promise<void> release;
        std::shared_future<void> released = release.get_future().share();
        std::thread writer([&] {
            (void)env_.store->Transact([&](store::Store&) -> Result<void> {
                holding.set_value();
                released.wait();
                return {};
            });
        });
        holding.get_future().wait();
        std::atomic<bool> ok{false};
        std::thread client([&] { ok = request(); });
        bool counted = false;
        for (int i = 0; i < 5000 && !counted; ++i) {
            counted = messaging_.RequestsWaitingForTest() == 1;
            if (!counted) {
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
            }
        }
        EXPECT_TRUE(counted) << name;
        release.set_value();
        writer.join();
        client.join();
        EXPECT_TRUE(ok) << name;
        EXPECT_EQ(messaging_.RequestsWaitingForTest(), 0) << name;
    }
}

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

// The events of `type`, oldest first.
std::vector<domain::Event> EventsOf(store::Store& store, const ProjectId& project,
                                    const std::string& type) {
    std::vector<domain::Event> out;
    auto all = store.Events().List(project, 10000);
    if (!all) {
        return out;
    }
    for (auto& e : *all) {
        if (e.type == type) {
            out.push_back(std::move(e));
        }
    }
    return out;
}

std::string WamidOf(const Result<std::variant<SendReceipt, bool>>& r) {
    return std::get<SendReceipt>(*r).wamid;
}

TEST_F(MessagingServiceTest, SandboxStatusesProgressOnTheirDelaysInOrder) {
    ASSERT_TRUE(UserWrites("15550003333"));
    auto sent = Reply("15550003333");
    ASSERT_TRUE(sent);
    std::string wamid = WamidOf(sent);
    auto status = [&] { return env_.store->Messages().Get(project_, wamid)->status; };
    EXPECT_EQ(*messaging_.ApplyDueStatuses(100), 0);  // nothing is due yet
    EXPECT_EQ(status(), "accepted");
    ASSERT_TRUE(messaging_.NextStatusDue());
    EXPECT_EQ(*messaging_.NextStatusDue(), env_.clock.Now() + std::chrono::milliseconds(300));
    env_.clock.Advance(std::chrono::milliseconds(300));
    EXPECT_EQ(*messaging_.ApplyDueStatuses(100), 1);
    EXPECT_EQ(status(), "sent");
    env_.clock.Advance(std::chrono::milliseconds(399));
    EXPECT_EQ(*messaging_.ApplyDueStatuses(100), 0);
    env_.clock.Advance(std::chrono::milliseconds(1));
    EXPECT_EQ(*messaging_.ApplyDueStatuses(100), 1);
    EXPECT_EQ(status(), "delivered");
    env_.clock.Advance(std::chrono::milliseconds(800));
    EXPECT_EQ(*messaging_.ApplyDueStatuses(100), 1);
    EXPECT_EQ(status(), "read");
    EXPECT_FALSE(messaging_.NextStatusDue());  // read is final
    auto statuses = bj::parse(env_.store->Messages().Get(project_, wamid)->statuses).as_array();
    ASSERT_EQ(statuses.size(), 3u);
    EXPECT_EQ(statuses[0].at("status"), "sent");
    EXPECT_TRUE(statuses[0].as_object().contains("pricing"));
    EXPECT_EQ(statuses[2].at("status"), "read");
}

// A batch's conversations are read together; each event shows its own message's conversation.
TEST_F(MessagingServiceTest, StatusEventsOfOneBatchShowEachTheirOwnConversation) {
    const std::vector<std::string> users = {"15550004401", "15550004402", "15550004403"};
    std::map<std::string, std::string> wamid_to_user;
    for (const auto& user : users) {
        ASSERT_TRUE(UserWrites(user));
        wamid_to_user[WamidOf(Reply(user))] = user;
    }
    ASSERT_TRUE(UserWrites(users[1]));  // its conversation moves on after the send
    env_.clock.Advance(std::chrono::milliseconds(300));
    ASSERT_EQ(*messaging_.ApplyDueStatuses(100), 3);
    auto sent = EventsOf(*env_.store, project_, "whatsapp.message.sent");
    ASSERT_EQ(sent.size(), 3u);
    for (const auto& e : sent) {
        auto body = bj::parse(e.payload).as_object();
        const std::string wamid(body.at("message").at("id").as_string());
        ASSERT_EQ(wamid_to_user.count(wamid), 1u);
        const std::string& user = wamid_to_user[wamid];
        auto m = env_.store->Messages().Get(project_, wamid);
        ASSERT_TRUE(m);
        EXPECT_EQ(body.at("conversation").at("id"), bj::value(m->conversation_id.value()));
        EXPECT_EQ(body.at("conversation").at("phone_number"), bj::value(user));
        // As the conversation is when the status is recorded.
        EXPECT_EQ(body.at("conversation").at("kapso").at("messages_count"),
                  user == users[1] ? 3 : 2);
    }
}

TEST_F(MessagingServiceTest, StatusEventsCarryTheV2BodyAndMetasWebhook) {
    ASSERT_TRUE(UserWrites("15550004444"));
    std::string wamid = WamidOf(Reply("15550004444"));
    env_.clock.Advance(std::chrono::milliseconds(300));
    ASSERT_EQ(*messaging_.ApplyDueStatuses(100), 1);
    auto sent = EventsOf(*env_.store, project_, "whatsapp.message.sent");
    ASSERT_EQ(sent.size(), 1u);
    const auto& e = sent[0];
    auto body = bj::parse(e.payload).as_object();
    EXPECT_EQ(body.at("message").at("id"), bj::value(wamid));
    EXPECT_EQ(body.at("message").at("to"), "15550004444");
    EXPECT_EQ(body.at("message").at("text").at("body"), "hello");
    EXPECT_EQ(body.at("message").at("kapso").at("status"), "sent");
    EXPECT_EQ(body.at("message").at("kapso").at("direction"), "outbound");
    EXPECT_EQ(body.at("conversation").at("phone_number"), "15550004444");
    EXPECT_EQ(body.at("conversation").at("kapso").at("messages_count"), 2);
    EXPECT_EQ(body.at("is_new_conversation"), false);
    EXPECT_EQ(body.at("phone_number_id"), bj::value(number_.value()));
    ASSERT_TRUE(e.conversation_id);
    EXPECT_EQ(bj::value(e.conversation_id->value()), body.at("conversation").at("id"));
    ASSERT_TRUE(e.meta_payload);
    auto meta = bj::parse(*e.meta_payload);
    EXPECT_EQ(meta.at("object"), "whatsapp_business_account");
    auto value = meta.at("entry").at(0).at("changes").at(0).at("value");
    EXPECT_EQ(value.at("metadata").at("phone_number_id"), bj::value(number_.value()));
    EXPECT_EQ(value.at("statuses").at(0).at("id"), bj::value(wamid));
    EXPECT_EQ(value.at("statuses").at(0).at("status"), "sent");
}

TEST_F(MessagingServiceTest, StatusEventsNameTheContactAsTheSendFoundIt) {
    ASSERT_TRUE(messaging_.ReceiveSandboxInbound(
        project_, number_,
        bj::parse(R"({"from":"15550004545","profile_name":"Alex","type":"text",)"
                  R"("text":{"body":"hi"}})")));
    std::string wamid = WamidOf(Reply("15550004545"));
    auto contact_name = [&](const char* type) {
        auto events = EventsOf(*env_.store, project_, type);
        EXPECT_EQ(events.size(), 1u);
        return events.empty()
                   ? bj::value()
                   : bj::parse(events[0].payload).at("message").at("kapso").at("contact_name");
    };
    env_.clock.Advance(std::chrono::milliseconds(300));
    ASSERT_EQ(*messaging_.ApplyDueStatuses(100), 1);
    EXPECT_EQ(contact_name("whatsapp.message.sent"), "Alex");  // carried from the send
    // A restarted process carries nothing: it reads the contact.
    MessagingService restarted(*env_.store, env_.clock);
    ASSERT_EQ(*restarted.ResumeStatusProgression(false, 100), 1);
    env_.clock.Advance(std::chrono::milliseconds(700));
    ASSERT_EQ(*restarted.ApplyDueStatuses(100), 1);
    EXPECT_EQ(contact_name("whatsapp.message.delivered"), "Alex");
}

TEST_F(MessagingServiceTest, ReceivedEventsCarryTheV2BodyAndMetasWebhook) {
    ASSERT_TRUE(UserWrites("15550005555"));
    auto received = EventsOf(*env_.store, project_, "whatsapp.message.received");
    ASSERT_EQ(received.size(), 1u);
    auto body = bj::parse(received[0].payload).as_object();
    EXPECT_EQ(body.at("message").at("from"), "15550005555");
    EXPECT_EQ(body.at("message").at("kapso").at("content"), "hi");
    EXPECT_EQ(body.at("is_new_conversation"), true);
    auto created = EventsOf(*env_.store, project_, "whatsapp.conversation.created");
    ASSERT_EQ(created.size(), 1u);
    auto conv = bj::parse(created[0].payload).as_object();
    EXPECT_EQ(conv.at("conversation").at("status"), "active");
    EXPECT_EQ(conv.at("conversation").at("id"), body.at("conversation").at("id"));
    EXPECT_FALSE(created[0].meta_payload);  // Meta has no such webhook
    auto meta = bj::parse(*received[0].meta_payload);
    auto value = meta.at("entry").at(0).at("changes").at(0).at("value");
    EXPECT_EQ(value.at("contacts").at(0).at("wa_id"), "15550005555");
    EXPECT_EQ(value.at("messages").at(0).at("type"), "text");
    EXPECT_EQ(value.at("messages").at(0).at("text").at("body"), "hi");
    EXPECT_EQ(value.at("messages").at(0).at("id"), body.at("message").at("id"));
}

TEST_F(MessagingServiceTest, UndeliverableRecipientsFailWith131026) {
    ASSERT_TRUE(UserWrites("15550010000"));
    std::string wamid = WamidOf(Reply("15550010000"));
    env_.clock.Advance(std::chrono::seconds(2));
    ASSERT_EQ(*messaging_.ApplyDueStatuses(100), 1);
    auto m = env_.store->Messages().Get(project_, wamid);
    EXPECT_EQ(m->status, "failed");
    ASSERT_TRUE(m->error);
    EXPECT_EQ(bj::parse(*m->error).at(0).at("code"), 131026);
    EXPECT_FALSE(messaging_.NextStatusDue());  // failed is final
    EXPECT_EQ(EventsOf(*env_.store, project_, "whatsapp.message.failed").size(), 1u);
}

TEST_F(MessagingServiceTest, ARestartedServiceResumesTheProgressionFromTheStore) {
    ASSERT_TRUE(UserWrites("15550006666"));
    std::string wamid = WamidOf(Reply("15550006666"));
    env_.clock.Advance(std::chrono::milliseconds(300));
    ASSERT_EQ(*messaging_.ApplyDueStatuses(100), 1);  // sent; delivered is scheduled in memory
    // A new process on the same database: nothing scheduled until it resumes.
    MessagingService restarted(*env_.store, env_.clock);
    env_.clock.Advance(std::chrono::seconds(5));
    EXPECT_EQ(*restarted.ApplyDueStatuses(100), 0);
    EXPECT_EQ(*restarted.ResumeStatusProgression(false, 100), 1);
    EXPECT_EQ(*restarted.ResumeStatusProgression(false, 100), 0);  // scheduled once only
    EXPECT_EQ(*restarted.ApplyDueStatuses(100), 1);
    EXPECT_EQ(env_.store->Messages().Get(project_, wamid)->status, "delivered");
    env_.clock.Advance(std::chrono::seconds(1));
    EXPECT_EQ(*restarted.ApplyDueStatuses(100), 1);
    EXPECT_EQ(env_.store->Messages().Get(project_, wamid)->status, "read");
    // The first process's step for the same message finds it applied and does nothing.
    EXPECT_EQ(*messaging_.ApplyDueStatuses(100), 1);
    EXPECT_EQ(bj::parse(env_.store->Messages().Get(project_, wamid)->statuses).as_array().size(),
              3u);
    EXPECT_EQ(EventsOf(*env_.store, project_, "whatsapp.message.delivered").size(), 1u);
}

TEST_F(MessagingServiceTest, AStepFindsTheRowMovedElsewhereAndLeavesIt) {
    // The step holds the message as this process wrote it; another writer moves the row on
    // first (here: to failed). The step must not write over it, nor record an event.
    ASSERT_TRUE(UserWrites("15550008888"));
    std::string wamid = WamidOf(Reply("15550008888"));
    auto moved = *env_.store->Messages().Get(project_, wamid);
    moved.status = "failed";
    moved.statuses = R"([{"status":"failed"}])";
    ASSERT_TRUE(env_.store->Messages().Update(project_, moved));
    env_.clock.Advance(std::chrono::milliseconds(300));
    EXPECT_EQ(*messaging_.ApplyDueStatuses(100), 1);
    auto stored = *env_.store->Messages().Get(project_, wamid);
    EXPECT_EQ(stored.status, "failed");
    EXPECT_EQ(stored.statuses, moved.statuses);
    EXPECT_TRUE(EventsOf(*env_.store, project_, "whatsapp.message.sent").empty());
    EXPECT_FALSE(messaging_.NextStatusDue());
}

TEST_F(MessagingServiceTest, APreparedBatchIsWrittenLaterAndOnlyThenSchedulesTheNextStep) {
    ASSERT_TRUE(UserWrites("15550006666"));
    ASSERT_TRUE(UserWrites("15550006667"));
    std::string first = WamidOf(Reply("15550006666"));
    std::string second = WamidOf(Reply("15550006667"));
    env_.clock.Advance(std::chrono::milliseconds(300));
    auto batch = messaging_.PrepareDueStatuses(1);  // the first sent step only
    ASSERT_EQ(batch.Size(), 1u);
    // Taken off the schedule: the next batch holds the other message, and preparing wrote
    // nothing.
    auto rest = messaging_.PrepareDueStatuses(10);
    ASSERT_EQ(rest.Size(), 1u);
    EXPECT_TRUE(messaging_.PrepareDueStatuses(10).Empty());
    EXPECT_EQ(env_.store->Messages().Get(project_, first)->status, "accepted");
    EXPECT_TRUE(EventsOf(*env_.store, project_, "whatsapp.message.sent").empty());
    // The delivered step of a message is scheduled once its sent step is written, not before.
    env_.clock.Advance(std::chrono::milliseconds(400));
    EXPECT_TRUE(messaging_.PrepareDueStatuses(10).Empty());
    EXPECT_EQ(*messaging_.WriteDueStatuses(std::move(rest)), 1);
    EXPECT_EQ(*messaging_.WriteDueStatuses(std::move(batch)), 1);
    EXPECT_EQ(env_.store->Messages().Get(project_, first)->status, "sent");
    EXPECT_EQ(env_.store->Messages().Get(project_, second)->status, "sent");
    EXPECT_EQ(EventsOf(*env_.store, project_, "whatsapp.message.sent").size(), 2u);
    env_.clock.Advance(std::chrono::milliseconds(700));
    EXPECT_EQ(messaging_.PrepareDueStatuses(10).Size(), 2u);  // both delivered steps
}

// SendAsync's answer, waited for (it comes from the store's writer thread).
struct AsyncAnswer {
    std::promise<MessagingService::SendResult> promise;
    std::function<void(MessagingService::SendResult)> Done() {
        return [this](MessagingService::SendResult r) { promise.set_value(std::move(r)); };
    }
    MessagingService::SendResult Wait() {
        auto f = promise.get_future();
        EXPECT_EQ(f.wait_for(std::chrono::seconds(10)), std::future_status::ready);
        return f.get();
    }
};

TEST_F(MessagingServiceTest, SendAsyncAnswersOnceTheMessageIsStoredAndStartsItsProgression) {
    ASSERT_TRUE(UserWrites("15550003333"));
    AsyncAnswer answer;
    ASSERT_TRUE(SendTextAsync("15550003333", R"({"body":"hello"})", answer.Done()));
    auto r = answer.Wait();
    ASSERT_TRUE(r) << r.error().message;
    const auto& receipt = std::get<SendReceipt>(*r);
    EXPECT_EQ(receipt.wa_id, "15550003333");
    // Stored by the time it answered, and counted as a waiting request only until then.
    auto stored = env_.store->Messages().Get(project_, receipt.wamid);
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->status, "accepted");
    EXPECT_EQ(stored->content, "hello");
    EXPECT_EQ(messaging_.RequestsWaitingForTest(), 0);
    // Its progression runs as a synchronous send's does.
    env_.clock.Advance(std::chrono::milliseconds(300));
    EXPECT_EQ(*messaging_.ApplyDueStatuses(10), 1);
    EXPECT_EQ(env_.store->Messages().Get(project_, receipt.wamid)->status, "sent");
}

TEST_F(MessagingServiceTest, SendAsyncRefusesLikeSendAndDeclinesWhatOnlySendDoes) {
    auto received = UserWrites("15550002222");
    ASSERT_TRUE(received);
    domain::MessageFilter all;
    const size_t before = env_.store->Messages().List(project_, all, {})->items.size();
    // A message Meta's rules refuse: answered at once, on this thread, nothing stored.
    AsyncAnswer invalid;
    ASSERT_TRUE(SendTextAsync("15550002222", R"({})", invalid.Done()));
    auto refused = invalid.Wait();
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
    // Outside the 24-hour window (nobody wrote from this number): refused in the transaction.
    AsyncAnswer closed;
    ASSERT_TRUE(SendTextAsync("15550002229", R"({"body":"hi"})", closed.Done()));
    auto outside = closed.Wait();
    ASSERT_FALSE(outside);
    ASSERT_TRUE(outside.error().graph);
    EXPECT_EQ(outside.error().graph->code, 131047);
    // An unknown number.
    AsyncAnswer unknown;
    ASSERT_TRUE(messaging_.SendAsync(
        project_, PhoneNumberId("999999999"),
        bj::parse(R"({"messaging_product":"whatsapp","to":"15550002222","type":"text",)"
                  R"("text":{"body":"hi"}})"),
        unknown.Done()));
    EXPECT_EQ(unknown.Wait().error().code, ErrorCode::kNotFound);
    EXPECT_EQ(env_.store->Messages().List(project_, all, {})->items.size(), before);
    // A mark-as-read goes through Send: declined, and `done` is not called.
    bool called = false;
    EXPECT_FALSE(messaging_.SendAsync(
        project_, number_,
        bj::parse(R"({"messaging_product":"whatsapp","status":"read","message_id":")" + *received +
                  R"("})"),
        [&](MessagingService::SendResult) { called = true; }));
    EXPECT_FALSE(called);
    EXPECT_EQ(env_.store->Messages().Get(project_, *received)->status, "received");
}

TEST_F(MessagingServiceTest, APreparedBatchWrittenAsynchronouslySchedulesTheNextStepOnceWritten) {
    ASSERT_TRUE(UserWrites("15550001111"));
    std::string wamid = WamidOf(Reply("15550001111"));
    env_.clock.Advance(std::chrono::milliseconds(300));
    auto batch = messaging_.PrepareDueStatuses(10);
    ASSERT_EQ(batch.Size(), 1u);
    std::promise<Result<int>> written;
    messaging_.WriteDueStatusesAsync(std::move(batch),
                                     [&](Result<int> n) { written.set_value(std::move(n)); });
    auto n = written.get_future().get();
    ASSERT_TRUE(n);
    EXPECT_EQ(*n, 1);
    EXPECT_EQ(env_.store->Messages().Get(project_, wamid)->status, "sent");
    EXPECT_EQ(EventsOf(*env_.store, project_, "whatsapp.message.sent").size(), 1u);
    env_.clock.Advance(std::chrono::milliseconds(400));
    EXPECT_EQ(messaging_.PrepareDueStatuses(10).Size(), 1u);  // its delivered step
}

TEST_F(MessagingServiceTest, OnlyStalledProgressionsAreTakenOverWhileRunning) {
    ASSERT_TRUE(UserWrites("15550007777"));
    ASSERT_TRUE(Reply("15550007777"));
    MessagingService other(*env_.store, env_.clock);
    EXPECT_EQ(*other.ResumeStatusProgression(true, 100), 0);  // fresh: its owner runs it
    env_.clock.Advance(std::chrono::seconds(12));
    EXPECT_EQ(*other.ResumeStatusProgression(true, 100), 1);  // overdue: taken over
}

TEST_F(MessagingServiceTest, TemplatesAreCheckedAgainstTheStoredOnesAndRendered) {
    // Unknown, or not in that language: 132001, nothing stored.
    auto unknown = SendTemplate(R"({"name":"order_update","language":{"code":"en_US"}})");
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().graph->code, 132001);
    Approved("9001", R"({"name":"order_update","language":"en_US","category":"UTILITY",
        "components":[{"type":"BODY","text":"Hi {{1}}, order {{2}} shipped.",
                       "example":{"body_text":[["Alex","#1"]]}}]})");
    auto other_language = SendTemplate(R"({"name":"order_update","language":{"code":"es"}})");
    ASSERT_FALSE(other_language);
    EXPECT_EQ(other_language.error().graph->code, 132001);
    // Parameters must match: 132000.
    auto missing = SendTemplate(R"({"name":"order_update","language":{"code":"en_US"},
        "components":[{"type":"body","parameters":[{"type":"text","text":"Alex"}]}]})");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().graph->code, 132000);
    domain::MessageFilter all;
    EXPECT_TRUE(env_.store->Messages().List(project_, all, {})->items.empty());
    // A matching one is accepted (no window needed) and stored with its hydrated text.
    auto ok = SendTemplate(R"({"name":"order_update","language":{"code":"en_US"},
        "components":[{"type":"body","parameters":[{"type":"text","text":"Alex"},
                                                   {"type":"text","text":"#42"}]}]})");
    ASSERT_TRUE(ok) << ok.error().message;
    auto stored = env_.store->Messages().Get(project_, WamidOf(ok));
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->content, "Hi Alex, order #42 shipped.");
    EXPECT_EQ(std::get<SendReceipt>(*ok).message_status, "accepted");
}

}  // namespace
}  // namespace wharf::service
