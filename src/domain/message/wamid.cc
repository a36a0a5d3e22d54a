#include "domain/message/wamid.h"

#include "base/crypto.h"

namespace wharf::domain {
namespace {

constexpr std::string_view kPrefix = "wamid.";
constexpr size_t kMaxBodyLength = 512;

bool IsBase64Char(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
           c == '/' || c == '-' || c == '_';
}

}  // namespace

std::string MakeWamid(std::string_view random_bytes) {
    constexpr std::string_view kHex = "0123456789ABCDEF";
    std::string record;
    record.reserve(4 + 2 * random_bytes.size());
    // A struct header and a binary-field header, which is what gives Meta's ids their "HBg" look.
    record.push_back('\x1C');
    record.push_back('\x18');
    size_t hex_length = 2 * random_bytes.size();
    while (hex_length >= 0x80) {
        record.push_back(static_cast<char>(0x80 | (hex_length & 0x7F)));
        hex_length >>= 7;
    }
    record.push_back(static_cast<char>(hex_length));
    for (char c : random_bytes) {
        auto byte = static_cast<unsigned char>(c);
        record.push_back(kHex[byte >> 4]);
        record.push_back(kHex[byte & 0x0F]);
    }
    record.push_back('\0');
    return std::string(kPrefix) + Base64Encode(record);
}

bool IsWamid(std::string_view text) {
    if (text.substr(0, kPrefix.size()) != kPrefix) {
        return false;
    }
    std::string_view body = text.substr(kPrefix.size());
    size_t padding = 0;
    while (padding < body.size() && body[body.size() - 1 - padding] == '=') {
        ++padding;
    }
    std::string_view digits = body.substr(0, body.size() - padding);
    if (padding > 2 || digits.empty() || body.size() > kMaxBodyLength) {
        return false;
    }
    for (char c : digits) {
        if (!IsBase64Char(c)) {
            return false;
        }
    }
    return true;
}

std::optional<std::uint64_t> MintedWamidLeadingBytes(std::string_view wamid) {
    // 0x1C 0x18, the varint 32 (the hex text's length), 32 hex digits, 0x00.
    constexpr size_t kHexDigits = 32;
    // Those 36 bytes are 48 base64 digits, the first four "HBgg". Checked first, so that the
    // ids wharf did not mint (every inbound message's) are turned away without decoding.
    constexpr size_t kDigits = (3 + kHexDigits + 1) / 3 * 4;
    if (wamid.size() != kPrefix.size() + kDigits || !wamid.starts_with(kPrefix) ||
        wamid.substr(kPrefix.size(), 4) != "HBgg") {
        return std::nullopt;
    }
    auto record = Base64Decode(wamid.substr(kPrefix.size()));
    if (!record || record->size() != 3 + kHexDigits + 1 ||
        record->compare(0, 3, "\x1C\x18\x20") != 0) {
        return std::nullopt;
    }
    auto bytes = HexDecode(std::string_view(*record).substr(3, kHexDigits));
    // Exactly as MakeWamid writes it (upper-case hex, the trailing 0x00, no padding).
    if (!bytes || MakeWamid(*bytes) != wamid) {
        return std::nullopt;
    }
    std::uint64_t leading = 0;
    for (size_t i = 0; i < 8; ++i) {
        leading = (leading << 8) | static_cast<unsigned char>((*bytes)[i]);
    }
    return leading;
}

}  // namespace wharf::domain
