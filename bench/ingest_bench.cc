// wharf_bench_ingest: the store's side of Meta webhook ingestion, without HTTP. Queues N Meta
// webhook bodies (as POST /webhooks/meta does: MessagingService::EnqueueMetaWebhook) into a fresh
// SQLite store, then applies them the way the job runner does (LeaseOrdered, then
// MessagingService::ApplyJobs), and prints the applying phase's messages/s and CPU per message:
// the process's (ApplyJobs parses the bodies on a thread of its own) and the applying thread's,
// which is the store's single writer and so what bounds ingestion.
//
// With no clients and no HTTP on the same two cores, its numbers move much less than
// bench/webhooks's; under callgrind (bench/ingest-insns) it counts the applying thread's
// instructions per message, which compare two builds exactly.
//
//   wharf_bench_ingest --dir DIR [--bodies 1000] [--body-messages 100] [--users 1000]
//                      [--batch-messages 10000]
//
// The bodies are bench/webhooks's: wamids in Meta's form (sender and 20 random hex digits),
// timestamps advancing one second per 200 bodies, `--users` senders taken in turn. Transactions
// are cut by message count only (`--batch-messages`, MessagingOptions::inbound_batch_messages):
// no time limit, so that a slow run (valgrind) batches as a fast one does.

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include <boost/json.hpp>
#include <time.h>

#include "base/clock.h"
#include "base/crypto.h"
#include "domain/phone_number/phone_number.h"
#include "domain/project/project.h"
#include "service/messaging_service.h"
#include "store/sqlite/sqlite_store.h"

using namespace wharf;

namespace {

// Wraps ApplyJobs so that `bench/ingest-insns` can count only what runs inside it:
// callgrind --toggle-collect=ApplyAll.
[[gnu::noinline]] Result<void> ApplyAll(service::MessagingService& messaging,
                                        const std::vector<domain::Job>& jobs, size_t& done) {
    return messaging.ApplyJobs(jobs, done);
}

double CpuSeconds(clockid_t clock) {
    timespec ts{};
    clock_gettime(clock, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

// The value after `--name`; empty when absent.
std::string StringFlag(int argc, char** argv, const std::string& name) {
    for (int i = 1; i + 1 < argc; ++i) {
        if (argv[i] == name) {
            return argv[i + 1];
        }
    }
    return {};
}

int Flag(int argc, char** argv, const std::string& name, int fallback) {
    const std::string value = StringFlag(argc, argv, name);
    return value.empty() ? fallback : std::atoi(value.c_str());
}

// A wamid in Meta's form: base64 of a small record holding the sender and 20 hex digits.
std::string MetaWamid(const std::string& sender, std::mt19937_64& rng) {
    constexpr std::string_view kHex = "0123456789ABCDEF";
    std::string raw = "\x1c\x18";
    raw.push_back(static_cast<char>(sender.size()));
    raw += sender;
    raw += std::string("\x15\x02\x00\x12\x18\x14", 6);
    for (int i = 0; i < 20; ++i) {
        raw.push_back(kHex[rng() % 16]);
    }
    raw.push_back('\0');
    return "wamid." + Base64Encode(raw);
}

template <typename T>
T Must(Result<T> r, const char* what) {
    if (!r) {
        std::fprintf(stderr, "%s: %s\n", what, r.error().message.c_str());
        std::exit(1);
    }
    return std::move(*r);
}

void Must(Result<void> r, const char* what) {
    if (!r) {
        std::fprintf(stderr, "%s: %s\n", what, r.error().message.c_str());
        std::exit(1);
    }
}

}  // namespace

int main(int argc, char** argv) {
    const std::string dir = StringFlag(argc, argv, "--dir");
    if (dir.empty()) {
        std::fprintf(stderr, "usage: wharf_bench_ingest --dir DIR [--bodies N] ...\n");
        return 2;
    }
    const int bodies = Flag(argc, argv, "--bodies", 1000);
    const int per_body = Flag(argc, argv, "--body-messages", 100);
    const int users = Flag(argc, argv, "--users", 1000);
    service::MessagingOptions options;
    options.inbound_batch_messages = Flag(argc, argv, "--batch-messages", 10000);
    options.inbound_batch_time = std::chrono::hours(1);
    options.inbound_batch_time_contended = std::chrono::hours(1);

    std::filesystem::create_directories(dir);
    store::sqlite::SqliteOptions so;
    so.path = dir + "/wharf.db";
    auto store = Must(store::sqlite::SqliteStore::Open(so), "open");
    SystemClock clock;
    const Timestamp now = clock.Now();
    const ProjectId project("bench-project");
    Must(store->Projects().Insert(domain::Project{project, "bench", now}), "project");
    domain::PhoneNumber number;
    number.internal_id = PhoneConfigId("bench-config");
    number.phone_number_id = PhoneNumberId("774917314484569");
    number.business_account_id = BusinessAccountId("412905955867324");
    number.name = "bench";
    number.display_phone_number = "+1 555-396-1886";
    number.display_phone_number_normalized = "15553961886";
    number.created_at = number.updated_at = now;
    Must(store->PhoneNumbers().Insert(project, number), "number");
    service::MessagingService messaging(*store, clock, options);

    // Queue the bodies (not measured).
    std::mt19937_64 rng(20261121);
    const auto t0 =
        std::chrono::floor<std::chrono::seconds>(now).time_since_epoch().count() - bodies / 200 - 1;
    long long n = 0;
    for (int b = 0; b < bodies; ++b) {
        const std::string ts = std::to_string(t0 + b / 200);
        std::string messages;
        for (int i = 0; i < per_body; ++i, ++n) {
            char sender[16];
            std::snprintf(sender, sizeof sender, "1777%07lld", n % users);
            if (i > 0) {
                messages += ',';
            }
            messages += R"({"from":")" + std::string(sender) + R"(","id":")" +
                        MetaWamid(sender, rng) + R"(","timestamp":")" + ts +
                        R"(","type":"text","text":{"body":"m )" + std::to_string(b) + "-" +
                        std::to_string(i) + R"("}})";
        }
        const std::string body =
            R"({"object":"whatsapp_business_account","entry":[{"id":"412905955867324","changes":)"
            R"([{"field":"messages","value":{"messaging_product":"whatsapp","metadata":)"
            R"({"display_phone_number":"15553961886","phone_number_id":"774917314484569"},)"
            R"("messages":[)" +
            messages + "]}}]}]}";
        Must(messaging.EnqueueMetaWebhook(boost::json::parse(body)), "enqueue");
    }

    // Apply them as the job runner does: a lease of the key's head, then ApplyJobs.
    const double wall0 = CpuSeconds(CLOCK_MONOTONIC);
    const double process0 = CpuSeconds(CLOCK_PROCESS_CPUTIME_ID);
    const double thread0 = CpuSeconds(CLOCK_THREAD_CPUTIME_ID);
    size_t applied = 0;
    while (true) {
        auto jobs = Must(store->Jobs().LeaseOrdered(service::kJobMetaInboundOrderingKey,
                                                    clock.Now(), std::chrono::minutes(5), 1000),
                         "lease");
        if (jobs.empty()) {
            break;
        }
        size_t done = 0;
        Must(ApplyAll(messaging, jobs, done), "apply");
        applied += done;
    }
    const double wall = CpuSeconds(CLOCK_MONOTONIC) - wall0;
    const double process = CpuSeconds(CLOCK_PROCESS_CPUTIME_ID) - process0;
    const double thread = CpuSeconds(CLOCK_THREAD_CPUTIME_ID) - thread0;
    const long long left = Must(store->Jobs().PendingCount(), "pending");
    const double messages = static_cast<double>(n);
    std::printf(
        "%zu bodies, %lld messages applied in %.2f s: %.0f messages/s; CPU per message %.1f us "
        "(process), %.1f us (the applying thread, the store's writer)\n",
        applied, n, wall, messages / wall, process * 1e6 / messages, thread * 1e6 / messages);
    if (applied != static_cast<size_t>(bodies) || left != 0) {
        std::fprintf(stderr, "%zu of %d bodies applied, %lld jobs left\n", applied, bodies, left);
        return 1;
    }
    return 0;
}
