#include "store/sqlite/sqlite_statement.h"

#include "store/sqlite/sqlite_errors.h"

namespace wharf::store::sqlite {

SqliteStatement::SqliteStatement(sqlite3_stmt* stmt, sqlite3* db, bool* in_use)
    : stmt_(stmt), db_(db), in_use_(in_use) {}

SqliteStatement::SqliteStatement(SqliteStatement&& other) noexcept
    : stmt_(other.stmt_),
      db_(other.db_),
      in_use_(other.in_use_),
      next_param_(other.next_param_),
      bind_rc_(other.bind_rc_) {
    other.stmt_ = nullptr;
    other.in_use_ = nullptr;
}

SqliteStatement::~SqliteStatement() {
    if (stmt_ == nullptr) {
        return;
    }
    if (in_use_ != nullptr) {
        // The return codes repeat the last step's error, which was already reported.
        sqlite3_reset(stmt_);
        sqlite3_clear_bindings(stmt_);
        *in_use_ = false;
    } else {
        sqlite3_finalize(stmt_);
    }
}

SqliteStatement& SqliteStatement::NoteBind(int rc) {
    if (rc != SQLITE_OK && bind_rc_ == SQLITE_OK) {
        bind_rc_ = rc;
    }
    ++next_param_;
    return *this;
}

SqliteStatement& SqliteStatement::BindText(std::string_view v) {
    // SQLITE_TRANSIENT copies: callers may bind temporaries.
    return NoteBind(
        sqlite3_bind_text64(stmt_, next_param_, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
}

SqliteStatement& SqliteStatement::BindTextRef(const std::string& v) {
    return NoteBind(
        sqlite3_bind_text64(stmt_, next_param_, v.data(), v.size(), SQLITE_STATIC, SQLITE_UTF8));
}

SqliteStatement& SqliteStatement::BindBlobRef(const std::string& bytes) {
    return NoteBind(
        sqlite3_bind_blob64(stmt_, next_param_, bytes.data(), bytes.size(), SQLITE_STATIC));
}

SqliteStatement& SqliteStatement::BindOptionalTextRef(const std::optional<std::string>& v) {
    return v ? BindTextRef(*v) : BindNull();
}

SqliteStatement& SqliteStatement::BindInt64(std::int64_t v) {
    return NoteBind(sqlite3_bind_int64(stmt_, next_param_, v));
}

SqliteStatement& SqliteStatement::BindBlob(std::string_view bytes) {
    return NoteBind(
        sqlite3_bind_blob64(stmt_, next_param_, bytes.data(), bytes.size(), SQLITE_TRANSIENT));
}

SqliteStatement& SqliteStatement::BindNull() {
    return NoteBind(sqlite3_bind_null(stmt_, next_param_));
}

SqliteStatement& SqliteStatement::BindOptionalText(const std::optional<std::string>& v) {
    return v ? BindText(*v) : BindNull();
}

SqliteStatement& SqliteStatement::BindOptionalTime(const std::optional<Timestamp>& v) {
    return v ? BindTime(*v) : BindNull();
}

SqliteStatement& SqliteStatement::BindValue(const SqliteValue& v) {
    if (const auto* i = std::get_if<std::int64_t>(&v)) {
        return BindInt64(*i);
    }
    if (const auto* s = std::get_if<std::string>(&v)) {
        return BindText(*s);
    }
    return BindNull();
}

Result<bool> SqliteStatement::Step() {
    if (bind_rc_ != SQLITE_OK) {
        return Fail(SqliteError(bind_rc_, db_, "binding parameters of " + SqlForMessage()));
    }
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) {
        return true;
    }
    if (rc == SQLITE_DONE) {
        return false;
    }
    return Fail(SqliteError(rc, db_, SqlForMessage()));
}

Result<void> SqliteStatement::Run() {
    while (true) {
        WHARF_ASSIGN_OR_RETURN(bool row, Step());
        if (!row) {
            return {};
        }
    }
}

int SqliteStatement::StepOnce() {
    const int rc = sqlite3_step(stmt_);
    sqlite3_reset(stmt_);
    return rc;
}

bool SqliteStatement::IsNull(int col) const {
    return sqlite3_column_type(stmt_, col) == SQLITE_NULL;
}

std::string SqliteStatement::Text(int col) const {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
    if (text == nullptr) {
        return {};
    }
    return {text, static_cast<size_t>(sqlite3_column_bytes(stmt_, col))};
}

std::string_view SqliteStatement::BlobView(int col) const {
    const void* blob = sqlite3_column_blob(stmt_, col);
    if (blob == nullptr) {
        return {};
    }
    return {static_cast<const char*>(blob), static_cast<size_t>(sqlite3_column_bytes(stmt_, col))};
}

std::optional<std::string> SqliteStatement::OptionalText(int col) const {
    if (IsNull(col)) {
        return std::nullopt;
    }
    return Text(col);
}

std::int64_t SqliteStatement::Int64(int col) const {
    return sqlite3_column_int64(stmt_, col);
}

std::optional<Timestamp> SqliteStatement::OptionalTime(int col) const {
    if (IsNull(col)) {
        return std::nullopt;
    }
    return Time(col);
}

std::string SqliteStatement::SqlForMessage() const {
    constexpr size_t kMaxLength = 120;
    std::string_view sql = Sql();
    if (sql.size() <= kMaxLength) {
        return std::string(sql);
    }
    return std::string(sql.substr(0, kMaxLength)) + "...";
}

std::string_view SqliteStatement::Sql() const {
    const char* sql = sqlite3_sql(stmt_);
    return sql != nullptr ? std::string_view(sql) : std::string_view();
}

}  // namespace wharf::store::sqlite
