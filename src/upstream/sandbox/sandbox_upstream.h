#pragma once

#include "upstream/whatsapp_upstream.h"

namespace wharf::upstream {

// The sandbox WhatsApp network (a product feature: everything works offline on one machine).
// For onboarding it plays Meta's embedded signup: it makes up a WABA id, a phone number id and,
// when asked to provision, a phone number in the first allowed country (US numbers use the
// requested area code, else 555). Ids are random digit strings like Meta's. Stateless and
// thread-safe.
class SandboxUpstream final : public WhatsAppUpstream {
public:
    const char* Name() const override { return "sandbox"; }
    Result<SignupResult> CompleteEmbeddedSignup(const SignupRequest& request) override;
    Result<SignupResult> CreateTestNumber() override;
};

}  // namespace wharf::upstream
