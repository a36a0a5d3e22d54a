#include "http/response.h"

#include <strings.h>

namespace wharf::http {

void Response::SetHeader(std::string name, std::string value) {
    for (auto& [k, v] : headers) {
        if (strcasecmp(k.c_str(), name.c_str()) == 0) {
            v = std::move(value);
            return;
        }
    }
    headers.emplace_back(std::move(name), std::move(value));
}

const std::string* Response::FindHeader(std::string_view name) const {
    for (const auto& [k, v] : headers) {
        if (k.size() == name.size() && strncasecmp(k.data(), name.data(), k.size()) == 0) {
            return &v;
        }
    }
    return nullptr;
}

Response Response::Json(int status, std::string body) {
    Response r;
    r.status = status;
    r.headers.emplace_back("Content-Type", "application/json");
    r.body = std::move(body);
    return r;
}

Response Response::Html(int status, std::string body) {
    Response r;
    r.status = status;
    r.headers.emplace_back("Content-Type", "text/html; charset=utf-8");
    r.body = std::move(body);
    return r;
}

Response Response::Text(int status, std::string body) {
    Response r;
    r.status = status;
    r.headers.emplace_back("Content-Type", "text/plain; charset=utf-8");
    r.body = std::move(body);
    return r;
}

Response Response::NoContent() {
    Response r;
    r.status = 204;
    return r;
}

Response Response::Redirect(int status, std::string location) {
    Response r;
    r.status = status;
    r.headers.emplace_back("Location", std::move(location));
    return r;
}

Result<Response> Response::File(int status, const std::string& path, std::string content_type) {
    WHARF_ASSIGN_OR_RETURN(auto opened, OpenFile::Open(path));
    Response r;
    r.status = status;
    r.headers.emplace_back("Content-Type", std::move(content_type));
    r.file = std::move(opened);
    return r;
}

}  // namespace wharf::http
