#include "service/access_token.h"

namespace wharf::service {

Result<std::string> OpenAccessToken(const SecretBox& box, const domain::PhoneNumber& number) {
    if (!number.sealed_access_token) {
        return Fail(Error::Unauthenticated("this number has no access token")
                        .WithGraph(190, "Connect the number again with an access_token."));
    }
    auto token =
        box.Open(*number.sealed_access_token, domain::AccessTokenContext(number.internal_id));
    if (!token) {
        return Fail(Error::Internal(
            "the access token of " + number.phone_number_id.value() +
            " cannot be opened (was the secret key changed?): " + token.error().message));
    }
    return std::move(*token);
}

}  // namespace wharf::service
