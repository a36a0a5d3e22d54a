#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "domain/setup_link/setup_link.h"

namespace wharf::upstream {

// What a customer asked for when completing onboarding.
struct SignupRequest {
    std::string customer_name;
    domain::ConnectionType connection_type = domain::ConnectionType::kDedicated;
    bool provision_phone_number = false;
    std::vector<std::string> country_isos;
    std::optional<std::string> area_code;
};

// The WhatsApp account an embedded signup connected.
struct SignupResult {
    std::string business_account_id;
    std::string phone_number_id;
    std::string display_phone_number;             // "+1 555-123-4567"
    std::string display_phone_number_normalized;  // "15551234567"
    std::string verified_name;
    bool is_coexistence = false;
    std::string access_token;  // the business token the signup exchanged for
    std::optional<domain::ProvisionedNumber> provisioned;
};

// The WhatsApp network wharf talks to: the built-in sandbox or Meta's Graph API. Messaging,
// templates and media join this interface in later issues. Implementations are thread-safe.
class WhatsAppUpstream {
public:
    virtual ~WhatsAppUpstream() = default;
    virtual const char* Name() const = 0;
    // Completes an embedded signup for a customer. The sandbox simulates it; in meta mode the
    // browser-side Meta flow must run first (kUnimplemented until it is wired).
    virtual Result<SignupResult> CompleteEmbeddedSignup(const SignupRequest& request) = 0;
    // A ready-to-use test number for a fresh installation (sandbox only; meta: kUnimplemented).
    virtual Result<SignupResult> CreateTestNumber() = 0;
};

}  // namespace wharf::upstream
