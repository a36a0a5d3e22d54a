#pragma once

#include <optional>
#include <string>

#include <boost/json.hpp>

#include "base/result.h"
#include "domain/pagination/page.h"
#include "http/request.h"
#include "http/response.h"

namespace wharf::api {

// Page-based paging (Platform lists): `page` >= 1 (default 1), `per_page` 1..100 (default 20).
Result<domain::PageRequest> ParsePageRequest(const http::Request& req);

// {"data":[...],"meta":{"page","per_page","total_pages","total_count"}} with the X-Total,
// X-Total-Pages, X-Per-Page, X-Page and Link (first/prev/next/last) headers.
http::Response RenderPage(boost::json::array data, domain::PageRequest page, long long total_count,
                          const http::Request& req);

// An opaque position in a keyset-ordered list: the sort key and the id of the row at the edge.
struct Cursor {
    std::string key;
    std::string id;
};
std::string EncodeCursor(const Cursor& c);  // base64 of a small JSON object
Result<Cursor> DecodeCursor(std::string_view text);

// Cursor-based paging (history, deliveries, logs): `limit` 1..max (default 20); `after` and
// `before` are mutually exclusive cursors.
struct CursorRequest {
    int limit = 20;
    std::optional<Cursor> after;
    std::optional<Cursor> before;
};
Result<CursorRequest> ParseCursorRequest(const http::Request& req, int max_limit = 100);

// {"cursors":{"before":<b|null>,"after":<a|null>},"next":<a|null>,"previous":<b|null>}: next and
// previous are cursors to pass back as `after` / `before` (Kapso's form, not URLs).
boost::json::object PagingObject(const std::optional<std::string>& before,
                                 const std::optional<std::string>& after);

}  // namespace wharf::api
