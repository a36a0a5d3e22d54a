#include "delivery/url_fetcher.h"

#include <memory>

#include <curl/curl.h>

#include "delivery/address_guard.h"

namespace wharf::delivery {

namespace {

CURLcode GlobalInit() {
    static const CURLcode rc = curl_global_init(CURL_GLOBAL_DEFAULT);
    return rc;
}

struct FetchState {
    const std::function<Result<void>(std::string_view)>* sink = nullptr;
    uint64_t max_bytes = 0;
    uint64_t received = 0;
    bool allow_private = false;
    bool refused = false;
    std::string refused_class;
    bool too_large = false;
    std::optional<Error> sink_error;
    long status = 0;
    std::string content_type;
    std::optional<std::string> disposition_filename;
};

size_t OnBody(char* data, size_t size, size_t count, void* user) {
    auto* st = static_cast<FetchState*>(user);
    size_t n = size * count;
    // Only a 2xx body is the media; an error page is read and dropped.
    if (st->status != 0 && (st->status < 200 || st->status > 299)) {
        return n;
    }
    if (st->received + n > st->max_bytes) {
        st->too_large = true;
        return 0;
    }
    st->received += n;
    if (auto r = (*st->sink)(std::string_view(data, n)); !r) {
        st->sink_error = r.error();
        return 0;
    }
    return n;
}

std::string Trim(std::string_view v) {
    size_t b = v.find_first_not_of(" \t\r\n");
    size_t e = v.find_last_not_of(" \t\r\n");
    return b == std::string_view::npos ? std::string() : std::string(v.substr(b, e - b + 1));
}

// filename="a.pdf" or filename=a.pdf from a Content-Disposition value.
std::optional<std::string> DispositionFilename(std::string_view v) {
    size_t at = v.find("filename=");
    if (at == std::string_view::npos) {
        return std::nullopt;
    }
    std::string_view rest = v.substr(at + 9);
    std::string name;
    if (!rest.empty() && rest.front() == '"') {
        size_t end = rest.find('"', 1);
        name = std::string(rest.substr(1, end == std::string_view::npos ? end : end - 1));
    } else {
        name = Trim(rest.substr(0, rest.find(';')));
    }
    if (name.empty() || name.find('/') != std::string::npos) {
        return std::nullopt;
    }
    return name;
}

size_t OnHeader(char* data, size_t size, size_t count, void* user) {
    auto* st = static_cast<FetchState*>(user);
    size_t n = size * count;
    std::string_view line(data, n);
    if (line.starts_with("HTTP/")) {
        // A new response (after a redirect): forget the previous one's headers.
        size_t sp = line.find(' ');
        st->status = sp == std::string_view::npos
                         ? 0
                         : std::atol(std::string(line.substr(sp + 1, 3)).c_str());
        st->content_type.clear();
        st->disposition_filename.reset();
        return n;
    }
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) {
        return n;
    }
    std::string name;
    for (char c : line.substr(0, colon)) {
        name.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
    std::string value = Trim(line.substr(colon + 1));
    if (name == "content-type") {
        st->content_type = value;
    } else if (name == "content-disposition") {
        st->disposition_filename = DispositionFilename(value);
    }
    return n;
}

curl_socket_t OpenSocket(void* user, curlsocktype purpose, curl_sockaddr* address) {
    auto* st = static_cast<FetchState*>(user);
    if (purpose != CURLSOCKTYPE_IPCXN || address == nullptr) {
        return CURL_SOCKET_BAD;
    }
    if (!IsAllowedTarget(&address->addr, st->allow_private)) {
        st->refused = true;
        st->refused_class = AddressClassName(ClassifyAddress(&address->addr));
        return CURL_SOCKET_BAD;
    }
    return socket(address->family, address->socktype, address->protocol);
}

// The URL's last path segment, when it looks like a file name.
std::optional<std::string> UrlFilename(const std::string& url) {
    std::string_view u = url;
    u = u.substr(0, u.find_first_of("?#"));
    size_t scheme = u.find("://");
    if (scheme == std::string_view::npos) {
        return std::nullopt;
    }
    std::string_view path = u.substr(scheme + 3);
    size_t slash = path.find('/');
    if (slash == std::string_view::npos) {
        return std::nullopt;
    }
    std::string_view last = path.substr(path.rfind('/') + 1);
    if (last.empty()) {
        return std::nullopt;
    }
    return std::string(last);
}

}  // namespace

Result<FetchedHead> CurlUrlFetcher::Fetch(
    const std::string& url, uint64_t max_bytes,
    const std::function<Result<void>(std::string_view)>& sink) {
    if (!(url.starts_with("http://") || url.starts_with("https://"))) {
        return Fail(Error::InvalidArgument("source must be an http or https URL"));
    }
    if (CURLcode rc = GlobalInit(); rc != CURLE_OK) {
        return Fail(Error::Unavailable(std::string("libcurl failed to initialise: ") +
                                       curl_easy_strerror(rc)));
    }
    std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
    if (!curl) {
        return Fail(Error::Unavailable("curl_easy_init failed"));
    }
    FetchState st;
    st.sink = &sink;
    st.max_bytes = max_bytes;
    st.allow_private = options_.allow_private;
    char errbuf[CURL_ERROR_SIZE] = {0};
    CURL* c = curl.get();
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
#if LIBCURL_VERSION_NUM >= 0x075500
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
#else
    curl_easy_setopt(c, CURLOPT_PROTOCOLS, long(CURLPROTO_HTTP | CURLPROTO_HTTPS));
    curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS, long(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, options_.max_redirects > 0 ? 1L : 0L);
    curl_easy_setopt(c, CURLOPT_MAXREDIRS, options_.max_redirects);
    curl_easy_setopt(c, CURLOPT_PROXY, "");
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, long(options_.connect_timeout.count()));
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, long(options_.timeout.count()));
    curl_easy_setopt(c, CURLOPT_USERAGENT, "wharf-media/1");
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, OnBody);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &st);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, OnHeader);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &st);
    curl_easy_setopt(c, CURLOPT_OPENSOCKETFUNCTION, OpenSocket);
    curl_easy_setopt(c, CURLOPT_OPENSOCKETDATA, &st);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
    CURLcode rc = curl_easy_perform(c);
    if (st.sink_error) {
        return Fail(*st.sink_error);
    }
    if (st.too_large) {
        return Fail(Error::ResourceExhausted("the source is larger than " +
                                             std::to_string(max_bytes) + " bytes"));
    }
    if (st.refused) {
        return Fail(Error::InvalidArgument("source resolves to a " + st.refused_class +
                                           " address, which is not allowed"));
    }
    if (rc != CURLE_OK) {
        std::string why = errbuf[0] != 0 ? errbuf : curl_easy_strerror(rc);
        return Fail(Error::Unavailable("cannot fetch the source: " + why));
    }
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    if (status < 200 || status > 299) {
        return Fail(
            Error::FailedPrecondition("the source answered HTTP " + std::to_string(status)));
    }
    FetchedHead head;
    head.content_type = st.content_type;
    head.filename = st.disposition_filename ? st.disposition_filename : UrlFilename(url);
    return head;
}

}  // namespace wharf::delivery
