#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio.hpp>

namespace wharf::testing {

// A webhook endpoint for tests: a real HTTP/1.1 server on 127.0.0.1:0 (keep-alive, one thread,
// coroutines) that records every request and answers as its behaviour says: a status (with an
// optional Retry-After), after an optional delay, or by dropping the connection. Thread-safe.
class WebhookSink {
public:
    struct Request {
        std::string target;
        std::map<std::string, std::string> headers;  // lower-case names
        std::string body;
        std::chrono::steady_clock::time_point at;
        std::string Header(const std::string& name) const;
    };
    struct Answer {
        int status = 200;
        std::chrono::milliseconds delay{0};
        bool drop = false;  // close the connection without answering
        std::string retry_after;
        std::string body = "ok";
        std::string content_type = "text/plain";
    };
    using Behaviour = std::function<Answer(const Request&)>;

    WebhookSink();
    ~WebhookSink();
    void Stop();

    uint16_t Port() const { return port_; }
    std::string Url(const std::string& path = "/hook") const;
    void SetBehaviour(Behaviour b);
    std::vector<Request> Requests();
    size_t Count();
    // Waits (real time) until at least n requests arrived; false on timeout.
    bool WaitForCount(size_t n, std::chrono::milliseconds timeout = std::chrono::seconds(10));

private:
    boost::asio::awaitable<void> Accept();
    boost::asio::awaitable<void> Session(boost::asio::ip::tcp::socket socket);

    std::unique_ptr<boost::asio::io_context> ctx_;
    std::unique_ptr<boost::asio::ip::tcp::acceptor> acceptor_;
    uint16_t port_ = 0;
    std::thread thread_;
    std::mutex mu_;
    Behaviour behaviour_;
    std::vector<Request> requests_;
};

}  // namespace wharf::testing
