#pragma once

#include <algorithm>
#include <string>
#include <string_view>

#include "base/result.h"
#include "domain/pagination/keyset.h"
#include "store/sqlite/sqlite_connection.h"
#include "store/sqlite/sqlite_statement.h"
#include "store/sqlite/sqlite_where.h"

namespace wharf::store::sqlite {

// The largest page a keyset-paged list hands out; `limit` must be within 1..kMaxKeysetLimit.
inline constexpr int kMaxKeysetLimit = 1000;

// What a keyset-paged list reads: `columns` of `table`, ordered newest first by the tuple
// (`at_column`, `id_column`). The table needs an index that ends with those two columns after
// the equality filters, so that every page is an index range scan.
struct SqliteKeysetQuery {
    std::string_view table;
    std::string_view columns;
    std::string_view at_column;
    std::string_view id_column;
};

namespace keyset_internal {

// " AND ((at, id) <op> (?, ?))" added to a copy of `where`.
inline SqliteWhere WithEdge(const SqliteWhere& where, const SqliteKeysetQuery& q,
                            std::string_view op, const domain::Keyset& edge) {
    SqliteWhere out = where;
    std::string condition = "(";
    condition.append(q.at_column).append(", ").append(q.id_column).append(") ");
    condition.append(op).append(" (?, ?)");
    out.And(condition, {ToMicros(edge.at), edge.id});
    return out;
}

inline Result<bool> AnyRow(SqliteConnection& conn, std::string_view table,
                           const SqliteWhere& where) {
    WHARF_ASSIGN_OR_RETURN(auto s, conn.Prepare("SELECT EXISTS (SELECT 1 FROM " +
                                                std::string(table) + where.Sql() + ")"));
    where.BindTo(s);
    WHARF_ASSIGN_OR_RETURN(bool row, s.Step());
    return row && s.Bool(0);
}

}  // namespace keyset_internal

// One keyset page of the rows matching `where` (see domain/pagination/keyset.h):
//  - no cursor: the newest `limit` rows;
//  - `after`: the `limit` rows just older than the cursor in (at, id) order;
//  - `before`: the `limit` rows just newer than the cursor (read oldest first, then reversed).
// Items come back newest first. has_older / has_newer are exact: has_older is true when a
// request with `after` = the page's oldest item would return rows, has_newer likewise for
// `before` = its newest item (for an empty page, the cursor stands for both edges). The paging
// side reads limit + 1 rows; the other side costs one EXISTS query, and only when a cursor was
// given (without one the page starts at the newest row). kInvalidArgument when limit is outside
// 1..kMaxKeysetLimit or both cursors are set.
//
// Runs several statements: the caller holds a read transaction so that they share one snapshot.
// read_row(const SqliteStatement&) -> Result<T> decodes the current row of q.columns;
// key_of(const T&) -> domain::Keyset gives an item's position.
template <class T, class ReadRow, class KeyOf>
Result<domain::KeysetPage<T>> ReadKeysetPage(SqliteConnection& conn, const SqliteKeysetQuery& q,
                                             const SqliteWhere& where,
                                             const domain::KeysetRequest& request, ReadRow read_row,
                                             KeyOf key_of) {
    using keyset_internal::AnyRow;
    using keyset_internal::WithEdge;
    if (request.limit < 1 || request.limit > kMaxKeysetLimit) {
        return Fail(Error::InvalidArgument("limit must be between 1 and " +
                                           std::to_string(kMaxKeysetLimit)));
    }
    if (request.after && request.before) {
        return Fail(Error::InvalidArgument("after and before are mutually exclusive"));
    }
    const bool backwards = request.before.has_value();
    SqliteWhere paged = where;
    if (request.after) {
        paged = WithEdge(where, q, "<", *request.after);
    } else if (backwards) {
        paged = WithEdge(where, q, ">", *request.before);
    }
    const char* direction = backwards ? " ASC" : " DESC";
    std::string sql = "SELECT " + std::string(q.columns) + " FROM " + std::string(q.table) +
                      paged.Sql() + " ORDER BY " + std::string(q.at_column) + direction + ", " +
                      std::string(q.id_column) + direction + " LIMIT ?";

    domain::KeysetPage<T> page;
    bool more = false;
    {
        WHARF_ASSIGN_OR_RETURN(auto s, conn.Prepare(sql));
        paged.BindTo(s);
        s.BindInt64(request.limit + 1);
        while (true) {
            WHARF_ASSIGN_OR_RETURN(bool row, s.Step());
            if (!row) {
                break;
            }
            if (static_cast<int>(page.items.size()) == request.limit) {
                more = true;
                break;
            }
            WHARF_ASSIGN_OR_RETURN(T item, read_row(s));
            page.items.push_back(std::move(item));
        }
    }
    if (backwards) {
        std::reverse(page.items.begin(), page.items.end());
        page.has_newer = more;
        const domain::Keyset edge =
            page.items.empty() ? *request.before : key_of(page.items.back());
        WHARF_ASSIGN_OR_RETURN(page.has_older,
                               AnyRow(conn, q.table, WithEdge(where, q, "<", edge)));
    } else {
        page.has_older = more;
        if (request.after) {
            const domain::Keyset edge =
                page.items.empty() ? *request.after : key_of(page.items.front());
            WHARF_ASSIGN_OR_RETURN(page.has_newer,
                                   AnyRow(conn, q.table, WithEdge(where, q, ">", edge)));
        }
    }
    return page;
}

}  // namespace wharf::store::sqlite
