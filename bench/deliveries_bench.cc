// wharf_bench_deliveries: webhook delivery throughput and latency, beside a raw libcurl loop.
//
//   1. ceiling: a bare curl-multi loop POSTing to the sink with the same concurrency;
//   2. throughput: N outbox events written at once, then the real FanOut + Dispatcher +
//      HttpWebhookSender (SQLite store, signing, attempts recorded) drain them: deliveries/s;
//   3. latency: events written at a steady rate; per delivery, sink arrival minus the event's
//      created_at (the state change): p50/p99.
// The sink is an in-process Beast server on 127.0.0.1 (one thread, keep-alive, answers 200).
// Prints one Markdown table on stdout.

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio.hpp>
#include <boost/beast.hpp>
#include <boost/json.hpp>
#include <curl/curl.h>

#include "base/clock.h"
#include "base/random.h"
#include "base/secret_box.h"
#include "delivery/dispatcher.h"
#include "delivery/fan_out.h"
#include "delivery/http_webhook_sender.h"
#include "domain/project/project.h"
#include "store/sqlite/sqlite_store.h"

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using asio::ip::tcp;
using namespace wharf;
using Clk = std::chrono::steady_clock;

namespace {

long long NowMicros() {
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// The sink: counts requests and records (arrival - "at" field) for bodies that carry one.
class Sink {
public:
    Sink() : acceptor_(ctx_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
        asio::co_spawn(ctx_, Accept(), asio::detached);
        thread_ = std::thread([this] { ctx_.run(); });
    }
    ~Sink() {
        ctx_.stop();
        thread_.join();
    }
    int Port() const { return acceptor_.local_endpoint().port(); }
    long long Count() const { return count_.load(); }
    std::vector<long long> TakeLatencies() {
        std::lock_guard lock(mu_);
        return std::move(latencies_);
    }

private:
    asio::awaitable<void> Accept() {
        for (;;) {
            boost::system::error_code ec;
            auto s = co_await acceptor_.async_accept(asio::redirect_error(asio::use_awaitable, ec));
            if (ec) {
                co_return;
            }
            asio::co_spawn(ctx_, Session(std::move(s)), asio::detached);
        }
    }
    asio::awaitable<void> Session(tcp::socket socket) {
        beast::flat_buffer buffer;
        for (;;) {
            boost::system::error_code ec;
            bhttp::request<bhttp::string_body> req;
            co_await bhttp::async_read(socket, buffer, req,
                                       asio::redirect_error(asio::use_awaitable, ec));
            if (ec) {
                co_return;
            }
            long long arrived = NowMicros();
            const std::string& b = req.body();
            if (auto p = b.find("\"at\":"); p != std::string::npos) {
                long long at = std::atoll(b.c_str() + p + 5);
                std::lock_guard lock(mu_);
                latencies_.push_back(arrived - at);
            }
            ++count_;
            bhttp::response<bhttp::string_body> res{bhttp::status::ok, 11};
            res.body() = "ok";
            res.keep_alive(true);
            res.prepare_payload();
            co_await bhttp::async_write(socket, res, asio::redirect_error(asio::use_awaitable, ec));
            if (ec) {
                co_return;
            }
        }
    }
    asio::io_context ctx_;
    tcp::acceptor acceptor_;
    std::thread thread_;
    std::atomic<long long> count_{0};
    std::mutex mu_;
    std::vector<long long> latencies_;
};

// The ceiling: libcurl multi, `concurrency` transfers in flight, keep-alive, no store.
double RawCurl(const std::string& url, int n, int concurrency) {
    curl_global_init(CURL_GLOBAL_DEFAULT);
    CURLM* multi = curl_multi_init();
    curl_multi_setopt(multi, CURLMOPT_MAX_HOST_CONNECTIONS, long(concurrency));
    std::string body = R"({"message":{"id":"wamid.x"},"phone_number_id":"1"})";
    curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json");
    headers = curl_slist_append(headers, "Expect:");
    auto discard = +[](char*, size_t s, size_t c, void*) { return s * c; };
    auto add = [&] {
        CURL* e = curl_easy_init();
        curl_easy_setopt(e, CURLOPT_URL, url.c_str());
        curl_easy_setopt(e, CURLOPT_POSTFIELDS, body.c_str());
        curl_easy_setopt(e, CURLOPT_HTTPHEADER, headers);
        curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, discard);
        curl_easy_setopt(e, CURLOPT_TCP_NODELAY, 1L);
        curl_multi_add_handle(multi, e);
    };
    int started = 0, done = 0;
    auto t0 = Clk::now();
    for (; started < std::min(n, concurrency); ++started) {
        add();
    }
    while (done < n) {
        int running = 0;
        curl_multi_perform(multi, &running);
        int left = 0;
        while (CURLMsg* m = curl_multi_info_read(multi, &left)) {
            if (m->msg == CURLMSG_DONE) {
                curl_multi_remove_handle(multi, m->easy_handle);
                curl_easy_cleanup(m->easy_handle);
                ++done;
                if (started < n) {
                    add();
                    ++started;
                }
            }
        }
        curl_multi_poll(multi, nullptr, 0, 10, nullptr);
    }
    double secs = std::chrono::duration<double>(Clk::now() - t0).count();
    curl_slist_free_all(headers);
    curl_multi_cleanup(multi);
    return n / secs;
}

void InsertEvents(store::Store& store, const ProjectId& project, int from, int count,
                  int conversations, const SystemClock& clock) {
    auto r = store.Transact([&](store::Store& tx) -> Result<void> {
        for (int i = from; i < from + count; ++i) {
            domain::Event e;
            e.id = EventId(NewUuid());
            e.type = "whatsapp.message.received";
            e.phone_number_id = PhoneNumberId("100200300");
            e.conversation_id = ConversationId("conv-" + std::to_string(i % conversations));
            e.created_at = clock.Now();
            e.payload = "{\"message\":{\"id\":\"wamid." + std::to_string(i) +
                        "\",\"at\":" + std::to_string(e.created_at.time_since_epoch().count()) +
                        "},\"phone_number_id\":\"100200300\"}";
            WHARF_TRY(tx.Events().Insert(project, e));
        }
        return {};
    });
    if (!r) {
        std::cerr << "insert: " << r.error().message << "\n";
        std::exit(1);
    }
}

long long Pct(std::vector<long long>& v, double p) {
    if (v.empty()) {
        return 0;
    }
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<size_t>(p * v.size()))];
}

}  // namespace

int main(int argc, char** argv) {
    int n = argc > 1 ? std::atoi(argv[1]) : 20000;         // throughput events
    int rate = argc > 2 ? std::atoi(argv[2]) : 2000;       // latency phase events/s
    int latency_secs = argc > 3 ? std::atoi(argv[3]) : 5;  // latency phase length
    int concurrency = argc > 4 ? std::atoi(argv[4]) : 64;  // in flight
    const int conversations = 1000;
    Sink sink;
    std::string url = "http://127.0.0.1:" + std::to_string(sink.Port()) + "/hook";

    double ceiling = RawCurl(url, n, concurrency);

    auto dir = std::filesystem::temp_directory_path() / ("wharf-bench-del-" + RandomToken(8));
    std::filesystem::create_directories(dir);
    store::sqlite::SqliteOptions so;
    so.path = (dir / "wharf.db").string();
    auto opened = store::sqlite::SqliteStore::Open(so);
    if (!opened) {
        std::cerr << opened.error().message << "\n";
        return 1;
    }
    auto& store = **opened;
    SystemClock clock;
    ProjectId project(NewUuid());
    (void)store.Projects().Insert({project, "bench", clock.Now()});
    auto box = SecretBox::Create(RandomBytes(32)).value();
    domain::Webhook w;
    w.id = WebhookId(NewUuid());
    w.project_id = project;
    w.phone_number_id = PhoneNumberId("100200300");
    w.url = url;
    w.events = {"whatsapp.message.received"};
    w.sealed_secret = box.Seal("wh_sec_bench", domain::WebhookSecretContext(w.id));
    w.created_at = w.updated_at = clock.Now();
    (void)store.Webhooks().Insert(project, w);

    delivery::HttpWebhookSenderOptions sopt;
    sopt.allow_private_targets = true;
    sopt.max_connections_per_host = concurrency;
    auto sender = delivery::HttpWebhookSender::Create(sopt).value();
    delivery::DispatcherOptions dopt;
    dopt.max_in_flight = concurrency;
    dopt.max_in_flight_per_webhook = concurrency;
    delivery::Dispatcher dispatcher(store, box, *sender, clock, dopt);
    delivery::FanOut fan_out(store, clock, delivery::FanOutOptions{},
                             [&dispatcher] { dispatcher.Notify(); });

    // Throughput: n events at once, then drain.
    for (int i = 0; i < n; i += 1000) {
        InsertEvents(store, project, i, std::min(1000, n - i), conversations, clock);
    }
    long long base = sink.Count();
    auto t0 = Clk::now();
    dispatcher.Start();
    fan_out.Start();
    while (sink.Count() - base < n) {
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    double drain_secs = std::chrono::duration<double>(Clk::now() - t0).count();
    double throughput = n / drain_secs;
    while (store.WebhookDeliveries().CountByStatus(domain::DeliveryStatus::kDelivered).value() <
           n) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    sink.TakeLatencies();

    // Latency: a steady producer, batches every 10 ms.
    int total = rate * latency_secs;
    int per_tick = std::max(1, rate / 100);
    auto next = Clk::now();
    long long before = sink.Count();
    for (int i = 0; i < total; i += per_tick) {
        InsertEvents(store, project, n + i, std::min(per_tick, total - i), conversations, clock);
        next += std::chrono::milliseconds(10);
        std::this_thread::sleep_until(next);
    }
    while (sink.Count() - before < total) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    auto lat = sink.TakeLatencies();
    long long p50 = Pct(lat, 0.50), p99 = Pct(lat, 0.99), pmax = lat.empty() ? 0 : lat.back();
    fan_out.Stop();
    dispatcher.Stop();
    long long delivered =
        store.WebhookDeliveries().CountByStatus(domain::DeliveryStatus::kDelivered).value();

    std::printf("| Measure | value |\n|---|---:|\n");
    std::printf("| raw libcurl multi loop (ceiling), %d in flight | %.0f POST/s |\n", concurrency,
                ceiling);
    std::printf(
        "| wharf, %d events fanned out and delivered (1 webhook, %d conversations) | "
        "%.0f deliveries/s |\n",
        n, conversations, throughput);
    std::printf(
        "| wharf at a steady %d events/s for %d s: event created_at to sink, p50 | %.1f ms "
        "|\n",
        rate, latency_secs, p50 / 1000.0);
    std::printf("| same, p99 | %.1f ms |\n", p99 / 1000.0);
    std::printf("| same, max | %.1f ms |\n", pmax / 1000.0);
    std::printf("\n%lld deliveries recorded as delivered (of %d events).\n", delivered, n + total);
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
    return 0;
}
