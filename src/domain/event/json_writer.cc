#include "domain/event/json_writer.h"

#include <array>
#include <bit>
#include <charconv>
#include <cstdint>
#include <cstring>

#include "base/json.h"

namespace wharf::domain {
namespace {

namespace bj = boost::json;

constexpr char kHex[] = "0123456789abcdef";

// Per byte: 0 when written as is, else the letter after the backslash ('u' for \u00xx). The
// same table as boost::json's serializer.
constexpr std::array<char, 256> kEscapes = [] {
    std::array<char, 256> t{};
    for (int c = 0; c < 0x20; ++c) {
        t[c] = 'u';
    }
    t['\b'] = 'b';
    t['\t'] = 't';
    t['\n'] = 'n';
    t['\f'] = 'f';
    t['\r'] = 'r';
    t['"'] = '"';
    t['\\'] = '\\';
    return t;
}();

constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
constexpr std::uint64_t kHighBits = 0x8080808080808080ULL;

// Eight bytes, the first in memory the least significant (borrows in the tests below run from
// earlier bytes to later ones).
std::uint64_t Load8(const char* p) {
    std::uint64_t w;
    std::memcpy(&w, p, sizeof w);
    if constexpr (std::endian::native == std::endian::big) {
        w = __builtin_bswap64(w);
    }
    return w;
}

// The bytes of `w` that boost escapes (below 0x20, '"', '\\'), as the high bit of each: the
// classic tests for a byte below n and for a zero byte (after xor with the byte sought). Above
// a byte that is one, bits may be set that are not; the lowest set bit is always right.
std::uint64_t NeedEscaping(std::uint64_t w) {
    const std::uint64_t quote = w ^ (kOnes * '"');
    const std::uint64_t backslash = w ^ (kOnes * '\\');
    const std::uint64_t below_space = (w - kOnes * 0x20) & ~w;
    const std::uint64_t is_quote = (quote - kOnes) & ~quote;
    const std::uint64_t is_backslash = (backslash - kOnes) & ~backslash;
    return (below_space | is_quote | is_backslash) & kHighBits;
}

// The index of the first byte a non-zero mask of Load8's word marks.
int FirstMarked(std::uint64_t mask) {
    return std::countr_zero(mask) / 8;
}

constexpr int kMaxDepth = 32;
constexpr size_t kMaxOpenKeys = 64;

// Recursive descent over one JSON text, accepting only boost's serialisation (IsCanonicalJson).
class CanonicalChecker {
public:
    explicit CanonicalChecker(std::string_view text)
        : p_(text.data()), end_(text.data() + text.size()) {}

    bool Check() { return Value(0) && p_ == end_; }

private:
    bool Value(int depth) {
        if (p_ == end_) {
            return false;
        }
        switch (*p_) {
            case '{':
                return Object(depth + 1);
            case '[':
                return Array(depth + 1);
            case '"':
                return String();
            case 't':
                return Literal("true");
            case 'f':
                return Literal("false");
            case 'n':
                return Literal("null");
            default:
                return Number();
        }
    }

    bool Object(int depth) {
        if (depth > kMaxDepth) {
            return false;
        }
        ++p_;
        if (p_ != end_ && *p_ == '}') {
            ++p_;
            return true;
        }
        const size_t first = open_keys_;
        while (true) {
            if (p_ == end_ || *p_ != '"') {
                return false;
            }
            const char* start = p_;
            if (!String()) {
                return false;
            }
            // Canonical escaping is one-to-one, so equal keys have equal texts.
            std::string_view key(start, p_ - start);
            for (size_t i = first; i < open_keys_; ++i) {
                if (keys_[i] == key) {
                    return false;
                }
            }
            if (open_keys_ == keys_.size()) {
                return false;
            }
            keys_[open_keys_++] = key;
            if (p_ == end_ || *p_ != ':') {
                return false;
            }
            ++p_;
            if (!Value(depth) || p_ == end_) {
                return false;
            }
            if (*p_ == '}') {
                ++p_;
                open_keys_ = first;
                return true;
            }
            if (*p_++ != ',') {
                return false;
            }
        }
    }

    bool Array(int depth) {
        if (depth > kMaxDepth) {
            return false;
        }
        ++p_;
        if (p_ != end_ && *p_ == ']') {
            ++p_;
            return true;
        }
        while (true) {
            if (!Value(depth) || p_ == end_) {
                return false;
            }
            if (*p_ == ']') {
                ++p_;
                return true;
            }
            if (*p_++ != ',') {
                return false;
            }
        }
    }

    bool String() {
        ++p_;  // the opening quote
        while (p_ != end_) {
            // Plain ASCII eight bytes at a time, up to the first byte that is not.
            if (end_ - p_ >= 8) {
                const std::uint64_t w = Load8(p_);
                const std::uint64_t marked = NeedEscaping(w) | (w & kHighBits);
                if (marked == 0) {
                    p_ += 8;
                    continue;
                }
                p_ += FirstMarked(marked);
            }
            const auto c = static_cast<unsigned char>(*p_);
            if (c == '"') {
                ++p_;
                return true;
            }
            if (c < 0x20) {
                return false;
            }
            if (c == '\\') {
                if (!Escape()) {
                    return false;
                }
            } else if (c < 0x80) {
                ++p_;
            } else if (!Utf8()) {
                return false;
            }
        }
        return false;
    }

    // One escape, as boost writes it: \" \\ \b \t \n \f \r, or \u00xx (lower-case hex) for a
    // control character that has no letter.
    bool Escape() {
        if (end_ - p_ < 2) {
            return false;
        }
        const char e = p_[1];
        if (e == '"' || e == '\\' || e == 'b' || e == 't' || e == 'n' || e == 'f' || e == 'r') {
            p_ += 2;
            return true;
        }
        if (e != 'u' || end_ - p_ < 6 || p_[2] != '0' || p_[3] != '0' ||
            (p_[4] != '0' && p_[4] != '1')) {
            return false;
        }
        const char* low = std::char_traits<char>::find(kHex, 16, p_[5]);
        if (low == nullptr) {
            return false;
        }
        const int c = (p_[4] - '0') * 16 + static_cast<int>(low - kHex);
        if (kEscapes[c] != 'u') {
            return false;  // one with a letter (\n, ...) has its letter form
        }
        p_ += 6;
        return true;
    }

    // One multi-byte UTF-8 sequence (Unicode's table of well-formed sequences).
    bool Utf8() {
        const auto b0 = static_cast<unsigned char>(*p_);
        int n = 0;
        unsigned char lo = 0x80;
        unsigned char hi = 0xBF;
        if (b0 >= 0xC2 && b0 <= 0xDF) {
            n = 1;
        } else if (b0 >= 0xE0 && b0 <= 0xEF) {
            n = 2;
            if (b0 == 0xE0) {
                lo = 0xA0;
            } else if (b0 == 0xED) {
                hi = 0x9F;  // no surrogates
            }
        } else if (b0 >= 0xF0 && b0 <= 0xF4) {
            n = 3;
            if (b0 == 0xF0) {
                lo = 0x90;
            } else if (b0 == 0xF4) {
                hi = 0x8F;  // up to U+10FFFF
            }
        } else {
            return false;
        }
        if (end_ - p_ <= n) {
            return false;
        }
        for (int i = 1; i <= n; ++i) {
            const auto b = static_cast<unsigned char>(p_[i]);
            if (b < lo || b > hi) {
                return false;
            }
            lo = 0x80;
            hi = 0xBF;
        }
        p_ += n + 1;
        return true;
    }

    // Integers only: boost writes doubles in its own exponent form, and reads some of them back
    // a bit off, so those texts are parsed.
    bool Number() {
        const char* start = p_;
        const bool negative = *p_ == '-';
        if (negative) {
            ++p_;
        }
        if (p_ == end_) {
            return false;
        }
        if (*p_ == '0') {
            ++p_;
            if (negative) {
                return false;  // -0 is written 0
            }
        } else if (*p_ >= '1' && *p_ <= '9') {
            while (p_ != end_ && *p_ >= '0' && *p_ <= '9') {
                ++p_;
            }
        } else {
            return false;
        }
        if (p_ != end_ && (*p_ == '.' || *p_ == 'e' || *p_ == 'E')) {
            return false;
        }
        return p_ - start - (negative ? 1 : 0) <= 18;  // fits an int64 either way
    }

    bool Literal(std::string_view word) {
        if (static_cast<size_t>(end_ - p_) < word.size() ||
            std::string_view(p_, word.size()) != word) {
            return false;
        }
        p_ += word.size();
        return true;
    }

    const char* p_;
    const char* end_;
    // The keys of the objects being read, innermost last; open_keys_ of them are in use.
    std::array<std::string_view, kMaxOpenKeys> keys_;
    size_t open_keys_ = 0;
};

bool Matches(JsonWriter::Expect expect, char first) {
    switch (expect) {
        case JsonWriter::Expect::kObject:
            return first == '{';
        case JsonWriter::Expect::kArray:
            return first == '[';
        case JsonWriter::Expect::kAny:
            break;
    }
    return true;
}

bool Matches(JsonWriter::Expect expect, const bj::value& v) {
    switch (expect) {
        case JsonWriter::Expect::kObject:
            return v.is_object();
        case JsonWriter::Expect::kArray:
            return v.is_array();
        case JsonWriter::Expect::kAny:
            break;
    }
    return true;
}

}  // namespace

void JsonWriter::Escaped(std::string_view s) {
    const char* run = s.data();  // the start of the bytes not yet written
    const char* end = s.data() + s.size();
    for (const char* p = run; p != end;) {
        // Eight bytes at a time, up to the first that needs escaping.
        if (end - p >= 8) {
            const std::uint64_t marked = NeedEscaping(Load8(p));
            if (marked == 0) {
                p += 8;
                continue;
            }
            p += FirstMarked(marked);
        }
        const auto c = static_cast<unsigned char>(*p++);
        const char e = kEscapes[c];
        if (e == 0) {
            continue;
        }
        out_.append(run, p - 1 - run);
        run = p;
        if (e != 'u') {
            const char esc[2] = {'\\', e};
            out_.append(esc, 2);
        } else {
            const char esc[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 15]};
            out_.append(esc, 6);
        }
    }
    out_.append(run, end - run);
}

void JsonWriter::String(std::string_view s) {
    out_.push_back('"');
    Escaped(s);
    out_.push_back('"');
}

void JsonWriter::StringOrNull(const std::optional<std::string>& s) {
    if (s) {
        String(*s);
    } else {
        Null();
    }
}

void JsonWriter::Int(long long v) {
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof buf, v);
    out_.append(buf, r.ptr);
}

void JsonWriter::StoredText(std::string_view text, Expect expect, std::string_view fallback) {
    if (!text.empty() && Matches(expect, text.front()) && IsCanonicalJson(text)) {
        out_.append(text);
        return;
    }
    auto parsed = json::Parse(text);
    if (parsed && Matches(expect, *parsed)) {
        out_.append(bj::serialize(*parsed));
    } else {
        out_.append(fallback);
    }
}

bool IsCanonicalJson(std::string_view text) {
    return CanonicalChecker(text).Check();
}

}  // namespace wharf::domain
