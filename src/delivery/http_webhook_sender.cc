#include "delivery/http_webhook_sender.h"

#include <algorithm>
#include <cctype>
#include <string>

#include <curl/curl.h>
#include <sys/socket.h>

#include "delivery/address_guard.h"

namespace wharf::delivery {

struct HttpWebhookSender::Transfer {
    WebhookRequest request;
    curl_slist* headers = nullptr;
    std::string body_in;
    size_t cap = 0;
    bool overflow = false;
    bool refused = false;
    std::string refused_class;
    bool allow_private = false;
    std::optional<std::string> retry_after;
    std::chrono::steady_clock::time_point started;
    char errbuf[CURL_ERROR_SIZE] = {0};
    ~Transfer() { curl_slist_free_all(headers); }
};

namespace {

CURLcode GlobalInitOnce() {
    static const CURLcode rc = curl_global_init(CURL_GLOBAL_DEFAULT);
    return rc;
}

size_t WriteBody(char* data, size_t size, size_t count, void* user) {
    auto* t = static_cast<HttpWebhookSender::Transfer*>(user);
    size_t n = size * count;
    if (t->body_in.size() + n > t->cap) {
        t->overflow = true;
        return 0;  // stop reading: the status line is all that counts
    }
    t->body_in.append(data, n);
    return n;
}

size_t ReadHeader(char* data, size_t size, size_t count, void* user) {
    auto* t = static_cast<HttpWebhookSender::Transfer*>(user);
    size_t n = size * count;
    std::string line(data, n);
    constexpr std::string_view kName = "retry-after:";
    if (line.size() > kName.size()) {
        std::string head = line.substr(0, kName.size());
        std::transform(head.begin(), head.end(), head.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        if (head == kName) {
            std::string v = line.substr(kName.size());
            while (!v.empty() && (v.back() == '\r' || v.back() == '\n' || v.back() == ' ')) {
                v.pop_back();
            }
            size_t s = v.find_first_not_of(' ');
            t->retry_after = s == std::string::npos ? "" : v.substr(s);
        }
    }
    return n;
}

// The address guard: runs for every new connection, on the address about to be used.
curl_socket_t OpenSocket(void* user, curlsocktype purpose, curl_sockaddr* address) {
    auto* t = static_cast<HttpWebhookSender::Transfer*>(user);
    if (purpose != CURLSOCKTYPE_IPCXN || address == nullptr) {
        return CURL_SOCKET_BAD;
    }
    if (!IsAllowedTarget(&address->addr, t->allow_private)) {
        t->refused = true;
        t->refused_class = AddressClassName(ClassifyAddress(&address->addr));
        return CURL_SOCKET_BAD;
    }
    return socket(address->family, address->socktype, address->protocol);
}

}  // namespace

Result<std::unique_ptr<HttpWebhookSender>> HttpWebhookSender::Create(
    HttpWebhookSenderOptions options) {
    if (CURLcode rc = GlobalInitOnce(); rc != CURLE_OK) {
        return Fail(Error::Unavailable(std::string("libcurl failed to initialise: ") +
                                       curl_easy_strerror(rc)));
    }
    CURLM* multi = curl_multi_init();
    if (multi == nullptr) {
        return Fail(Error::Unavailable("curl_multi_init failed"));
    }
    curl_multi_setopt(multi, CURLMOPT_MAX_HOST_CONNECTIONS, options.max_connections_per_host);
    curl_multi_setopt(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, options.max_total_connections);
    curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS, options.max_total_connections);
    return std::unique_ptr<HttpWebhookSender>(new HttpWebhookSender(options, multi));
}

HttpWebhookSender::HttpWebhookSender(HttpWebhookSenderOptions options, void* multi)
    : options_(options), multi_(multi) {}

HttpWebhookSender::~HttpWebhookSender() {
    CURLM* multi = static_cast<CURLM*>(multi_);
    for (auto& [easy, t] : transfers_) {
        curl_multi_remove_handle(multi, static_cast<CURL*>(easy));
        curl_easy_cleanup(static_cast<CURL*>(easy));
    }
    transfers_.clear();
    for (void* easy : idle_) {
        curl_easy_cleanup(static_cast<CURL*>(easy));
    }
    curl_multi_cleanup(multi);
}

void HttpWebhookSender::Submit(WebhookRequest request) {
    auto t = std::make_unique<Transfer>();
    t->request = std::move(request);
    t->cap = options_.max_response_bytes;
    t->allow_private = options_.allow_private_targets;
    for (const auto& [name, value] : t->request.headers) {
        t->headers = curl_slist_append(t->headers, (name + ": " + value).c_str());
    }
    t->headers = curl_slist_append(t->headers, "Expect:");
    CURL* curl = nullptr;
    if (!idle_.empty()) {
        curl = static_cast<CURL*>(idle_.back());
        idle_.pop_back();
        curl_easy_reset(curl);
    } else {
        curl = curl_easy_init();
    }
    if (curl == nullptr) {
        failed_at_submit_.push_back(
            WebhookResponse{t->request.token, std::nullopt, "curl_easy_init failed", {}, 0});
        return;
    }
    curl_easy_setopt(curl, CURLOPT_URL, t->request.url.c_str());
#if LIBCURL_VERSION_NUM >= 0x075500  // 7.85: the string form; the bitmask form is deprecated
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
#else
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS, long(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(curl, CURLOPT_PROXY, "");
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(curl, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(curl, CURLOPT_TCP_NODELAY, 1L);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, long(options_.connect_timeout.count()));
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, long(options_.timeout.count()));
    curl_easy_setopt(curl, CURLOPT_USERAGENT, "wharf-webhooks/1");
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, t->headers);
    curl_easy_setopt(curl, CURLOPT_POST, 1L);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, t->request.body.data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(t->request.body.size()));
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, WriteBody);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, t.get());
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, ReadHeader);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, t.get());
    curl_easy_setopt(curl, CURLOPT_OPENSOCKETFUNCTION, OpenSocket);
    curl_easy_setopt(curl, CURLOPT_OPENSOCKETDATA, t.get());
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, t->errbuf);
    t->started = std::chrono::steady_clock::now();
    curl_multi_add_handle(static_cast<CURLM*>(multi_), curl);
    transfers_.emplace(curl, std::move(t));
}

std::vector<WebhookResponse> HttpWebhookSender::Poll(std::chrono::milliseconds max_wait) {
    CURLM* multi = static_cast<CURLM*>(multi_);
    int running = 0;
    curl_multi_perform(multi, &running);
    std::vector<WebhookResponse> done = Harvest();
    if (done.empty() && max_wait.count() > 0) {
        int numfds = 0;
        curl_multi_poll(multi, nullptr, 0, static_cast<int>(max_wait.count()), &numfds);
        curl_multi_perform(multi, &running);
        done = Harvest();
    }
    return done;
}

std::vector<WebhookResponse> HttpWebhookSender::Harvest() {
    std::vector<WebhookResponse> out = std::move(failed_at_submit_);
    failed_at_submit_.clear();
    CURLM* multi = static_cast<CURLM*>(multi_);
    int left = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi, &left)) {
        if (msg->msg != CURLMSG_DONE) {
            continue;
        }
        CURL* curl = msg->easy_handle;
        CURLcode rc = msg->data.result;
        auto it = transfers_.find(curl);
        if (it == transfers_.end()) {
            continue;
        }
        Transfer& t = *it->second;
        WebhookResponse r;
        r.token = t.request.token;
        r.duration_ms = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                             std::chrono::steady_clock::now() - t.started)
                                             .count());
        long status = 0;
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
        if (rc == CURLE_OK || (t.overflow && status > 0)) {
            r.status = static_cast<int>(status);
            r.retry_after = t.retry_after;
        } else if (t.refused) {
            r.error = "refused: the target address is " + t.refused_class +
                      " (see --allow-private-webhook-targets)";
        } else if (rc == CURLE_OPERATION_TIMEDOUT) {
            r.error = "timed out after " + std::to_string(options_.timeout.count()) + " ms";
        } else {
            r.error = t.errbuf[0] != '\0' ? std::string(t.errbuf) : curl_easy_strerror(rc);
        }
        curl_multi_remove_handle(multi, curl);
        transfers_.erase(it);
        if (idle_.size() < 64) {
            idle_.push_back(curl);
        } else {
            curl_easy_cleanup(curl);
        }
        out.push_back(std::move(r));
    }
    return out;
}

void HttpWebhookSender::Wake() {
    curl_multi_wakeup(static_cast<CURLM*>(multi_));
}

}  // namespace wharf::delivery
