#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace wharf::delivery {

// One outbound webhook POST.
struct WebhookRequest {
    std::uint64_t token = 0;  // the caller's tag, echoed on the response
    std::string url;
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
};

// How it went: an HTTP status, or a transport error (timeout, refused address, reset, ...).
struct WebhookResponse {
    std::uint64_t token = 0;
    std::optional<int> status;
    std::optional<std::string> error;
    std::optional<std::string> retry_after;  // the Retry-After header, verbatim
    int duration_ms = 0;
};

// Sends webhook POSTs concurrently without blocking the caller: Submit starts a request, Poll
// returns the ones that finished. Used by one thread (the dispatcher); Wake may be called from
// any thread to cut a Poll short.
class WebhookSender {
public:
    virtual ~WebhookSender() = default;
    virtual void Submit(WebhookRequest request) = 0;
    // Waits up to `max_wait` for at least one request to finish; returns every finished one.
    virtual std::vector<WebhookResponse> Poll(std::chrono::milliseconds max_wait) = 0;
    virtual size_t InFlight() const = 0;
    virtual void Wake() = 0;
};

}  // namespace wharf::delivery
