#pragma once

#include <map>
#include <string>
#include <type_traits>
#include <vector>

#include <boost/json.hpp>

// Lets tests compare a JSON value with a std::string (only a string value with the same text
// is equal).
namespace boost::json {
template <class S>
requires std::is_same_v<S, std::string>
bool operator==(const value& v, const S& s) {
    return v.is_string() && v.get_string() == s;
}
}  // namespace boost::json

namespace wharf::testing {

// One response as the test sees it: status, lower-cased headers, body, and the body as JSON.
struct TestResponse {
    int status = 0;
    std::map<std::string, std::string> headers;
    std::string body;

    boost::json::value Json() const;
    std::string Header(const std::string& lower_name) const;
};

// A blocking HTTP/1.1 client over loopback for the integration tests (Boost.Beast). One request
// per connection unless `Session` is used. Not thread-safe; make one per thread.
class TestClient {
public:
    explicit TestClient(unsigned short port) : port_(port) {}

    TestResponse Send(const std::string& method, const std::string& target,
                      const std::string& body = "",
                      const std::vector<std::pair<std::string, std::string>>& headers = {}) const;
    // Shorthands with an X-API-Key header (empty key: no header).
    TestResponse Get(const std::string& target, const std::string& key) const;
    TestResponse Post(const std::string& target, const std::string& body,
                      const std::string& key) const;
    TestResponse Patch(const std::string& target, const std::string& body,
                       const std::string& key) const;
    TestResponse Delete(const std::string& target, const std::string& key) const;

private:
    unsigned short port_;
};

}  // namespace wharf::testing
