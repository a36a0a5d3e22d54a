#include "http/server.h"

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <iterator>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

namespace wharf::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

// Every client operation gives up after this, so a server bug fails a test instead of hanging it.
constexpr auto kIoTimeout = std::chrono::seconds(10);
constexpr size_t kEchoLimit = 1024;

// True for an IMF-fixdate such as "Sun, 06 Nov 1994 08:49:37 GMT" (RFC 9110 5.6.7).
bool IsImfFixdate(std::string_view s) {
    constexpr std::string_view kShape = "Aaa, 00 Aaa 0000 00:00:00 GMT";
    constexpr std::string_view kDays = "Mon Tue Wed Thu Fri Sat Sun";
    constexpr std::string_view kMonths = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec";
    if (s.size() != kShape.size()) {
        return false;
    }
    for (size_t i = 0; i < s.size(); ++i) {
        char c = s[i], want = kShape[i];
        bool ok = want == 'A'   ? (c >= 'A' && c <= 'Z')
                  : want == 'a' ? (c >= 'a' && c <= 'z')
                  : want == '0' ? (c >= '0' && c <= '9')
                                : c == want;
        if (!ok) {
            return false;
        }
    }
    return kDays.find(s.substr(0, 3)) != std::string_view::npos &&
           kMonths.find(s.substr(8, 3)) != std::string_view::npos;
}

// One client connection over loopback: plain bytes out, Beast-parsed responses in. Blocking
// calls built on async operations with a deadline. Not thread-safe.
class Connection {
public:
    Connection() : stream_(ctx_) {}

    boost::system::error_code Connect(uint16_t port) {
        tcp::endpoint ep(asio::ip::make_address("127.0.0.1"), port);
        boost::system::error_code result;
        stream_.expires_after(kIoTimeout);
        stream_.async_connect(ep, [&](boost::system::error_code ec) { result = ec; });
        Run();
        return result;
    }

    boost::system::error_code Send(std::string_view bytes) {
        boost::system::error_code result;
        stream_.expires_after(kIoTimeout);
        asio::async_write(stream_, asio::buffer(bytes.data(), bytes.size()),
                          [&](boost::system::error_code ec, size_t) { result = ec; });
        Run();
        return result;
    }

    struct Reply {
        boost::system::error_code ec;
        bhttp::response<bhttp::string_body> msg;
        int status() const { return static_cast<int>(msg.result_int()); }
        std::string Header(bhttp::field f) const { return std::string(msg[f]); }
        std::string Header(std::string_view name) const { return std::string(msg[name]); }
    };

    // Reads one response; `to_head` for the answer to a HEAD request (no body follows).
    Reply Read(bool to_head = false) {
        bhttp::response_parser<bhttp::string_body> parser;
        parser.body_limit(boost::none);  // file downloads are larger than Beast's default 8 MB
        parser.skip(to_head);
        boost::system::error_code result;
        stream_.expires_after(kIoTimeout);
        bhttp::async_read(stream_, buffer_, parser,
                          [&](boost::system::error_code ec, size_t) { result = ec; });
        Run();
        Reply r;
        r.ec = result;
        if (!result) {
            r.msg = parser.release();
        }
        return r;
    }

    // Reads until the server closes the connection (EOF or reset). False on a timeout; whatever
    // arrived in the meantime goes to `received`.
    bool ReadUntilClosed(std::string* received = nullptr) {
        std::string data = beast::buffers_to_string(buffer_.data());
        buffer_.consume(buffer_.size());
        boost::system::error_code result;
        char chunk[4096];
        stream_.expires_after(kIoTimeout);
        for (;;) {
            size_t got = 0;
            stream_.async_read_some(asio::buffer(chunk),
                                    [&](boost::system::error_code ec, size_t n) {
                                        result = ec;
                                        got = n;
                                    });
            Run();
            data.append(chunk, got);
            if (result) {
                break;
            }
        }
        if (received != nullptr) {
            *received = data;
        }
        return result == asio::error::eof || result == asio::error::connection_reset;
    }

    // Closes the connection from this side (a client that goes away mid-request).
    void Close() {
        boost::system::error_code ec;
        stream_.socket().close(ec);
    }

private:
    void Run() {
        ctx_.restart();
        ctx_.run();
    }

    asio::io_context ctx_;
    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
};

std::string Get(std::string_view target, std::string_view extra_headers = "") {
    return "GET " + std::string(target) + " HTTP/1.1\r\nHost: test\r\n" +
           std::string(extra_headers) + "\r\n";
}

std::string Post(std::string_view target, std::string_view body) {
    return "POST " + std::string(target) +
           " HTTP/1.1\r\nHost: test\r\nContent-Length: " + std::to_string(body.size()) +
           "\r\n\r\n" + std::string(body);
}

std::string Chunk(std::string_view data) {
    char size[32];
    std::snprintf(size, sizeof size, "%zx\r\n", data.size());
    return size + std::string(data) + "\r\n";
}

int StatusFor(ErrorCode code) {
    switch (code) {
        case ErrorCode::kMalformed:
            return 400;
        case ErrorCode::kNotFound:
            return 404;
        case ErrorCode::kPayloadTooLarge:
            return 413;
        default:
            return 500;
    }
}

Response RenderError(const Error& e, const RequestContext&) {
    return Response::Text(StatusFor(e.code), std::string(ErrorCodeName(e.code)) + "\n");
}

class ServerTest : public ::testing::Test {
protected:
    ServerTest() : pipeline_(router_, RenderError, {.access_log = false}) {
        Surface s;
        s.name = "test";
        s.prefix = "/";
        s.render_error = RenderError;
        s.body_limit = 1024 * 1024;  // the /echo route's own limit is smaller
        const Surface* surface = router_.AddSurface(std::move(s));

        router_.Add(Method::kGet, "/hello", surface,
                    [](const Request&, RequestContext&) { return Response::Text(200, "hello"); });
        router_.Add(Method::kGet, "/big", surface, [](const Request&, RequestContext&) {
            return Response::Text(200, std::string(10000, 'x'));
        });
        router_.Add(Method::kPost, "/echo", surface,
                    [this](const Request& req, RequestContext&) {
                        ++echo_calls_;
                        return Response::Text(200, req.body);
                    },
                    {.body_limit = kEchoLimit});
        router_.Add(Method::kGet, "/slow", surface, [this](const Request&, RequestContext&) {
            slow_entered_.set_value();
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
            return Response::Text(200, "slow done");
        });
    }

    void SetUp() override {
        ServerConfig config;
        config.host = "127.0.0.1";
        config.port = 0;
        config.threads = 2;
        server_ = std::make_unique<Server>(config, pipeline_);
        auto started = server_->Start();
        ASSERT_TRUE(started) << started.error().message;
        ASSERT_NE(server_->Port(), 0);
    }

    void TearDown() override {
        server_->Stop(std::chrono::milliseconds(0));
        server_->Wait();
    }

    // A connection to the server, asserted to have connected.
    std::unique_ptr<Connection> Connect() {
        auto c = std::make_unique<Connection>();
        boost::system::error_code ec = c->Connect(server_->Port());
        EXPECT_FALSE(ec) << ec.message();
        return c;
    }

    Router router_;
    Pipeline pipeline_;
    std::unique_ptr<Server> server_;
    std::atomic<int> echo_calls_{0};
    std::promise<void> slow_entered_;
};

TEST_F(ServerTest, KeepAliveConnectionServesSeveralRequests) {
    auto c = Connect();
    ASSERT_FALSE(c->Send(Get("/hello")));
    Connection::Reply r = c->Read();
    ASSERT_FALSE(r.ec) << r.ec.message();
    EXPECT_EQ(r.status(), 200);
    EXPECT_EQ(r.msg.body(), "hello");
    EXPECT_TRUE(r.msg.keep_alive());
    EXPECT_EQ(r.Header(bhttp::field::content_length), "5");
    EXPECT_FALSE(r.Header("X-Request-Id").empty());
    // RFC 9110 6.6.1: an origin server with a clock sends Date, as an IMF-fixdate.
    EXPECT_TRUE(IsImfFixdate(r.Header(bhttp::field::date))) << r.Header(bhttp::field::date);

    ASSERT_FALSE(c->Send(Post("/echo", "second request")));
    r = c->Read();
    ASSERT_FALSE(r.ec) << r.ec.message();
    EXPECT_EQ(r.status(), 200);
    EXPECT_EQ(r.msg.body(), "second request");

    // A 404 without a request body keeps the connection too.
    ASSERT_FALSE(c->Send(Get("/missing")));
    r = c->Read();
    ASSERT_FALSE(r.ec) << r.ec.message();
    EXPECT_EQ(r.status(), 404);
    EXPECT_TRUE(r.msg.keep_alive());

    ASSERT_FALSE(c->Send(Get("/hello")));
    r = c->Read();
    ASSERT_FALSE(r.ec) << r.ec.message();
    EXPECT_EQ(r.msg.body(), "hello");
}

TEST_F(ServerTest, PipelinedRequestsAreAnsweredInOrder) {
    auto c = Connect();
    ASSERT_FALSE(c->Send(Post("/echo", "one") + Post("/echo", "two") + Get("/hello")));
    for (std::string want : {"one", "two", "hello"}) {
        Connection::Reply r = c->Read();
        ASSERT_FALSE(r.ec) << r.ec.message();
        EXPECT_EQ(r.msg.body(), want);
    }
}

TEST_F(ServerTest, ConnectionCloseIsHonoured) {
    auto c = Connect();
    ASSERT_FALSE(c->Send(Get("/hello", "Connection: close\r\n")));
    Connection::Reply r = c->Read();
    ASSERT_FALSE(r.ec) << r.ec.message();
    EXPECT_EQ(r.msg.body(), "hello");
    EXPECT_FALSE(r.msg.keep_alive());
    EXPECT_TRUE(c->ReadUntilClosed());
}

TEST_F(ServerTest, BodyOverTheRouteLimitByContentLengthIs413AndCloses) {
    // Only part of the declared body is sent: the server must answer from the head alone.
    auto c = Connect();
    ASSERT_FALSE(c->Send("POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: 100000\r\n\r\n" +
                         std::string(2000, 'b')));
    Connection::Reply r = c->Read();
    ASSERT_FALSE(r.ec) << r.ec.message();
    EXPECT_EQ(r.status(), 413);
    EXPECT_EQ(r.msg.body(), "payload_too_large\n");
    EXPECT_FALSE(r.msg.keep_alive());
    EXPECT_TRUE(c->ReadUntilClosed());
    EXPECT_EQ(echo_calls_, 0);
}

TEST_F(ServerTest, WholeOversizedBodySentUpFrontStillGetsThe413) {
    // A client that writes its whole upload before reading must still see the answer, not a
    // reset caused by the unread body.
    auto c = Connect();
    std::string body(256 * 1024, 'b');
    (void)c->Send(Post("/echo", body));  // may fail once the server has closed
    Connection::Reply r = c->Read();
    ASSERT_FALSE(r.ec) << r.ec.message();
    EXPECT_EQ(r.status(), 413);
    EXPECT_TRUE(c->ReadUntilClosed());
    EXPECT_EQ(echo_calls_, 0);
}

TEST_F(ServerTest, BodyAtTheLimitIsAccepted) {
    auto c = Connect();
    std::string body(kEchoLimit, 'b');
    ASSERT_FALSE(c->Send(Post("/echo", body)));
    Connection::Reply r = c->Read();
    ASSERT_FALSE(r.ec) << r.ec.message();
    EXPECT_EQ(r.status(), 200);
    EXPECT_EQ(r.msg.body(), body);
}

TEST_F(ServerTest, ChunkedBodyIsDecoded) {
    auto c = Connect();
    ASSERT_FALSE(c->Send("POST /echo HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n" +
                         Chunk("hello, ") + Chunk("chunks") + "0\r\n\r\n"));
    Connection::Reply r = c->Read();
    ASSERT_FALSE(r.ec) << r.ec.message();
    EXPECT_EQ(r.status(), 200);
    EXPECT_EQ(r.msg.body(), "hello, chunks");
    EXPECT_TRUE(r.msg.keep_alive());
}

TEST_F(ServerTest, ChunkedBodyOverTheLimitIs413AndCloses) {
    auto c = Connect();
    std::string half(kEchoLimit / 2 + 1, 'c');
    ASSERT_FALSE(c->Send("POST /echo HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n" +
                         Chunk(half) + Chunk(half) + "0\r\n\r\n"));
    Connection::Reply r = c->Read();
    ASSERT_FALSE(r.ec) << r.ec.message();
    EXPECT_EQ(r.status(), 413);
    EXPECT_FALSE(r.msg.keep_alive());
    EXPECT_TRUE(c->ReadUntilClosed());
    EXPECT_EQ(echo_calls_, 0);
}

TEST_F(ServerTest, MalformedRequestLineIs400) {
    auto c = Connect();
    ASSERT_FALSE(c->Send("THIS IS NOT HTTP\r\n\r\n"));
    Connection::Reply r = c->Read();
    ASSERT_FALSE(r.ec) << r.ec.message();
    EXPECT_EQ(r.status(), 400);
    EXPECT_TRUE(c->ReadUntilClosed());
}

TEST_F(ServerTest, MalformedHeaderLineIs400) {
    auto c = Connect();
    ASSERT_FALSE(c->Send("GET /hello HTTP/1.1\r\nHost test\r\n\r\n"));
    Connection::Reply r = c->Read();
    ASSERT_FALSE(r.ec) << r.ec.message();
    EXPECT_EQ(r.status(), 400);
    EXPECT_TRUE(c->ReadUntilClosed());
}

TEST_F(ServerTest, InvalidTargetIs400FromTheRenderer) {
    auto c = Connect();
    ASSERT_FALSE(c->Send(Get("/hello%zz")));
    Connection::Reply r = c->Read();
    ASSERT_FALSE(r.ec) << r.ec.message();
    EXPECT_EQ(r.status(), 400);
    EXPECT_EQ(r.msg.body(), "malformed\n");
    EXPECT_TRUE(c->ReadUntilClosed());
}

TEST_F(ServerTest, OversizedHeaderIs431) {
    auto c = Connect();
    (void)c->Send(Get("/hello", "X-Big: " + std::string(32 * 1024, 'h') + "\r\n"));
    Connection::Reply r = c->Read();
    ASSERT_FALSE(r.ec) << r.ec.message();
    EXPECT_EQ(r.status(), 431);
    EXPECT_TRUE(c->ReadUntilClosed());
}

TEST_F(ServerTest, ExpectContinueGets100ThenTheResponse) {
    auto c = Connect();
    ASSERT_FALSE(c->Send(
        "POST /echo HTTP/1.1\r\nHost: test\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n"));
    Connection::Reply interim = c->Read();
    ASSERT_FALSE(interim.ec) << interim.ec.message();
    EXPECT_EQ(interim.status(), 100);

    ASSERT_FALSE(c->Send("hello"));
    Connection::Reply r = c->Read();
    ASSERT_FALSE(r.ec) << r.ec.message();
    EXPECT_EQ(r.status(), 200);
    EXPECT_EQ(r.msg.body(), "hello");
}

TEST_F(ServerTest, ExpectContinueOverTheLimitGets413Without100) {
    auto c = Connect();
    ASSERT_FALSE(
        c->Send("POST /echo HTTP/1.1\r\nHost: test\r\nExpect: 100-continue\r\nContent-Length: "
                "5000\r\n\r\n"));
    Connection::Reply r = c->Read();
    ASSERT_FALSE(r.ec) << r.ec.message();
    EXPECT_EQ(r.status(), 413);
    EXPECT_TRUE(c->ReadUntilClosed());
}

TEST_F(ServerTest, HeadSendsContentLengthButNoBody) {
    auto c = Connect();
    // The GET behind the HEAD on the same connection shows that no body bytes were sent: its
    // response would not parse after 10000 stray 'x's.
    ASSERT_FALSE(c->Send("HEAD /big HTTP/1.1\r\nHost: test\r\n\r\n" + Get("/hello")));
    Connection::Reply head = c->Read(/*to_head=*/true);
    ASSERT_FALSE(head.ec) << head.ec.message();
    EXPECT_EQ(head.status(), 200);
    EXPECT_EQ(head.Header(bhttp::field::content_length), "10000");
    EXPECT_TRUE(head.msg.body().empty());

    Connection::Reply get = c->Read();
    ASSERT_FALSE(get.ec) << get.ec.message();
    EXPECT_EQ(get.status(), 200);
    EXPECT_EQ(get.msg.body(), "hello");
}

TEST_F(ServerTest, GracefulStopFinishesTheRequestInFlight) {
    auto busy = Connect();
    ASSERT_FALSE(busy->Send(Get("/slow")));
    ASSERT_EQ(slow_entered_.get_future().wait_for(kIoTimeout), std::future_status::ready);

    Clock::time_point stop_at = Clock::now();
    server_->Stop();  // the default 10 s grace
    Connection::Reply r = busy->Read();
    ASSERT_FALSE(r.ec) << r.ec.message();
    EXPECT_EQ(r.status(), 200);
    EXPECT_EQ(r.msg.body(), "slow done");
    // The server closes this connection after the response, so it must not promise keep-alive.
    EXPECT_FALSE(r.msg.keep_alive());
    EXPECT_TRUE(busy->ReadUntilClosed());

    server_->Wait();
    EXPECT_LT(Clock::now() - stop_at, std::chrono::seconds(5));

    Connection late;
    EXPECT_EQ(late.Connect(server_->Port()), asio::error::connection_refused);
}

TEST_F(ServerTest, StopClosesIdleKeepAliveConnectionsPromptly) {
    // Several connections so that both server threads are likely to hold some: idle after a
    // request, and idle from the start.
    std::vector<std::unique_ptr<Connection>> conns;
    for (int i = 0; i < 4; ++i) {
        auto c = Connect();
        ASSERT_FALSE(c->Send(Get("/hello")));
        Connection::Reply r = c->Read();
        ASSERT_FALSE(r.ec) << r.ec.message();
        ASSERT_TRUE(r.msg.keep_alive());
        conns.push_back(std::move(c));
    }
    for (int i = 0; i < 4; ++i) {
        conns.push_back(Connect());
    }

    Clock::time_point stop_at = Clock::now();
    server_->Stop();  // the default 10 s grace
    server_->Wait();
    EXPECT_LT(Clock::now() - stop_at, std::chrono::seconds(3));
    for (auto& c : conns) {
        std::string received;
        EXPECT_TRUE(c->ReadUntilClosed(&received));
        EXPECT_EQ(received, "");
    }
}

TEST(ServerStart, RefusesAHostThatIsNotAnAddress) {
    Router router;
    Pipeline pipeline(router, RenderError, {.access_log = false});
    ServerConfig config;
    config.host = "localhost";
    config.port = 0;
    config.threads = 1;
    Server server(config, pipeline);
    auto started = server.Start();
    ASSERT_FALSE(started);
    EXPECT_EQ(started.error().code, ErrorCode::kInvalidArgument);
}

TEST(ServerBlockingPool, AWriteWaitingOnTheStoreDoesNotHoldUpItsEventLoop) {
    Router router;
    Surface s;
    s.name = "test";
    s.prefix = "/";
    s.render_error = RenderError;
    s.body_limit = 1024;
    const Surface* surface = router.AddSurface(std::move(s));
    std::promise<void> entered;
    std::promise<void> release;
    std::shared_future<void> released = release.get_future().share();
    std::atomic<bool> on_pool{false};
    std::thread::id loop_thread;
    router.Add(Method::kGet, "/hello", surface, [&](const Request&, RequestContext&) {
        loop_thread = std::this_thread::get_id();
        return Response::Text(200, "hello");
    });
    router.Add(Method::kPost, "/wait", surface, [&](const Request&, RequestContext&) {
        on_pool = std::this_thread::get_id() != loop_thread;
        entered.set_value();
        released.wait();
        return Response::Text(200, "written");
    });
    Pipeline pipeline(router, RenderError, {.access_log = false});
    ServerConfig config;
    config.port = 0;
    config.threads = 1;  // one event loop: without the pool, /wait would block /hello
    config.blocking_threads = 2;
    Server server(config, pipeline);
    ASSERT_TRUE(server.Start());
    Connection first;
    ASSERT_FALSE(first.Connect(server.Port()));
    ASSERT_FALSE(first.Send(Get("/hello")));
    ASSERT_EQ(first.Read().status(), 200);

    Connection writer;
    ASSERT_FALSE(writer.Connect(server.Port()));
    ASSERT_FALSE(writer.Send(Post("/wait", "x")));
    ASSERT_EQ(entered.get_future().wait_for(kIoTimeout), std::future_status::ready);
    // The write is parked on the pool; the loop still answers others.
    ASSERT_FALSE(first.Send(Get("/hello")));
    Connection::Reply hello = first.Read();
    ASSERT_FALSE(hello.ec) << hello.ec.message();
    EXPECT_EQ(hello.msg.body(), "hello");
    release.set_value();
    Connection::Reply written = writer.Read();
    ASSERT_FALSE(written.ec) << written.ec.message();
    EXPECT_EQ(written.msg.body(), "written");
    EXPECT_TRUE(on_pool.load());
    server.Stop(std::chrono::milliseconds(0));
    server.Wait();
}

// A route with an asynchronous handler, on one event loop with a blocking pool. The body says
// what the handler does: "later" hands `respond` to another thread (released by the test),
// "now" responds before returning, "decline" leaves the request to the route's Handler, "throw"
// throws.
class ServerAsyncTest : public ::testing::Test {
protected:
    ServerAsyncTest() : pipeline_(router_, RenderError, {.access_log = false}) {
        Surface s;
        s.name = "test";
        s.prefix = "/";
        s.render_error = RenderError;
        const Surface* surface = router_.AddSurface(std::move(s));
        router_.Add(Method::kGet, "/hello", surface, [this](const Request&, RequestContext&) {
            loop_thread_ = std::this_thread::get_id();
            return Response::Text(200, "hello");
        });
        router_.Add(
            Method::kPost, "/async", surface,
            [this](const Request& req, RequestContext&) {
                sync_on_loop_ = std::this_thread::get_id() == loop_thread_;
                return Response::Text(200, "sync " + req.body);
            },
            [this](const Request& req, RequestContext&, const Respond& respond) {
                async_on_loop_ = std::this_thread::get_id() == loop_thread_;
                if (req.body == "decline") {
                    return false;
                }
                if (req.body == "throw") {
                    throw std::runtime_error("handler bug");
                }
                if (req.body == "now") {
                    respond(Response::Text(200, "now"));
                    return true;
                }
                responder_ = std::thread([this, respond] {
                    released_.wait();
                    respond(Response::Text(201, "later"));
                    respond(Response::Text(500, "a second answer is ignored"));
                });
                taken_.set_value();
                return true;
            });
    }

    void SetUp() override {
        ServerConfig config;
        config.port = 0;
        config.threads = 1;
        config.blocking_threads = 2;
        server_ = std::make_unique<Server>(config, pipeline_);
        ASSERT_TRUE(server_->Start());
        first_ = Connect();
        ASSERT_FALSE(first_->Send(Get("/hello")));  // learns the loop's thread
        ASSERT_EQ(first_->Read().status(), 200);
    }

    void TearDown() override {
        release_.set_value();
        if (responder_.joinable()) {
            responder_.join();
        }
        server_->Stop(std::chrono::milliseconds(0));
        server_->Wait();
    }

    std::unique_ptr<Connection> Connect() {
        auto c = std::make_unique<Connection>();
        EXPECT_FALSE(c->Connect(server_->Port()));
        return c;
    }

    Router router_;
    Pipeline pipeline_;
    std::unique_ptr<Server> server_;
    std::unique_ptr<Connection> first_;
    std::thread::id loop_thread_;
    std::atomic<bool> async_on_loop_{false};
    std::atomic<bool> sync_on_loop_{true};
    std::promise<void> taken_;
    std::promise<void> release_;
    std::shared_future<void> released_ = release_.get_future().share();
    std::thread responder_;
};

TEST_F(ServerAsyncTest, TheAnswerComesFromAnotherThreadWhileTheLoopServesOthers) {
    auto c = Connect();
    ASSERT_FALSE(c->Send(Post("/async", "later")));
    ASSERT_EQ(taken_.get_future().wait_for(kIoTimeout), std::future_status::ready);
    EXPECT_TRUE(async_on_loop_.load());
    // Pending on the other thread: the one loop still answers.
    ASSERT_FALSE(first_->Send(Get("/hello")));
    Connection::Reply hello = first_->Read();
    ASSERT_FALSE(hello.ec) << hello.ec.message();
    EXPECT_EQ(hello.msg.body(), "hello");
    release_.set_value();
    release_ = std::promise<void>();  // TearDown's
    Connection::Reply r = c->Read();
    ASSERT_FALSE(r.ec) << r.ec.message();
    EXPECT_EQ(r.status(), 201);
    EXPECT_EQ(r.msg.body(), "later");
    EXPECT_TRUE(r.msg.keep_alive());
    EXPECT_EQ(r.msg["X-Request-Id"].empty(), false);  // finished like any response
    // The connection goes on; the second answer went nowhere.
    ASSERT_FALSE(c->Send(Post("/async", "now")));
    Connection::Reply now = c->Read();
    ASSERT_FALSE(now.ec) << now.ec.message();
    EXPECT_EQ(now.status(), 200);
    EXPECT_EQ(now.msg.body(), "now");
}

TEST_F(ServerAsyncTest, ADeclinedRequestIsAnsweredByTheHandlerOnTheBlockingPool) {
    auto c = Connect();
    ASSERT_FALSE(c->Send(Post("/async", "decline")));
    Connection::Reply r = c->Read();
    ASSERT_FALSE(r.ec) << r.ec.message();
    EXPECT_EQ(r.msg.body(), "sync decline");
    EXPECT_TRUE(async_on_loop_.load());
    EXPECT_FALSE(sync_on_loop_.load());
}

TEST_F(ServerAsyncTest, AHandlerThatThrowsGetsA500AndTheServerGoesOn) {
    auto c = Connect();
    ASSERT_FALSE(c->Send(Post("/async", "throw")));
    Connection::Reply r = c->Read();
    ASSERT_FALSE(r.ec) << r.ec.message();
    EXPECT_EQ(r.status(), 500);
    ASSERT_FALSE(c->Send(Post("/async", "now")));
    EXPECT_EQ(c->Read().msg.body(), "now");
}

TEST_F(ServerAsyncTest, StopWaitsForAPendingAnswerAndDeliversIt) {
    auto c = Connect();
    ASSERT_FALSE(c->Send(Post("/async", "later")));
    ASSERT_EQ(taken_.get_future().wait_for(kIoTimeout), std::future_status::ready);
    server_->Stop();  // the default grace
    std::thread late([this] {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        release_.set_value();
    });
    Connection::Reply r = c->Read();
    ASSERT_FALSE(r.ec) << r.ec.message();
    EXPECT_EQ(r.msg.body(), "later");
    EXPECT_FALSE(r.msg.keep_alive());
    server_->Wait();
    late.join();
    release_ = std::promise<void>();  // TearDown's
}

TEST(ServerStart, DestructorStopsARunningServer) {
    Router router;
    Pipeline pipeline(router, RenderError, {.access_log = false});
    ServerConfig config;
    config.port = 0;
    config.threads = 2;
    uint16_t port = 0;
    {
        Server server(config, pipeline);
        ASSERT_TRUE(server.Start());
        port = server.Port();
        Connection idle;
        ASSERT_FALSE(idle.Connect(port));
    }
    Connection late;
    EXPECT_EQ(late.Connect(port), asio::error::connection_refused);
}

// Deterministic bytes of every value (a body that is not text).
std::string Bytes(size_t n, uint32_t seed = 1) {
    std::string out(n, '\0');
    for (size_t i = 0; i < n; ++i) {
        seed = seed * 1664525u + 1013904223u;
        out[i] = static_cast<char>(seed >> 24);
    }
    return out;
}

std::string ReadWholeFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

// Spooled request bodies and file responses, over loopback, with a spool directory of the test's
// own so that leftovers can be counted.
class ServerStreamingTest : public ::testing::Test {
protected:
    static constexpr size_t kUploadLimit = 8 << 20;
    static constexpr size_t kSmallLimit = 64 << 10;

    struct Upload {
        std::string path;
        uint64_t size = 0;
        std::string content;
        std::string body;  // Request::body, which must stay empty
        bool existed = false;
        unsigned mode = 0;
    };

    ServerStreamingTest() : pipeline_(router_, RenderError, {.access_log = false}) {
        Surface s;
        s.name = "test";
        s.prefix = "/";
        s.render_error = RenderError;
        const Surface* surface = router_.AddSurface(std::move(s));

        router_.Add(Method::kPost, "/upload", surface,
                    [this](const Request& req, RequestContext&) {
                        Record(req);
                        return Response::Text(200, std::to_string(req.body_size));
                    },
                    {.body_limit = kUploadLimit, .spool_body = true});
        router_.Add(Method::kPost, "/small", surface,
                    [this](const Request& req, RequestContext&) {
                        Record(req);
                        return Response::Text(200, "stored");
                    },
                    {.body_limit = kSmallLimit, .spool_body = true});
        router_.Add(Method::kPost, "/keep", surface,
                    [this](const Request& req, RequestContext&) {
                        std::filesystem::rename(req.body_file, kept_);
                        return Response::Text(200, "kept");
                    },
                    {.spool_body = true});
        router_.Add(Method::kPost, "/in-memory", surface, [](const Request& req, RequestContext&) {
            return Response::Text(200, std::to_string(req.body_size) + " " +
                                           (req.body_file.empty() ? "memory" : "file"));
        });
        router_.Add(Method::kGet, "/download", surface, [this](const Request&, RequestContext&) {
            auto r = Response::File(200, download_, "application/pdf");
            return r ? *r : Response::Text(500, r.error().message);
        });
        router_.Add(Method::kGet, "/unlinked", surface, [this](const Request&, RequestContext&) {
            // Served after the path is gone: the response holds the open file.
            std::string copy = (dir_ / "copy").string();
            std::filesystem::copy_file(download_, copy);
            auto r = Response::File(200, copy, "application/octet-stream");
            std::filesystem::remove(copy);
            return r ? *r : Response::Text(500, r.error().message);
        });
        router_.Add(Method::kGet, "/missing", surface, [this](const Request&, RequestContext&) {
            auto r = Response::File(200, (dir_ / "no-such-file").string(), "text/plain");
            return r ? *r : Response::Text(StatusFor(r.error().code), "no file\n");
        });
    }

    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() /
               ("wharf-server-test-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::remove_all(dir_);
        std::filesystem::create_directories(dir_ / "spool");
        download_ = (dir_ / "download.pdf").string();
        kept_ = (dir_ / "kept").string();
        download_bytes_ = Bytes(5 << 20, 9);
        std::ofstream(download_, std::ios::binary) << download_bytes_;

        ServerConfig config;
        config.port = 0;
        config.threads = 2;
        config.blocking_threads = 2;  // spooled uploads are POSTs: they run on the pool
        config.read_timeout = read_timeout_;
        config.spool_dir = (dir_ / "spool").string();
        server_ = std::make_unique<Server>(config, pipeline_);
        auto started = server_->Start();
        ASSERT_TRUE(started) << started.error().message;
    }

    void TearDown() override {
        server_->Stop(std::chrono::milliseconds(0));
        server_->Wait();
        std::filesystem::remove_all(dir_);
    }

    std::unique_ptr<Connection> Connect() {
        auto c = std::make_unique<Connection>();
        boost::system::error_code ec = c->Connect(server_->Port());
        EXPECT_FALSE(ec) << ec.message();
        return c;
    }

    void Record(const Request& req) {
        Upload u;
        u.path = req.body_file;
        u.size = req.body_size;
        u.body = req.body;
        struct stat st {};
        u.existed = ::stat(req.body_file.c_str(), &st) == 0;
        u.mode = st.st_mode & 0777;
        u.content = ReadWholeFile(req.body_file);
        std::lock_guard lock(mu_);
        uploads_.push_back(std::move(u));
    }

    Upload LastUpload() {
        std::lock_guard lock(mu_);
        return uploads_.empty() ? Upload{} : uploads_.back();
    }

    size_t UploadCount() {
        std::lock_guard lock(mu_);
        return uploads_.size();
    }

    size_t SpoolFiles() const {
        return static_cast<size_t>(
            std::distance(std::filesystem::directory_iterator(dir_ / "spool"), {}));
    }

    // Waits (bounded) until the spool directory holds `n` files: for what the server does after
    // the client can observe anything.
    bool WaitForSpoolFiles(size_t n) const {
        for (auto until = Clock::now() + kIoTimeout; Clock::now() < until;) {
            if (SpoolFiles() == n) {
                return true;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        return false;
    }

    std::chrono::seconds read_timeout_{30};
    Router router_;
    Pipeline pipeline_;
    std::unique_ptr<Server> server_;
    std::filesystem::path dir_;
    std::string download_;
    std::string download_bytes_;
    std::string kept_;
    std::mutex mu_;
    std::vector<Upload> uploads_;
};

TEST_F(ServerStreamingTest, SpooledUploadWithContentLengthArrivesWholeInAPrivateFile) {
    const std::string body = Bytes(3 << 20, 1);
    auto c = Connect();
    ASSERT_FALSE(c->Send(Post("/upload", body)));
    Connection::Reply r = c->Read();
    ASSERT_FALSE(r.ec) << r.ec.message();
    EXPECT_EQ(r.status(), 200);
    EXPECT_EQ(r.msg.body(), std::to_string(body.size()));
    EXPECT_TRUE(r.msg.keep_alive());

    Upload u = LastUpload();
    EXPECT_TRUE(u.existed);
    EXPECT_EQ(std::filesystem::path(u.path).parent_path(), dir_ / "spool");
    EXPECT_EQ(u.mode, 0600u);
    EXPECT_EQ(u.size, body.size());
    EXPECT_TRUE(u.content == body) << "the spooled bytes differ";
    EXPECT_TRUE(u.body.empty());

    // The file is removed once the response is written, before the connection reads the next
    // request: an answer to that one proves it is gone.
    ASSERT_FALSE(c->Send(Post("/upload", "second")));
    r = c->Read();
    ASSERT_FALSE(r.ec) << r.ec.message();
    EXPECT_EQ(r.msg.body(), "6");
    EXPECT_FALSE(std::filesystem::exists(u.path));
    EXPECT_NE(LastUpload().path, u.path);
    EXPECT_TRUE(WaitForSpoolFiles(0));
}

TEST_F(ServerStreamingTest, SpooledChunkedUploadArrivesWhole) {
    const std::string body = Bytes((2 << 20) + 12345, 2);
    std::string wire = "POST /upload HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n";
    for (size_t at = 0; at < body.size(); at += 50'000) {
        wire += Chunk(std::string_view(body).substr(at, 50'000));
    }
    wire += "0\r\n\r\n";
    auto c = Connect();
    ASSERT_FALSE(c->Send(wire));
    Connection::Reply r = c->Read();
    ASSERT_FALSE(r.ec) << r.ec.message();
    EXPECT_EQ(r.status(), 200);
    EXPECT_EQ(r.msg.body(), std::to_string(body.size()));
    Upload u = LastUpload();
    EXPECT_EQ(u.size, body.size());
    EXPECT_TRUE(u.content == body) << "the spooled bytes differ";
    ASSERT_FALSE(c->Send(Get("/missing")));
    EXPECT_EQ(c->Read().status(), 404);
    EXPECT_FALSE(std::filesystem::exists(u.path));
}

TEST_F(ServerStreamingTest, EmptySpooledBodyIsAnEmptyFile) {
    auto c = Connect();
    ASSERT_FALSE(c->Send(Post("/upload", "")));
    Connection::Reply r = c->Read();
    ASSERT_FALSE(r.ec) << r.ec.message();
    EXPECT_EQ(r.msg.body(), "0");
    Upload u = LastUpload();
    EXPECT_TRUE(u.existed);
    EXPECT_EQ(u.size, 0u);
}

TEST_F(ServerStreamingTest, ChunkedBodyOverTheLimitIs413AndLeavesNoFile) {
    std::string wire = "POST /small HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n";
    for (int i = 0; i < 4; ++i) {
        wire += Chunk(Bytes(kSmallLimit / 3, i));
    }
    wire += "0\r\n\r\n";
    auto c = Connect();
    (void)c->Send(wire);  // may fail once the server has closed
    Connection::Reply r = c->Read();
    ASSERT_FALSE(r.ec) << r.ec.message();
    EXPECT_EQ(r.status(), 413);
    EXPECT_EQ(r.msg.body(), "payload_too_large\n");
    EXPECT_FALSE(r.msg.keep_alive());
    // The file is removed before the server closes the connection.
    EXPECT_TRUE(c->ReadUntilClosed());
    EXPECT_EQ(SpoolFiles(), 0u);
    EXPECT_EQ(UploadCount(), 0u);
}

TEST_F(ServerStreamingTest, DeclaredLengthOverTheLimitIs413WithoutAFile) {
    auto c = Connect();
    ASSERT_FALSE(c->Send("POST /small HTTP/1.1\r\nHost: test\r\nContent-Length: " +
                         std::to_string(kSmallLimit + 1) + "\r\n\r\n"));
    Connection::Reply r = c->Read();
    ASSERT_FALSE(r.ec) << r.ec.message();
    EXPECT_EQ(r.status(), 413);
    EXPECT_TRUE(c->ReadUntilClosed());
    EXPECT_EQ(SpoolFiles(), 0u);
}

TEST_F(ServerStreamingTest, ClientGoneMidBodyLeavesNoFile) {
    auto c = Connect();
    ASSERT_FALSE(c->Send("POST /upload HTTP/1.1\r\nHost: test\r\nContent-Length: 4000000\r\n\r\n" +
                         Bytes(100'000)));
    ASSERT_TRUE(WaitForSpoolFiles(1));  // the body is being spooled
    c->Close();
    EXPECT_TRUE(WaitForSpoolFiles(0));
    EXPECT_EQ(UploadCount(), 0u);
}

class ServerStreamingTimeoutTest : public ServerStreamingTest {
protected:
    ServerStreamingTimeoutTest() { read_timeout_ = std::chrono::seconds(1); }
};

TEST_F(ServerStreamingTimeoutTest, StalledUploadTimesOutAndLeavesNoFile) {
    auto c = Connect();
    ASSERT_FALSE(c->Send("POST /upload HTTP/1.1\r\nHost: test\r\nContent-Length: 4000000\r\n\r\n" +
                         Bytes(100'000)));
    ASSERT_TRUE(WaitForSpoolFiles(1));
    // The client stops sending; the server gives up after read_timeout. The stream's timer
    // closes the socket itself, so the file goes just after the client sees the close.
    EXPECT_TRUE(c->ReadUntilClosed());
    EXPECT_TRUE(WaitForSpoolFiles(0));
    EXPECT_EQ(UploadCount(), 0u);
}

TEST_F(ServerStreamingTimeoutTest, ReadTimeoutIsAPauseLimitForSpooledBodies) {
    // 2.5 s of sending in pieces, longer than the 1 s read timeout, but never a 1 s pause.
    const std::string body = Bytes(10 * 1000, 4);
    auto c = Connect();
    ASSERT_FALSE(c->Send("POST /upload HTTP/1.1\r\nHost: test\r\nContent-Length: " +
                         std::to_string(body.size()) + "\r\n\r\n"));
    for (size_t at = 0; at < body.size(); at += 1000) {
        ASSERT_FALSE(c->Send(std::string_view(body).substr(at, 1000)));
        std::this_thread::sleep_for(std::chrono::milliseconds(250));
    }
    Connection::Reply r = c->Read();
    ASSERT_FALSE(r.ec) << r.ec.message();
    EXPECT_EQ(r.status(), 200);
    EXPECT_TRUE(LastUpload().content == body);
}

TEST_F(ServerStreamingTest, HandlerMayTakeTheFile) {
    auto c = Connect();
    ASSERT_FALSE(c->Send(Post("/keep", "keep these bytes")));
    Connection::Reply r = c->Read();
    ASSERT_FALSE(r.ec) << r.ec.message();
    EXPECT_EQ(r.msg.body(), "kept");
    ASSERT_FALSE(c->Send(Get("/missing")));  // the server is past its cleanup
    EXPECT_EQ(c->Read().status(), 404);
    EXPECT_EQ(ReadWholeFile(kept_), "keep these bytes");
    EXPECT_EQ(SpoolFiles(), 0u);
}

TEST_F(ServerStreamingTest, OtherRoutesKeepTheBodyInMemory) {
    auto c = Connect();
    ASSERT_FALSE(c->Send(Post("/in-memory", "12345")));
    Connection::Reply r = c->Read();
    ASSERT_FALSE(r.ec) << r.ec.message();
    EXPECT_EQ(r.msg.body(), "5 memory");
    EXPECT_EQ(SpoolFiles(), 0u);
}

TEST_F(ServerStreamingTest, FileResponseArrivesWholeWithItsLength) {
    auto c = Connect();
    ASSERT_FALSE(c->Send(Get("/download")));
    Connection::Reply r = c->Read();
    ASSERT_FALSE(r.ec) << r.ec.message();
    EXPECT_EQ(r.status(), 200);
    EXPECT_EQ(r.Header(bhttp::field::content_length), std::to_string(download_bytes_.size()));
    EXPECT_EQ(r.Header(bhttp::field::content_type), "application/pdf");
    EXPECT_FALSE(r.Header("X-Request-Id").empty());
    EXPECT_TRUE(r.msg.body() == download_bytes_) << "the downloaded bytes differ";
    EXPECT_TRUE(r.msg.keep_alive());

    // The connection is still in step: the next answer parses.
    ASSERT_FALSE(c->Send(Get("/download")));
    r = c->Read();
    ASSERT_FALSE(r.ec) << r.ec.message();
    EXPECT_TRUE(r.msg.body() == download_bytes_);
}

TEST_F(ServerStreamingTest, HeadOfAFileResponseHasTheLengthAndNoBody) {
    auto c = Connect();
    // The GET behind the HEAD would not parse if any file bytes followed the HEAD's answer.
    ASSERT_FALSE(c->Send("HEAD /download HTTP/1.1\r\nHost: test\r\n\r\n" + Get("/missing")));
    Connection::Reply head = c->Read(/*to_head=*/true);
    ASSERT_FALSE(head.ec) << head.ec.message();
    EXPECT_EQ(head.status(), 200);
    EXPECT_EQ(head.Header(bhttp::field::content_length), std::to_string(download_bytes_.size()));
    EXPECT_TRUE(head.msg.body().empty());
    Connection::Reply next = c->Read();
    ASSERT_FALSE(next.ec) << next.ec.message();
    EXPECT_EQ(next.status(), 404);
    EXPECT_EQ(next.msg.body(), "no file\n");
}

TEST_F(ServerStreamingTest, FileUnlinkedAfterResponseFileIsStillServed) {
    auto c = Connect();
    ASSERT_FALSE(c->Send(Get("/unlinked")));
    Connection::Reply r = c->Read();
    ASSERT_FALSE(r.ec) << r.ec.message();
    EXPECT_EQ(r.status(), 200);
    EXPECT_EQ(r.Header(bhttp::field::content_length), std::to_string(download_bytes_.size()));
    EXPECT_TRUE(r.msg.body() == download_bytes_) << "the downloaded bytes differ";
    EXPECT_FALSE(std::filesystem::exists(dir_ / "copy"));
}

TEST_F(ServerStreamingTest, ConcurrentDownloadsOfOneFile) {
    std::vector<std::unique_ptr<Connection>> conns;
    for (int i = 0; i < 3; ++i) {
        conns.push_back(Connect());
        ASSERT_FALSE(conns.back()->Send(Get("/download")));
    }
    for (auto& c : conns) {
        Connection::Reply r = c->Read();
        ASSERT_FALSE(r.ec) << r.ec.message();
        EXPECT_TRUE(r.msg.body() == download_bytes_);
    }
}

}  // namespace
}  // namespace wharf::http

namespace wharf::http {
namespace {

TEST(ServerStart, RefusesAPortAnotherServerListensOn) {
    Router router;
    Pipeline pipeline(router, RenderError, {.access_log = false});
    ServerConfig config;
    config.port = 0;
    config.threads = 2;
    Server first(config, pipeline);
    ASSERT_TRUE(first.Start());
    config.port = first.Port();
    Server second(config, pipeline);
    auto started = second.Start();
    ASSERT_FALSE(started);
    EXPECT_EQ(started.error().code, ErrorCode::kUnavailable);
}

}  // namespace
}  // namespace wharf::http
