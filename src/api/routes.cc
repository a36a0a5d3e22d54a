#include "api/routes.h"

#include "api/common/handler_adapter.h"
#include "api/meta/graph_error.h"
#include "api/meta/history_handler.h"
#include "api/meta/media_handler.h"
#include "api/meta/messages_handler.h"
#include "api/meta/meta_phone_numbers_handler.h"
#include "api/meta/templates_handler.h"
#include "api/pages/simulator_page.h"
#include "api/platform/customers_handler.h"
#include "api/platform/history_handler.h"
#include "api/platform/media_handler.h"
#include "api/platform/phone_numbers_handler.h"
#include "api/platform/platform_error.h"
#include "api/platform/setup_links_handler.h"
#include "api/platform/webhooks_handler.h"
#include "api/sandbox/sandbox_handler.h"
#include "api/webhooks/meta_webhook_handler.h"

namespace wharf::api {

using http::Method;

struct Api::Handlers {
    CustomersHandler customers;
    SetupLinksHandler setup_links;
    PhoneNumbersHandler phone_numbers;
    MetaPhoneNumbersHandler meta_phone_numbers;
    MessagesHandler messages;
    SandboxHandler sandbox;
    MetaWebhookHandler meta_webhook;
    SetupPageHandler setup_page;
    MetaHistoryHandler meta_history;
    PlatformHistoryHandler platform_history;
    WebhooksHandler webhooks;
    MetaTemplatesHandler meta_templates;
    MetaMediaHandler meta_media;
    PlatformMediaHandler platform_media;
};

Api::Api(const ApiDependencies& deps)
    : h_(std::make_unique<Handlers>(Handlers{
          CustomersHandler(deps.customers), SetupLinksHandler(deps.setup_links, deps.public_url),
          PhoneNumbersHandler(deps.phone_numbers, deps.clock),
          MetaPhoneNumbersHandler(deps.phone_numbers), MessagesHandler(deps.messaging),
          SandboxHandler(deps.messaging),
          MetaWebhookHandler(deps.messaging, deps.meta_app_secret, deps.meta_verify_token),
          SetupPageHandler(deps.onboarding, deps.setup_page), MetaHistoryHandler(deps.history),
          PlatformHistoryHandler(deps.history), WebhooksHandler(deps.webhooks),
          MetaTemplatesHandler(deps.templates), MetaMediaHandler(deps.media),
          PlatformMediaHandler(deps.media)})),
      deps_(deps) {}

Api::~Api() = default;

bool IsGraphVersion(std::string_view s) {
    if (s.size() < 4 || s[0] != 'v') {
        return false;
    }
    size_t dot = s.find('.');
    if (dot == std::string_view::npos || dot == 1 || dot + 1 == s.size() || s.size() > 10) {
        return false;
    }
    for (size_t i = 1; i < s.size(); ++i) {
        if (i != dot && (s[i] < '0' || s[i] > '9')) {
            return false;
        }
    }
    return true;
}

http::Authenticator MakeApiKeyAuthenticator(service::ProjectService& projects, bool accept_bearer) {
    return [&projects, accept_bearer](const http::Request& req) -> Result<http::AuthInfo> {
        std::string_view key = req.Header("x-api-key").value_or("");
        if (key.empty() && accept_bearer) {
            std::string_view auth = req.Header("authorization").value_or("");
            if (auth.size() > 7 &&
                (auth.substr(0, 7) == "Bearer " || auth.substr(0, 7) == "bearer ")) {
                key = auth.substr(7);
            } else if (auth.size() > 6 && auth.substr(0, 6) == "OAuth ") {
                key = auth.substr(6);  // Graph's resumable upload convention
            }
        }
        WHARF_ASSIGN_OR_RETURN(domain::ApiKey k, projects.Authenticate(key));
        return http::AuthInfo{k.project_id, k.id};
    };
}

void Api::Register(http::Router& router) {
    const http::Surface* root =
        router.AddSurface({"root", "", RenderPlatformError, nullptr, deps_.json_body_limit});
    const http::Surface* platform =
        router.AddSurface({"platform", "/platform/v1", RenderPlatformError,
                           MakeApiKeyAuthenticator(deps_.projects, false), deps_.json_body_limit});
    const http::Surface* meta =
        router.AddSurface({"meta", "/meta/whatsapp", RenderGraphError,
                           MakeApiKeyAuthenticator(deps_.projects, true), deps_.json_body_limit});
    const http::Surface* sandbox =
        router.AddSurface({"sandbox", "/sandbox/v1", RenderPlatformError,
                           MakeApiKeyAuthenticator(deps_.projects, false), deps_.json_body_limit});
    // Meta's own webhooks: no API key (the signature authenticates), Meta's 3 MB payload cap.
    const http::Surface* webhooks =
        router.AddSurface({"webhooks", "/webhooks", RenderPlatformError, nullptr, 3 * 1024 * 1024});
    const http::Surface* pages =
        router.AddSurface({"pages", "/whatsapp/setup", RenderPageError, nullptr, 64 * 1024});
    // The sandbox simulator page: public HTML (the key is entered on the page). Unrouted paths
    // under /sandbox/v1 still belong to the "sandbox" API surface, the longer prefix.
    const http::Surface* sandbox_page =
        router.AddSurface({"sandbox_page", "/sandbox", RenderPageError, nullptr, 64 * 1024});

    Handlers& h = *h_;
    auto platform_route = [&](Method m, const std::string& path, ResultHandler fn) {
        router.Add(m, "/platform/v1" + path, platform, Adapt(std::move(fn), RenderPlatformError));
    };
    // Graph versions are a path segment; anything but vNN.N is refused before the handler.
    auto graph_version = [](const http::RequestContext& c) -> Result<void> {
        if (!IsGraphVersion(c.Param("version"))) {
            return Fail(Error::InvalidArgument("Unknown Graph API version '" +
                                               std::string(c.Param("version")) + "'"));
        }
        return {};
    };
    auto meta_handler = [graph_version](ResultHandler fn) {
        return Adapt(
            [fn = std::move(fn), graph_version](const http::Request& r,
                                                http::RequestContext& c) -> Result<http::Response> {
                WHARF_TRY(graph_version(c));
                return fn(r, c);
            },
            RenderGraphError);
    };
    auto meta_route = [&](Method m, const std::string& path, ResultHandler fn,
                          http::RouteOptions options = {}) {
        router.Add(m, "/meta/whatsapp/{version}" + path, meta, meta_handler(std::move(fn)),
                   options);
    };
    // The send route also runs on the event loop when the store takes its write without blocking
    // (http::AsyncHandler); otherwise on the blocking pool like the others.
    auto meta_async_route = [&](Method m, const std::string& path, ResultHandler fn,
                                AsyncResultHandler async_fn) {
        router.Add(
            m, "/meta/whatsapp/{version}" + path, meta, meta_handler(std::move(fn)),
            AdaptAsync(
                [async_fn = std::move(async_fn), graph_version](
                    const http::Request& r, http::RequestContext& c, const ResultReply& reply) {
                    if (auto ok = graph_version(c); !ok) {
                        reply(Fail(std::move(ok).error()));
                        return true;
                    }
                    return async_fn(r, c, reply);
                },
                RenderGraphError));
    };
#define WHARF_BIND(obj, method) \
    [&h](const http::Request& r, http::RequestContext& c) { return h.obj.method(r, c); }

    platform_route(Method::kPost, "/customers", WHARF_BIND(customers, Create));
    platform_route(Method::kGet, "/customers", WHARF_BIND(customers, List));
    platform_route(Method::kGet, "/customers/{customer_id}", WHARF_BIND(customers, Get));
    platform_route(Method::kPatch, "/customers/{customer_id}", WHARF_BIND(customers, Update));
    platform_route(Method::kDelete, "/customers/{customer_id}", WHARF_BIND(customers, Delete));
    platform_route(Method::kPost, "/customers/{customer_id}/setup_links",
                   WHARF_BIND(setup_links, Create));
    platform_route(Method::kGet, "/customers/{customer_id}/setup_links",
                   WHARF_BIND(setup_links, List));
    platform_route(Method::kGet, "/customers/{customer_id}/setup_links/{setup_link_id}",
                   WHARF_BIND(setup_links, Get));
    platform_route(Method::kPatch, "/customers/{customer_id}/setup_links/{setup_link_id}",
                   WHARF_BIND(setup_links, Update));
    platform_route(Method::kPost, "/customers/{customer_id}/whatsapp/phone_numbers",
                   WHARF_BIND(phone_numbers, Connect));
    platform_route(Method::kGet, "/whatsapp/phone_numbers", WHARF_BIND(phone_numbers, List));
    platform_route(Method::kGet, "/whatsapp/phone_numbers/{phone_number_id}",
                   WHARF_BIND(phone_numbers, Get));
    platform_route(Method::kPatch, "/whatsapp/phone_numbers/{phone_number_id}",
                   WHARF_BIND(phone_numbers, Update));
    platform_route(Method::kDelete, "/whatsapp/phone_numbers/{phone_number_id}",
                   WHARF_BIND(phone_numbers, Delete));
    platform_route(Method::kGet, "/whatsapp/phone_numbers/{phone_number_id}/health",
                   WHARF_BIND(phone_numbers, Health));
    platform_route(Method::kGet, "/whatsapp/messages", WHARF_BIND(platform_history, ListMessages));
    platform_route(Method::kGet, "/whatsapp/messages/{message_id}",
                   WHARF_BIND(platform_history, GetMessage));
    platform_route(Method::kGet, "/whatsapp/conversations",
                   WHARF_BIND(platform_history, ListConversations));
    platform_route(Method::kGet, "/whatsapp/conversations/{conversation_id}",
                   WHARF_BIND(platform_history, GetConversation));
    platform_route(Method::kPatch, "/whatsapp/conversations/{conversation_id}",
                   WHARF_BIND(platform_history, UpdateConversation));
    platform_route(Method::kGet, "/whatsapp/contacts", WHARF_BIND(platform_history, ListContacts));
    platform_route(Method::kPost, "/whatsapp/contacts",
                   WHARF_BIND(platform_history, CreateContact));
    platform_route(Method::kGet, "/whatsapp/contacts/{identifier}",
                   WHARF_BIND(platform_history, GetContact));
    platform_route(Method::kPatch, "/whatsapp/contacts/{identifier}",
                   WHARF_BIND(platform_history, UpdateContact));
    platform_route(Method::kDelete, "/whatsapp/contacts/{identifier}",
                   WHARF_BIND(platform_history, DeleteContact));

    // Webhooks: ids are global in the project, so the project paths reach number-scoped ones too.
    for (const std::string prefix : {"/whatsapp", "/whatsapp/phone_numbers/{phone_number_id}"}) {
        platform_route(Method::kGet, prefix + "/webhooks", WHARF_BIND(webhooks, List));
        platform_route(Method::kPost, prefix + "/webhooks", WHARF_BIND(webhooks, Create));
        platform_route(Method::kGet, prefix + "/webhooks/{webhook_id}", WHARF_BIND(webhooks, Get));
        platform_route(Method::kPatch, prefix + "/webhooks/{webhook_id}",
                       WHARF_BIND(webhooks, Update));
        platform_route(Method::kDelete, prefix + "/webhooks/{webhook_id}",
                       WHARF_BIND(webhooks, Delete));
        platform_route(Method::kPost, prefix + "/webhooks/{webhook_id}/test",
                       WHARF_BIND(webhooks, Test));
        platform_route(Method::kPost, prefix + "/webhooks/{webhook_id}/deliveries/retry",
                       WHARF_BIND(webhooks, RetryDead));
    }
    platform_route(Method::kGet, "/webhook_deliveries", WHARF_BIND(webhooks, ListDeliveries));
    platform_route(Method::kGet, "/webhook_deliveries/{delivery_id}",
                   WHARF_BIND(webhooks, GetDelivery));
    platform_route(Method::kPost, "/webhook_deliveries/{delivery_id}/retry",
                   WHARF_BIND(webhooks, RetryDelivery));

    meta_route(Method::kGet, "/{waba_id}/phone_numbers",
               WHARF_BIND(meta_phone_numbers, ListForWaba));
    // The polymorphic node: a phone number, else media, else a message template.
    meta_route(Method::kGet, "/{id}",
               [&h](const http::Request& r, http::RequestContext& c) -> Result<http::Response> {
                   auto number = h.meta_phone_numbers.GetNode(r, c);
                   if (number || number.error().code != ErrorCode::kNotFound) {
                       return number;
                   }
                   auto media = h.meta_media.GetNode(r, c);
                   if (media || media.error().code != ErrorCode::kNotFound ||
                       media.error().field != "media_id") {
                       return media;
                   }
                   return h.meta_templates.GetNode(r, c);
               });
    meta_route(Method::kPost, "/{id}", WHARF_BIND(meta_templates, UpdateNode));
    meta_route(Method::kDelete, "/{id}", WHARF_BIND(meta_media, DeleteNode));
    // Uploads stream to disk (never whole in memory): Meta's largest media is 100 MB, and a
    // multipart body carries a little more than its file.
    http::RouteOptions upload;
    upload.spool_body = true;
    upload.body_limit = deps_.media_body_limit;
    meta_route(Method::kPost, "/{phone_number_id}/media", WHARF_BIND(meta_media, Upload), upload);
    meta_route(Method::kPost, "/{app_id}/uploads", WHARF_BIND(meta_media, CreateUploadSession));
    meta_route(Method::kPost, "/upload:{session_id}", WHARF_BIND(meta_media, AppendUpload), upload);
    meta_route(Method::kGet, "/upload:{session_id}", WHARF_BIND(meta_media, GetUpload));
    // The one unversioned proxy path; the token in the URL is the credential.
    router.Add(Method::kGet, "/meta/whatsapp/media_download", meta,
               Adapt(WHARF_BIND(meta_media, Download), RenderGraphError),
               http::RouteOptions{.public_route = true});
    platform_route(Method::kPost, "/whatsapp/media", WHARF_BIND(platform_media, Ingest));
    meta_route(Method::kGet, "/{waba_id}/message_templates", WHARF_BIND(meta_templates, List));
    meta_route(Method::kPost, "/{waba_id}/message_templates",
               WHARF_BIND(meta_templates, CreateOrUpdate));
    meta_route(Method::kPut, "/{waba_id}/message_templates", WHARF_BIND(meta_templates, Update));
    meta_route(Method::kDelete, "/{waba_id}/message_templates", WHARF_BIND(meta_templates, Delete));
    meta_route(Method::kGet, "/{waba_id}/message_templates/{template_id}",
               WHARF_BIND(meta_templates, Get));
    meta_async_route(Method::kPost, "/{phone_number_id}/messages", WHARF_BIND(messages, Send),
                     [&h](const http::Request& r, http::RequestContext& c,
                          const ResultReply& reply) { return h.messages.SendAsync(r, c, reply); });
    // Stored history (Kapso's extensions). /conversations/{id} is literal first, so it wins over
    // the /{phone_number_id}/... patterns.
    meta_route(Method::kGet, "/{phone_number_id}/messages", WHARF_BIND(meta_history, ListMessages));
    meta_route(Method::kGet, "/{phone_number_id}/messages/{message_id}",
               WHARF_BIND(meta_history, GetMessage));
    meta_route(Method::kGet, "/{phone_number_id}/conversations",
               WHARF_BIND(meta_history, ListConversations));
    meta_route(Method::kGet, "/{phone_number_id}/conversations/{conversation_id}",
               WHARF_BIND(meta_history, GetConversation));
    meta_route(Method::kGet, "/conversations/{conversation_id}",
               WHARF_BIND(meta_history, GetConversation));
    meta_route(Method::kPatch, "/conversations/{conversation_id}",
               WHARF_BIND(meta_history, UpdateConversation));
    meta_route(Method::kGet, "/{phone_number_id}/contacts", WHARF_BIND(meta_history, ListContacts));
    meta_route(Method::kGet, "/{phone_number_id}/contacts/{wa_id}",
               WHARF_BIND(meta_history, GetContact));
    meta_route(Method::kPatch, "/{phone_number_id}/contacts/{wa_id}",
               WHARF_BIND(meta_history, UpdateContact));
    router.Add(Method::kPost, "/sandbox/v1/phone_numbers/{phone_number_id}/inbound", sandbox,
               Adapt(WHARF_BIND(sandbox, Inbound), RenderPlatformError));
    router.Add(Method::kGet, "/webhooks/meta", webhooks,
               [&h](const http::Request& r, http::RequestContext& c) {
                   return h.meta_webhook.Verify(r, c);
               });
    router.Add(Method::kPost, "/webhooks/meta", webhooks,
               [&h](const http::Request& r, http::RequestContext& c) {
                   return h.meta_webhook.Receive(r, c);
               });
#undef WHARF_BIND

    router.Add(
        Method::kGet, "/whatsapp/setup/{slug}", pages,
        [&h](const http::Request& r, http::RequestContext& c) { return h.setup_page.Show(r, c); });
    router.Add(Method::kPost, "/whatsapp/setup/{slug}", pages,
               [&h](const http::Request& r, http::RequestContext& c) {
                   return h.setup_page.Submit(r, c);
               });
    router.Add(
        Method::kGet, "/sandbox", sandbox_page,
        [](const http::Request&, http::RequestContext&) { return pages::SimulatorPageResponse(); });

    router.Add(Method::kGet, "/healthz", root, [](const http::Request&, http::RequestContext&) {
        return JsonResponse(200, boost::json::object{{"status", "ok"}});
    });
    auto ready = deps_.ready_check;
    router.Add(Method::kGet, "/readyz", root, [ready](const http::Request&, http::RequestContext&) {
        auto r = ready ? ready() : Result<void>();
        if (!r) {
            return JsonResponse(
                503, boost::json::object{{"status", "unavailable"}, {"error", r.error().message}});
        }
        return JsonResponse(200, boost::json::object{{"status", "ready"}});
    });
}

}  // namespace wharf::api
