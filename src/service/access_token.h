#pragma once

#include <string>

#include "base/result.h"
#include "base/secret_box.h"
#include "domain/phone_number/phone_number.h"

namespace wharf::service {

// A production number's Meta access token, unsealed, for a Graph call on its behalf. A number
// without a token is kUnauthenticated with Graph code 190 (what Meta answers without a valid
// token); a token the box cannot open (the secret key changed) is kInternal. Pure besides the
// box; thread-safe.
Result<std::string> OpenAccessToken(const SecretBox& box, const domain::PhoneNumber& number);

}  // namespace wharf::service
