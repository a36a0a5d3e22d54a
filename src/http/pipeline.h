#pragma once

#include <chrono>
#include <exception>
#include <optional>

#include "http/router.h"

namespace wharf::http {

// The middleware chain every request goes through, in this order (userver's DefaultPipeline):
//   1. request id      accept a sane X-Request-Id or make one; echoed on the response
//   2. access log      one line per request, written when the response is final
//   3. routing         404 / 405 rendered in the surface's error shape
//   4. authentication  the surface's authenticator, unless the route is public (401)
//   5. body limit      the route's or surface's limit, enforced while reading (413)
//   6. error boundary  the one catch (std::exception&): 500 with the request id, never a crash
//   7. handler
// Steps 1-5 run on the request head (Admit) before the body is read, so an unauthenticated or
// oversized upload is refused without reading it. Stateless after construction: shared by all
// server threads.
class Pipeline {
public:
    struct Options {
        bool access_log = true;
    };
    Pipeline(const Router& router, ErrorRenderer fallback, Options options);

    struct Admission {
        std::optional<Response> reject;  // final answer without running a handler
        size_t body_limit = 0;
        const Route* route = nullptr;
        const Surface* surface = nullptr;
        RequestContext ctx;
        std::chrono::steady_clock::time_point started;
    };

    Admission Admit(const Request& head) const;
    // Runs the admitted request's handler and finishes the response.
    Response Run(const Request& request, Admission& admission) const;
    // Tries the admitted route's asynchronous handler (on this thread; see AsyncHandler): true
    // when it took the request, and `respond` then gets the response once, from any thread (an
    // exception the handler throws here is answered as Run answers it). The caller finishes the
    // response (Finish) on the connection's thread. False: run Run instead.
    bool Start(const Request& request, Admission& admission, const Respond& respond) const;
    // Finishes a refusal decided outside the pipeline (body over the limit, unreadable request).
    Response Refuse(const Request& head, Admission& admission, const Error& error) const;
    // Adds X-Request-Id and writes the access-log line. Run and Refuse call it; Admit's rejections
    // are finished by the caller through this too.
    void Finish(const Request& request, const Admission& admission, Response& response) const;

private:
    Response Render(const Admission& admission, const Error& error) const;
    // The 500 for a handler that threw (logged with the request id).
    Response Failed(const Admission& admission, const std::exception& e) const;

    const Router& router_;
    ErrorRenderer fallback_;
    Options options_;
};

// A request id from the client is kept if it is 1..128 characters of [A-Za-z0-9._:-].
bool IsAcceptableRequestId(std::string_view id);
std::string NewRequestId();

}  // namespace wharf::http
