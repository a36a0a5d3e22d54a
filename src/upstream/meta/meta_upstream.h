#pragma once

#include <string>

#include "upstream/whatsapp_upstream.h"

namespace wharf::upstream {

// Meta's Graph API. Onboarding needs Meta's browser-side embedded signup (app id and
// configuration id) whose result is exchanged for a token; that exchange is not wired yet, so
// signup answers kUnimplemented with what is missing. Thread-safe.
class MetaUpstream final : public WhatsAppUpstream {
public:
    MetaUpstream(std::string graph_base_url, std::string app_id, std::string config_id)
        : graph_base_url_(std::move(graph_base_url)),
          app_id_(std::move(app_id)),
          config_id_(std::move(config_id)) {}
    const char* Name() const override { return "meta"; }
    Result<SignupResult> CompleteEmbeddedSignup(const SignupRequest& request) override;
    Result<SignupResult> CreateTestNumber() override;

private:
    std::string graph_base_url_;
    std::string app_id_;
    std::string config_id_;
};

}  // namespace wharf::upstream
