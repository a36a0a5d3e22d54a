#pragma once

#include <functional>
#include <memory>
#include <string>

#include "api/pages/setup_page_handler.h"
#include "base/clock.h"
#include "http/router.h"
#include "service/customer_service.h"
#include "service/history_service.h"
#include "service/media_service.h"
#include "service/messaging_service.h"
#include "service/onboarding_service.h"
#include "service/phone_number_service.h"
#include "service/project_service.h"
#include "service/setup_link_service.h"
#include "service/template_service.h"
#include "service/webhook_service.h"

namespace wharf::api {

// Everything the HTTP API needs, built by the composition root (app/). References must outlive
// the router.
struct ApiDependencies {
    service::ProjectService& projects;
    service::CustomerService& customers;
    service::SetupLinkService& setup_links;
    service::OnboardingService& onboarding;
    service::PhoneNumberService& phone_numbers;
    service::MessagingService& messaging;
    service::HistoryService& history;
    service::WebhookService& webhooks;
    service::TemplateService& templates;
    service::MediaService& media;
    const Clock& clock;
    std::function<Result<void>()> ready_check;  // GET /readyz
    std::string public_url;
    size_t json_body_limit = 5 * 1024 * 1024;
    SetupPageSettings setup_page;
    std::string meta_app_secret;
    std::string meta_verify_token;
    // Media uploads (spooled to disk): Meta's 100 MB plus room for the multipart framing.
    size_t media_body_limit = 101 * 1024 * 1024;
};

// Holds the handler objects the routes point into. Built once; read-only afterwards.
class Api {
public:
    explicit Api(const ApiDependencies& deps);
    ~Api();
    // Registers the surfaces and every route on `router`: /platform/v1 (Platform errors,
    // X-API-Key), /meta/whatsapp/{vNN.N} (Graph errors, X-API-Key or Bearer), /whatsapp/setup
    // (public HTML pages), and /healthz, /readyz.
    void Register(http::Router& router);

private:
    struct Handlers;
    std::unique_ptr<Handlers> h_;
    const ApiDependencies& deps_;
};

// Extracts the API key (X-API-Key; with `accept_bearer` also Authorization: Bearer) and
// authenticates it.
http::Authenticator MakeApiKeyAuthenticator(service::ProjectService& projects, bool accept_bearer);

// True for a Graph version path segment: "v" digits "." digits ("v23.0", "v24.0").
bool IsGraphVersion(std::string_view s);

}  // namespace wharf::api
