#pragma once

#include "base/result.h"
#include "store/sqlite/sqlite_connection.h"

namespace wharf::store::sqlite {

// An RAII transaction on one connection: rolled back on destruction unless Commit() succeeded.
// On a connection already inside a transaction (a repository call made within Store::Transact)
// it is a SAVEPOINT instead, so the call stays atomic and an error undoes only its own changes.
//
// kWrite begins with BEGIN IMMEDIATE, taking the database's write lock up front: a deferred
// transaction that reads and then writes could fail with SQLITE_BUSY_SNAPSHOT, which no amount
// of waiting fixes. kRead begins a deferred transaction, giving one consistent snapshot (e.g. a
// page and its total count). Lives on the stack of one call; the connection must outlive it; not
// thread-safe (like the connection).
class SqliteTransaction {
public:
    enum class Mode { kRead, kWrite };

    static Result<SqliteTransaction> Begin(SqliteConnection& conn, Mode mode);
    SqliteTransaction(SqliteTransaction&& other) noexcept;
    SqliteTransaction& operator=(SqliteTransaction&&) = delete;
    SqliteTransaction(const SqliteTransaction&) = delete;
    SqliteTransaction& operator=(const SqliteTransaction&) = delete;
    ~SqliteTransaction();

    // COMMIT (or RELEASE of the savepoint). On failure the transaction is still rolled back by
    // the destructor.
    Result<void> Commit();

private:
    SqliteTransaction(SqliteConnection* conn, bool savepoint)
        : conn_(conn), savepoint_(savepoint) {}
    void Rollback();

    SqliteConnection* conn_;  // null once committed, rolled back or moved from
    bool savepoint_;
};

}  // namespace wharf::store::sqlite
