#include "tests/integration/test_client.h"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace wharf::testing {

namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = boost::asio::ip::tcp;

boost::json::value TestResponse::Json() const {
    boost::system::error_code ec;
    auto v = boost::json::parse(body, ec);
    return ec ? boost::json::value() : v;
}

std::string TestResponse::Header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? "" : it->second;
}

TestResponse TestClient::Send(
    const std::string& method, const std::string& target, const std::string& body,
    const std::vector<std::pair<std::string, std::string>>& headers) const {
    boost::asio::io_context ioc;
    beast::tcp_stream stream(ioc);
    stream.connect(tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port_));
    bhttp::request<bhttp::string_body> req{bhttp::string_to_verb(method), target, 11};
    req.set(bhttp::field::host, "127.0.0.1");
    for (const auto& [k, v] : headers) {
        req.set(k, v);
    }
    if (!body.empty() || method == "POST" || method == "PATCH" || method == "PUT") {
        req.body() = body;
        req.prepare_payload();
    }
    bhttp::write(stream, req);
    beast::flat_buffer buffer;
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(64 * 1024 * 1024);
    if (method == "HEAD") {
        parser.skip(true);
    }
    bhttp::read(stream, buffer, parser);
    auto& res = parser.get();
    TestResponse out;
    out.status = res.result_int();
    for (const auto& f : res) {
        std::string name(f.name_string());
        for (char& c : name) {
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
        out.headers[name] = std::string(f.value());
    }
    out.body = res.body();
    beast::error_code ec;
    stream.socket().shutdown(tcp::socket::shutdown_both, ec);
    return out;
}

namespace {
std::vector<std::pair<std::string, std::string>> KeyHeaders(const std::string& key, bool json) {
    std::vector<std::pair<std::string, std::string>> h;
    if (!key.empty()) {
        h.emplace_back("X-API-Key", key);
    }
    if (json) {
        h.emplace_back("Content-Type", "application/json");
    }
    return h;
}
}  // namespace

TestResponse TestClient::Get(const std::string& target, const std::string& key) const {
    return Send("GET", target, "", KeyHeaders(key, false));
}
TestResponse TestClient::Post(const std::string& target, const std::string& body,
                              const std::string& key) const {
    return Send("POST", target, body, KeyHeaders(key, true));
}
TestResponse TestClient::Patch(const std::string& target, const std::string& body,
                               const std::string& key) const {
    return Send("PATCH", target, body, KeyHeaders(key, true));
}
TestResponse TestClient::Delete(const std::string& target, const std::string& key) const {
    return Send("DELETE", target, "", KeyHeaders(key, false));
}

}  // namespace wharf::testing
