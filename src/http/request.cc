#include "http/request.h"

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

namespace wharf::http {

Method ParseMethod(std::string_view m) {
    if (m == "GET") {
        return Method::kGet;
    }
    if (m == "POST") {
        return Method::kPost;
    }
    if (m == "PATCH") {
        return Method::kPatch;
    }
    if (m == "DELETE") {
        return Method::kDelete;
    }
    if (m == "PUT") {
        return Method::kPut;
    }
    if (m == "HEAD") {
        return Method::kHead;
    }
    if (m == "OPTIONS") {
        return Method::kOptions;
    }
    return Method::kOther;
}

const char* MethodName(Method m) {
    switch (m) {
        case Method::kGet:
            return "GET";
        case Method::kHead:
            return "HEAD";
        case Method::kPost:
            return "POST";
        case Method::kPut:
            return "PUT";
        case Method::kPatch:
            return "PATCH";
        case Method::kDelete:
            return "DELETE";
        case Method::kOptions:
            return "OPTIONS";
        case Method::kOther:
            return "OTHER";
    }
    return "OTHER";
}

std::optional<std::string_view> Request::Header(std::string_view lower_name) const {
    for (const auto& [k, v] : headers) {
        if (k == lower_name) {
            return std::string_view(v);
        }
    }
    return std::nullopt;
}

std::optional<std::string> Request::Query(std::string_view key) const {
    for (const auto& [k, v] : query) {
        if (k == key) {
            return v;
        }
    }
    return std::nullopt;
}

std::vector<std::string> Request::QueryAll(std::string_view key) const {
    std::vector<std::string> out;
    for (const auto& [k, v] : query) {
        if (k == key) {
            out.push_back(v);
        }
    }
    return out;
}

bool ParseTarget(std::string_view target, std::string& path,
                 std::vector<std::pair<std::string, std::string>>& query) {
    auto r = boost::urls::parse_origin_form(target);
    if (!r) {
        return false;
    }
    boost::urls::url_view u = *r;
    path = u.path();  // decoded
    query.clear();
    for (auto p : u.params()) {  // decoded, '+' as space
        if (p.key.empty() && !p.has_value) {
            continue;  // an empty field: "?", "a=1&&b=2", "a=1&" (as the WHATWG form parser)
        }
        query.emplace_back(p.key, p.value);
    }
    return true;
}

std::string PercentEncode(std::string_view s) {
    static const char* kHex = "0123456789ABCDEF";
    std::string out;
    out.reserve(s.size());
    for (unsigned char c : s) {
        bool unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                          (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~';
        if (unreserved) {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 0xF];
        }
    }
    return out;
}

std::vector<std::pair<std::string, std::string>> ParseFormBody(std::string_view body) {
    std::vector<std::pair<std::string, std::string>> out;
    std::string target = "/?";
    // Lenient like browsers' parsers: a raw space (curl -d "a=b c") reads as an encoded one.
    for (char c : body) {
        target += c == ' ' ? '+' : c;
    }
    std::string path;
    if (!ParseTarget(target, path, out)) {
        out.clear();
    }
    return out;
}

}  // namespace wharf::http
