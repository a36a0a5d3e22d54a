#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include <sqlite3.h>

#include "base/clock.h"
#include "base/result.h"
#include "base/strong_id.h"

namespace wharf::store::sqlite {

// A value for a dynamically built query (see SqliteWhere): NULL, an integer or text.
using SqliteValue = std::variant<std::nullptr_t, std::int64_t, std::string>;

// Timestamps are stored as INTEGER microseconds since the Unix epoch.
inline std::int64_t ToMicros(Timestamp t) {
    return t.time_since_epoch().count();
}
inline Timestamp FromMicros(std::int64_t us) {
    return Timestamp(std::chrono::microseconds(us));
}

// A prepared statement, ready to bind and step. Usually borrowed from its connection's cache
// (SqliteConnection::Prepare): destroying the handle resets it, clears its bindings and gives it
// back, so no statement is left mid-step holding a read snapshot. A statement that could not be
// cached is owned and finalized instead. Move-only; must not outlive its connection; used by one
// thread at a time, like the connection.
//
// Binding is positional and sequential: each Bind* call binds the next `?` (1, 2, ...). The first
// bind failure is remembered and returned by the next Step/Run, so binds can be chained.
class SqliteStatement {
public:
    // Takes `stmt`. `in_use` is the cache slot's flag (cleared on destruction), or null when this
    // handle owns the statement and must finalize it.
    SqliteStatement(sqlite3_stmt* stmt, sqlite3* db, bool* in_use);
    SqliteStatement(SqliteStatement&& other) noexcept;
    SqliteStatement& operator=(SqliteStatement&&) = delete;
    SqliteStatement(const SqliteStatement&) = delete;
    SqliteStatement& operator=(const SqliteStatement&) = delete;
    ~SqliteStatement();

    SqliteStatement& BindText(std::string_view v);
    SqliteStatement& BindInt64(std::int64_t v);
    SqliteStatement& BindBool(bool v) { return BindInt64(v ? 1 : 0); }
    SqliteStatement& BindNull();
    // Binds bytes as a BLOB (copied, like BindText).
    SqliteStatement& BindBlob(std::string_view bytes);
    SqliteStatement& BindTime(Timestamp t) { return BindInt64(ToMicros(t)); }
    SqliteStatement& BindOptionalText(const std::optional<std::string>& v);
    SqliteStatement& BindOptionalTime(const std::optional<Timestamp>& v);
    SqliteStatement& BindValue(const SqliteValue& v);
    template <class Tag>
    SqliteStatement& BindId(const StrongId<Tag>& id) {
        return BindText(id.value());
    }
    template <class Tag>
    SqliteStatement& BindOptionalId(const std::optional<StrongId<Tag>>& id) {
        return id ? BindText(id->value()) : BindNull();
    }

    // The same binds without the copy (SQLITE_STATIC): SQLite reads the caller's string in
    // place, so it must stay alive and unchanged until this handle is destroyed (which resets
    // the statement and clears its bindings). For the many and large values of the writes every
    // message makes: each copy is a malloc, a memcpy and a free. Temporaries do not compile.
    SqliteStatement& BindTextRef(const std::string& v);
    SqliteStatement& BindTextRef(std::string&&) = delete;
    SqliteStatement& BindBlobRef(const std::string& bytes);
    SqliteStatement& BindBlobRef(std::string&&) = delete;
    SqliteStatement& BindOptionalTextRef(const std::optional<std::string>& v);
    SqliteStatement& BindOptionalTextRef(std::optional<std::string>&&) = delete;
    template <class Tag>
    SqliteStatement& BindIdRef(const StrongId<Tag>& id) {
        return BindTextRef(id.value());
    }
    template <class Tag>
    SqliteStatement& BindIdRef(StrongId<Tag>&&) = delete;
    template <class Tag>
    SqliteStatement& BindOptionalIdRef(const std::optional<StrongId<Tag>>& id) {
        return id ? BindTextRef(id->value()) : BindNull();
    }
    template <class Tag>
    SqliteStatement& BindOptionalIdRef(std::optional<StrongId<Tag>>&&) = delete;

    // Advances to the next row: true when a row is ready to read, false when done.
    Result<bool> Step();
    // Steps to completion, for statements that return no rows.
    Result<void> Run();
    // One sqlite3_step, then a reset: SQLite's result code, for a caller that handles
    // SQLITE_BUSY itself (SqliteConnection::ExecRetryingBusy).
    int StepOnce();

    // Readers for the current row; columns count from 0. NULL reads as empty / 0 / nullopt.
    bool IsNull(int col) const;
    std::string Text(int col) const;
    std::optional<std::string> OptionalText(int col) const;
    // A BLOB column's bytes, valid until the next Step or the handle's destruction.
    std::string_view BlobView(int col) const;
    std::int64_t Int64(int col) const;
    bool Bool(int col) const { return Int64(col) != 0; }
    Timestamp Time(int col) const { return FromMicros(Int64(col)); }
    std::optional<Timestamp> OptionalTime(int col) const;
    template <class Id>
    Id IdAt(int col) const {
        return Id(Text(col));
    }
    template <class Id>
    std::optional<Id> OptionalIdAt(int col) const {
        return IsNull(col) ? std::nullopt : std::optional<Id>(Id(Text(col)));
    }

    // The SQL text, for messages.
    std::string_view Sql() const;

private:
    SqliteStatement& NoteBind(int rc);
    std::string SqlForMessage() const;

    sqlite3_stmt* stmt_;
    sqlite3* db_;
    bool* in_use_;
    int next_param_ = 1;
    int bind_rc_ = SQLITE_OK;
};

}  // namespace wharf::store::sqlite
