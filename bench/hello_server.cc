// The benchmark ceiling: the smallest Boost.Beast HTTP/1.1 server built the way wharf's own
// transport is (C++20 coroutines, one io_context per thread, each thread with its own
// SO_REUSEPORT acceptor, keep-alive). `GET /` answers {"message":"Hello, World!"}; anything
// else gets 404. bench/run measures it beside wharf in the same run.
//
// usage: wharf_bench_hello [port=8090] [threads=hardware_concurrency] [address=127.0.0.1]

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <boost/asio.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <sys/socket.h>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);
constexpr std::string_view kBody = R"({"message":"Hello, World!"})";
constexpr std::chrono::seconds kIdleTimeout{30};

http::response<http::string_body> Answer(const http::request<http::string_body>& req) {
    const bool hello = req.method() == http::verb::get && req.target() == "/";
    http::response<http::string_body> res{hello ? http::status::ok : http::status::not_found,
                                          req.version()};
    res.set(http::field::server, "hello");
    res.set(http::field::content_type, hello ? "application/json" : "text/plain");
    res.body() = hello ? std::string(kBody) : std::string("not found\n");
    res.keep_alive(req.keep_alive());
    res.prepare_payload();
    return res;
}

asio::awaitable<void> Serve(beast::tcp_stream stream) {
    beast::flat_buffer buffer;
    for (;;) {
        http::request<http::string_body> req;
        stream.expires_after(kIdleTimeout);
        auto [rec, rn] = co_await http::async_read(stream, buffer, req, kNoThrow);
        (void)rn;
        if (rec) {
            break;  // EOF, timeout, reset or a malformed request: just close
        }
        auto res = Answer(req);
        auto [wec, wn] = co_await http::async_write(stream, res, kNoThrow);
        (void)wn;
        if (wec || !res.keep_alive()) {
            break;
        }
    }
    boost::system::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
}

asio::awaitable<void> Accept(tcp::acceptor& acceptor) {
    auto executor = co_await asio::this_coro::executor;
    for (;;) {
        auto [ec, socket] = co_await acceptor.async_accept(kNoThrow);
        if (ec) {
            if (ec == asio::error::operation_aborted) {
                co_return;
            }
            continue;
        }
        socket.set_option(tcp::no_delay(true), ec);
        asio::co_spawn(executor, Serve(beast::tcp_stream(std::move(socket))), asio::detached);
    }
}

struct Loop {
    asio::io_context ctx{1};  // one thread: Asio can skip its internal locking
    tcp::acceptor acceptor{ctx};
};

void OpenAcceptor(tcp::acceptor& a, const tcp::endpoint& ep) {
    a.open(ep.protocol());
    a.set_option(asio::socket_base::reuse_address(true));
    int one = 1;
    if (::setsockopt(a.native_handle(), SOL_SOCKET, SO_REUSEPORT, &one, sizeof one) != 0) {
        throw std::runtime_error("setsockopt(SO_REUSEPORT) failed");
    }
    a.bind(ep);
    a.listen(asio::socket_base::max_listen_connections);
}

}  // namespace

int main(int argc, char** argv) {
    try {
        const unsigned short port =
            static_cast<unsigned short>(argc > 1 ? std::atoi(argv[1]) : 8090);
        unsigned threads = argc > 2 ? static_cast<unsigned>(std::atoi(argv[2]))
                                    : std::thread::hardware_concurrency();
        if (threads == 0) {
            threads = 1;
        }
        const std::string address = argc > 3 ? argv[3] : "127.0.0.1";
        const tcp::endpoint ep{asio::ip::make_address(address), port};

        std::vector<std::unique_ptr<Loop>> loops;
        for (unsigned i = 0; i < threads; ++i) {
            auto loop = std::make_unique<Loop>();
            OpenAcceptor(loop->acceptor, ep);
            asio::co_spawn(loop->ctx, Accept(loop->acceptor), asio::detached);
            loops.push_back(std::move(loop));
        }

        // SIGINT/SIGTERM stop every loop; the first loop owns the signal set.
        asio::signal_set signals(loops.front()->ctx, SIGINT, SIGTERM);
        signals.async_wait([&loops](const boost::system::error_code&, int) {
            for (auto& l : loops) {
                l->ctx.stop();
            }
        });

        std::printf("hello: listening on http://%s:%u with %u thread(s)\n", address.c_str(),
                    static_cast<unsigned>(port), threads);
        std::fflush(stdout);

        std::vector<std::thread> workers;
        for (unsigned i = 1; i < threads; ++i) {
            workers.emplace_back([&loops, i] { loops[i]->ctx.run(); });
        }
        loops.front()->ctx.run();
        for (auto& w : workers) {
            w.join();
        }
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "hello: %s\n", e.what());
        return 1;
    }
}
