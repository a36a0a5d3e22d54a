#include "config/load_config.h"

#include <charconv>
#include <functional>

#include <unistd.h>

extern char** environ;

namespace wharf::config {

const char* UpstreamModeName(UpstreamMode m) {
    return m == UpstreamMode::kMeta ? "meta" : "sandbox";
}

bool EffectiveAllowPrivateWebhookTargets(const Config& c) {
    return c.allow_private_webhook_targets.value_or(c.upstream == UpstreamMode::kSandbox);
}

namespace {

std::string ParseIntIn(const std::string& v, int lo, int hi, int& out) {
    int n = 0;
    auto r = std::from_chars(v.data(), v.data() + v.size(), n);
    if (r.ec != std::errc() || r.ptr != v.data() + v.size() || n < lo || n > hi) {
        return "must be a number from " + std::to_string(lo) + " to " + std::to_string(hi);
    }
    out = n;
    return "";
}

// "86400", "3600s", "90m", "24h" or "7d" -> seconds (60 s to 30 days).
std::string ParseDurationSeconds(const std::string& v, int& out) {
    if (v.empty()) {
        return "must be a duration such as 24h, 90m or 3600s";
    }
    long long unit = 1;
    std::string digits = v;
    switch (v.back()) {
        case 's':
            digits.pop_back();
            break;
        case 'm':
            unit = 60;
            digits.pop_back();
            break;
        case 'h':
            unit = 3600;
            digits.pop_back();
            break;
        case 'd':
            unit = 86400;
            digits.pop_back();
            break;
        default:
            break;
    }
    long long n = 0;
    auto r = std::from_chars(digits.data(), digits.data() + digits.size(), n);
    if (digits.empty() || r.ec != std::errc() || r.ptr != digits.data() + digits.size() ||
        n * unit < 60 || n * unit > 30LL * 86400) {
        return "must be a duration from 60s to 30d, such as 24h, 90m or 3600s";
    }
    out = static_cast<int>(n * unit);
    return "";
}

struct Option {
    const char* flag;  // without "--"
    const char* env;
    const char* help;
    std::function<std::string(Config&, const std::string&)> apply;  // "" or the problem
};

std::string ParseSize(const std::string& v, size_t& out) {
    unsigned long long n = 0;
    auto r = std::from_chars(v.data(), v.data() + v.size(), n);
    if (r.ec != std::errc() || r.ptr != v.data() + v.size() || n == 0) {
        return "must be a positive number of bytes";
    }
    out = static_cast<size_t>(n);
    return "";
}

std::string ParseBool(const std::string& v, bool& out) {
    if (v == "true" || v == "1" || v == "on" || v == "yes") {
        out = true;
    } else if (v == "false" || v == "0" || v == "off" || v == "no") {
        out = false;
    } else {
        return "must be true or false";
    }
    return "";
}

bool IsHttpUrl(const std::string& v) {
    return (v.rfind("http://", 0) == 0 && v.size() > 7) ||
           (v.rfind("https://", 0) == 0 && v.size() > 8);
}

const std::vector<Option>& Options() {
    static const std::vector<Option> kOptions = {
        {"listen", "WHARF_LISTEN", "address to listen on, host:port (default 127.0.0.1:8080)",
         [](Config& c, const std::string& v) {
             auto r = ParseListen(v, c.listen_host, c.listen_port);
             return r ? std::string() : r.error().message;
         }},
        {"data-dir", "WHARF_DATA_DIR", "directory for the database, keys and media (default ./var)",
         [](Config& c, const std::string& v) {
             if (v.empty()) {
                 return std::string("must not be empty");
             }
             c.data_dir = v;
             return std::string();
         }},
        {"database", "WHARF_DATABASE",
         "database URL, sqlite:<path> (default sqlite:<data-dir>/wharf.db)",
         [](Config& c, const std::string& v) {
             if (v.rfind("sqlite:", 0) == 0 && v.size() > 7) {
                 c.database = v;
                 return std::string();
             }
             if (v.rfind("postgres://", 0) == 0 || v.rfind("postgresql://", 0) == 0) {
                 return std::string(
                     "PostgreSQL is not supported by this build yet; use sqlite:<path>");
             }
             return std::string("must be sqlite:<path>");
         }},
        {"upstream", "WHARF_UPSTREAM",
         "sandbox (built-in simulated WhatsApp network) or meta (Graph API)",
         [](Config& c, const std::string& v) {
             if (v == "sandbox") {
                 c.upstream = UpstreamMode::kSandbox;
             } else if (v == "meta") {
                 c.upstream = UpstreamMode::kMeta;
             } else {
                 return std::string("must be sandbox or meta");
             }
             return std::string();
         }},
        {"public-url", "WHARF_PUBLIC_URL",
         "base URL of links handed to users (default http://<listen>)",
         [](Config& c, const std::string& v) {
             if (!IsHttpUrl(v)) {
                 return std::string("must be an http:// or https:// URL");
             }
             c.public_url = v;
             while (c.public_url.size() > 1 && c.public_url.back() == '/') {
                 c.public_url.pop_back();
             }
             return std::string();
         }},
        {"max-body-bytes", "WHARF_MAX_BODY_BYTES", "largest JSON request body (default 5242880)",
         [](Config& c, const std::string& v) { return ParseSize(v, c.max_json_body_bytes); }},
        {"max-upload-bytes", "WHARF_MAX_UPLOAD_BYTES", "largest upload body (default 104857600)",
         [](Config& c, const std::string& v) { return ParseSize(v, c.max_upload_bytes); }},
        {"threads", "WHARF_THREADS", "server threads (default: one per core)",
         [](Config& c, const std::string& v) {
             int n = 0;
             auto r = std::from_chars(v.data(), v.data() + v.size(), n);
             if (r.ec != std::errc() || r.ptr != v.data() + v.size() || n < 1 || n > 256) {
                 return std::string("must be a number from 1 to 256");
             }
             c.threads = n;
             return std::string();
         }},
        {"api-key-cache-ms", "WHARF_API_KEY_CACHE_MS",
         "how long a verified API key is trusted without a database read; keys revoked by another "
         "process stop working within it (default 1000, 0 = off)",
         [](Config& c, const std::string& v) {
             return ParseIntIn(v, 0, 60'000, c.api_key_cache_ms);
         }},
        {"number-cache-ms", "WHARF_NUMBER_CACHE_MS",
         "how long a send trusts a phone number it read without a database read; changes made by "
         "another process show within it (default 1000, 0 = off)",
         [](Config& c, const std::string& v) {
             return ParseIntIn(v, 0, 60'000, c.number_cache_ms);
         }},
        {"throughput-per-number", "WHARF_THROUGHPUT_PER_NUMBER",
         "messages per second per business number before 130429 (Meta's default 80, up to 1000)",
         [](Config& c, const std::string& v) {
             int n = 0;
             auto r = std::from_chars(v.data(), v.data() + v.size(), n);
             if (r.ec != std::errc() || r.ptr != v.data() + v.size() || n < 1 || n > 1000) {
                 return std::string("must be a number from 1 to 1000");
             }
             c.throughput_per_number = n;
             return std::string();
         }},
        {"sandbox-status-delays-ms", "WHARF_SANDBOX_STATUS_DELAYS_MS",
         "when a sandbox message becomes sent, delivered and read, in milliseconds after it was "
         "accepted: three increasing numbers (default 300,700,1500)",
         [](Config& c, const std::string& v) {
             int ms[3] = {0, 0, 0};
             const char* p = v.data();
             const char* end = v.data() + v.size();
             for (int i = 0; i < 3; ++i) {
                 auto r = std::from_chars(p, end, ms[i]);
                 bool last = i == 2;
                 if (r.ec != std::errc() || ms[i] < 0 || ms[i] > 86'400'000 ||
                     (last ? r.ptr != end : (r.ptr == end || *r.ptr != ','))) {
                     return std::string(
                         "must be three comma-separated milliseconds, like 300,700,1500");
                 }
                 p = r.ptr + (last ? 0 : 1);
             }
             if (!(ms[0] <= ms[1] && ms[1] <= ms[2])) {
                 return std::string("sent, delivered and read must not decrease");
             }
             c.sandbox_sent_after_ms = ms[0];
             c.sandbox_delivered_after_ms = ms[1];
             c.sandbox_read_after_ms = ms[2];
             return std::string();
         }},
        {"template-review-delay-ms", "WHARF_TEMPLATE_REVIEW_DELAY_MS",
         "how long a new or edited template stays PENDING before the sandbox reviewer approves or "
         "rejects it, in milliseconds (default 2000)",
         [](Config& c, const std::string& v) {
             int n = 0;
             auto r = std::from_chars(v.data(), v.data() + v.size(), n);
             if (r.ec != std::errc() || r.ptr != v.data() + v.size() || n < 0 || n > 86'400'000) {
                 return std::string("must be milliseconds from 0 to 86400000");
             }
             c.template_review_delay_ms = n;
             return std::string();
         }},
        {"access-log", "WHARF_ACCESS_LOG", "one log line per request, true or false (default true)",
         [](Config& c, const std::string& v) { return ParseBool(v, c.access_log); }},
        {"log-level", "WHARF_LOG_LEVEL", "debug, info, warn or error (default info)",
         [](Config& c, const std::string& v) {
             if (v != "debug" && v != "info" && v != "warn" && v != "error") {
                 return std::string("must be debug, info, warn or error");
             }
             c.log_level = v;
             return std::string();
         }},
        {"meta-app-id", "WHARF_META_APP_ID", "Meta app id for embedded signup (meta mode)",
         [](Config& c, const std::string& v) {
             c.meta_app_id = v;
             return std::string();
         }},
        {"meta-config-id", "WHARF_META_CONFIG_ID",
         "Meta embedded signup configuration id (meta mode)",
         [](Config& c, const std::string& v) {
             c.meta_config_id = v;
             return std::string();
         }},
        {"meta-app-secret", "WHARF_META_APP_SECRET",
         "Meta app secret: verifies X-Hub-Signature-256 on POST /webhooks/meta (prefer the env)",
         [](Config& c, const std::string& v) {
             c.meta_app_secret = v;
             return std::string();
         }},
        {"meta-verify-token", "WHARF_META_VERIFY_TOKEN",
         "token Meta echoes in the GET /webhooks/meta verification handshake",
         [](Config& c, const std::string& v) {
             c.meta_verify_token = v;
             return std::string();
         }},
        {"allow-private-webhook-targets", "WHARF_ALLOW_PRIVATE_WEBHOOK_TARGETS",
         "let webhooks reach loopback, private, link-local and metadata addresses (default: true "
         "with --upstream sandbox, false with meta)",
         [](Config& c, const std::string& v) {
             bool b = false;
             std::string p = ParseBool(v, b);
             if (p.empty()) {
                 c.allow_private_webhook_targets = b;
             }
             return p;
         }},
        {"webhook-retry-horizon", "WHARF_WEBHOOK_RETRY_HORIZON",
         "how long a failing webhook delivery is retried before it is dead (default 24h)",
         [](Config& c, const std::string& v) {
             return ParseDurationSeconds(v, c.webhook_retry_horizon_seconds);
         }},
        {"webhook-timeout-ms", "WHARF_WEBHOOK_TIMEOUT_MS",
         "a webhook endpoint must answer 2xx within this (default 10000)",
         [](Config& c, const std::string& v) {
             return ParseIntIn(v, 100, 60'000, c.webhook_timeout_ms);
         }},
        {"webhook-max-in-flight", "WHARF_WEBHOOK_MAX_IN_FLIGHT",
         "concurrent webhook POSTs, all endpoints together (default 128)",
         [](Config& c, const std::string& v) {
             return ParseIntIn(v, 1, 4096, c.webhook_max_in_flight);
         }},
        {"webhook-max-in-flight-per-endpoint", "WHARF_WEBHOOK_MAX_IN_FLIGHT_PER_ENDPOINT",
         "concurrent webhook POSTs to one endpoint (default 16)",
         [](Config& c, const std::string& v) {
             return ParseIntIn(v, 1, 1024, c.webhook_max_in_flight_per_endpoint);
         }},
        {"graph-base-url", "WHARF_GRAPH_BASE_URL",
         "Graph API base URL (default https://graph.facebook.com)",
         [](Config& c, const std::string& v) {
             if (!IsHttpUrl(v)) {
                 return std::string("must be an http:// or https:// URL");
             }
             c.graph_base_url = v;
             return std::string();
         }},
    };
    return kOptions;
}

}  // namespace

Result<void> ParseListen(const std::string& text, std::string& host, uint16_t& port) {
    size_t colon = text.rfind(':');
    if (colon == std::string::npos) {
        return Fail(Error::InvalidArgument("must be host:port"));
    }
    std::string h = text.substr(0, colon);
    std::string p = text.substr(colon + 1);
    if (h.size() >= 2 && h.front() == '[' && h.back() == ']') {
        h = h.substr(1, h.size() - 2);
    }
    if (h.empty()) {
        h = "0.0.0.0";
    }
    unsigned n = 0;
    auto r = std::from_chars(p.data(), p.data() + p.size(), n);
    if (p.empty() || r.ec != std::errc() || r.ptr != p.data() + p.size() || n > 65535) {
        return Fail(Error::InvalidArgument("must be host:port with a port from 0 to 65535"));
    }
    host = h;
    port = static_cast<uint16_t>(n);
    return {};
}

Result<Config> LoadConfig(const std::vector<std::string>& args,
                          const std::map<std::string, std::string>& env) {
    Config c;
    std::vector<std::string> problems;
    // Environment first, then flags over it.
    for (const Option& o : Options()) {
        auto it = env.find(o.env);
        if (it != env.end()) {
            std::string p = o.apply(c, it->second);
            if (!p.empty()) {
                problems.push_back(std::string(o.env) + "=" + it->second + ": " + p);
            }
        }
    }
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a.rfind("--", 0) != 0) {
            problems.push_back("unexpected argument '" + a + "'");
            continue;
        }
        std::string name = a.substr(2), value;
        bool has_value = false;
        if (auto eq = name.find('='); eq != std::string::npos) {
            value = name.substr(eq + 1);
            name = name.substr(0, eq);
            has_value = true;
        }
        const Option* opt = nullptr;
        for (const Option& o : Options()) {
            if (name == o.flag) {
                opt = &o;
            }
        }
        if (opt == nullptr) {
            problems.push_back("unknown flag --" + name);
            continue;
        }
        if (!has_value) {
            if (i + 1 >= args.size()) {
                problems.push_back("--" + name + " needs a value");
                continue;
            }
            value = args[++i];
        }
        std::string p = opt->apply(c, value);
        if (!p.empty()) {
            problems.push_back("--" + name + " " + value + ": " + p);
        }
    }
    if (auto it = env.find("WHARF_SECRET_KEY"); it != env.end()) {
        c.secret_key = it->second;
    }
    if (auto it = env.find("WHARF_BOOTSTRAP_API_KEY"); it != env.end()) {
        c.bootstrap_api_key = it->second;
        if (c.bootstrap_api_key.size() < 16) {
            problems.push_back("WHARF_BOOTSTRAP_API_KEY: must be at least 16 characters");
        }
    }
    if (!problems.empty()) {
        std::string msg = "invalid configuration:";
        for (const auto& p : problems) {
            msg += "\n  " + p;
        }
        return Fail(Error::InvalidArgument(msg));
    }
    if (c.database.empty()) {
        c.database = "sqlite:" + c.data_dir + "/wharf.db";
    }
    return c;
}

std::string EffectivePublicUrl(const Config& c, uint16_t bound_port) {
    if (!c.public_url.empty()) {
        return c.public_url;
    }
    std::string host =
        c.listen_host == "0.0.0.0" || c.listen_host == "::" ? "127.0.0.1" : c.listen_host;
    if (host.find(':') != std::string::npos) {
        host = "[" + host + "]";
    }
    return "http://" + host + ":" + std::to_string(bound_port);
}

std::string ServeFlagsHelp() {
    std::string out;
    for (const Option& o : Options()) {
        std::string left = std::string("  --") + o.flag + " <value>";
        if (left.size() < 30) {
            left.append(30 - left.size(), ' ');
        }
        out += left + o.help + "\n" + std::string(30, ' ') + "env " + o.env + "\n";
    }
    out +=
        "\nSecrets (environment only):\n"
        "  WHARF_SECRET_KEY          key sealing secrets at rest: 64 hex chars or base64 of 32\n"
        "                            bytes (default: <data-dir>/secret.key, made on first start)\n"
        "  WHARF_BOOTSTRAP_API_KEY   the first project's API key on an empty database\n";
    return out;
}

std::map<std::string, std::string> WharfEnvironment() {
    std::map<std::string, std::string> env;
    for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
        std::string kv(*e);
        if (kv.rfind("WHARF_", 0) != 0) {
            continue;
        }
        auto eq = kv.find('=');
        if (eq != std::string::npos) {
            env[kv.substr(0, eq)] = kv.substr(eq + 1);
        }
    }
    return env;
}

}  // namespace wharf::config
