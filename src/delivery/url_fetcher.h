#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"

namespace wharf::delivery {

// What a fetched URL said about its body.
struct FetchedHead {
    std::string content_type;             // as sent, may be empty
    std::optional<std::string> filename;  // from Content-Disposition, else the URL's last segment
};

// Downloads a URL for the platform's media ingest. Interface so that services can be tested
// without the network.
class UrlFetcher {
public:
    virtual ~UrlFetcher() = default;
    // GETs `url` and streams the body into `sink` (which may abort with an error). Errors:
    // kInvalidArgument (not an http(s) URL; a private or loopback address while not allowed),
    // kResourceExhausted (more than `max_bytes`), kFailedPrecondition (a non-2xx answer, named),
    // kUnavailable (cannot connect, timeout), or the sink's error.
    virtual Result<FetchedHead> Fetch(
        const std::string& url, uint64_t max_bytes,
        const std::function<Result<void>(std::string_view)>& sink) = 0;
};

struct CurlUrlFetcherOptions {
    bool allow_private = false;  // also loopback, link-local (development and tests)
    std::chrono::milliseconds connect_timeout{5'000};
    std::chrono::milliseconds timeout{120'000};
    long max_redirects = 3;  // each hop's address is checked again
};

// UrlFetcher over libcurl's easy interface (blocking: call it from a blocking thread). The
// address guard runs on every connection's resolved address, redirects included; http and https
// only; TLS verified; no proxy from the environment.
class CurlUrlFetcher final : public UrlFetcher {
public:
    explicit CurlUrlFetcher(CurlUrlFetcherOptions options) : options_(options) {}
    Result<FetchedHead> Fetch(const std::string& url, uint64_t max_bytes,
                              const std::function<Result<void>(std::string_view)>& sink) override;

private:
    CurlUrlFetcherOptions options_;
};

}  // namespace wharf::delivery
