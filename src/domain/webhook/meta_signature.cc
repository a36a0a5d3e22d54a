#include "domain/webhook/meta_signature.h"

#include <cctype>
#include <string>

#include "base/crypto.h"

namespace wharf::domain {

bool VerifyMetaSignature(std::string_view app_secret, std::string_view raw_body,
                         std::string_view header_value) {
    constexpr std::string_view kPrefix = "sha256=";
    if (app_secret.empty() || header_value.substr(0, kPrefix.size()) != kPrefix) {
        return false;
    }
    std::string given(header_value.substr(kPrefix.size()));
    for (char& c : given) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return ConstantTimeEquals(HmacSha256Hex(app_secret, raw_body), given);
}

}  // namespace wharf::domain
