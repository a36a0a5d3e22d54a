#include "store/sqlite/sqlite_statement.h"

#include <optional>
#include <string>
#include <utility>

#include <gtest/gtest.h>

#include "base/ids.h"
#include "store/sqlite/sqlite_connection.h"

namespace wharf::store::sqlite {
namespace {

// The Ref binds take lvalues only: a temporary would be gone before SQLite reads it.
template <class T>
concept TextRefBindable = requires(SqliteStatement& s, T&& v) {
    s.BindTextRef(std::forward<T>(v));
};
template <class T>
concept BlobRefBindable = requires(SqliteStatement& s, T&& v) {
    s.BindBlobRef(std::forward<T>(v));
};
template <class T>
concept OptionalTextRefBindable = requires(SqliteStatement& s, T&& v) {
    s.BindOptionalTextRef(std::forward<T>(v));
};
template <class T>
concept IdRefBindable = requires(SqliteStatement& s, T&& v) {
    s.BindIdRef(std::forward<T>(v));
};
static_assert(TextRefBindable<const std::string&> && !TextRefBindable<std::string>);
static_assert(BlobRefBindable<std::string&> && !BlobRefBindable<std::string>);
static_assert(OptionalTextRefBindable<const std::optional<std::string>&> &&
              !OptionalTextRefBindable<std::optional<std::string>>);
static_assert(IdRefBindable<const ProjectId&> && !IdRefBindable<ProjectId>);

class SqliteStatementTest : public ::testing::Test {
protected:
    void SetUp() override {
        auto conn = SqliteConnection::Open(":memory:", 5000);
        ASSERT_TRUE(conn) << conn.error().message;
        conn_ = std::move(*conn);
        ASSERT_TRUE(conn_->Exec("CREATE TABLE t (k INTEGER, a TEXT, b BLOB, c TEXT, d TEXT)"));
    }

    std::unique_ptr<SqliteConnection> conn_;
};

TEST_F(SqliteStatementTest, RefBindsStoreTheCallersBytes) {
    const std::string text = "héllo, in place";
    const std::string blob("\x01\x00\xff\x02", 4);
    const std::optional<std::string> some = "some";
    const std::optional<std::string> none;
    const ProjectId id("project-1");
    {
        auto s = conn_->Prepare("INSERT INTO t VALUES (1, ?, ?, ?, ?)");
        ASSERT_TRUE(s);
        s->BindTextRef(text).BindBlobRef(blob).BindOptionalTextRef(some).BindIdRef(id);
        ASSERT_TRUE(s->Run());
    }
    {
        auto s = conn_->Prepare("INSERT INTO t VALUES (2, ?, NULL, ?, NULL)");
        ASSERT_TRUE(s);
        s->BindTextRef(text).BindOptionalTextRef(none);
        ASSERT_TRUE(s->Run());
    }
    auto s = conn_->Prepare("SELECT a, b, c, d FROM t ORDER BY k");
    ASSERT_TRUE(s);
    ASSERT_TRUE(s->Step().value());
    EXPECT_EQ(s->Text(0), text);
    EXPECT_EQ(s->BlobView(1), blob);
    EXPECT_EQ(s->OptionalText(2), some);
    EXPECT_EQ(s->Text(3), "project-1");
    ASSERT_TRUE(s->Step().value());
    EXPECT_EQ(s->Text(0), text);
    EXPECT_TRUE(s->IsNull(2));
    EXPECT_FALSE(s->Step().value());
}

TEST_F(SqliteStatementTest, ACachedStatementForgetsRefBindsWhenGivenBack) {
    const char* sql = "INSERT INTO t (k, a) VALUES (?, ?)";
    {
        std::string first = "first";
        auto s = conn_->Prepare(sql);
        ASSERT_TRUE(s);
        s->BindInt64(1).BindTextRef(first);
        ASSERT_TRUE(s->Run());
    }
    // The same cached statement, its second parameter left unbound: NULL, not the old pointer.
    {
        auto s = conn_->Prepare(sql);
        ASSERT_TRUE(s);
        s->BindInt64(2);
        ASSERT_TRUE(s->Run());
    }
    auto s = conn_->Prepare("SELECT a FROM t WHERE k = 2");
    ASSERT_TRUE(s);
    ASSERT_TRUE(s->Step().value());
    EXPECT_TRUE(s->IsNull(0));
}

}  // namespace
}  // namespace wharf::store::sqlite
