#pragma once

#include <string>
#include <string_view>

#include "base/clock.h"
#include "base/ids.h"
#include "base/result.h"

namespace wharf::domain {

// What a media download URL's token grants: the bytes of one media object of one project until
// `expires_at` (Kapso's media_download?token=, usable without headers).
struct MediaTokenClaims {
    ProjectId project_id;
    MediaId media_id;
    Timestamp expires_at;  // whole seconds
};

// "<base64url(project|media|expiry unix seconds)>.<hex HMAC-SHA256(key, first part)>". The key
// is the server's own secret; nothing about the token is stored.
std::string SignMediaToken(const MediaTokenClaims& claims, std::string_view key);

// kNotFound for anything that does not verify (malformed, wrong signature, expired at `now`):
// the download endpoint answers 404 alike for every case, as Kapso does.
Result<MediaTokenClaims> VerifyMediaToken(std::string_view token, std::string_view key,
                                          Timestamp now);

}  // namespace wharf::domain
