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
    // Attempts for a GET (safe to repeat; see the retry rule below).
    int attempts_for_reads = 2;
    std::chrono::milliseconds retry_delay{100};
};

// Meta's Graph API over libcurl: {base_url}/{api_version}/{node}[/{edge}][?query] with
// "Authorization: Bearer <token>" (and a JSON body on POSTs), TLS verification on (libcurl's
// defaults, set explicitly), redirects never followed, only http/https, answers read up to
// max_response_bytes. Node ids must be Meta's digits and tokens header-safe, or nothing is sent.
// Failures become Errors in graph_errors.h, the one mapping place.
//
//   SendMessage, MarkRead   POST   /{phone_number_id}/messages
//   ListTemplates           GET    /{waba_id}/message_templates?<query>
//   GetTemplate             GET    /{template_id}?<query>
//   CreateTemplate          POST   /{waba_id}/message_templates
//   UpdateTemplate          POST   /{template_id}
//   DeleteTemplates         DELETE /{waba_id}/message_templates?<query>
//
// Connection reuse: a small pool of libcurl easy handles. A call checks one out (or makes one
// when all are busy), and returns it afterwards, with its live connection, for the next call;
// at most max_idle_handles are kept.
//
// Retry rule. A POST or DELETE is not idempotent: Meta has no idempotency key, so resending a
// request Meta may have received can deliver a message twice (or create a template twice, or
// answer a repeated delete with "not found"). Such a request is therefore retried only when it
// provably never left: name resolution or the TCP connection failed, or the TLS handshake failed
// (libcurl had not begun the transfer). Everything after that is answered once, as it came: a
// timeout, a dropped connection, HTTP 5xx, HTTP 429 and Graph's throttling codes are returned to
// the caller, whose retry policy decides. A GET (reading templates) is safe to repeat: it is
// also retried after a dropped connection or an HTTP 5xx answer, up to attempts_for_reads in all;
// not after a timeout (that would double an already long wait) nor an oversized answer. (libcurl
// itself transparently re-opens a *reused* connection that turns out to have been closed by the
// server before any answer byte arrived; that is its standard keep-alive behaviour and the only
// resend below this class.)
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
    Result<GraphJson> ListTemplates(const std::string& waba_id, const std::string& access_token,
                                    const GraphQuery& query) override;
    Result<GraphJson> GetTemplate(const std::string& template_id, const std::string& access_token,
                                  const GraphQuery& query) override;
    Result<GraphJson> CreateTemplate(const std::string& waba_id, const std::string& access_token,
                                     const boost::json::object& body) override;
    Result<GraphJson> UpdateTemplate(const std::string& template_id,
                                     const std::string& access_token,
                                     const boost::json::object& body) override;
    Result<GraphJson> DeleteTemplates(const std::string& waba_id, const std::string& access_token,
                                      const GraphQuery& query) override;

private:
    explicit HttpGraphClient(HttpGraphClientOptions options);

    enum class Method { kGet, kPost, kDelete };
    struct Exchange {
        long status = 0;
        std::string body;
    };
    // One HTTP request with the retry rule above (`body` is sent on POSTs only). Returns the
    // HTTP exchange, or a transport Error.
    Result<Exchange> Perform(Method method, const std::string& url, const std::string& access_token,
                             const std::string& body);
    // A request to {node}{edge}?{query}: checks the node id and the token (nothing is sent when
    // either is unfit), then returns a 2xx exchange, or Meta's error as an Error.
    Result<Exchange> Call(Method method, const std::string& node, std::string_view edge,
                          const std::string& access_token, const GraphQuery& query,
                          const std::string& body);
    // Call, then Meta's 2xx body as long as it is a JSON object.
    Result<GraphJson> CallForJson(Method method, const std::string& node, std::string_view edge,
                                  const std::string& access_token, const GraphQuery& query,
                                  const std::string& body);
    void* Checkout();  // a CURL* (kept as void* so curl.h stays out of this header)
    void Return(void* handle);

    HttpGraphClientOptions options_;
    std::mutex mu_;
    std::vector<void*> idle_;  // guarded by mu_
};

// Reads Meta's answer to an accepted send: messages[0].id (required), messages[0].message_status
// and contacts[0].wa_id. An answer without a message id is an Error (GraphUnreadableSuccess).
Result<GraphSendResult> ParseSendResponse(long http_status, std::string_view body);

// "?a=1&b=x%2Cy" (empty for no parameters): names and values percent-encoded (everything but
// RFC 3986's unreserved characters).
std::string EncodeGraphQuery(const GraphQuery& query);

}  // namespace wharf::upstream
