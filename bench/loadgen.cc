// An open-loop HTTP/1.1 load generator (the idea of wrk2, which Debian does not ship): requests
// are offered at a constant rate whatever the server does, and each one's latency is counted
// from the moment it was due, not from the moment it could be sent. A server that stalls for
// 100 ms therefore shows 100 ms of waiting for every request that fell due during the stall
// (no "coordinated omission"), and "N requests/s with p99 under X ms" can be read off directly.
//
// Request k (k = 0, 1, 2, ...) is due at t0 + k / rate. The connections (keep-alive HTTP/1.1,
// one coroutine each) are a pool, as an application's HTTP client is: a free connection takes
// the next request not yet taken, waits until it is due (unless it is already late), sends it,
// reads the whole response and records two times, both in microseconds:
//   latency  = response received - due time  (what a caller at that rate would see)
//   service  = response received - sent time (what the server took, queueing on the client's
//              connection left out; the number a closed-loop tool like wrk reports)
// A request that falls due while every connection is busy is sent late, by the first connection
// to come free, and the delay counts in its latency. Requests due after the end are not sent; the
// ones already due are finished, for at most --timeout seconds after the end (later ones count as
// errors, and the ones never sent as unsent). The --warmup seconds before the measured --duration
// get the same load but are not recorded. A failed request (write, read, timeout --timeout) counts
// an error and its connection reconnects; the request is not retried. A connection that cannot be
// opened is retried every 20 ms until the request is due; then that request counts as an error
// too (not sent), and the next one tries again.
//
// usage: wharf_bench_loadgen --port N --rate R --duration S [--host 127.0.0.1]
//            [--connections 64] [--threads 1] [--warmup 0] [--timeout 10]
//            [--targets FILE] [--header "Name: value"]... [--timeline FILE]
//
// --targets: one request per line, a JSON object {"method":"POST","path":"/x","body":"..."}
// (method GET, path / and an empty body by default); requests take the lines in turn and wrap
// around. Without it every request is GET /. Each line is serialized once, up front. --header
// adds a header to every request (repeatable). --threads: io_context threads, each with its
// own share of the connections.
//
// Prints one JSON object on stdout: offered_rate, duration_s, warmup_s, connections, threads,
// sent, completed (full responses, any status), non2xx, errors, unsent, elapsed_s (from the
// start of the measured period to its last response, at least duration_s), achieved_rate
// (completed / elapsed_s), latency_ms and service_ms, each {p50, p90, p99, p999, max}
// (nearest rank over every measured request), and cpu_s: the CPU time the generator itself used,
// warm-up included (on a shared machine, what the load took from the server's cores).

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include <boost/asio.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <sys/resource.h>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace json = boost::json;
using tcp = asio::ip::tcp;

namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);
// Before the first request is due: time for the threads to start and the connections to open.
constexpr std::chrono::milliseconds kLead{200};
// Between two connection attempts after a failed one.
constexpr std::chrono::milliseconds kReconnectPause{20};

struct Options {
    std::string host = "127.0.0.1";
    unsigned short port = 0;
    double rate = 0;
    double duration = 0;
    unsigned connections = 64;
    unsigned threads = 1;
    double warmup = 0;
    double timeout = 10;
    std::string targets;
    std::vector<std::string> headers;
    std::string timeline;
};

struct Target {
    std::string method = "GET";
    std::string path = "/";
    std::string body;
};

// What every connection reads and nobody writes once the run has started.
struct Plan {
    tcp::endpoint endpoint;
    std::vector<std::string> requests;  // serialized, one per target line
    unsigned connections = 1;
    double rate = 1;
    Clock::duration timeout{};
    Clock::time_point t0;
    Clock::time_point measure_from;   // t0 + warmup
    Clock::time_point end;            // measure_from + duration: nothing due from here is sent
    Clock::time_point hard_deadline;  // end + timeout: whatever is still open fails

    Clock::time_point Due(std::uint64_t k) const {
        return t0 + std::chrono::duration_cast<Clock::duration>(
                        std::chrono::duration<double>(static_cast<double>(k) / rate));
    }
};

// One connection's results; merged once every connection is done.
struct Stats {
    std::vector<std::int64_t> latency_us;
    std::vector<std::int64_t> service_us;
    std::vector<std::int64_t> due_us;  // from the start of the measured period, beside latency_us
    std::uint64_t sent = 0;
    std::uint64_t completed = 0;
    std::uint64_t non2xx = 0;
    std::uint64_t errors = 0;
    std::uint64_t unreachable = 0;  // of the errors: not sent, the connection failed
    Clock::time_point last_response{};
};

// --timeline: one line per measured request, in due order: "due_ms latency_ms service_ms", the
// due time from the start of the measured period. Shows when the slow requests fell due (one
// stall or many), which the percentiles cannot.
void WriteTimeline(const std::string& path, const std::vector<Stats>& stats,
                   Clock::time_point measure_from) {
    std::vector<std::array<std::int64_t, 3>> rows;
    for (const Stats& s : stats) {
        for (size_t i = 0; i < s.due_us.size(); ++i) {
            rows.push_back({s.due_us[i], s.latency_us[i], s.service_us[i]});
        }
    }
    std::sort(rows.begin(), rows.end());
    std::FILE* f = std::fopen(path.c_str(), "w");
    if (f == nullptr) {
        throw std::runtime_error("cannot write " + path);
    }
    // The start on the monotonic clock, to line the requests up with a server's own log.
    std::fprintf(f, "# measured from steady_clock %lld ms\n",
                 static_cast<long long>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                            measure_from.time_since_epoch())
                                            .count()));
    for (const auto& r : rows) {
        std::fprintf(f, "%.3f %.3f %.3f\n", static_cast<double>(r[0]) / 1000,
                     static_cast<double>(r[1]) / 1000, static_cast<double>(r[2]) / 1000);
    }
    std::fclose(f);
}

[[noreturn]] void Usage(const std::string& why) {
    std::fprintf(stderr,
                 "loadgen: %s\n"
                 "usage: wharf_bench_loadgen --port N --rate R --duration S [--host H]\n"
                 "           [--connections C] [--threads T] [--warmup S] [--timeout S]\n"
                 "           [--targets FILE] [--header \"Name: value\"]... [--timeline FILE]\n",
                 why.c_str());
    std::exit(2);
}

double Number(const std::string& name, const std::string& text, double min) {
    char* rest = nullptr;
    const double v = std::strtod(text.c_str(), &rest);
    if (text.empty() || *rest != '\0' || !std::isfinite(v) || v < min) {
        Usage("bad value for --" + name + ": " + text);
    }
    return v;
}

Options ParseOptions(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; i += 2) {
        const std::string_view arg = argv[i];
        if (!arg.starts_with("--")) {
            Usage("unexpected argument " + std::string(arg));
        }
        const std::string name(arg.substr(2));
        if (i + 1 >= argc) {
            Usage("--" + name + " needs a value");
        }
        const std::string value = argv[i + 1];
        if (name == "host") {
            o.host = value;
        } else if (name == "port") {
            o.port = static_cast<unsigned short>(Number(name, value, 1));
        } else if (name == "rate") {
            o.rate = Number(name, value, 0);
        } else if (name == "duration") {
            o.duration = Number(name, value, 0);
        } else if (name == "connections") {
            o.connections = static_cast<unsigned>(Number(name, value, 1));
        } else if (name == "threads") {
            o.threads = static_cast<unsigned>(Number(name, value, 1));
        } else if (name == "warmup") {
            o.warmup = Number(name, value, 0);
        } else if (name == "timeout") {
            o.timeout = Number(name, value, 0);
        } else if (name == "targets") {
            o.targets = value;
        } else if (name == "header") {
            o.headers.push_back(value);
        } else if (name == "timeline") {
            o.timeline = value;
        } else {
            Usage("unknown option --" + name);
        }
    }
    if (o.port == 0 || o.rate <= 0 || o.duration <= 0) {
        Usage("--port, --rate and --duration are required and must be positive");
    }
    if (o.timeout <= 0) {
        Usage("--timeout must be positive");
    }
    o.threads = std::min(o.threads, o.connections);
    return o;
}

std::string StringField(const json::object& line, std::string_view key, std::string fallback) {
    const json::value* v = line.if_contains(key);
    if (v == nullptr) {
        return fallback;
    }
    if (!v->is_string()) {
        throw std::runtime_error("\"" + std::string(key) + "\" is not a string");
    }
    return std::string(v->get_string());
}

std::vector<Target> ReadTargets(const std::string& file) {
    if (file.empty()) {
        return {Target{}};
    }
    std::ifstream in(file);
    if (!in) {
        throw std::runtime_error("cannot read " + file);
    }
    std::vector<Target> targets;
    std::string text;
    for (int number = 1; std::getline(in, text); ++number) {
        if (text.find_first_not_of(" \t\r") == std::string::npos) {
            continue;
        }
        try {
            const json::value parsed = json::parse(text);
            const json::object& line = parsed.as_object();
            targets.push_back(Target{StringField(line, "method", "GET"),
                                     StringField(line, "path", "/"),
                                     StringField(line, "body", "")});
        } catch (const std::exception& e) {
            throw std::runtime_error(file + ":" + std::to_string(number) + ": " + e.what());
        }
    }
    if (targets.empty()) {
        throw std::runtime_error(file + " has no requests");
    }
    return targets;
}

std::string Serialize(const Target& t, const Options& o) {
    http::request<http::string_body> req;
    const http::verb verb = http::string_to_verb(t.method);
    if (verb == http::verb::unknown) {
        req.method_string(t.method);
    } else {
        req.method(verb);
    }
    req.target(t.path);
    req.version(11);
    req.set(http::field::host, o.host + ":" + std::to_string(o.port));
    for (const std::string& h : o.headers) {
        const auto colon = h.find(':');
        if (colon == std::string::npos || colon == 0) {
            throw std::runtime_error("a header is \"Name: value\", not \"" + h + "\"");
        }
        const auto start = h.find_first_not_of(' ', colon + 1);
        req.insert(h.substr(0, colon), start == std::string::npos ? "" : h.substr(start));
    }
    req.body() = t.body;
    req.prepare_payload();
    std::ostringstream out;
    out << req;
    return out.str();
}

tcp::endpoint Resolve(const Options& o) {
    boost::system::error_code ec;
    const auto address = asio::ip::make_address(o.host, ec);
    if (!ec) {
        return {address, o.port};
    }
    asio::io_context ctx;
    tcp::resolver resolver(ctx);
    const auto results = resolver.resolve(o.host, std::to_string(o.port));
    return results.begin()->endpoint();
}

std::int64_t Micros(Clock::duration d) {
    return std::chrono::duration_cast<std::chrono::microseconds>(d).count();
}

// One connection of the pool: takes the next request from `next` until the end of the schedule.
asio::awaitable<void> Connection(const Plan& plan, std::atomic<std::uint64_t>& next, Stats& stats) {
    auto executor = co_await asio::this_coro::executor;
    std::optional<beast::tcp_stream> stream;
    beast::flat_buffer buffer;
    asio::steady_timer timer(executor);
    const std::size_t expected =
        static_cast<std::size_t>(plan.rate *
                                 std::chrono::duration<double>(plan.end - plan.t0).count() /
                                 plan.connections) +
        16;
    stats.latency_us.reserve(expected);
    stats.service_us.reserve(expected);

    for (;;) {
        const std::uint64_t k = next.fetch_add(1);
        const Clock::time_point due = plan.Due(k);
        if (due >= plan.end) {
            break;
        }
        const bool measured = due >= plan.measure_from;

        // Connected before the request is due when there is time for it, retrying until then.
        // A request whose connection still fails once it is due is given up as an error.
        bool unreachable = false;
        while (!stream) {
            if (Clock::now() >= plan.hard_deadline) {
                co_return;
            }
            stream.emplace(executor);
            stream->expires_at(std::min(Clock::now() + plan.timeout, plan.hard_deadline));
            auto [ec] = co_await stream->async_connect(plan.endpoint, kNoThrow);
            if (!ec) {
                stream->socket().set_option(tcp::no_delay(true), ec);
                buffer.clear();
                break;
            }
            stream.reset();
            if (Clock::now() >= due) {
                unreachable = true;
                break;
            }
            timer.expires_at(std::min(due, Clock::now() + kReconnectPause));
            co_await timer.async_wait(kNoThrow);
        }
        if (unreachable) {
            if (measured) {
                ++stats.errors;
                ++stats.unreachable;
            }
            continue;
        }

        if (Clock::now() < due) {
            timer.expires_at(due);
            co_await timer.async_wait(kNoThrow);
        }
        const Clock::time_point sent_at = Clock::now();
        if (sent_at >= plan.hard_deadline) {
            break;  // never sent: counted as unsent
        }
        if (measured) {
            ++stats.sent;
        }
        stream->expires_at(std::min(sent_at + plan.timeout, plan.hard_deadline));
        const std::string& request = plan.requests[k % plan.requests.size()];
        auto [wec, wn] = co_await asio::async_write(*stream, asio::buffer(request), kNoThrow);
        (void)wn;
        http::response<http::string_body> res;
        boost::system::error_code rec = wec;
        if (!wec) {
            auto [ec, rn] = co_await http::async_read(*stream, buffer, res, kNoThrow);
            (void)rn;
            rec = ec;
        }
        const Clock::time_point done = Clock::now();
        if (rec) {
            if (measured) {
                ++stats.errors;
            }
            stream.reset();  // closes the socket; the next request reconnects
            continue;
        }
        if (measured) {
            ++stats.completed;
            const unsigned status = res.result_int();
            if (status < 200 || status > 299) {
                ++stats.non2xx;
            }
            stats.latency_us.push_back(Micros(done - due));
            stats.service_us.push_back(Micros(done - sent_at));
            stats.due_us.push_back(Micros(due - plan.measure_from));
            stats.last_response = std::max(stats.last_response, done);
        }
        if (!res.keep_alive()) {
            stream.reset();
        }
    }
    if (stream) {
        boost::system::error_code ignored;
        stream->socket().shutdown(tcp::socket::shutdown_both, ignored);
    }
}

// The CPU time this process has used (user + system): on a shared machine, what the load costs
// the server's cores.
double CpuSeconds() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

// Nearest rank: the smallest value with at least q of the values at or below it.
double PercentileMs(const std::vector<std::int64_t>& sorted, double q) {
    if (sorted.empty()) {
        return 0;
    }
    auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(sorted.size())));
    rank = std::clamp<std::size_t>(rank, 1, sorted.size());
    return static_cast<double>(sorted[rank - 1]) / 1000.0;
}

std::string Percentiles(std::vector<std::int64_t>& values) {
    std::sort(values.begin(), values.end());
    char out[256];
    std::snprintf(
        out, sizeof out, "{\"p50\":%.3f,\"p90\":%.3f,\"p99\":%.3f,\"p999\":%.3f,\"max\":%.3f}",
        PercentileMs(values, 0.50), PercentileMs(values, 0.90), PercentileMs(values, 0.99),
        PercentileMs(values, 0.999), PercentileMs(values, 1.0));
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        const Options opt = ParseOptions(argc, argv);
        Plan plan;
        plan.endpoint = Resolve(opt);
        for (const Target& t : ReadTargets(opt.targets)) {
            plan.requests.push_back(Serialize(t, opt));
        }
        plan.connections = opt.connections;
        plan.rate = opt.rate;
        auto seconds = [](double s) {
            return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(s));
        };
        plan.timeout = seconds(opt.timeout);

        std::vector<std::unique_ptr<asio::io_context>> loops;
        for (unsigned i = 0; i < opt.threads; ++i) {
            loops.push_back(std::make_unique<asio::io_context>(1));
        }
        std::vector<Stats> stats(opt.connections);
        std::atomic<std::uint64_t> next{0};

        plan.t0 = Clock::now() + kLead;
        plan.measure_from = plan.t0 + seconds(opt.warmup);
        plan.end = plan.measure_from + seconds(opt.duration);
        plan.hard_deadline = plan.end + plan.timeout;
        for (unsigned c = 0; c < opt.connections; ++c) {
            asio::co_spawn(*loops[c % opt.threads], Connection(plan, next, stats[c]),
                           [](std::exception_ptr e) {
                               if (e) {
                                   std::rethrow_exception(e);
                               }
                           });
        }
        std::vector<std::thread> workers;
        for (unsigned i = 1; i < opt.threads; ++i) {
            workers.emplace_back([&loops, i] { loops[i]->run(); });
        }
        loops.front()->run();
        for (auto& w : workers) {
            w.join();
        }

        // The requests due in the measured period, whether or not they were sent.
        std::uint64_t first = 0;
        while (plan.Due(first) < plan.measure_from) {
            ++first;
        }
        std::uint64_t last = first;
        while (plan.Due(last) < plan.end) {
            ++last;
        }

        Stats all;
        for (Stats& s : stats) {
            all.sent += s.sent;
            all.completed += s.completed;
            all.non2xx += s.non2xx;
            all.errors += s.errors;
            all.unreachable += s.unreachable;
            all.last_response = std::max(all.last_response, s.last_response);
            all.latency_us.insert(all.latency_us.end(), s.latency_us.begin(), s.latency_us.end());
            all.service_us.insert(all.service_us.end(), s.service_us.begin(), s.service_us.end());
        }
        if (!opt.timeline.empty()) {
            WriteTimeline(opt.timeline, stats, plan.measure_from);
        }
        const double elapsed =
            std::chrono::duration<double>(std::max(plan.end, all.last_response) - plan.measure_from)
                .count();
        std::printf(
            "{\"offered_rate\":%g,\"duration_s\":%g,\"warmup_s\":%g,\"connections\":%u,"
            "\"threads\":%u,\"sent\":%llu,\"completed\":%llu,\"non2xx\":%llu,\"errors\":%llu,"
            "\"unsent\":%llu,\"elapsed_s\":%.3f,\"achieved_rate\":%.1f,\"latency_ms\":%s,"
            "\"service_ms\":%s,\"cpu_s\":%.3f}\n",
            opt.rate, opt.duration, opt.warmup, opt.connections, opt.threads,
            static_cast<unsigned long long>(all.sent),
            static_cast<unsigned long long>(all.completed),
            static_cast<unsigned long long>(all.non2xx),
            static_cast<unsigned long long>(all.errors),
            static_cast<unsigned long long>(last - first - all.sent - all.unreachable), elapsed,
            static_cast<double>(all.completed) / elapsed, Percentiles(all.latency_us).c_str(),
            Percentiles(all.service_us).c_str(), CpuSeconds());
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "loadgen: %s\n", e.what());
        return 1;
    }
}
