#include "tests/integration/webhook_sink.h"

#include <boost/beast.hpp>

namespace wharf::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using asio::ip::tcp;

std::string WebhookSink::Request::Header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
}

WebhookSink::WebhookSink()
    : ctx_(std::make_unique<asio::io_context>()),
      acceptor_(std::make_unique<tcp::acceptor>(
          *ctx_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0))) {
    port_ = acceptor_->local_endpoint().port();
    asio::co_spawn(*ctx_, Accept(), asio::detached);
    thread_ = std::thread([this] { ctx_->run(); });
}

WebhookSink::~WebhookSink() {
    Stop();
}

void WebhookSink::Stop() {
    if (thread_.joinable()) {
        ctx_->stop();
        thread_.join();
        acceptor_.reset();
        ctx_.reset();
    }
}

std::string WebhookSink::Url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
}

void WebhookSink::SetBehaviour(Behaviour b) {
    std::lock_guard lock(mu_);
    behaviour_ = std::move(b);
}

std::vector<WebhookSink::Request> WebhookSink::Requests() {
    std::lock_guard lock(mu_);
    return requests_;
}

size_t WebhookSink::Count() {
    std::lock_guard lock(mu_);
    return requests_.size();
}

bool WebhookSink::WaitForCount(size_t n, std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        if (Count() >= n) {
            return true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return Count() >= n;
}

asio::awaitable<void> WebhookSink::Accept() {
    for (;;) {
        boost::system::error_code ec;
        tcp::socket socket =
            co_await acceptor_->async_accept(asio::redirect_error(asio::use_awaitable, ec));
        if (ec) {
            co_return;
        }
        asio::co_spawn(*ctx_, Session(std::move(socket)), asio::detached);
    }
}

asio::awaitable<void> WebhookSink::Session(tcp::socket socket) {
    beast::flat_buffer buffer;
    for (;;) {
        boost::system::error_code ec;
        bhttp::request<bhttp::string_body> req;
        co_await bhttp::async_read(socket, buffer, req,
                                   asio::redirect_error(asio::use_awaitable, ec));
        if (ec) {
            co_return;
        }
        Request r;
        r.target = std::string(req.target());
        for (const auto& f : req) {
            std::string name(f.name_string());
            for (char& c : name) {
                c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            }
            r.headers[name] = std::string(f.value());
        }
        r.body = req.body();
        r.at = std::chrono::steady_clock::now();
        Answer a;
        {
            std::lock_guard lock(mu_);
            if (behaviour_) {
                a = behaviour_(r);
            }
            requests_.push_back(std::move(r));
        }
        if (a.delay.count() > 0) {
            asio::steady_timer timer(co_await asio::this_coro::executor, a.delay);
            co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
        }
        if (a.drop) {
            socket.close(ec);
            co_return;
        }
        bhttp::response<bhttp::string_body> res{static_cast<bhttp::status>(a.status), 11};
        res.set(bhttp::field::content_type, a.content_type);
        if (!a.retry_after.empty()) {
            res.set(bhttp::field::retry_after, a.retry_after);
        }
        res.body() = a.body;
        res.keep_alive(req.keep_alive());
        res.prepare_payload();
        co_await bhttp::async_write(socket, res, asio::redirect_error(asio::use_awaitable, ec));
        if (ec || !res.keep_alive()) {
            co_return;
        }
    }
}

}  // namespace wharf::testing
