#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace wharf::http {

// One HTTP response. Handlers build it; the server adds Content-Length, Date and keep-alive.
struct Response {
    int status = 200;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    bool close_connection = false;  // set when the request body was not read

    void SetHeader(std::string name, std::string value);
    const std::string* FindHeader(std::string_view name) const;

    static Response Json(int status, std::string body);
    static Response Html(int status, std::string body);
    static Response Text(int status, std::string body);
    static Response NoContent();
    static Response Redirect(int status, std::string location);
};

}  // namespace wharf::http
