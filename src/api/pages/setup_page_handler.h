#pragma once

#include <string>

#include "base/result.h"
#include "http/router.h"
#include "service/onboarding_service.h"

namespace wharf::api {

// What the hosted onboarding page needs to know about the deployment.
struct SetupPageSettings {
    bool meta_mode = false;
    std::string meta_app_id;
    std::string meta_config_id;
};

// GET and POST /whatsapp/setup/{slug}: the customer-facing onboarding page of a setup link.
// GET renders the page (or why the link cannot be used); POST completes the signup and answers a
// 303 to the link's redirect URL, or a result page when it has none.
class SetupPageHandler {
public:
    SetupPageHandler(service::OnboardingService& onboarding, SetupPageSettings settings)
        : onboarding_(onboarding), settings_(std::move(settings)) {}

    http::Response Show(const http::Request& req, http::RequestContext& ctx) const;
    http::Response Submit(const http::Request& req, http::RequestContext& ctx) const;

private:
    service::OnboardingService& onboarding_;
    SetupPageSettings settings_;
};

// An HTML page for errors on the pages surface (404, 405, 413, 500).
http::Response RenderPageError(const Error& error, const http::RequestContext& ctx);

// `base` with the query parameters appended (keeps the URL's own query).
std::string AppendQuery(const std::string& base,
                        const std::vector<std::pair<std::string, std::string>>& params);

}  // namespace wharf::api
