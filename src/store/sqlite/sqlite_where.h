#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "domain/pagination/page.h"
#include "store/sqlite/sqlite_connection.h"
#include "store/sqlite/sqlite_statement.h"

namespace wharf::store::sqlite {

// A WHERE clause assembled from optional filters, with its parameter values in order:
//   SqliteWhere where;
//   where.And("project_id = ?", {project.value()});
//   if (filter.name_contains) where.And("name LIKE ? ESCAPE '\\'", {LikeContains(...)});
// The SQL text depends only on which filters are present, so the statements stay cacheable.
// A plain value; not thread-safe.
class SqliteWhere {
public:
    // Adds "AND (<condition>)"; each `?` in it takes the next of `values`.
    SqliteWhere& And(std::string_view condition, std::initializer_list<SqliteValue> values = {});
    // The list filters every resource shares: created_at strictly after / before (exclusive).
    SqliteWhere& AndCreatedWithin(const std::optional<Timestamp>& after,
                                  const std::optional<Timestamp>& before);
    // " WHERE ..." or "" when there are no conditions.
    const std::string& Sql() const { return sql_; }
    // Binds every value, in order, as the statement's next parameters.
    void BindTo(SqliteStatement& stmt) const;

private:
    std::string sql_;
    std::vector<SqliteValue> values_;
};

// The LIKE pattern for "contains `text`", with %, _ and the escape character \ escaped; use with
// ESCAPE '\'. SQLite's LIKE ignores case for ASCII letters only.
std::string LikeContains(std::string_view text);

// One page of `table` rows matching `where` plus their total count, read from one snapshot (the
// caller runs it inside a read transaction). `order_by` must make the order total.
// read_row(SqliteStatement&) -> Result<T> decodes the current row of `columns`.
template <class T, class ReadRow>
Result<domain::Page<T>> ReadPage(SqliteConnection& conn, std::string_view table,
                                 std::string_view columns, const SqliteWhere& where,
                                 std::string_view order_by, domain::PageRequest page,
                                 ReadRow read_row) {
    if (page.page < 1 || page.per_page < 1) {
        return Fail(Error::InvalidArgument("page and per_page must be at least 1"));
    }
    domain::Page<T> result;
    {
        WHARF_ASSIGN_OR_RETURN(
            auto count, conn.Prepare("SELECT COUNT(*) FROM " + std::string(table) + where.Sql()));
        where.BindTo(count);
        WHARF_ASSIGN_OR_RETURN(bool row, count.Step());
        result.total_count = row ? count.Int64(0) : 0;
    }
    if (page.Offset() >= result.total_count) {
        return result;
    }
    WHARF_ASSIGN_OR_RETURN(
        auto select,
        conn.Prepare("SELECT " + std::string(columns) + " FROM " + std::string(table) +
                     where.Sql() + " ORDER BY " + std::string(order_by) + " LIMIT ? OFFSET ?"));
    where.BindTo(select);
    select.BindInt64(page.per_page).BindInt64(page.Offset());
    while (true) {
        WHARF_ASSIGN_OR_RETURN(bool row, select.Step());
        if (!row) {
            break;
        }
        WHARF_ASSIGN_OR_RETURN(T item, read_row(select));
        result.items.push_back(std::move(item));
    }
    return result;
}

}  // namespace wharf::store::sqlite
