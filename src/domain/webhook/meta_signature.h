#pragma once

#include <string_view>

namespace wharf::domain {

// Meta's webhook signature: X-Hub-Signature-256 is "sha256=" + hex HMAC-SHA256(app secret, raw
// body bytes). Compared in constant time; any other form (missing prefix, wrong length, upper or
// lower case hex both accepted) is false. Pure.
bool VerifyMetaSignature(std::string_view app_secret, std::string_view raw_body,
                         std::string_view header_value);

}  // namespace wharf::domain
