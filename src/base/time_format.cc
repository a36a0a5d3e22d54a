#include "base/time_format.h"

#include <charconv>
#include <chrono>
#include <cstdio>

namespace wharf {
namespace {

using std::chrono::days;
using std::chrono::microseconds;
using std::chrono::sys_days;

// Writes `value` as exactly `width` decimal digits (zero-padded) at `out`.
char* Digits(char* out, long long value, int width) {
    for (int i = width - 1; i >= 0; --i) {
        out[i] = static_cast<char>('0' + value % 10);
        value /= 10;
    }
    return out + width;
}

// Hand-written rather than snprintf: timestamps are on every list row (a profile showed
// snprintf at a quarter of a 20-row page's cost).
std::string Format(Timestamp t, bool micros) {
    auto day = std::chrono::floor<days>(t);
    std::chrono::year_month_day ymd{day};
    long long us = (t - day).count();
    long long secs = us / 1'000'000;
    char buf[32];
    char* p = Digits(buf, int(ymd.year()), 4);
    *p++ = '-';
    p = Digits(p, unsigned(ymd.month()), 2);
    *p++ = '-';
    p = Digits(p, unsigned(ymd.day()), 2);
    *p++ = 'T';
    p = Digits(p, secs / 3600, 2);
    *p++ = ':';
    p = Digits(p, (secs / 60) % 60, 2);
    *p++ = ':';
    p = Digits(p, secs % 60, 2);
    if (micros) {
        *p++ = '.';
        p = Digits(p, us % 1'000'000, 6);
    }
    *p++ = 'Z';
    return std::string(buf, p);
}

bool ReadDigits(std::string_view s, size_t pos, size_t len, int& out) {
    if (pos + len > s.size()) {
        return false;
    }
    for (size_t i = pos; i < pos + len; ++i) {
        if (s[i] < '0' || s[i] > '9') {
            return false;
        }
    }
    auto r = std::from_chars(s.data() + pos, s.data() + pos + len, out);
    return r.ec == std::errc();
}

}  // namespace

std::string FormatIso8601(Timestamp t) {
    return Format(t, false);
}
std::string FormatIso8601Micros(Timestamp t) {
    return Format(t, true);
}

long long UnixSeconds(Timestamp t) {
    return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

Result<Timestamp> ParseIso8601(std::string_view s) {
    auto bad = [&] {
        return Fail(Error::InvalidArgument("invalid ISO 8601 timestamp: '" + std::string(s) + "'"));
    };
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
    if (!ReadDigits(s, 0, 4, y) || s.size() < 10 || s[4] != '-' || !ReadDigits(s, 5, 2, mo) ||
        s[7] != '-' || !ReadDigits(s, 8, 2, d)) {
        return bad();
    }
    std::chrono::year_month_day ymd{std::chrono::year(y), std::chrono::month(unsigned(mo)),
                                    std::chrono::day(unsigned(d))};
    if (!ymd.ok()) {
        return bad();
    }
    long long frac_us = 0;
    long long offset_s = 0;
    size_t pos = 10;
    if (pos < s.size()) {
        if ((s[pos] != 'T' && s[pos] != 't' && s[pos] != ' ') || !ReadDigits(s, pos + 1, 2, h) ||
            pos + 3 >= s.size() || s[pos + 3] != ':' || !ReadDigits(s, pos + 4, 2, mi)) {
            return bad();
        }
        pos += 6;
        if (pos < s.size() && s[pos] == ':') {
            if (!ReadDigits(s, pos + 1, 2, sec)) {
                return bad();
            }
            pos += 3;
            if (pos < s.size() && s[pos] == '.') {
                ++pos;
                long long scale = 100'000;
                size_t start = pos;
                while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
                    frac_us += (s[pos] - '0') * scale;
                    scale /= 10;
                    ++pos;
                }
                if (pos == start) {
                    return bad();
                }
            }
        }
        if (h > 23 || mi > 59 || sec > 60) {
            return bad();
        }
        if (pos < s.size()) {
            if ((s[pos] == 'Z' || s[pos] == 'z') && pos + 1 == s.size()) {
                pos += 1;
            } else if ((s[pos] == '+' || s[pos] == '-') && pos + 6 == s.size() &&
                       s[pos + 3] == ':') {
                int oh = 0, om = 0;
                if (!ReadDigits(s, pos + 1, 2, oh) || !ReadDigits(s, pos + 4, 2, om) || oh > 23 ||
                    om > 59) {
                    return bad();
                }
                offset_s = (oh * 3600 + om * 60) * (s[pos] == '+' ? 1 : -1);
                pos = s.size();
            } else {
                return bad();
            }
        }
    }
    auto t = sys_days(ymd) + std::chrono::hours(h) + std::chrono::minutes(mi) +
             std::chrono::seconds(sec) - std::chrono::seconds(offset_s);
    return Timestamp(std::chrono::duration_cast<microseconds>(t.time_since_epoch()) +
                     microseconds(frac_us));
}

}  // namespace wharf
