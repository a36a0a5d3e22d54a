#include "store/sqlite/sqlite_where.h"

namespace wharf::store::sqlite {

SqliteWhere& SqliteWhere::And(std::string_view condition,
                              std::initializer_list<SqliteValue> values) {
    sql_ += sql_.empty() ? " WHERE (" : " AND (";
    sql_ += condition;
    sql_ += ')';
    values_.insert(values_.end(), values.begin(), values.end());
    return *this;
}

SqliteWhere& SqliteWhere::AndCreatedWithin(const std::optional<Timestamp>& after,
                                           const std::optional<Timestamp>& before) {
    if (after) {
        And("created_at > ?", {ToMicros(*after)});
    }
    if (before) {
        And("created_at < ?", {ToMicros(*before)});
    }
    return *this;
}

void SqliteWhere::BindTo(SqliteStatement& stmt) const {
    for (const auto& v : values_) {
        stmt.BindValue(v);
    }
}

std::string LikeContains(std::string_view text) {
    std::string pattern = "%";
    for (char c : text) {
        if (c == '%' || c == '_' || c == '\\') {
            pattern += '\\';
        }
        pattern += c;
    }
    pattern += '%';
    return pattern;
}

}  // namespace wharf::store::sqlite
