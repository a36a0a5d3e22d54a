#include "upstream/meta/meta_upstream.h"

namespace wharf::upstream {

Result<SignupResult> MetaUpstream::CompleteEmbeddedSignup(const SignupRequest&) {
    std::string missing;
    if (app_id_.empty()) {
        missing += " --meta-app-id";
    }
    if (config_id_.empty()) {
        missing += " --meta-config-id";
    }
    return Fail(
        Error::Unimplemented("Meta embedded signup is not wired in this build" +
                             (missing.empty() ? std::string() : "; it also needs" + missing)));
}

Result<SignupResult> MetaUpstream::CreateTestNumber() {
    return Fail(Error::Unimplemented("meta mode has no built-in test number"));
}

}  // namespace wharf::upstream
