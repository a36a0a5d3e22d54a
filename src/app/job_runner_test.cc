#include "app/job_runner.h"

#include <filesystem>
#include <memory>
#include <set>
#include <span>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "base/random.h"
#include "base/testing/fake_clock.h"
#include "store/sqlite/sqlite_store.h"

namespace wharf::app {
namespace {

using ::testing::ElementsAre;

constexpr const char* kKey = "inbound";

// A JobRunner on a real SQLite queue, driven with RunDueForTest and a fake clock. Handlers record
// the order in which they saw jobs ("b:" for the batch handler, "s:" for the single one); the
// batch handler completes the jobs it applies, as MessagingService::ApplyJobs does.
class JobRunnerTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::filesystem::create_directories(dir_);
        store::sqlite::SqliteOptions opts;
        opts.path = (dir_ / "t.db").string();
        store_ = std::move(*store::sqlite::SqliteStore::Open(opts));
        project_ = ProjectId("p1");
        ASSERT_TRUE(store_->Projects().Insert({project_, "p", clock_.Now()}));
    }
    void TearDown() override {
        runner_.reset();
        store_.reset();
        std::error_code ec;
        std::filesystem::remove_all(dir_, ec);
    }
    void Enqueue(const std::string& id, const std::string& kind,
                 std::optional<std::string> key = kKey) {
        domain::Job j;
        j.id = JobId(id);
        j.project_id = project_;
        j.kind = kind;
        j.payload = "{}";
        j.ordering_key = std::move(key);
        j.run_at = j.created_at = clock_.Now();
        clock_.Advance(std::chrono::microseconds(1));  // queued in this order
        ASSERT_TRUE(store_->Jobs().Enqueue(j));
    }
    // A runner whose batch handler (for kind "batch" under kKey, `max_jobs` per lease) applies
    // at most batch_applies_ jobs per call before failing, and whose single handler fails the
    // jobs named in failing_.
    void MakeRunner(int max_jobs) {
        auto single = [this](const domain::Job& j) -> Result<void> {
            seen_.push_back("s:" + j.id.value());
            if (failing_.count(j.id.value()) > 0) {
                return Fail(Error::Internal("failing"));
            }
            return {};
        };
        runner_ = std::make_unique<JobRunner>(
            store_->Jobs(), clock_,
            std::map<std::string, JobRunner::Handler>{{"batch", single}, {"other", single}});
        runner_->AddOrderedBatchHandler(
            kKey, "batch", max_jobs,
            [this](std::span<const domain::Job> jobs, size_t& done) -> Result<void> {
                std::string call = "b:";
                for (const auto& j : jobs) {
                    call += j.id.value() + ",";
                }
                seen_.push_back(call);
                for (done = 0; done < jobs.size(); ++done) {
                    if (done == batch_applies_) {
                        return Fail(Error::Internal("batch failed"));
                    }
                    WHARF_TRY(store_->Jobs().Complete(jobs[done].id));
                }
                return {};
            });
    }
    long long Pending() { return *store_->Jobs().PendingCount(); }

    std::filesystem::path dir_ =
        std::filesystem::temp_directory_path() / ("wharf-jobs-" + RandomToken(12));
    std::unique_ptr<store::sqlite::SqliteStore> store_;
    wharf::testing::FakeClock clock_;
    ProjectId project_;
    std::unique_ptr<JobRunner> runner_;
    std::vector<std::string> seen_;
    std::set<std::string> failing_;
    size_t batch_applies_ = 1000;
};

TEST_F(JobRunnerTest, TheBatchHandlerTakesItsKeysJobsInOrderAndTheGeneralLeaseLeavesThemAlone) {
    for (const char* id : {"j1", "j2", "j3", "j4", "j5"}) {
        Enqueue(id, "batch");
    }
    Enqueue("free", "other", std::nullopt);
    MakeRunner(/*max_jobs=*/3);
    EXPECT_EQ(runner_->RunDueForTest(), 6);
    // The key's head never reaches the single handler, even while the key is backlogged.
    EXPECT_THAT(seen_, ElementsAre("b:j1,j2,j3,", "s:free", "b:j4,j5,"));
    EXPECT_EQ(Pending(), 0);
}

TEST_F(JobRunnerTest, AnotherKindInTheKeyRunsAloneInItsPlace) {
    Enqueue("j1", "batch");
    Enqueue("j2", "batch");
    Enqueue("x", "other");
    Enqueue("j3", "batch");
    MakeRunner(/*max_jobs=*/10);
    EXPECT_EQ(runner_->RunDueForTest(), 4);
    EXPECT_THAT(seen_, ElementsAre("b:j1,j2,", "s:x", "b:j3,"));
    EXPECT_EQ(Pending(), 0);
}

TEST_F(JobRunnerTest, AFailedBatchRunsWhatItLeftUndoneOneAtATime) {
    for (const char* id : {"j1", "j2", "j3", "j4"}) {
        Enqueue(id, "batch");
    }
    batch_applies_ = 2;
    MakeRunner(/*max_jobs=*/10);
    EXPECT_EQ(runner_->RunDueForTest(), 4);
    // j1 and j2 were done by the batch; j3 and j4 go through the single handler, in order.
    EXPECT_THAT(seen_, ElementsAre("b:j1,j2,j3,j4,", "s:j3", "s:j4"));
    EXPECT_EQ(Pending(), 0);
}

TEST_F(JobRunnerTest, AJobThatFailsAloneHoldsTheRestOfItsKeyBackUntilItSucceeds) {
    for (const char* id : {"j1", "j2", "j3", "j4"}) {
        Enqueue(id, "batch");
    }
    failing_ = {"j2"};
    batch_applies_ = 1;
    MakeRunner(/*max_jobs=*/10);
    runner_->RunDueForTest();
    EXPECT_THAT(seen_, ElementsAre("b:j1,j2,j3,j4,", "s:j2"));
    EXPECT_EQ(Pending(), 3);  // j2 waits for its retry, j3 and j4 behind it
    seen_.clear();
    runner_->RunDueForTest();
    EXPECT_THAT(seen_, ::testing::IsEmpty());
    // After the backoff j2 comes first again, then the rest.
    failing_.clear();
    batch_applies_ = 1000;
    clock_.Advance(std::chrono::minutes(5));
    runner_->RunDueForTest();
    EXPECT_THAT(seen_, ElementsAre("b:j2,j3,j4,"));
    EXPECT_EQ(Pending(), 0);
}

}  // namespace
}  // namespace wharf::app
