#include "store/sqlite/sqlite_checkpointer.h"

#include <filesystem>
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

TEST(SqliteCheckpointer, TruncatesTheWalOnceItIsLong) {
    // Under a stream of writes every PASSIVE checkpoint ends with new frames behind it, so the
    // WAL never starts over by itself (it grew to 384 MB in 0.8 s): once it is longer than
    // restart_frames, the checkpointer starts it over (TRUNCATE: the file is emptied too).
    auto dir = std::filesystem::temp_directory_path() / ("wharf-ckpt-" + RandomToken(10));
    std::filesystem::create_directories(dir);
    std::string path = (dir / "t.db").string();
    {
        auto writer = SqliteConnection::Open(path, 5000);
        ASSERT_TRUE(writer);
        ASSERT_TRUE((*writer)->Exec("CREATE TABLE t (v TEXT)"));
        SqliteCheckpointer checkpointer(*SqliteConnection::Open(path, 5000), std::chrono::hours(1),
                                        100);
        Write(**writer, 20);
        ASSERT_LE(WalFrames(**writer), 100);
        ASSERT_TRUE(checkpointer.CheckpointNow());
        EXPECT_GT(std::filesystem::file_size(path + "-wal"), 0u);  // short: copied only
        Write(**writer, 40);
        ASSERT_GT(WalFrames(**writer), 100);
        ASSERT_TRUE(checkpointer.CheckpointNow());
        EXPECT_EQ(std::filesystem::file_size(path + "-wal"), 0u);  // long: started over
    }
    std::filesystem::remove_all(dir);
}

TEST(SqliteCheckpointer, AsksTheWriterToRestartTheWalAndRestartsItOnlyWhenNobodyDoes) {
    // With a writer that offers to restart the WAL, a long WAL makes the checkpointer ask it,
    // saying how much is copied already, instead of holding writers back. This writer never
    // does: at kForcedRestartFactor times the length the checkpointer starts the WAL over itself.
    auto dir = std::filesystem::temp_directory_path() / ("wharf-ckpt-" + RandomToken(10));
    std::filesystem::create_directories(dir);
    std::string path = (dir / "t.db").string();
    {
        auto writer = SqliteConnection::Open(path, 5000);
        ASSERT_TRUE(writer);
        ASSERT_TRUE((*writer)->Exec("CREATE TABLE t (v TEXT)"));
        std::vector<int> asked;
        constexpr int kRestartFrames = 100;
        SqliteCheckpointer checkpointer(*SqliteConnection::Open(path, 5000), std::chrono::hours(1),
                                        kRestartFrames,
                                        [&](int copied) { asked.push_back(copied); });
        Write(**writer, 20);
        ASSERT_LE(WalFrames(**writer), kRestartFrames);
        ASSERT_TRUE(checkpointer.CheckpointNow());
        EXPECT_TRUE(asked.empty());  // short
        Write(**writer, 40);
        const int frames = WalFrames(**writer);
        ASSERT_GT(frames, kRestartFrames);
        ASSERT_LE(frames, SqliteCheckpointer::kForcedRestartFactor * kRestartFrames);
        ASSERT_TRUE(checkpointer.CheckpointNow());
        ASSERT_EQ(asked.size(), 1u);
        EXPECT_EQ(asked[0], frames);                               // all copied
        EXPECT_GT(std::filesystem::file_size(path + "-wal"), 0u);  // asked, nothing more
        Write(**writer, 150);
        ASSERT_GT(WalFrames(**writer), SqliteCheckpointer::kForcedRestartFactor * kRestartFrames);
        ASSERT_TRUE(checkpointer.CheckpointNow());
        EXPECT_EQ(asked.size(), 1u);
        EXPECT_EQ(std::filesystem::file_size(path + "-wal"), 0u);  // nobody did: started over
    }
    std::filesystem::remove_all(dir);
}
}  // namespace
}  // namespace wharf::store::sqlite
