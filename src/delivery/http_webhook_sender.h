#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <memory>
#include <vector>

#include "base/result.h"
#include "delivery/webhook_sender.h"

namespace wharf::delivery {

struct HttpWebhookSenderOptions {
    std::chrono::milliseconds timeout{10'000};  // the whole exchange; later is a failure
    std::chrono::milliseconds connect_timeout{5'000};
    size_t max_response_bytes = 16 * 1024;  // the rest of a larger answer is not read
    bool allow_private_targets = false;     // loopback/private/link-local (sandbox, tests)
    long max_connections_per_host = 16;
    long max_total_connections = 256;
};

// WebhookSender over one libcurl multi handle: many transfers in flight on one thread,
// connections kept alive and reused per host, HTTP/1.1. Every request: POST, redirects never
// followed, only http/https, TLS verified (peer and host), no proxy from the environment, the
// response body read up to max_response_bytes, Retry-After captured. The address guard runs in
// CURLOPT_OPENSOCKETFUNCTION on the address libcurl resolved and is about to connect to, so a
// host name that resolves to a private address (or DNS rebinding) is refused too.
// Not thread-safe except Wake(); owned by the dispatcher.
class HttpWebhookSender final : public WebhookSender {
public:
    static Result<std::unique_ptr<HttpWebhookSender>> Create(HttpWebhookSenderOptions options);
    ~HttpWebhookSender() override;
    HttpWebhookSender(const HttpWebhookSender&) = delete;
    HttpWebhookSender& operator=(const HttpWebhookSender&) = delete;

    void Submit(WebhookRequest request) override;
    std::vector<WebhookResponse> Poll(std::chrono::milliseconds max_wait) override;
    size_t InFlight() const override { return transfers_.size(); }
    void Wake() override;

    struct Transfer;  // one in-flight request (public for the libcurl callbacks)

private:
    explicit HttpWebhookSender(HttpWebhookSenderOptions options, void* multi);
    std::vector<WebhookResponse> Harvest();

    HttpWebhookSenderOptions options_;
    void* multi_;                                           // CURLM*
    std::map<void*, std::unique_ptr<Transfer>> transfers_;  // by CURL*
    std::vector<void*> idle_;                               // reusable easy handles
    std::vector<WebhookResponse> failed_at_submit_;
};

}  // namespace wharf::delivery
