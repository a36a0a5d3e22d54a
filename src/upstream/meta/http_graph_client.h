#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "upstream/graph_client.h"

namespace wharf::upstream {

struct HttpGraphClientOptions {
    std::string base_url = "https://graph.facebook.com";  // scheme://host[:port], no path needed
    std::string api_version = "v24.0";
    std::chrono::milliseconds connect_timeout{5'000};  // TCP + TLS handshake
    std::chrono::milliseconds total_timeout{30'000};   // the whole exchange, per attempt
    size_t max_response_bytes = 1024 * 1024;           // larger answers are refused
    size_t max_idle_handles = 16;  // easy handles (each with its open connection) kept for reuse
    // Attempts for a request that provably never reached Meta (see the retry rule below).
    int attempts_when_not_sent = 2;
    std::chrono::milliseconds retry_delay{100};
};

// Meta's Graph API over libcurl: POST {base_url}/{api_version}/{phone_number_id}/messages with
// "Authorization: Bearer <token>" and the JSON body, TLS verification on (libcurl's defaults,
// set explicitly), redirects never followed, only http/https, answers read up to
// max_response_bytes. Failures become Errors in graph_errors.h, the one mapping place.
//
// Connection reuse: a small pool of libcurl easy handles. A call checks one out (or makes one
// when all are busy), and returns it afterwards, with its live connection, for the next call;
// at most max_idle_handles are kept.
//
// Retry rule. A send is not idempotent: Meta has no idempotency key, so resending a request Meta
// may have received can deliver the message twice. A request is therefore retried only when it
// provably never left: name resolution or the TCP connection failed, or the TLS handshake failed
// (libcurl had not begun the transfer). Everything after that is answered once, as it came: a
// timeout, a dropped connection, HTTP 5xx, HTTP 429 and Graph's throttling codes are returned to
// the caller, whose retry policy decides. (libcurl itself transparently re-opens a *reused*
// connection that turns out to have been closed by the server before any answer byte arrived;
// that is its standard keep-alive behaviour and the only resend below this class.)
//
// Thread-safe: concurrent calls use different handles. Each call blocks its thread for the round
// trip. Owned by the Application; outlives every call.
class HttpGraphClient final : public GraphClient {
public:
    // Initialises libcurl once per process (curl_global_init) and checks the options.
    static Result<std::unique_ptr<HttpGraphClient>> Create(HttpGraphClientOptions options);
    ~HttpGraphClient() override;
    HttpGraphClient(const HttpGraphClient&) = delete;
    HttpGraphClient& operator=(const HttpGraphClient&) = delete;

    Result<GraphSendResult> SendMessage(const std::string& phone_number_id,
                                        const std::string& access_token,
                                        const boost::json::object& request) override;
    Result<void> MarkRead(const std::string& phone_number_id, const std::string& access_token,
                          const boost::json::object& request) override;

private:
    explicit HttpGraphClient(HttpGraphClientOptions options);

    struct Exchange {
        long status = 0;
        std::string body;
    };
    // One POST with the retry rule above. Returns the HTTP exchange, or a transport Error.
    Result<Exchange> Post(const std::string& url, const std::string& access_token,
                          const std::string& body);
    // POST /{phone_number_id}/messages: a 2xx exchange, or Meta's error as an Error.
    Result<Exchange> PostMessages(const std::string& phone_number_id,
                                  const std::string& access_token,
                                  const boost::json::object& request);
    void* Checkout();  // a CURL* (kept as void* so curl.h stays out of this header)
    void Return(void* handle);

    HttpGraphClientOptions options_;
    std::mutex mu_;
    std::vector<void*> idle_;  // guarded by mu_
};

// Reads Meta's answer to an accepted send: messages[0].id (required), messages[0].message_status
// and contacts[0].wa_id. An answer without a message id is an Error (GraphUnreadableSuccess).
Result<GraphSendResult> ParseSendResponse(long http_status, std::string_view body);

}  // namespace wharf::upstream
