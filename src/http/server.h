#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "base/result.h"
#include "http/pipeline.h"

namespace wharf::http {

struct ServerConfig {
    std::string host = "127.0.0.1";
    uint16_t port = 8080;  // 0: pick a free port (tests)
    int threads = 0;       // 0: one per core
    // To read one whole request once it started; for a spooled body, the longest pause between
    // two reads of it (a 100 MB upload may take longer than this, but must keep moving).
    std::chrono::seconds read_timeout{30};
    std::chrono::seconds idle_timeout{75};  // keep-alive wait for the next request
    // To write one response; for a file response, the longest pause between two writes of it.
    std::chrono::seconds write_timeout{30};
    size_t header_limit = 16 * 1024;
    // Requests that may block on the database's single writer (every method but GET and HEAD)
    // run on a pool of this many threads, so that the event loops keep reading other requests
    // meanwhile, and concurrent writes can share one commit. 0: they run on the event loop too.
    int blocking_threads = 0;
    // Where spooled request bodies (RouteOptions::spool_body) are written; empty: the system's
    // temporary directory. Files there are the server's own until a handler renames one away.
    std::string spool_dir;
};

// The HTTP/1.1 server (Boost.Beast, C++20 coroutines). One io_context per thread, each with its
// own SO_REUSEPORT acceptor on the same port, so a connection lives on one thread from accept to
// close and needs no strand. GET and HEAD handlers run synchronously on that thread; other
// methods on the blocking pool when there is one (the connection's loop awaits the answer).
// Bodies of RouteOptions::spool_body routes stream into a file in spool_dir, removed after the
// response (or the failure); Response::File bodies stream from their open file. Neither is ever
// whole in memory.
// Lifetime: Start() once, then Stop() (from any thread) and Wait(). The pipeline must outlive it.
class Server {
public:
    Server(ServerConfig config, const Pipeline& pipeline);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // Binds the listening sockets (so Port() is known) without serving yet. Start() calls it
    // when it has not been called.
    Result<void> Listen();
    // Starts the server threads.
    Result<void> Start();
    uint16_t Port() const;
    // Graceful stop: stop accepting, close idle keep-alive connections, let in-flight requests
    // finish (their connections close after the response); after `grace`, cut what is left.
    void Stop(std::chrono::milliseconds grace = std::chrono::milliseconds(10'000));
    // Blocks until every server thread has exited.
    void Wait();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace wharf::http
