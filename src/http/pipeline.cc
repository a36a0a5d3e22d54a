#include "http/pipeline.h"

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <exception>

#include "base/log.h"
#include "base/random.h"

namespace wharf::http {

bool IsAcceptableRequestId(std::string_view id) {
    if (id.empty() || id.size() > 128) {
        return false;
    }
    for (char c : id) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '-' || c == '_' || c == '.' || c == ':';
        if (!ok) {
            return false;
        }
    }
    return true;
}

// Request ids need to be unique, not secret: a per-thread xorshift generator seeded once from the
// CSPRNG (RAND_bytes on every request was a tenth of an authenticated GET's cost).
std::string NewRequestId() {
    static constexpr char kAlphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    thread_local uint64_t state = [] {
        std::string seed = RandomBytes(8);
        uint64_t v = 0;
        std::memcpy(&v, seed.data(), sizeof v);
        return v | 1;
    }();
    std::string id(20, 'A');
    for (int half = 0; half < 2; ++half) {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        uint64_t bits = state;
        for (int i = 0; i < 10; ++i) {
            id[half * 10 + i] = kAlphabet[bits % 62];
            bits /= 62;
        }
    }
    return id;
}

Pipeline::Pipeline(const Router& router, ErrorRenderer fallback, Options options)
    : router_(router), fallback_(std::move(fallback)), options_(options) {}

Response Pipeline::Render(const Admission& admission, const Error& error) const {
    if (admission.surface != nullptr && admission.surface->render_error) {
        return admission.surface->render_error(error, admission.ctx);
    }
    return fallback_(error, admission.ctx);
}

Response Pipeline::Failed(const Admission& admission, const std::exception& e) const {
    log::Error("request " + admission.ctx.request_id + " failed: " + e.what());
    return Render(admission,
                  Error::Internal("internal error (request id " + admission.ctx.request_id + ")"));
}

Pipeline::Admission Pipeline::Admit(const Request& head) const {
    Admission a;
    a.started = std::chrono::steady_clock::now();
    // 1. request id
    auto rid = head.Header("x-request-id");
    a.ctx.request_id = rid && IsAcceptableRequestId(*rid) ? std::string(*rid) : NewRequestId();
    // 3. routing
    a.surface = router_.SurfaceFor(head.path);
    Router::Match m = router_.Find(head.method, head.path);
    if (m.route == nullptr) {
        if (m.method_mismatch) {
            Error e{ErrorCode::kInvalidArgument,
                    std::string("method ") + MethodName(head.method) + " is not allowed here"};
            a.reject = Render(a, e);
            a.reject->status = 405;
            a.reject->SetHeader("Allow", m.allow);
        } else {
            a.reject = Render(a, Error::NotFound("no route for " + head.path));
        }
        return a;
    }
    a.route = m.route;
    a.surface = m.route->surface;
    a.ctx.params = std::move(m.params);
    // 4. authentication
    if (!a.route->options.public_route && a.surface->authenticate) {
        Result<AuthInfo> who = a.surface->authenticate(head);
        if (!who) {
            a.reject = Render(a, who.error());
            return a;
        }
        a.ctx.auth = std::move(*who);
    }
    // 5. body limit (enforced by the reader)
    a.body_limit =
        a.route->options.body_limit != 0 ? a.route->options.body_limit : a.surface->body_limit;
    return a;
}

Response Pipeline::Run(const Request& request, Admission& admission) const {
    Response r;
    // 6. error boundary: the one place an exception becomes a response.
    try {
        r = admission.route->handler(request, admission.ctx);
    } catch (const std::exception& e) {
        r = Failed(admission, e);
    }
    Finish(request, admission, r);
    return r;
}

bool Pipeline::Start(const Request& request, Admission& admission, const Respond& respond) const {
    if (!admission.route->async_handler) {
        return false;
    }
    try {
        return admission.route->async_handler(request, admission.ctx, respond);
    } catch (const std::exception& e) {
        // The handler threw before it handed the work on: nothing else will respond.
        respond(Failed(admission, e));
        return true;
    }
}

Response Pipeline::Refuse(const Request& head, Admission& admission, const Error& error) const {
    Response r = Render(admission, error);
    r.close_connection = true;
    Finish(head, admission, r);
    return r;
}

void Pipeline::Finish(const Request& request, const Admission& admission,
                      Response& response) const {
    response.SetHeader("X-Request-Id", admission.ctx.request_id);
    if (!options_.access_log) {
        return;
    }
    // 2. access log
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() -
                                                          admission.started)
                    .count();
    char tail[96];
    std::snprintf(tail, sizeof tail, " %d %llu %.2fms", response.status,
                  static_cast<unsigned long long>(response.BodySize()), ms);
    std::string line = "http ";
    line += MethodName(request.method);
    line += ' ';
    line += request.path;
    line += tail;
    line += " rid=" + admission.ctx.request_id;
    if (admission.ctx.auth) {
        line += " project=" + admission.ctx.auth->project_id.value();
    }
    log::Info(line);
}

}  // namespace wharf::http
