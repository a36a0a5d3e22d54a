#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <boost/json.hpp>

#include "base/result.h"
#include "domain/pagination/keyset.h"
#include "http/request.h"

namespace wharf::api {

// Keyset (cursor) paging on the wire, for the history lists of both surfaces. A cursor is
// pagination.h's opaque Cursor whose key is the row's sort time in microseconds since the epoch.

std::string EncodeKeyset(const domain::Keyset& k);
// kInvalidArgument naming `field` when the text is not one of our cursors.
Result<domain::Keyset> DecodeKeyset(std::string_view text, const char* field);

// `limit` (1..100, default 20), `after` (older rows: the next page) and `before` (newer rows: the
// previous page); the two cursors are mutually exclusive. Errors name the parameter.
Result<domain::KeysetRequest> ParseKeysetRequest(const http::Request& req);

// {"cursors":{"before","after"},"next","previous"}. A non-empty page always carries both cursors
// (its first and last rows), so a client can poll for newer rows with `before`; `next` and
// `previous` carry the same cursors only when rows exist past that edge, and are null at the
// ends. An empty page has nulls everywhere.
boost::json::object KeysetPaging(const std::optional<domain::Keyset>& first,
                                 const std::optional<domain::Keyset>& last, bool has_newer,
                                 bool has_older);

template <class T, class KeyOf>
boost::json::object KeysetPaging(const domain::KeysetPage<T>& page, KeyOf key_of) {
    if (page.items.empty()) {
        return KeysetPaging(std::nullopt, std::nullopt, false, false);
    }
    return KeysetPaging(key_of(page.items.front()), key_of(page.items.back()), page.has_newer,
                        page.has_older);
}

// {"data":[to_json(item)...],"paging":KeysetPaging(page)}: a history list's body on both surfaces.
template <class T, class ToJson, class KeyOf>
boost::json::object KeysetListBody(const domain::KeysetPage<T>& page, ToJson to_json,
                                   KeyOf key_of) {
    boost::json::array data;
    data.reserve(page.items.size());
    for (const auto& item : page.items) {
        data.push_back(to_json(item));
    }
    return boost::json::object{{"data", std::move(data)}, {"paging", KeysetPaging(page, key_of)}};
}

}  // namespace wharf::api
