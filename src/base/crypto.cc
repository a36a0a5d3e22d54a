#include "base/crypto.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

namespace wharf {

namespace {
// OpenSSL 3's one-shot SHA256() fetches the algorithm on every call; fetch it once.
const EVP_MD* Sha256Md() {
    static EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    return md;
}
}  // namespace

std::string Sha256(std::string_view data) {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_Digest(data.data(), data.size(), md, &len, Sha256Md(), nullptr);
    return std::string(reinterpret_cast<char*>(md), len);
}

std::string Sha256Hex(std::string_view data) {
    return HexEncode(Sha256(data));
}

std::string HmacSha256Hex(std::string_view key, std::string_view data) {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
         reinterpret_cast<const unsigned char*>(data.data()), data.size(), md, &len);
    return HexEncode(std::string_view(reinterpret_cast<char*>(md), len));
}

std::string HexEncode(std::string_view bytes) {
    static const char* kHex = "0123456789abcdef";
    std::string out(bytes.size() * 2, '\0');
    for (size_t i = 0; i < bytes.size(); ++i) {
        auto c = static_cast<unsigned char>(bytes[i]);
        out[2 * i] = kHex[c >> 4];
        out[2 * i + 1] = kHex[c & 0xF];
    }
    return out;
}

Result<std::string> HexDecode(std::string_view hex) {
    auto nibble = [](char c) -> int {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    };
    if (hex.size() % 2 != 0) {
        return Fail(Error::InvalidArgument("hex text has an odd length"));
    }
    std::string out;
    out.reserve(hex.size() / 2);
    for (size_t i = 0; i < hex.size(); i += 2) {
        int hi = nibble(hex[i]), lo = nibble(hex[i + 1]);
        if (hi < 0 || lo < 0) {
            return Fail(Error::InvalidArgument("not hex text"));
        }
        out += static_cast<char>(hi << 4 | lo);
    }
    return out;
}

std::string Base64Encode(std::string_view bytes) {
    std::string out(4 * ((bytes.size() + 2) / 3), '\0');
    int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                            reinterpret_cast<const unsigned char*>(bytes.data()),
                            static_cast<int>(bytes.size()));
    out.resize(static_cast<size_t>(n));
    return out;
}

Result<std::string> Base64Decode(std::string_view text) {
    if (text.size() % 4 != 0) {
        return Fail(Error::InvalidArgument("base64 text has a bad length"));
    }
    for (char c : text) {
        bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                  c == '+' || c == '/' || c == '=';
        if (!ok) {
            return Fail(Error::InvalidArgument("not base64 text"));
        }
    }
    std::string out(3 * text.size() / 4, '\0');
    int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                            reinterpret_cast<const unsigned char*>(text.data()),
                            static_cast<int>(text.size()));
    if (n < 0) {
        return Fail(Error::InvalidArgument("not base64 text"));
    }
    // EVP_DecodeBlock counts '=' padding as zero bytes of output; drop them.
    size_t pad = 0;
    if (!text.empty() && text.back() == '=') {
        pad = (text.size() >= 2 && text[text.size() - 2] == '=') ? 2 : 1;
    }
    out.resize(static_cast<size_t>(n) - pad);
    return out;
}

std::string Base64UrlEncode(std::string_view bytes) {
    std::string s = Base64Encode(bytes);
    while (!s.empty() && s.back() == '=') {
        s.pop_back();
    }
    for (char& c : s) {
        c = c == '+' ? '-' : c == '/' ? '_' : c;
    }
    return s;
}

Result<std::string> Base64UrlDecode(std::string_view text) {
    std::string s(text);
    for (char& c : s) {
        if (c == '+' || c == '/' || c == '=') {
            return Fail(Error::InvalidArgument("not base64url text"));
        }
        c = c == '-' ? '+' : c == '_' ? '/' : c;
    }
    while (s.size() % 4 != 0) {
        s += '=';
    }
    return Base64Decode(s);
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) {
        return false;
    }
    return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace wharf
