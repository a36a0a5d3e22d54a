#pragma once

#include <vector>

namespace wharf::domain {

// Page-based paging as the Platform API does it: 1-based page, per_page items.
struct PageRequest {
    int page = 1;
    int per_page = 20;
    long long Offset() const { return static_cast<long long>(page - 1) * per_page; }
};

inline constexpr int kMaxPerPage = 100;

// One page of results plus the total count of matching rows.
template <class T>
struct Page {
    std::vector<T> items;
    long long total_count = 0;
};

}  // namespace wharf::domain
