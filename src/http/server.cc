#include "http/server.h"

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <ctime>
#include <list>
#include <mutex>
#include <optional>
#include <thread>

#include <boost/asio.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "base/log.h"
#include "http/open_file_body.h"
#include "http/spool_file.h"

namespace wharf::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);

namespace {

// One connection's state, visible to Stop() through its loop's session list.
struct SessionState {
    beast::tcp_stream* stream = nullptr;
    bool idle = true;
};

// Everything one thread owns: its io_context, acceptor and live sessions. Only that thread
// touches `sessions` and the acceptor (Stop posts onto the loop).
struct Loop {
    asio::io_context ctx{1};
    std::unique_ptr<tcp::acceptor> acceptor;
    std::list<SessionState*> sessions;
    bool draining = false;
    std::thread thread;
};

Request MakeHead(const bhttp::request_parser<bhttp::string_body>& parser, const std::string& remote,
                 bool& target_ok) {
    const auto& msg = parser.get();
    Request r;
    r.method = ParseMethod(std::string_view(msg.method_string()));
    r.target = std::string(msg.target());
    target_ok = ParseTarget(r.target, r.path, r.query);
    r.headers.reserve(8);
    for (const auto& f : msg) {
        std::string name(f.name_string());
        for (char& c : name) {
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
        r.headers.emplace_back(std::move(name), std::string(f.value()));
    }
    r.remote_address = remote;
    return r;
}

// The current time as an IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT"), independent of locale.
std::string FormatHttpDate(std::time_t now) {
    static const char* const kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[40];
    std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d GMT", kDays[tm.tm_wday],
                  tm.tm_mday, kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
                  tm.tm_sec);
    return buf;
}

// The Date header changes once a second: format it once per second per thread.
const std::string& HttpDate() {
    thread_local std::time_t cached_at = 0;
    thread_local std::string cached;
    std::time_t now = std::time(nullptr);
    if (now != cached_at) {
        cached = FormatHttpDate(now);
        cached_at = now;
    }
    return cached;
}

// Status line and header fields of `r`, the same whatever carries the body.
template <class Body>
bhttp::response<Body> BeastHead(const Response& r, unsigned version, bool keep_alive) {
    bhttp::response<Body> res{static_cast<bhttp::status>(r.status), version};
    res.set(bhttp::field::server, "wharf");
    res.set(bhttp::field::date, HttpDate());  // RFC 9110 6.6.1
    for (const auto& [k, v] : r.headers) {
        res.set(k, v);
    }
    res.keep_alive(keep_alive);
    if (r.status != 204 && r.status != 304) {
        // For HEAD too: the length the GET would have (RFC 9110 8.6).
        res.content_length(r.BodySize());
    }
    return res;
}

// An in-memory response, or the head alone of any response (HEAD: no body follows).
bhttp::response<bhttp::string_body> ToBeast(Response&& r, unsigned version, bool keep_alive,
                                            bool head_only) {
    auto res = BeastHead<bhttp::string_body>(r, version, keep_alive);
    if (!head_only) {
        res.body() = std::move(r.body);
    }
    return res;
}

// errno values from writing a spool file. A socket read never reports these, so they tell a
// full disk (answered 503) from a client that went away (nothing to answer).
bool IsStorageError(const boost::system::error_code& ec) {
    if (ec.category() != boost::system::system_category()) {
        return false;
    }
    switch (ec.value()) {
        case ENOSPC:
        case EDQUOT:
        case EFBIG:
        case EIO:
        case EROFS:
            return true;
        default:
            return false;
    }
}

// How reading a request body ended.
enum class BodyRead { kDone, kTooLarge, kStorageFailed, kBroken };

}  // namespace

struct Server::Impl {
    ServerConfig config;
    const Pipeline& pipeline;
    std::vector<std::unique_ptr<Loop>> loops;
    uint16_t port = 0;
    std::atomic<bool> stopping{false};
    std::atomic<std::chrono::steady_clock::time_point> deadline{};
    std::mutex wait_mu;
    bool joined = false;
    std::unique_ptr<asio::thread_pool> blocking;  // see ServerConfig::blocking_threads
    // Asynchronous handlers (Pipeline::Start) that took a request and have not responded yet:
    // Wait() returns only once they have, since a response is posted to its loop.
    std::atomic<int> async_pending{0};
    std::string spool_dir;  // ServerConfig::spool_dir, resolved

    Impl(ServerConfig c, const Pipeline& p)
        : config(std::move(c)), pipeline(p), spool_dir(SpoolFile::Directory(config.spool_dir)) {}

    asio::awaitable<void> Accept(Loop& loop) {
        for (;;) {
            auto [ec, socket] = co_await loop.acceptor->async_accept(kTuple);
            if (ec) {
                if (ec == asio::error::operation_aborted || !loop.acceptor->is_open()) {
                    co_return;
                }
                log::Warn("accept failed: " + ec.message());
                continue;
            }
            socket.set_option(tcp::no_delay(true), ec);
            asio::co_spawn(loop.ctx, Session(loop, beast::tcp_stream(std::move(socket))),
                           asio::detached);
        }
    }

    // Runs the route's asynchronous handler (Pipeline::Start); the response comes back to this
    // loop. None: the handler declined, and the request is to be run as usual.
    asio::awaitable<std::optional<Response>> StartAsync(Loop& loop, const Request& req,
                                                        Pipeline::Admission& adm) {
        return asio::async_initiate<decltype(asio::use_awaitable), void(std::optional<Response>)>(
            [this, &loop, &req, &adm](auto handler) {
                using Handler = decltype(handler);
                // The coroutine's completion handler, taken out by the first (only) answer. The
                // tracked executor keeps the loop running until the answer is posted to it.
                struct Slot {
                    std::atomic<bool> answered{false};
                    std::optional<Handler> handler;
                    asio::any_io_executor loop;
                };
                auto slot = std::make_shared<Slot>();
                slot->handler.emplace(std::move(handler));
                slot->loop = asio::prefer(loop.ctx.get_executor(),
                                          asio::execution::outstanding_work.tracked);
                async_pending.fetch_add(1);
                auto answer = [this, slot](std::optional<Response> r) {
                    if (slot->answered.exchange(true)) {
                        return;
                    }
                    Handler h = std::move(*slot->handler);
                    slot->handler.reset();
                    auto ex = std::move(slot->loop);
                    asio::post(ex, [h = std::move(h), r = std::move(r)]() mutable {
                        std::move(h)(std::move(r));
                    });
                    async_pending.fetch_sub(1);
                };
                if (!pipeline.Start(req, adm, [answer](Response r) { answer(std::move(r)); })) {
                    answer(std::nullopt);
                }
            },
            asio::use_awaitable);
    }

    // Writes one response; false when it could not be written whole (the connection is done).
    asio::awaitable<bool> Write(beast::tcp_stream& stream, Response&& r, unsigned version,
                                bool keep_alive, bool head_only) {
        boost::system::error_code ec;
        // 204 and 304 never carry a body (RFC 9110 6.4.1), whatever the handler attached.
        if (r.file && !head_only && r.status != 204 && r.status != 304) {
            auto res = BeastHead<OpenFileBody>(r, version, keep_alive);
            res.body() = std::move(r.file);
            // Piece by piece, each with its own deadline: a large download to a slow client
            // takes longer than write_timeout, but must keep moving.
            bhttp::response_serializer<OpenFileBody> sr{res};
            while (!sr.is_done() && !ec) {
                stream.expires_after(config.write_timeout);
                auto [wec, n] = co_await bhttp::async_write_some(stream, sr, kTuple);
                (void)n;
                ec = wec;
            }
        } else {
            auto res = ToBeast(std::move(r), version, keep_alive, head_only);
            stream.expires_after(config.write_timeout);
            auto [wec, n] = co_await bhttp::async_write(stream, res, kTuple);
            (void)n;
            ec = wec;
        }
        if (ec) {
            log::Debug("write failed: " + ec.message());
        }
        co_return !ec;
    }

    // Streams the body of a spooled route's request into a new spool file: the header parser
    // becomes a file_body parser, so the body goes from the socket buffer to the file and never
    // whole into memory. On kDone, `req` names the file and `spool` owns it (removed when the
    // caller drops it); on every other outcome `spool` still removes what was written.
    asio::awaitable<BodyRead> ReadSpooled(beast::tcp_stream& stream, beast::flat_buffer& buffer,
                                          bhttp::request_parser<bhttp::string_body>& head,
                                          size_t limit, Request& req,
                                          std::optional<SpoolFile>& spool, Error& error) {
        Result<SpoolFile> created = SpoolFile::Create(spool_dir);
        if (!created) {
            error = std::move(created).error();
            co_return BodyRead::kStorageFailed;
        }
        spool.emplace(std::move(*created));
        beast::file_posix file;
        file.native_handle(spool->ReleaseFd());
        bhttp::request_parser<bhttp::file_body> parser{std::move(head)};
        parser.body_limit(limit);
        boost::system::error_code ec;
        parser.get().body().reset(std::move(file), ec);
        while (!ec && !parser.is_done()) {
            stream.expires_after(config.read_timeout);
            auto [rec, n] = co_await bhttp::async_read_some(stream, buffer, parser, kTuple);
            (void)n;
            ec = rec;
        }
        if (ec == bhttp::error::body_limit) {
            co_return BodyRead::kTooLarge;
        }
        if (ec) {
            if (!IsStorageError(ec)) {
                co_return BodyRead::kBroken;
            }
            error = Error::Unavailable("cannot store the request body: " + ec.message());
            co_return BodyRead::kStorageFailed;
        }
        req.body_size = parser.get().body().file().size(ec);
        parser.get().body().close();
        if (ec) {
            error = Error::Unavailable("cannot store the request body: " + ec.message());
            co_return BodyRead::kStorageFailed;
        }
        req.body_file = spool->Path();
        co_return BodyRead::kDone;
    }

    asio::awaitable<void> Session(Loop& loop, beast::tcp_stream stream) {
        SessionState state;
        state.stream = &stream;
        loop.sessions.push_front(&state);
        auto self_it = loop.sessions.begin();
        std::string remote;
        {
            boost::system::error_code ec;
            auto ep = stream.socket().remote_endpoint(ec);
            if (!ec) {
                remote = ep.address().to_string();
            }
        }
        beast::flat_buffer buffer;
        bool unread_input = false;  // we answered before reading all the client sent
        for (;;) {
            if (loop.draining) {
                break;
            }
            bhttp::request_parser<bhttp::string_body> parser;
            parser.header_limit(static_cast<std::uint32_t>(config.header_limit));
            parser.body_limit(boost::none);
            state.idle = true;
            stream.expires_after(config.idle_timeout);
            auto [ec, n] = co_await bhttp::async_read_header(stream, buffer, parser, kTuple);
            (void)n;
            state.idle = false;
            if (ec) {
                if (ec == bhttp::error::header_limit) {
                    unread_input = true;
                    Response r = Response::Text(431, "request header fields too large\n");
                    co_await Write(stream, std::move(r), 11, false, false);
                } else if (ec != bhttp::error::end_of_stream && ec != beast::error::timeout &&
                           ec != asio::error::operation_aborted && ec != asio::error::eof &&
                           ec != asio::error::connection_reset) {
                    Response r = Response::Text(400, "bad request\n");
                    co_await Write(stream, std::move(r), 11, false, false);
                }
                break;
            }
            stream.expires_after(config.read_timeout);
            const unsigned version = parser.get().version();
            bool target_ok = true;
            Request req = MakeHead(parser, remote, target_ok);
            const bool head_only = req.method == Method::kHead;
            Pipeline::Admission adm = pipeline.Admit(req);
            if (!target_ok) {
                Response r = pipeline.Refuse(
                    req, adm, Error::Malformed("the request target is not a valid URI"));
                co_await Write(stream, std::move(r), version, false, head_only);
                break;
            }
            if (adm.reject) {
                Response r = std::move(*adm.reject);
                adm.reject.reset();
                // The body (if any) was not read: the connection cannot be reused.
                bool has_body = parser.content_length().value_or(0) > 0 || parser.chunked();
                pipeline.Finish(req, adm, r);
                bool keep = !has_body && parser.keep_alive() && !stopping;
                co_await Write(stream, std::move(r), version, keep, head_only);
                if (!keep) {
                    unread_input = has_body;
                    break;
                }
                continue;
            }
            if (parser.content_length() && *parser.content_length() > adm.body_limit) {
                Response r = pipeline.Refuse(req, adm, TooLarge(adm.body_limit));
                co_await Write(stream, std::move(r), version, false, head_only);
                unread_input = true;
                break;
            }
            if (auto expect = req.Header("expect");
                expect && beast::iequals(*expect, "100-continue")) {
                bhttp::response<bhttp::empty_body> cont{bhttp::status::continue_, version};
                auto [wec, wn] = co_await bhttp::async_write(stream, cont, kTuple);
                (void)wn;
                if (wec) {
                    break;
                }
            }
            // The answer to a request is decided by its head (read above) alone: the body
            // parser may be another parser type, taken over from this one.
            const bool client_keep_alive = parser.keep_alive();
            // Declared here so that it lives until the response is written: the spool file is
            // removed when this iteration ends, whichever way it ends.
            std::optional<SpoolFile> spool;
            BodyRead body = BodyRead::kDone;
            Error body_error;
            if (adm.route->options.spool_body) {
                body = co_await ReadSpooled(stream, buffer, parser, adm.body_limit, req, spool,
                                            body_error);
            } else {
                parser.body_limit(adm.body_limit);
                if (!parser.is_done()) {
                    auto [rec, rn] = co_await bhttp::async_read(stream, buffer, parser, kTuple);
                    (void)rn;
                    body = rec == bhttp::error::body_limit ? BodyRead::kTooLarge
                           : rec                           ? BodyRead::kBroken
                                                           : BodyRead::kDone;
                }
                req.body = std::move(parser.get().body());
                req.body_size = req.body.size();
            }
            if (body == BodyRead::kTooLarge || body == BodyRead::kStorageFailed) {
                if (body == BodyRead::kTooLarge) {
                    body_error = TooLarge(adm.body_limit);
                } else {
                    log::Error("request " + adm.ctx.request_id + ": " + body_error.message);
                }
                Response r = pipeline.Refuse(req, adm, body_error);
                co_await Write(stream, std::move(r), version, false, head_only);
                unread_input = true;
                break;
            }
            if (body == BodyRead::kBroken) {
                break;
            }
            Response r;
            std::optional<Response> answered;
            if (adm.route->async_handler) {
                answered = co_await StartAsync(loop, req, adm);
            }
            if (answered) {
                r = std::move(*answered);
                pipeline.Finish(req, adm, r);
            } else if (blocking && req.method != Method::kGet && req.method != Method::kHead) {
                r = co_await asio::co_spawn(
                    blocking->get_executor(),
                    [&]() -> asio::awaitable<Response> { co_return pipeline.Run(req, adm); },
                    asio::use_awaitable);
            } else {
                r = pipeline.Run(req, adm);
            }
            // `stopping`, not `loop.draining`: Stop() may have been called while the handler
            // held this thread, before the loop could see it; the response must say close.
            bool keep = client_keep_alive && !stopping && !r.close_connection;
            bool written = co_await Write(stream, std::move(r), version, keep, head_only);
            if (!written || !keep) {
                break;
            }
        }
        boost::system::error_code ec;
        stream.socket().shutdown(tcp::socket::shutdown_send, ec);
        if (unread_input && !ec) {
            // Closing with unread input makes the kernel send a reset, which can destroy the
            // error response before the client reads it. Linger: discard what the client still
            // sends, for at most a second and a megabyte, then close.
            stream.expires_after(std::chrono::seconds(1));
            char sink[16 * 1024];
            for (size_t drained = 0; drained < (1u << 20);) {
                auto [rec, k] = co_await stream.async_read_some(asio::buffer(sink), kTuple);
                if (rec) {
                    break;
                }
                drained += k;
            }
        }
        stream.socket().close(ec);
        loop.sessions.erase(self_it);
    }

    static Error TooLarge(size_t limit) {
        return Error::PayloadTooLarge("request body is larger than the limit of " +
                                      std::to_string(limit) + " bytes");
    }
};

Server::Server(ServerConfig config, const Pipeline& pipeline)
    : impl_(std::make_unique<Impl>(std::move(config), pipeline)) {}

Server::~Server() {
    if (!impl_->loops.empty()) {
        Stop(std::chrono::milliseconds(0));
        Wait();
    }
}

Result<void> Server::Listen() {
    if (!impl_->loops.empty()) {
        return {};
    }
    int threads = impl_->config.threads > 0 ? impl_->config.threads
                                            : static_cast<int>(std::thread::hardware_concurrency());
    threads = std::max(threads, 1);
    boost::system::error_code ec;
    auto address = asio::ip::make_address(impl_->config.host, ec);
    if (ec) {
        return Fail(Error::InvalidArgument("cannot listen on '" + impl_->config.host +
                                           "': not an IP address"));
    }
    uint16_t port = impl_->config.port;
    if (port != 0) {
        // SO_REUSEPORT would let this process share a port another server already listens on
        // (requests split between the two). Probe with a plain socket first and refuse.
        asio::io_context probe_ctx;
        tcp::acceptor probe(probe_ctx);
        tcp::endpoint ep(address, port);
        probe.open(ep.protocol(), ec);
        if (!ec) {
            // SO_REUSEADDR: connections of a previous run in TIME_WAIT do not count; a live
            // listener still does (Linux refuses a second listener without SO_REUSEPORT).
            probe.set_option(asio::socket_base::reuse_address(true), ec);
        }
        if (!ec) {
            probe.bind(ep, ec);
        }
        if (ec) {
            return Fail(Error::Unavailable("cannot listen on " + impl_->config.host + ":" +
                                           std::to_string(port) + ": " + ec.message()));
        }
    }
    for (int i = 0; i < threads; ++i) {
        auto loop = std::make_unique<Loop>();
        auto acc = std::make_unique<tcp::acceptor>(loop->ctx);
        tcp::endpoint ep(address, port);
        acc->open(ep.protocol(), ec);
        if (!ec) {
            acc->set_option(asio::socket_base::reuse_address(true), ec);
        }
        if (!ec) {
            int one = 1;
            if (::setsockopt(acc->native_handle(), SOL_SOCKET, SO_REUSEPORT, &one, sizeof one) !=
                0) {
                ec = boost::system::error_code(errno, boost::system::system_category());
            }
        }
        if (!ec) {
            acc->bind(ep, ec);
        }
        if (!ec) {
            acc->listen(asio::socket_base::max_listen_connections, ec);
        }
        if (ec) {
            impl_->loops.clear();
            return Fail(Error::Unavailable("cannot listen on " + impl_->config.host + ":" +
                                           std::to_string(port) + ": " + ec.message()));
        }
        // With port 0 the first acceptor picks the port; the others join it.
        port = acc->local_endpoint().port();
        loop->acceptor = std::move(acc);
        impl_->loops.push_back(std::move(loop));
    }
    impl_->port = port;
    return {};
}

Result<void> Server::Start() {
    if (impl_->config.blocking_threads > 0 && !impl_->blocking) {
        impl_->blocking = std::make_unique<asio::thread_pool>(
            static_cast<std::size_t>(impl_->config.blocking_threads));
    }
    WHARF_TRY(Listen());
    for (auto& loop : impl_->loops) {
        Loop* l = loop.get();
        asio::co_spawn(l->ctx, impl_->Accept(*l), asio::detached);
        l->thread = std::thread([l] { l->ctx.run(); });
    }
    return {};
}

uint16_t Server::Port() const {
    return impl_->port;
}

void Server::Stop(std::chrono::milliseconds grace) {
    if (impl_->stopping.load()) {
        return;
    }
    impl_->deadline = std::chrono::steady_clock::now() + grace;
    if (impl_->stopping.exchange(true)) {
        return;
    }
    for (auto& loop : impl_->loops) {
        Loop* l = loop.get();
        asio::post(l->ctx, [l] {
            l->draining = true;
            boost::system::error_code ec;
            l->acceptor->close(ec);
            for (SessionState* s : l->sessions) {
                if (s->idle) {
                    s->stream->socket().shutdown(tcp::socket::shutdown_both, ec);
                    s->stream->cancel();
                }
            }
        });
    }
}

void Server::Wait() {
    std::lock_guard lock(impl_->wait_mu);
    if (impl_->joined) {
        return;
    }
    // Give in-flight requests until the stop deadline, then cut whatever is left.
    for (auto& loop : impl_->loops) {
        while (!loop->ctx.stopped() &&
               (!impl_->stopping || std::chrono::steady_clock::now() < impl_->deadline.load())) {
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        loop->ctx.stop();
        if (loop->thread.joinable()) {
            loop->thread.join();
        }
    }
    if (impl_->blocking) {
        // Handlers still running there refer to their sessions' frames, which live until the
        // loops are destroyed: let them finish first.
        impl_->blocking->join();
    }
    // So do asynchronous handlers, which also post their answers to the loops: they answer
    // once the work they handed on is done (a store's group commit), shortly.
    while (impl_->async_pending.load() > 0) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    impl_->joined = true;
}

}  // namespace wharf::http
