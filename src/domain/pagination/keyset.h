#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"

namespace wharf::domain {

// A position in a newest-first list: the sort time and id of the row at the edge (the id breaks
// ties). Cursor-paginated lists (history) are keyset-paged on it.
struct Keyset {
    Timestamp at;
    std::string id;
};

// `after`: rows older than the cursor (the next page); `before`: rows newer than it (the
// previous page). At most one is set.
struct KeysetRequest {
    int limit = 20;
    std::optional<Keyset> after;
    std::optional<Keyset> before;
};

// Items newest first; whether more rows exist past each edge of this page.
template <class T>
struct KeysetPage {
    std::vector<T> items;
    bool has_older = false;
    bool has_newer = false;
};

}  // namespace wharf::domain
