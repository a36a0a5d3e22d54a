#include "domain/phone_number/phone_number.h"

namespace wharf::domain {

const char* PhoneNumberKindName(PhoneNumberKind k) {
    return k == PhoneNumberKind::kSandbox ? "sandbox" : "production";
}

std::string AccessTokenContext(const PhoneConfigId& id) {
    return "phone_number.access_token:" + id.value();
}

std::string VerifyTokenContext(const PhoneConfigId& id) {
    return "phone_number.webhook_verify_token:" + id.value();
}

}  // namespace wharf::domain
