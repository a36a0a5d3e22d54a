#include "upstream/meta/http_graph_client.h"

#include <algorithm>
#include <thread>

#include <curl/curl.h>

#include "base/log.h"
#include "upstream/meta/graph_errors.h"

namespace wharf::upstream {
namespace {

namespace bj = boost::json;

// curl_global_init is not safe to race with other libcurl use: done once, before the first
// client exists (the Application creates it while starting, before any request thread runs).
// Never undone: libcurl stays initialised for the life of the process.
CURLcode GlobalInitOnce() {
    static const CURLcode rc = curl_global_init(CURL_GLOBAL_DEFAULT);
    return rc;
}

struct Sink {
    std::string body;
    size_t cap = 0;
    bool overflow = false;
};

size_t WriteBody(char* data, size_t size, size_t count, void* user) {
    auto* sink = static_cast<Sink*>(user);
    size_t n = size * count;
    if (sink->body.size() + n > sink->cap) {
        sink->overflow = true;
        return 0;  // makes libcurl abort with CURLE_WRITE_ERROR
    }
    sink->body.append(data, n);
    return n;
}

// The failures that prove the request never left this process and that may pass on their own.
bool IsRetryableBeforeSend(CURLcode rc) {
    return rc == CURLE_COULDNT_RESOLVE_HOST || rc == CURLE_COULDNT_RESOLVE_PROXY ||
           rc == CURLE_COULDNT_CONNECT || rc == CURLE_SSL_CONNECT_ERROR;
}

// A bearer token goes into a header line: anything that could end or bend the line is refused.
bool IsHeaderSafe(std::string_view token) {
    return !token.empty() && std::all_of(token.begin(), token.end(), [](char c) {
        return static_cast<unsigned char>(c) > 0x20 && static_cast<unsigned char>(c) < 0x7f;
    });
}

bool IsDigits(std::string_view s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// RAII for the request's header list.
struct HeaderList {
    curl_slist* list = nullptr;
    ~HeaderList() { curl_slist_free_all(list); }
    bool Append(const std::string& line) {
        curl_slist* next = curl_slist_append(list, line.c_str());
        if (next == nullptr) {
            return false;
        }
        list = next;
        return true;
    }
};

}  // namespace

Result<std::unique_ptr<HttpGraphClient>> HttpGraphClient::Create(HttpGraphClientOptions options) {
    if (CURLcode rc = GlobalInitOnce(); rc != CURLE_OK) {
        return Fail(Error::Unavailable(std::string("libcurl failed to initialise: ") +
                                       curl_easy_strerror(rc)));
    }
    std::string& base = options.base_url;
    while (!base.empty() && base.back() == '/') {
        base.pop_back();
    }
    if (!base.starts_with("https://") && !base.starts_with("http://")) {
        return Fail(Error::InvalidArgument("the Graph base URL must be http(s)://host, got \"" +
                                           base + "\"")
                        .WithField("graph_base_url"));
    }
    if (options.api_version.empty() || options.api_version.find('/') != std::string::npos) {
        return Fail(
            Error::InvalidArgument("invalid Graph API version \"" + options.api_version + "\""));
    }
    options.attempts_when_not_sent = std::max(1, options.attempts_when_not_sent);
    options.attempts_for_reads = std::max(1, options.attempts_for_reads);
    return std::unique_ptr<HttpGraphClient>(new HttpGraphClient(std::move(options)));
}

HttpGraphClient::HttpGraphClient(HttpGraphClientOptions options) : options_(std::move(options)) {}

HttpGraphClient::~HttpGraphClient() {
    for (void* h : idle_) {
        curl_easy_cleanup(static_cast<CURL*>(h));
    }
}

void* HttpGraphClient::Checkout() {
    {
        std::lock_guard lock(mu_);
        if (!idle_.empty()) {
            void* h = idle_.back();
            idle_.pop_back();
            return h;
        }
    }
    return curl_easy_init();
}

void HttpGraphClient::Return(void* handle) {
    // Drops the options, which point at the finished call's buffers; keeps the open connection.
    curl_easy_reset(static_cast<CURL*>(handle));
    {
        std::lock_guard lock(mu_);
        if (idle_.size() < options_.max_idle_handles) {
            idle_.push_back(handle);
            return;
        }
    }
    curl_easy_cleanup(static_cast<CURL*>(handle));
}

Result<HttpGraphClient::Exchange> HttpGraphClient::Perform(Method method, const std::string& url,
                                                           const std::string& access_token,
                                                           const std::string& body) {
    HeaderList headers;
    if (!headers.Append("Authorization: Bearer " + access_token) ||
        !headers.Append("Accept: application/json") || !headers.Append("Expect:") ||
        (method == Method::kPost && !headers.Append("Content-Type: application/json"))) {
        return Fail(Error::Unavailable("out of memory building the Graph request"));
    }
    CURL* curl = static_cast<CURL*>(Checkout());
    if (curl == nullptr) {
        return Fail(GraphTransportError(GraphTransportFailure::kNotSent, "curl_easy_init failed"));
    }
    // Back to the pool whatever happens; the connection cache survives curl_easy_reset.
    struct Lease {
        HttpGraphClient& client;
        CURL* curl;
        ~Lease() { client.Return(curl); }
    } lease{*this, curl};

    const bool read = method == Method::kGet;  // safe to repeat
    const int attempts = read ? options_.attempts_for_reads : options_.attempts_when_not_sent;
    for (int attempt = 1;; ++attempt) {
        Sink sink;
        sink.cap = options_.max_response_bytes;
        char errbuf[CURL_ERROR_SIZE] = {0};
        curl_easy_reset(curl);
        curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
#if LIBCURL_VERSION_NUM >= 0x075500  // 7.85: the string form; the bitmask form is deprecated
        curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
#else
        curl_easy_setopt(curl, CURLOPT_PROTOCOLS, long(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
        curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
        curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
        curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
        curl_easy_setopt(curl, CURLOPT_TCP_KEEPALIVE, 1L);
        curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, long(options_.connect_timeout.count()));
        curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, long(options_.total_timeout.count()));
        curl_easy_setopt(curl, CURLOPT_USERAGENT, "wharf");
        curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers.list);
        switch (method) {
            case Method::kGet:
                curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
                break;
            case Method::kPost:
                curl_easy_setopt(curl, CURLOPT_POST, 1L);
                curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
                curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.size()));
                break;
            case Method::kDelete:
                curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, "DELETE");
                break;
        }
        curl_easy_setopt(curl, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(options_.max_response_bytes));
        curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, WriteBody);
        curl_easy_setopt(curl, CURLOPT_WRITEDATA, &sink);
        curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);

        CURLcode rc = curl_easy_perform(curl);
        if (rc == CURLE_OK) {
            long status = 0;
            curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
            if (read && status >= 500 && attempt < attempts) {
                std::this_thread::sleep_for(options_.retry_delay);
                continue;
            }
            return Exchange{status, std::move(sink.body)};
        }
        std::string detail = errbuf[0] != '\0' ? errbuf : curl_easy_strerror(rc);
        // pretransfer is stamped when libcurl starts sending the request (after connect and
        // TLS): unset, nothing of the request left this process.
        curl_off_t pretransfer_us = 0;
        curl_easy_getinfo(curl, CURLINFO_PRETRANSFER_TIME_T, &pretransfer_us);
        bool not_sent = IsRetryableBeforeSend(rc) || pretransfer_us == 0;
        GraphTransportFailure failure = GraphTransportFailure::kBroken;
        if (not_sent) {
            failure = GraphTransportFailure::kNotSent;
        } else if (sink.overflow || rc == CURLE_FILESIZE_EXCEEDED) {
            failure = GraphTransportFailure::kResponseTooLarge;
        } else if (rc == CURLE_OPERATION_TIMEDOUT) {
            failure = GraphTransportFailure::kTimedOut;
        }
        bool retry =
            IsRetryableBeforeSend(rc) || (read && failure == GraphTransportFailure::kBroken);
        if (retry && attempt < attempts) {
            std::this_thread::sleep_for(options_.retry_delay);
            continue;
        }
        // Logged here, once: the caller gets a Graph error and cannot see the infrastructure.
        log::Warn("Graph API " + url + ": " + detail + " (attempt " + std::to_string(attempt) +
                  ")");
        return Fail(GraphTransportError(failure, detail));
    }
}

Result<HttpGraphClient::Exchange> HttpGraphClient::Call(Method method, const std::string& node,
                                                        std::string_view edge,
                                                        const std::string& access_token,
                                                        const GraphQuery& query,
                                                        const std::string& body) {
    if (!IsDigits(node)) {
        return Fail(Error::Internal("not a Meta node id: " + node));
    }
    if (!IsHeaderSafe(access_token)) {
        // What Meta answers for a token it cannot parse; nothing is sent.
        Error e = Error::Unauthenticated("Invalid OAuth access token - Cannot parse access token");
        e.graph = GraphError{190, std::nullopt, "OAuthException", ""};
        return Fail(std::move(e));
    }
    std::string url = options_.base_url + "/" + options_.api_version + "/" + node +
                      std::string(edge) + EncodeGraphQuery(query);
    WHARF_ASSIGN_OR_RETURN(Exchange x, Perform(method, url, access_token, body));
    if (x.status < 200 || x.status > 299) {
        return Fail(GraphResponseError(x.status, x.body));
    }
    return x;
}

Result<GraphJson> HttpGraphClient::CallForJson(Method method, const std::string& node,
                                               std::string_view edge,
                                               const std::string& access_token,
                                               const GraphQuery& query, const std::string& body) {
    WHARF_ASSIGN_OR_RETURN(Exchange x, Call(method, node, edge, access_token, query, body));
    boost::system::error_code ec;
    bj::value v = bj::parse(x.body, ec);
    if (ec || !v.is_object()) {
        return Fail(GraphUnreadableSuccess(x.status, "its body is not a JSON object"));
    }
    return GraphJson{std::move(x.body)};
}

Result<GraphSendResult> HttpGraphClient::SendMessage(const std::string& phone_number_id,
                                                     const std::string& access_token,
                                                     const boost::json::object& request) {
    WHARF_ASSIGN_OR_RETURN(Exchange x, Call(Method::kPost, phone_number_id, "/messages",
                                            access_token, {}, bj::serialize(request)));
    return ParseSendResponse(x.status, x.body);
}

Result<void> HttpGraphClient::MarkRead(const std::string& phone_number_id,
                                       const std::string& access_token,
                                       const boost::json::object& request) {
    WHARF_ASSIGN_OR_RETURN(Exchange x, Call(Method::kPost, phone_number_id, "/messages",
                                            access_token, {}, bj::serialize(request)));
    (void)x;  // Meta answers {"success":true}; any 2xx is success
    return {};
}

Result<GraphJson> HttpGraphClient::ListTemplates(const std::string& waba_id,
                                                 const std::string& access_token,
                                                 const GraphQuery& query) {
    return CallForJson(Method::kGet, waba_id, "/message_templates", access_token, query, {});
}

Result<GraphJson> HttpGraphClient::GetTemplate(const std::string& template_id,
                                               const std::string& access_token,
                                               const GraphQuery& query) {
    return CallForJson(Method::kGet, template_id, "", access_token, query, {});
}

Result<GraphJson> HttpGraphClient::CreateTemplate(const std::string& waba_id,
                                                  const std::string& access_token,
                                                  const boost::json::object& body) {
    return CallForJson(Method::kPost, waba_id, "/message_templates", access_token, {},
                       bj::serialize(body));
}

Result<GraphJson> HttpGraphClient::UpdateTemplate(const std::string& template_id,
                                                  const std::string& access_token,
                                                  const boost::json::object& body) {
    return CallForJson(Method::kPost, template_id, "", access_token, {}, bj::serialize(body));
}

Result<GraphJson> HttpGraphClient::DeleteTemplates(const std::string& waba_id,
                                                   const std::string& access_token,
                                                   const GraphQuery& query) {
    return CallForJson(Method::kDelete, waba_id, "/message_templates", access_token, query, {});
}

std::string EncodeGraphQuery(const GraphQuery& query) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    auto append = [](std::string& out, std::string_view s) {
        for (unsigned char c : s) {
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                c == '-' || c == '.' || c == '_' || c == '~') {
                out.push_back(static_cast<char>(c));
            } else {
                out.push_back('%');
                out.push_back(kHex[c >> 4]);
                out.push_back(kHex[c & 0x0f]);
            }
        }
    };
    std::string out;
    for (const auto& [name, value] : query) {
        out.push_back(out.empty() ? '?' : '&');
        append(out, name);
        out.push_back('=');
        append(out, value);
    }
    return out;
}

Result<GraphSendResult> ParseSendResponse(long http_status, std::string_view body) {
    boost::system::error_code ec;
    bj::value v = bj::parse(body, ec);
    if (ec || !v.is_object()) {
        return Fail(GraphUnreadableSuccess(http_status, "its body is not a JSON object"));
    }
    const bj::object& o = v.get_object();
    GraphSendResult r;
    auto messages = o.find("messages");
    if (messages != o.end() && messages->value().is_array() &&
        !messages->value().get_array().empty() && messages->value().get_array()[0].is_object()) {
        const bj::object& m = messages->value().get_array()[0].get_object();
        if (auto id = m.find("id"); id != m.end() && id->value().is_string()) {
            r.wamid = std::string(id->value().get_string());
        }
        if (auto st = m.find("message_status"); st != m.end() && st->value().is_string()) {
            r.message_status = std::string(st->value().get_string());
        }
    }
    if (r.wamid.empty()) {
        return Fail(GraphUnreadableSuccess(http_status, "without messages[0].id"));
    }
    auto contacts = o.find("contacts");
    if (contacts != o.end() && contacts->value().is_array() &&
        !contacts->value().get_array().empty() && contacts->value().get_array()[0].is_object()) {
        const bj::object& c = contacts->value().get_array()[0].get_object();
        if (auto wa = c.find("wa_id"); wa != c.end() && wa->value().is_string()) {
            r.wa_id = std::string(wa->value().get_string());
        }
    }
    return r;
}

}  // namespace wharf::upstream
