#include "service/phone_number_cache.h"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "service/messaging_service.h"
#include "service/phone_number_service.h"
#include "service/testing/service_test_env.h"

namespace wharf::service {
namespace {

namespace bj = boost::json;
using namespace std::chrono_literals;

class PhoneNumberCacheTest : public testing::SandboxServiceTest {
protected:
    // Renames the number behind every service's back, as another process would.
    void RenameInStore(const std::string& name) {
        auto n = env_.store->PhoneNumbers().Get(project_, number_);
        ASSERT_TRUE(n);
        n->name = name;
        ASSERT_TRUE(env_.store->PhoneNumbers().Update(project_, *n));
    }
    std::string NameFrom(PhoneNumberCache& cache) {
        auto n = cache.Get(*env_.store, project_, number_);
        EXPECT_TRUE(n);
        return n ? n->name : std::string();
    }
    // `cache` reads the number named "first", which is then renamed "second" behind its back.
    void CacheFirstThenRenameToSecond(PhoneNumberCache& cache) {
        RenameInStore("first");
        EXPECT_EQ(NameFrom(cache), "first");
        RenameInStore("second");
    }
};

TEST_F(PhoneNumberCacheTest, ANumberReadIsTrustedForTheTtlThenReadAgain) {
    PhoneNumberCache cache(env_.clock, 1000ms);
    CacheFirstThenRenameToSecond(cache);
    env_.clock.Advance(999ms);
    EXPECT_EQ(NameFrom(cache), "first");  // another process's change: not seen yet
    env_.clock.Advance(1ms);
    EXPECT_EQ(NameFrom(cache), "second");
}

TEST_F(PhoneNumberCacheTest, AClockThatWentBackExpiresWhatWasRead) {
    PhoneNumberCache cache(env_.clock, 60'000ms);
    CacheFirstThenRenameToSecond(cache);
    env_.clock.Advance(-1ms);
    EXPECT_EQ(NameFrom(cache), "second");
}

TEST_F(PhoneNumberCacheTest, ForgetDropsTheProjectsNumbers) {
    PhoneNumberCache cache(env_.clock, 60'000ms);
    CacheFirstThenRenameToSecond(cache);
    cache.Forget(ProjectId("some-other-project"));
    EXPECT_EQ(NameFrom(cache), "first");
    cache.Forget(project_);
    EXPECT_EQ(NameFrom(cache), "second");
}

TEST_F(PhoneNumberCacheTest, UnknownNumbersAreNotKept) {
    PhoneNumberCache cache(env_.clock, 60'000ms);
    auto n = env_.store->PhoneNumbers().Get(project_, number_);
    ASSERT_TRUE(n);
    ASSERT_TRUE(env_.store->PhoneNumbers().Delete(project_, number_));
    auto gone = cache.Get(*env_.store, project_, number_);
    ASSERT_FALSE(gone);
    EXPECT_EQ(gone.error().code, ErrorCode::kNotFound);
    ASSERT_TRUE(env_.store->PhoneNumbers().Insert(project_, *n));
    EXPECT_TRUE(cache.Get(*env_.store, project_, number_));
}

TEST_F(PhoneNumberCacheTest, ATtlOfZeroReadsTheStoreEveryTime) {
    PhoneNumberCache cache(env_.clock, 0ms);
    CacheFirstThenRenameToSecond(cache);
    EXPECT_EQ(NameFrom(cache), "second");
}

// Through the services: what this process changes, a send sees at once.
TEST_F(PhoneNumberCacheTest, SendsSeeThisProcesssUpdatesAndDeletesAtOnce) {
    PhoneNumberCache cache(env_.clock, 60'000ms);
    MessagingService messaging(*env_.store, env_.clock);
    messaging.SetNumberCache(&cache);
    PhoneNumberService numbers(*env_.store, env_.box, env_.clock);
    numbers.SetNumberCache(&cache);
    const bj::value text = bj::parse(
        R"({"messaging_product":"whatsapp","to":"15550001111","type":"text","text":{"body":"hi"}})");
    RenameInStore("cached");
    // A send reads the number (and fails later: no conversation window with this recipient).
    auto outside_window = messaging.Send(project_, number_, text);
    ASSERT_FALSE(outside_window);
    EXPECT_NE(outside_window.error().code, ErrorCode::kNotFound);
    RenameInStore("behind its back");
    EXPECT_EQ(NameFrom(cache), "cached");  // the send's read is kept

    domain::PhoneNumberPatch rename;
    rename.name.state = Field<std::string>::State::kValue;
    rename.name.value = "renamed";
    ASSERT_TRUE(numbers.Update(project_, number_, rename));
    EXPECT_EQ(NameFrom(cache), "renamed");

    ASSERT_TRUE(numbers.Delete(project_, number_));
    auto gone = messaging.Send(project_, number_, text);
    ASSERT_FALSE(gone);
    EXPECT_EQ(gone.error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace wharf::service
