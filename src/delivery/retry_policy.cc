#include "delivery/retry_policy.h"

#include <algorithm>
#include <charconv>
#include <ctime>

namespace wharf::delivery {

std::chrono::seconds RetryPolicy::Delay(int failures) const {
    using std::chrono::seconds;
    seconds d;
    if (failures <= 1) {
        d = seconds(10);
    } else if (failures == 2) {
        d = seconds(40);
    } else if (failures == 3) {
        d = seconds(90);
    } else {
        d = seconds(90);
        for (int i = 3; i < failures && d < options_.max_delay; ++i) {
            d *= 2;
        }
    }
    return std::min(d, options_.max_delay);
}

std::optional<Timestamp> RetryPolicy::NextAttempt(
    int failures, Timestamp now, Timestamp retry_from,
    std::optional<std::chrono::seconds> retry_after) const {
    std::chrono::seconds d = Delay(failures);
    if (retry_after && *retry_after > d) {
        d = *retry_after;
    }
    Timestamp next = now + d;
    if (next > retry_from + options_.horizon) {
        return std::nullopt;
    }
    return next;
}

std::optional<std::chrono::seconds> ParseRetryAfter(const std::string& value, Timestamp now) {
    std::string v = value;
    while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) {
        v.pop_back();
    }
    size_t start = v.find_first_not_of(" \t");
    if (start == std::string::npos) {
        return std::nullopt;
    }
    v = v.substr(start);
    long long n = 0;
    auto r = std::from_chars(v.data(), v.data() + v.size(), n);
    if (r.ec == std::errc() && r.ptr == v.data() + v.size()) {
        return std::chrono::seconds(std::max(0LL, std::min(n, 7LL * 24 * 3600)));
    }
    // IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT"
    std::tm tm{};
    const char* end = strptime(v.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
    if (end == nullptr || *end != '\0') {
        return std::nullopt;
    }
    auto at = std::chrono::sys_seconds(std::chrono::seconds(timegm(&tm)));
    auto delta = std::chrono::duration_cast<std::chrono::seconds>(at - now);
    return std::max(std::chrono::seconds(0), delta);
}

}  // namespace wharf::delivery
