#include "store/sqlite/sqlite_checkpointer.h"

#include <atomic>
#include <filesystem>
#include <memory>
#include <vector>

#include <gtest/gtest.h>
#include <sqlite3.h>

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

// The default VFS with one change: it counts the syncs of main database files. Registered as the
// default while an instance lives (the tests open connections by path only).
class CountingVfs {
public:
    CountingVfs() {
        real_ = sqlite3_vfs_find(nullptr);
        vfs_ = *real_;
        vfs_.zName = "wharf-counting";
        vfs_.xOpen = &Open;
        syncs_ = 0;
        sqlite3_vfs_register(&vfs_, 1);
    }
    ~CountingVfs() {
        sqlite3_vfs_unregister(&vfs_);
        sqlite3_vfs_register(real_, 1);
    }
    CountingVfs(const CountingVfs&) = delete;
    CountingVfs& operator=(const CountingVfs&) = delete;
    static int DatabaseSyncs() { return syncs_; }

private:
    // The real file's methods, with xSync counted. The file stays the real VFS's own.
    static int Open(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* file, int flags,
                    int* out_flags) {
        const int rc = real_->xOpen(real_, name, file, flags, out_flags);
        if (rc == SQLITE_OK && (flags & SQLITE_OPEN_MAIN_DB) != 0 && file->pMethods != nullptr) {
            real_methods_ = file->pMethods;
            methods_ = *file->pMethods;
            methods_.xSync = [](sqlite3_file* f, int sync_flags) {
                ++syncs_;
                return real_methods_->xSync(f, sync_flags);
            };
            file->pMethods = &methods_;
        }
        return rc;
    }

    static inline sqlite3_vfs* real_ = nullptr;
    static inline sqlite3_vfs vfs_{};
    static inline const sqlite3_io_methods* real_methods_ = nullptr;
    static inline sqlite3_io_methods methods_{};
    static inline std::atomic<int> syncs_{0};
};

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
TEST_F(SqliteCheckpointerTest, SyncsWhatItCopiedWhenTheCheckpointCouldNotFinish) {
    // A PASSIVE checkpoint that cannot copy every frame (here a reader holds the later ones back;
    // under a stream of writes, new frames arrive meanwhile) leaves the database file unsynced,
    // and the writer that restarts the WAL later would sync all of it while holding every
    // writer back. The checkpointer syncs it itself, once per new copy.
    CountingVfs vfs;
    auto reader = Connection();
    Write(*writer_, 10);
    ASSERT_TRUE(reader->Exec("BEGIN"));
    ASSERT_TRUE(reader->Exec("SELECT count(*) FROM t"));  // its snapshot: the first 10 rows
    Write(*writer_, 10);
    SqliteCheckpointer checkpointer(Connection(), std::chrono::hours(1));
    const int syncs = CountingVfs::DatabaseSyncs();
    auto left = checkpointer.CheckpointNow();
    ASSERT_TRUE(left);
    EXPECT_GT(*left, 0);  // the reader's snapshot is all it could copy
    EXPECT_EQ(CountingVfs::DatabaseSyncs(), syncs + 1);
    ASSERT_TRUE(checkpointer.CheckpointNow());  // nothing new copied: no sync
    EXPECT_EQ(CountingVfs::DatabaseSyncs(), syncs + 1);
    ASSERT_TRUE(reader->Exec("COMMIT"));
    left = checkpointer.CheckpointNow();  // finishes: SQLite syncs the file itself, and so do we
    ASSERT_TRUE(left);
    EXPECT_EQ(*left, 0);
    EXPECT_GT(CountingVfs::DatabaseSyncs(), syncs + 1);
}
}  // namespace
}  // namespace wharf::store::sqlite
