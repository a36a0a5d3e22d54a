#include "store/sqlite/sqlite_checkpointer.h"

#include <filesystem>
#include <memory>
#include <vector>

#include <gtest/gtest.h>

#include "base/random.h"

namespace wharf::store::sqlite {
namespace {

// The WAL's length in frames, as a PASSIVE checkpoint on `conn` reports it (which also copies
// them: the next write starts the WAL over).
int WalFrames(SqliteConnection& conn) {
    auto s = conn.Prepare("PRAGMA wal_checkpoint(PASSIVE)");
    EXPECT_TRUE(s);
    auto row = s->Step();
    EXPECT_TRUE(row && *row);
    return static_cast<int>(s->Int64(1));
}

// `n` commits of a row that fills most of a page (3 frames each: the page, its neighbour, page 1).
void Write(SqliteConnection& conn, int n) {
    for (int i = 0; i < n; ++i) {
        ASSERT_TRUE(conn.Exec("INSERT INTO t VALUES (hex(randomblob(1500)))"));
    }
}

// A database file with table t, written through `writer`; the checkpointer under test opens
// its own connection (Connection()). Removed afterwards.
class SqliteCheckpointerTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::filesystem::create_directories(dir_);
        auto opened = SqliteConnection::Open(path_, 5000);
        ASSERT_TRUE(opened);
        writer_ = std::move(*opened);
        ASSERT_TRUE(writer_->Exec("CREATE TABLE t (v TEXT)"));
    }
    void TearDown() override {
        writer_.reset();
        std::filesystem::remove_all(dir_);
    }
    std::unique_ptr<SqliteConnection> Connection() { return *SqliteConnection::Open(path_, 5000); }
    std::uintmax_t WalBytes() const { return std::filesystem::file_size(path_ + "-wal"); }

    std::filesystem::path dir_ =
        std::filesystem::temp_directory_path() / ("wharf-ckpt-" + RandomToken(10));
    std::string path_ = (dir_ / "t.db").string();
    std::unique_ptr<SqliteConnection> writer_;
};

TEST_F(SqliteCheckpointerTest, CopiesTheWalIntoTheDatabaseFile) {
    ASSERT_TRUE(writer_->Exec("BEGIN"));
    for (int i = 0; i < 2000; ++i) {
        ASSERT_TRUE(writer_->Exec("INSERT INTO t VALUES (hex(randomblob(64)))"));
    }
    ASSERT_TRUE(writer_->Exec("COMMIT"));
    // Connections do not checkpoint by themselves: the rows are in the WAL only.
    auto before = std::filesystem::file_size(path_);
    EXPECT_GT(WalBytes(), 100'000u);
    SqliteCheckpointer checkpointer(Connection(), std::chrono::hours(1));
    auto left = checkpointer.CheckpointNow();
    ASSERT_TRUE(left);
    EXPECT_EQ(*left, 0);
    EXPECT_GT(std::filesystem::file_size(path_), before + 100'000u);
}

TEST_F(SqliteCheckpointerTest, StopsPromptlyAndCheckpointsOnItsPeriod) {
    auto before = std::filesystem::file_size(path_);
    ASSERT_TRUE(writer_->Exec("INSERT INTO t VALUES (hex(randomblob(8000)))"));
    SqliteCheckpointer checkpointer(Connection(), std::chrono::milliseconds(5));
    for (int i = 0; i < 200 && std::filesystem::file_size(path_) <= before; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    EXPECT_GT(std::filesystem::file_size(path_), before);
}

TEST_F(SqliteCheckpointerTest, TruncatesTheWalOnceItIsLong) {
    // Under a stream of writes every PASSIVE checkpoint ends with new frames behind it, so the
    // WAL never starts over by itself (it grew to 384 MB in 0.8 s): once it is longer than
    // restart_frames, the checkpointer starts it over (TRUNCATE: the file is emptied too).
    SqliteCheckpointer checkpointer(Connection(), std::chrono::hours(1), 100);
    Write(*writer_, 20);
    ASSERT_LE(WalFrames(*writer_), 100);
    ASSERT_TRUE(checkpointer.CheckpointNow());
    EXPECT_GT(WalBytes(), 0u);  // short: copied only
    Write(*writer_, 40);
    ASSERT_GT(WalFrames(*writer_), 100);
    ASSERT_TRUE(checkpointer.CheckpointNow());
    EXPECT_EQ(WalBytes(), 0u);  // long: started over
}

TEST_F(SqliteCheckpointerTest, AsksTheWriterToRestartTheWalAndRestartsItOnlyWhenNobodyDoes) {
    // With a writer that offers to restart the WAL, a long WAL makes the checkpointer ask it,
    // saying how much is copied already, instead of holding writers back. This writer never
    // does: at kForcedRestartFactor times the length the checkpointer starts the WAL over itself.
    std::vector<int> asked;
    constexpr int kRestartFrames = 100;
    SqliteCheckpointer checkpointer(Connection(), std::chrono::hours(1), kRestartFrames,
                                    [&](int copied) { asked.push_back(copied); });
    Write(*writer_, 20);
    ASSERT_LE(WalFrames(*writer_), kRestartFrames);
    ASSERT_TRUE(checkpointer.CheckpointNow());
    EXPECT_TRUE(asked.empty());  // short
    Write(*writer_, 40);
    const int frames = WalFrames(*writer_);
    ASSERT_GT(frames, kRestartFrames);
    ASSERT_LE(frames, SqliteCheckpointer::kForcedRestartFactor * kRestartFrames);
    ASSERT_TRUE(checkpointer.CheckpointNow());
    ASSERT_EQ(asked.size(), 1u);
    EXPECT_EQ(asked[0], frames);  // all copied
    EXPECT_GT(WalBytes(), 0u);    // asked, nothing more
    Write(*writer_, 150);
    ASSERT_GT(WalFrames(*writer_), SqliteCheckpointer::kForcedRestartFactor * kRestartFrames);
    ASSERT_TRUE(checkpointer.CheckpointNow());
    EXPECT_EQ(asked.size(), 1u);
    EXPECT_EQ(WalBytes(), 0u);  // nobody did: started over
}
}  // namespace
}  // namespace wharf::store::sqlite
