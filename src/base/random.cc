#include "base/random.h"

#include <cstdint>
#include <cstdlib>
#include <cstring>

#include <openssl/rand.h>

namespace wharf {

std::string RandomBytes(size_t n) {
    std::string out(n, '\0');
    if (n > 0 &&
        RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(n)) != 1) {
        std::abort();  // no entropy: nothing sensible can continue
    }
    return out;
}

namespace {

std::string FormatUuid(std::string b, char version) {
    b[6] = static_cast<char>((b[6] & 0x0F) | (version << 4));
    b[8] = static_cast<char>((b[8] & 0x3F) | 0x80);
    static const char* kHex = "0123456789abcdef";
    std::string out;
    out.reserve(36);
    for (int i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) {
            out += '-';
        }
        auto c = static_cast<unsigned char>(b[i]);
        out += kHex[c >> 4];
        out += kHex[c & 0xF];
    }
    return out;
}

}  // namespace

std::string NewUuid() {
    return FormatUuid(RandomBytes(16), 4);
}

namespace {

// xoshiro256** (Blackman and Vigna), one per thread, seeded from RAND_bytes.
class FastRandom {
public:
    FastRandom() {
        std::string seed = RandomBytes(sizeof(s_));
        std::memcpy(s_, seed.data(), sizeof(s_));
        if ((s_[0] | s_[1] | s_[2] | s_[3]) == 0) {
            s_[0] = 1;  // the all-zero state is a fixed point
        }
    }
    std::uint64_t Next() {
        const std::uint64_t result = Rotl(s_[1] * 5, 7) * 9;
        const std::uint64_t t = s_[1] << 17;
        s_[2] ^= s_[0];
        s_[3] ^= s_[1];
        s_[1] ^= s_[2];
        s_[0] ^= s_[3];
        s_[2] ^= t;
        s_[3] = Rotl(s_[3], 45);
        return result;
    }

private:
    static std::uint64_t Rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    std::uint64_t s_[4];
};

}  // namespace

std::string TimeOrderedRandomBytes(Timestamp now) {
    thread_local FastRandom random;
    auto ms = static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count());
    std::string b(16, '\0');
    const std::uint64_t r[2] = {random.Next(), random.Next()};
    std::memcpy(b.data(), r, sizeof(r));
    for (int i = 0; i < 6; ++i) {
        b[i] = static_cast<char>((ms >> (8 * (5 - i))) & 0xFF);
    }
    return b;
}

std::string NewUuidV7(Timestamp now) {
    return FormatUuid(TimeOrderedRandomBytes(now), 7);
}

namespace {
// Uniform choice from an alphabet by rejection sampling (no modulo bias).
std::string RandomFrom(const std::string& alphabet, size_t n) {
    std::string out;
    out.reserve(n);
    const unsigned limit = 256 - (256 % alphabet.size());
    while (out.size() < n) {
        std::string b = RandomBytes(n);
        for (char c : b) {
            auto u = static_cast<unsigned char>(c);
            if (u < limit && out.size() < n) {
                out += alphabet[u % alphabet.size()];
            }
        }
    }
    return out;
}
}  // namespace

std::string RandomDigits(size_t n) {
    if (n == 0) {
        return {};
    }
    return RandomFrom("123456789", 1) + RandomFrom("0123456789", n - 1);
}

std::string RandomToken(size_t n) {
    return RandomFrom("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", n);
}

bool IsUuid(const std::string& s) {
    if (s.size() != 36) {
        return false;
    }
    for (size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (c != '-') {
                return false;
            }
        } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
            return false;
        }
    }
    return true;
}

}  // namespace wharf
