#include "app/application.h"

#include <filesystem>
#include <thread>

#include "api/platform/platform_error.h"
#include "api/routes.h"
#include "app/job_runner.h"
#include "app/secret_key.h"
#include "app/status_progression_runner.h"
#include "app/store_factory.h"
#include "base/log.h"
#include "config/load_config.h"
#include "delivery/dispatcher.h"
#include "delivery/fan_out.h"
#include "delivery/http_webhook_sender.h"
#include "delivery/url_fetcher.h"
#include "http/pipeline.h"
#include "http/server.h"
#include "service/customer_service.h"
#include "service/history_service.h"
#include "service/media_service.h"
#include "service/messaging_service.h"
#include "service/onboarding_service.h"
#include "service/phone_number_service.h"
#include "service/setup_link_service.h"
#include "service/template_service.h"
#include "service/webhook_service.h"
#include "store/disk/disk_blob_store.h"
#include "upstream/meta/http_graph_client.h"
#include "upstream/meta/meta_upstream.h"
#include "upstream/sandbox/sandbox_upstream.h"

namespace wharf::app {
namespace {

// Queued Meta webhook bodies leased at a time; MessagingService::ApplyJobs applies them in
// transactions bounded by messages and time (MessagingOptions::inbound_batch_*).
constexpr int kMetaInboundBatch = 64;

}  // namespace

struct Application::Impl {
    config::Config config;
    SystemClock system_clock;
    const Clock* clock = nullptr;
    std::unique_ptr<store::Store> store;
    std::optional<SecretBox> box;
    std::unique_ptr<upstream::WhatsAppUpstream> upstream;
    std::unique_ptr<upstream::GraphClient> graph;  // meta mode only
    std::unique_ptr<service::ProjectService> projects;
    std::unique_ptr<service::CustomerService> customers;
    std::unique_ptr<service::SetupLinkService> setup_links;
    // Before the services that hold it, so it outlives them.
    std::unique_ptr<service::PhoneNumberCache> number_cache;
    std::unique_ptr<service::OnboardingService> onboarding;
    std::unique_ptr<service::PhoneNumberService> phone_numbers;
    std::unique_ptr<service::MessagingService> messaging;
    std::unique_ptr<service::HistoryService> history;
    std::unique_ptr<service::WebhookService> webhooks;
    std::unique_ptr<service::TemplateService> templates;
    std::unique_ptr<store::disk::DiskBlobStore> blobs;
    std::unique_ptr<delivery::CurlUrlFetcher> fetcher;
    std::unique_ptr<service::MediaService> media;
    std::unique_ptr<JobRunner> jobs;
    std::unique_ptr<StatusProgressionRunner> statuses;
    std::unique_ptr<delivery::HttpWebhookSender> webhook_sender;
    std::unique_ptr<delivery::Dispatcher> dispatcher;
    std::unique_ptr<delivery::FanOut> fan_out;
    std::unique_ptr<api::ApiDependencies> deps;
    std::unique_ptr<api::Api> api;
    http::Router router;
    std::unique_ptr<http::Pipeline> pipeline;
    std::unique_ptr<http::Server> server;
    service::BootstrapResult bootstrap;
    std::string public_url;
    bool stopped = false;
};

namespace {

// Bodies a killed process was spooling stay behind; another process on the same data dir may be
// spooling right now, so only files untouched for an hour go.
void RemoveStaleSpoolFiles(const std::string& dir) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const auto cutoff = fs::file_time_type::clock::now() - std::chrono::hours(1);
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        std::error_code inner;
        if (entry.is_regular_file(inner) && entry.last_write_time(inner) < cutoff) {
            fs::remove(entry.path(), inner);
        }
    }
}

}  // namespace

Application::Application(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Application::~Application() {
    Stop();
    Wait();
}

Result<std::unique_ptr<Application>> Application::Create(const config::Config& config,
                                                         const Clock* clock) {
    auto impl = std::make_unique<Impl>();
    Impl& i = *impl;
    i.config = config;
    i.clock = clock != nullptr ? clock : &i.system_clock;
    std::error_code ec;
    std::filesystem::create_directories(config.data_dir, ec);
    if (ec) {
        return Fail(
            Error::Unavailable("cannot create data dir " + config.data_dir + ": " + ec.message()));
    }
    WHARF_ASSIGN_OR_RETURN(i.box, LoadSecretKey(config.secret_key, config.data_dir));
    int threads = config.threads > 0 ? config.threads : int(std::thread::hardware_concurrency());
    WHARF_ASSIGN_OR_RETURN(i.store, OpenStore(config.database, std::max(5, threads + 3)));
    if (config.upstream == config::UpstreamMode::kSandbox) {
        i.upstream = std::make_unique<upstream::SandboxUpstream>();
    } else {
        i.upstream = std::make_unique<upstream::MetaUpstream>(
            config.graph_base_url, config.meta_app_id, config.meta_config_id);
        upstream::HttpGraphClientOptions graph_options;
        graph_options.base_url = config.graph_base_url;
        WHARF_ASSIGN_OR_RETURN(i.graph, upstream::HttpGraphClient::Create(graph_options));
    }
    i.projects = std::make_unique<service::ProjectService>(
        *i.store, *i.clock, std::chrono::milliseconds(config.api_key_cache_ms));
    i.customers = std::make_unique<service::CustomerService>(*i.store, *i.clock);
    i.setup_links = std::make_unique<service::SetupLinkService>(*i.store, *i.clock);
    i.onboarding =
        std::make_unique<service::OnboardingService>(*i.store, *i.upstream, *i.box, *i.clock);
    i.phone_numbers = std::make_unique<service::PhoneNumberService>(*i.store, *i.box, *i.clock);
    i.number_cache = std::make_unique<service::PhoneNumberCache>(
        *i.clock, std::chrono::milliseconds(config.number_cache_ms));
    i.phone_numbers->SetNumberCache(i.number_cache.get());
    i.onboarding->SetNumberCache(i.number_cache.get());
    service::MessagingOptions messaging_options;
    messaging_options.throughput_per_second = config.throughput_per_number;
    messaging_options.sent_after = std::chrono::milliseconds(config.sandbox_sent_after_ms);
    messaging_options.delivered_after =
        std::chrono::milliseconds(config.sandbox_delivered_after_ms);
    messaging_options.read_after = std::chrono::milliseconds(config.sandbox_read_after_ms);
    // In meta mode production numbers send through Graph; sandbox numbers always use the sandbox.
    i.messaging = std::make_unique<service::MessagingService>(*i.store, *i.clock, messaging_options,
                                                              i.graph.get(), &*i.box);
    i.messaging->SetNumberCache(i.number_cache.get());
    i.history = std::make_unique<service::HistoryService>(*i.store, *i.clock);
    i.webhooks = std::make_unique<service::WebhookService>(*i.store, *i.box, *i.clock);
    delivery::HttpWebhookSenderOptions sender_options;
    sender_options.timeout = std::chrono::milliseconds(config.webhook_timeout_ms);
    sender_options.allow_private_targets = config::EffectiveAllowPrivateWebhookTargets(config);
    sender_options.max_connections_per_host = config.webhook_max_in_flight_per_endpoint;
    sender_options.max_total_connections = std::max(config.webhook_max_in_flight, 16);
    WHARF_ASSIGN_OR_RETURN(i.webhook_sender, delivery::HttpWebhookSender::Create(sender_options));
    delivery::DispatcherOptions dispatcher_options;
    dispatcher_options.max_in_flight = config.webhook_max_in_flight;
    dispatcher_options.max_in_flight_per_webhook = config.webhook_max_in_flight_per_endpoint;
    dispatcher_options.retry.horizon = std::chrono::seconds(config.webhook_retry_horizon_seconds);
    dispatcher_options.lease =
        std::chrono::milliseconds(config.webhook_timeout_ms) + std::chrono::seconds(30);
    i.dispatcher = std::make_unique<delivery::Dispatcher>(*i.store, *i.box, *i.webhook_sender,
                                                          *i.clock, dispatcher_options);
    delivery::Dispatcher* dispatcher = i.dispatcher.get();
    i.fan_out = std::make_unique<delivery::FanOut>(*i.store, *i.clock, delivery::FanOutOptions{},
                                                   [dispatcher] { dispatcher->Notify(); });
    // In meta mode the templates of production numbers' WABAs are Meta's (Graph); the others
    // stay local with the sandbox reviewer.
    i.templates = std::make_unique<service::TemplateService>(
        *i.store, *i.clock,
        service::TemplateServiceOptions{std::chrono::milliseconds(config.template_review_delay_ms)},
        i.graph.get(), &*i.box);
    service::MessagingService* messaging = i.messaging.get();
    i.jobs = std::make_unique<JobRunner>(
        i.store->Jobs(), *i.clock,
        std::map<std::string, JobRunner::Handler>{
            {service::kJobMetaInbound,
             [messaging](const domain::Job& j) { return messaging->ApplyJob(j); }}});
    // Queued Meta webhooks are applied many bodies per transaction (one commit for all).
    i.jobs->AddOrderedBatchHandler(service::kJobMetaInboundOrderingKey, service::kJobMetaInbound,
                                   kMetaInboundBatch,
                                   [messaging](std::span<const domain::Job> jobs, size_t& done) {
                                       return messaging->ApplyJobs(jobs, done);
                                   });
    // Bind first: the public URL of links may depend on the port actually bound (port 0).
    i.pipeline = std::make_unique<http::Pipeline>(i.router, api::RenderPlatformError,
                                                  http::Pipeline::Options{config.access_log});
    http::ServerConfig sc;
    sc.host = config.listen_host;
    sc.port = config.listen_port;
    sc.threads = config.threads;
    // Writes wait here for the store's writer (group commit): as many as a group holds (the SQLite
    // store's kMaxGroup), so that 64 concurrent sends can share one commit. 32 threads (groups of
    // at most 32) cost 336/346 µs of CPU per send against 299/328 µs with 64, and 16 cost
    // 349/369 µs (bench/sends, alternated runs).
    sc.blocking_threads = 64;
    sc.spool_dir = config.data_dir + "/media/spool";  // media uploads stream here first
    std::filesystem::create_directories(sc.spool_dir, ec);
    RemoveStaleSpoolFiles(sc.spool_dir);
    i.server = std::make_unique<http::Server>(sc, *i.pipeline);
    WHARF_TRY(i.server->Listen());
    i.public_url = config::EffectivePublicUrl(config, i.server->Port());
    // Media: bytes in a content-addressed store under the data dir, rows in the database.
    WHARF_ASSIGN_OR_RETURN(i.blobs, store::disk::DiskBlobStore::Open(config.data_dir + "/media"));
    delivery::CurlUrlFetcherOptions fetch_options;
    fetch_options.allow_private = config::EffectiveAllowPrivateWebhookTargets(config);
    i.fetcher = std::make_unique<delivery::CurlUrlFetcher>(fetch_options);
    service::MediaServiceOptions media_options;
    media_options.public_url = i.public_url;
    media_options.token_key = i.box->DeriveKey("media download tokens");
    media_options.staging_dir = config.data_dir + "/media/uploads";
    i.media = std::make_unique<service::MediaService>(*i.store, *i.blobs, *i.clock, media_options,
                                                      i.fetcher.get());
    i.messaging->SetMediaCatalog(i.media.get());
    store::Store* st = i.store.get();
    i.deps = std::make_unique<api::ApiDependencies>(api::ApiDependencies{
        *i.projects, *i.customers, *i.setup_links, *i.onboarding, *i.phone_numbers, *i.messaging,
        *i.history, *i.webhooks, *i.templates, *i.media, *i.clock, [st] { return st->Ping(); },
        i.public_url, config.max_json_body_bytes,
        api::SetupPageSettings{config.upstream == config::UpstreamMode::kMeta, config.meta_app_id,
                               config.meta_config_id},
        config.meta_app_secret, config.meta_verify_token});
    i.api = std::make_unique<api::Api>(*i.deps);
    i.api->Register(i.router);
    return std::unique_ptr<Application>(new Application(std::move(impl)));
}

Result<void> Application::Start() {
    Impl& i = *impl_;
    std::optional<std::string> fixed;
    if (!i.config.bootstrap_api_key.empty()) {
        fixed = i.config.bootstrap_api_key;
    }
    upstream::WhatsAppUpstream* sandbox =
        i.config.upstream == config::UpstreamMode::kSandbox ? i.upstream.get() : nullptr;
    auto boot = i.projects->Bootstrap(sandbox, fixed);
    if (!boot && boot.error().code == ErrorCode::kAborted) {
        boot = i.projects->Bootstrap(sandbox, fixed);  // another process won the race: read it
    }
    if (!boot) {
        return Fail(std::move(boot).error());
    }
    i.bootstrap = std::move(*boot);
    if (i.bootstrap.first_start && i.bootstrap.api_key) {
        WHARF_TRY(WritePrivateFile(i.config.data_dir + "/bootstrap-api-key",
                                   *i.bootstrap.api_key + "\n"));
    }
    WHARF_TRY(i.server->Start());
    service::MessagingService* messaging = i.messaging.get();
    i.jobs->AddPeriodic(std::chrono::seconds(30), [messaging] {
        if (auto r = messaging->EndIdleConversations(500); !r) {
            log::Warn("ending idle conversations: " + r.error().message);
        }
    });
    // The sandbox template reviewer: PENDING templates are decided once their delay has passed.
    service::TemplateService* templates = i.templates.get();
    i.jobs->AddPeriodic(std::chrono::milliseconds(250), [templates] {
        if (auto r = templates->ReviewDue(); !r) {
            log::Warn("reviewing templates: " + r.error().message);
        }
    });
    // Media past its 30 (uploads) or 7 (inbound) days, then blobs nothing references any more.
    service::MediaService* media = i.media.get();
    i.jobs->AddPeriodic(std::chrono::seconds(60), [media] {
        if (auto r = media->Sweep(); !r) {
            log::Warn("sweeping expired media: " + r.error().message);
        }
        if (auto r = media->CollectBlobs(); !r) {
            log::Warn("collecting media blobs: " + r.error().message);
        }
    });
    i.jobs->Start();
    i.statuses = std::make_unique<StatusProgressionRunner>(*messaging);
    i.statuses->Start();
    i.dispatcher->Start();
    i.fan_out->Start();
    return {};
}

uint16_t Application::Port() const {
    return impl_->server->Port();
}

const service::BootstrapResult& Application::Bootstrap() const {
    return impl_->bootstrap;
}

std::string Application::Banner() const {
    const Impl& i = *impl_;
    const std::string& base = i.public_url;
    std::string b = "wharf is listening on " + i.config.listen_host + ":" + std::to_string(Port()) +
                    " (upstream: " + config::UpstreamModeName(i.config.upstream) + ")\n";
    b += "  Platform API:  " + base + "/platform/v1\n";
    b += "  Meta proxy:    " + base + "/meta/whatsapp/v24.0\n";
    b += "  Health:        " + base + "/healthz\n";
    b += "  Database:      " + i.config.database + "\n";
    if (i.bootstrap.first_start && i.bootstrap.api_key) {
        b += "  API key:       " + *i.bootstrap.api_key + "   (shown once; also in " +
             i.config.data_dir + "/bootstrap-api-key)\n";
    } else {
        b +=
            "  API key:       see " + i.config.data_dir + "/bootstrap-api-key (first start only)\n";
    }
    if (i.bootstrap.sandbox_phone_number_id) {
        b += "  Sandbox phone number id:  " + i.bootstrap.sandbox_phone_number_id->value() + "\n";
        b += "  Sandbox WABA id:          " + i.bootstrap.sandbox_business_account_id->value() +
             "\n";
    }
    return b;
}

void Application::Stop() {
    if (impl_ && !impl_->stopped) {
        impl_->stopped = true;
        impl_->server->Stop();
        impl_->jobs->Stop();
        if (impl_->statuses) {
            impl_->statuses->Stop();
        }
        impl_->fan_out->Stop();
        impl_->dispatcher->Stop();
    }
}

void Application::Wait() {
    if (impl_) {
        impl_->server->Wait();
    }
}

}  // namespace wharf::app
