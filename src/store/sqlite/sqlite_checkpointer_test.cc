#include "store/sqlite/sqlite_checkpointer.h"

#include <algorithm>
#include <atomic>
#include <filesystem>

#include <gtest/gtest.h>

#include "base/random.h"

namespace wharf::store::sqlite {
namespace {

TEST(SqliteCheckpointer, CopiesTheWalIntoTheDatabaseFile) {
    auto dir = std::filesystem::temp_directory_path() / ("wharf-ckpt-" + RandomToken(10));
    std::filesystem::create_directories(dir);
    std::string path = (dir / "t.db").string();
    {
        auto writer = SqliteConnection::Open(path, 1000);
        ASSERT_TRUE(writer);
        ASSERT_TRUE((*writer)->Exec("CREATE TABLE t (v TEXT)"));
        ASSERT_TRUE((*writer)->Exec("BEGIN"));
        for (int i = 0; i < 2000; ++i) {
            ASSERT_TRUE((*writer)->Exec("INSERT INTO t VALUES (hex(randomblob(64)))"));
        }
        ASSERT_TRUE((*writer)->Exec("COMMIT"));
        // Connections do not checkpoint by themselves: the rows are in the WAL only.
        auto before = std::filesystem::file_size(path);
        EXPECT_GT(std::filesystem::file_size(path + "-wal"), 100'000u);
        SqliteCheckpointer checkpointer(*SqliteConnection::Open(path, 1000), std::chrono::hours(1));
        auto left = checkpointer.CheckpointNow();
        ASSERT_TRUE(left);
        EXPECT_EQ(*left, 0);
        EXPECT_GT(std::filesystem::file_size(path), before + 100'000u);
    }
    std::filesystem::remove_all(dir);
}

TEST(SqliteCheckpointer, StopsPromptlyAndCheckpointsOnItsPeriod) {
    auto dir = std::filesystem::temp_directory_path() / ("wharf-ckpt-" + RandomToken(10));
    std::filesystem::create_directories(dir);
    std::string path = (dir / "t.db").string();
    {
        auto writer = SqliteConnection::Open(path, 1000);
        ASSERT_TRUE(writer);
        ASSERT_TRUE((*writer)->Exec("CREATE TABLE t (v TEXT)"));
        auto before = std::filesystem::file_size(path);
        ASSERT_TRUE((*writer)->Exec("INSERT INTO t VALUES (hex(randomblob(8000)))"));
        SqliteCheckpointer checkpointer(*SqliteConnection::Open(path, 1000),
                                        std::chrono::milliseconds(5));
        for (int i = 0; i < 200 && std::filesystem::file_size(path) <= before; ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        EXPECT_GT(std::filesystem::file_size(path), before);
    }
    std::filesystem::remove_all(dir);
}

TEST(SqliteCheckpointer, KeepsTheWalBoundedUnderAnEndlessStreamOfWrites) {
    // A writer that never pauses: every PASSIVE checkpoint ends with new frames already behind
    // it, so the WAL would only grow; the checkpointer restarts it once it is long.
    auto dir = std::filesystem::temp_directory_path() / ("wharf-ckpt-" + RandomToken(10));
    std::filesystem::create_directories(dir);
    std::string path = (dir / "t.db").string();
    {
        auto writer = SqliteConnection::Open(path, 5000);
        ASSERT_TRUE(writer);
        ASSERT_TRUE((*writer)->Exec("CREATE TABLE t (v TEXT)"));
        SqliteCheckpointer checkpointer(*SqliteConnection::Open(path, 5000),
                                        std::chrono::milliseconds(2), 100);
        auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(800);
        int commits = 0;
        while (std::chrono::steady_clock::now() < until) {
            ASSERT_TRUE((*writer)->Exec("INSERT INTO t VALUES (hex(randomblob(1500)))"));
            ++commits;
        }
        // Each commit appends at least one 4 KiB frame.
        ASSERT_GT(commits, 2000);
        EXPECT_LT(std::filesystem::file_size(path + "-wal"),
                  static_cast<std::uintmax_t>(commits) * 4096 / 4);
    }
    std::filesystem::remove_all(dir);
}

}  // namespace
TEST(SqliteCheckpointer, AsksTheWriterToRestartTheWalAndRestartsItOnlyWhenNobodyDoes) {
    // With a writer that offers to restart the WAL, a long WAL makes the checkpointer ask it
    // instead of holding writers back with a RESTART. This writer never does: the checkpointer
    // falls back on a RESTART once the WAL is kForcedRestartFactor times too long.
    auto dir = std::filesystem::temp_directory_path() / ("wharf-ckpt-" + RandomToken(10));
    std::filesystem::create_directories(dir);
    std::string path = (dir / "t.db").string();
    {
        auto writer = SqliteConnection::Open(path, 5000);
        ASSERT_TRUE(writer);
        ASSERT_TRUE((*writer)->Exec("CREATE TABLE t (v TEXT)"));
        std::atomic<int> asked{0};
        constexpr int kRestartFrames = 200;
        SqliteCheckpointer checkpointer(*SqliteConnection::Open(path, 5000),
                                        std::chrono::milliseconds(2), kRestartFrames,
                                        [&] { ++asked; });
        auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(800);
        int commits = 0;
        int longest = 0;
        while (std::chrono::steady_clock::now() < until) {
            ASSERT_TRUE((*writer)->Exec("INSERT INTO t VALUES (hex(randomblob(1500)))"));
            ++commits;
            longest = std::max(longest, (*writer)->WalFramesAfterCommit());
        }
        ASSERT_GT(commits, 2000);
        EXPECT_GT(asked.load(), 0);
        // It waited for the writer until the WAL was kForcedRestartFactor times too long...
        EXPECT_GT(longest, SqliteCheckpointer::kForcedRestartFactor * kRestartFrames);
        // ...and then restarted it: far fewer frames than commits.
        EXPECT_LT((*writer)->WalFramesAfterCommit(), commits / 4);
        EXPECT_LT(std::filesystem::file_size(path + "-wal"),
                  static_cast<std::uintmax_t>(commits) * 4096 / 4);
    }
    std::filesystem::remove_all(dir);
}

}  // namespace wharf::store::sqlite
