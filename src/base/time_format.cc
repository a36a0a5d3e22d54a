#include "base/time_format.h"

#include <charconv>
#include <chrono>
#include <cstdio>

namespace wharf {
namespace {

using std::chrono::days;
using std::chrono::microseconds;
using std::chrono::sys_days;

std::string Format(Timestamp t, bool micros) {
    auto day = std::chrono::floor<days>(t);
    std::chrono::year_month_day ymd{day};
    auto tod = t - day;
    long long us = tod.count();
    long long secs = us / 1'000'000;
    char buf[40];
    int n = std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02lld:%02lld:%02lld", int(ymd.year()),
                          unsigned(ymd.month()), unsigned(ymd.day()), secs / 3600, (secs / 60) % 60,
                          secs % 60);
    std::string out(buf, static_cast<size_t>(n));
    if (micros) {
        std::snprintf(buf, sizeof buf, ".%06lld", us % 1'000'000);
        out += buf;
    }
    out += 'Z';
    return out;
}

bool Digits(std::string_view s, size_t pos, size_t len, int& out) {
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

std::string FormatIso8601(Timestamp t) { return Format(t, false); }
std::string FormatIso8601Micros(Timestamp t) { return Format(t, true); }

long long UnixSeconds(Timestamp t) {
    return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

Result<Timestamp> ParseIso8601(std::string_view s) {
    auto bad = [&] {
        return Fail(Error::InvalidArgument("invalid ISO 8601 timestamp: '" + std::string(s) + "'"));
    };
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
    if (!Digits(s, 0, 4, y) || s.size() < 10 || s[4] != '-' || !Digits(s, 5, 2, mo) ||
        s[7] != '-' || !Digits(s, 8, 2, d)) {
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
        if ((s[pos] != 'T' && s[pos] != 't' && s[pos] != ' ') || !Digits(s, pos + 1, 2, h) ||
            pos + 3 >= s.size() || s[pos + 3] != ':' || !Digits(s, pos + 4, 2, mi)) {
            return bad();
        }
        pos += 6;
        if (pos < s.size() && s[pos] == ':') {
            if (!Digits(s, pos + 1, 2, sec)) {
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
            } else if ((s[pos] == '+' || s[pos] == '-') && pos + 6 == s.size() && s[pos + 3] == ':') {
                int oh = 0, om = 0;
                if (!Digits(s, pos + 1, 2, oh) || !Digits(s, pos + 4, 2, om) || oh > 23 || om > 59) {
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
