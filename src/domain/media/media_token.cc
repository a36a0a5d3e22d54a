#include "domain/media/media_token.h"

#include <charconv>

#include "base/crypto.h"

namespace wharf::domain {

namespace {

Error Invalid() {
    return Error::NotFound("the download token is invalid or expired");
}

}  // namespace

std::string SignMediaToken(const MediaTokenClaims& claims, std::string_view key) {
    auto seconds =
        std::chrono::duration_cast<std::chrono::seconds>(claims.expires_at.time_since_epoch())
            .count();
    std::string payload = Base64UrlEncode(claims.project_id.value() + "|" +
                                          claims.media_id.value() + "|" + std::to_string(seconds));
    return payload + "." + HmacSha256Hex(key, payload);
}

Result<MediaTokenClaims> VerifyMediaToken(std::string_view token, std::string_view key,
                                          Timestamp now) {
    size_t dot = token.find('.');
    if (dot == std::string_view::npos || dot == 0 || token.size() > 1024) {
        return Fail(Invalid());
    }
    std::string_view payload = token.substr(0, dot);
    // Compare the signature before reading anything out of the payload.
    if (!ConstantTimeEquals(token.substr(dot + 1), HmacSha256Hex(key, payload))) {
        return Fail(Invalid());
    }
    auto decoded = Base64UrlDecode(payload);
    if (!decoded) {
        return Fail(Invalid());
    }
    std::string_view text = *decoded;
    size_t a = text.find('|');
    size_t b = a == std::string_view::npos ? a : text.find('|', a + 1);
    if (b == std::string_view::npos || a == 0 || b == a + 1) {
        return Fail(Invalid());
    }
    int64_t seconds = 0;
    std::string_view exp = text.substr(b + 1);
    auto [ptr, ec] = std::from_chars(exp.data(), exp.data() + exp.size(), seconds);
    if (ec != std::errc() || ptr != exp.data() + exp.size()) {
        return Fail(Invalid());
    }
    MediaTokenClaims c{ProjectId(std::string(text.substr(0, a))),
                       MediaId(std::string(text.substr(a + 1, b - a - 1))),
                       Timestamp(std::chrono::seconds(seconds))};
    if (c.expires_at <= now) {
        return Fail(Invalid());
    }
    return c;
}

}  // namespace wharf::domain
