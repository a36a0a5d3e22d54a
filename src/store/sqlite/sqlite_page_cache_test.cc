#include "store/sqlite/sqlite_page_cache.h"

#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "base/random.h"
#include "store/sqlite/sqlite_connection.h"

namespace wharf::store::sqlite {
namespace {

class SqlitePageCacheTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() / ("wharf-pcache-" + RandomToken(10));
        std::filesystem::create_directories(dir_);
        auto conn = SqliteConnection::Open((dir_ / "t.db").string(), 5000);
        ASSERT_TRUE(conn) << conn.error().message;
        conn_ = std::move(*conn);
        ASSERT_TRUE(conn_->Exec("PRAGMA journal_mode = WAL"));
        ASSERT_TRUE(conn_->Exec("PRAGMA cache_size = -65536"));
        ASSERT_TRUE(conn_->Exec("CREATE TABLE t (id INTEGER PRIMARY KEY, k TEXT UNIQUE, v BLOB)"));
    }
    void TearDown() override {
        conn_.reset();
        std::filesystem::remove_all(dir_);
    }
    std::string Scalar(const std::string& sql) {
        auto s = conn_->Prepare(sql);
        EXPECT_TRUE(s);
        auto row = s->Step();
        EXPECT_TRUE(row && *row);
        return s->Text(0);
    }
    // Inserts n rows of random keys (the unique index splits all over, and a balance that
    // leaves its new pages out of order renumbers them through the lock-byte page).
    void Insert(int n, int size) {
        for (int i = 0; i < n; ++i) {
            ASSERT_TRUE(
                conn_->Exec("INSERT INTO t (k, v) VALUES (hex(randomblob(16)), "
                            "randomblob(" +
                            std::to_string(size) + "))"));
        }
    }

    std::filesystem::path dir_;
    std::unique_ptr<SqliteConnection> conn_;
};

TEST_F(SqlitePageCacheTest, IsInstalledAndSkipsTheTruncationsThatRemoveNothing) {
    ASSERT_TRUE(SqlitePageCacheStats().installed);
    ASSERT_TRUE(conn_->Exec("BEGIN"));
    Insert(3000, 1200);
    ASSERT_TRUE(conn_->Exec("COMMIT"));
    const auto before = SqlitePageCacheStats();
    for (int i = 0; i < 300; ++i) {
        ASSERT_TRUE(conn_->Exec("BEGIN IMMEDIATE"));
        Insert(3, 100);
        ASSERT_TRUE(conn_->Exec("COMMIT"));
    }
    const auto after = SqlitePageCacheStats();
    // Every commit truncates the cache to the database's size; with nothing beyond it, the
    // wrapper answers without pcache1's scan.
    EXPECT_GE(after.skipped - before.skipped, 250u);
    EXPECT_EQ(Scalar("PRAGMA integrity_check"), "ok");
    EXPECT_EQ(Scalar("SELECT count(*) FROM t"), "3900");
}

TEST_F(SqlitePageCacheTest, ARolledBackGrowthIsStillDroppedFromTheCache) {
    ASSERT_TRUE(conn_->Exec("BEGIN"));
    Insert(500, 1200);
    ASSERT_TRUE(conn_->Exec("COMMIT"));
    const std::string pages = Scalar("PRAGMA page_count");
    const std::string sum = Scalar("SELECT sum(length(v)) || ':' || count(*) FROM t");
    const auto before = SqlitePageCacheStats();
    // The database grows by hundreds of pages, then the transaction is undone: the pages past
    // the old end must leave the cache (a truncation that removes something is passed through).
    ASSERT_TRUE(conn_->Exec("BEGIN IMMEDIATE"));
    Insert(800, 3000);
    ASSERT_TRUE(conn_->Exec("ROLLBACK"));
    EXPECT_GT(SqlitePageCacheStats().passed, before.passed);
    EXPECT_EQ(Scalar("PRAGMA page_count"), pages);
    EXPECT_EQ(Scalar("SELECT sum(length(v)) || ':' || count(*) FROM t"), sum);
    // Writing into the same page numbers again sees none of the undone content.
    ASSERT_TRUE(conn_->Exec("BEGIN IMMEDIATE"));
    Insert(200, 2000);
    ASSERT_TRUE(conn_->Exec("COMMIT"));
    EXPECT_EQ(Scalar("PRAGMA integrity_check"), "ok");
    EXPECT_EQ(Scalar("SELECT count(*) FROM t"), "700");
    // And a second connection, reading from the file and the WAL, agrees.
    auto other = SqliteConnection::Open((dir_ / "t.db").string(), 5000);
    ASSERT_TRUE(other);
    auto s = (*other)->Prepare("SELECT count(*) FROM t");
    ASSERT_TRUE(s);
    ASSERT_TRUE(s->Step().value_or(false));
    EXPECT_EQ(s->Int64(0), 700);
}

TEST_F(SqlitePageCacheTest, SavepointRollbacksInsideAGrowingTransactionKeepTheDatabaseWhole) {
    for (int round = 0; round < 20; ++round) {
        ASSERT_TRUE(conn_->Exec("BEGIN IMMEDIATE"));
        Insert(50, 900);
        ASSERT_TRUE(conn_->Exec("SAVEPOINT s"));
        Insert(120, 2500);
        ASSERT_TRUE(conn_->Exec(round % 2 == 0 ? "ROLLBACK TO s" : "RELEASE s"));
        Insert(30, 400);
        ASSERT_TRUE(conn_->Exec(round % 3 == 0 ? "ROLLBACK" : "COMMIT"));
    }
    EXPECT_EQ(Scalar("PRAGMA integrity_check"), "ok");
    // Rounds 1..19 not divisible by 3 commit: 13 of them; odd ones keep the savepoint's 120.
    int expected = 0;
    for (int round = 0; round < 20; ++round) {
        if (round % 3 != 0) {
            expected += 50 + 30 + (round % 2 == 1 ? 120 : 0);
        }
    }
    EXPECT_EQ(Scalar("SELECT count(*) FROM t"), std::to_string(expected));
}

}  // namespace
}  // namespace wharf::store::sqlite
