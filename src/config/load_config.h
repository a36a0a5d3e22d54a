#pragma once

#include <map>
#include <string>
#include <vector>

#include "base/result.h"
#include "config/config.h"

namespace wharf::config {

// Builds the configuration from command-line flags, then WHARF_* environment variables, then the
// defaults (a flag beats the environment, which beats the default). Every problem is reported at
// once: the error message lists each unknown flag and each invalid value by name.
// `args` are the flags after the subcommand ("--listen", "0.0.0.0:9000", "--data-dir=/x", ...).
Result<Config> LoadConfig(const std::vector<std::string>& args,
                          const std::map<std::string, std::string>& env);

// The base of links handed to users: --public-url when given, else http://<listen host>:<port
// actually bound> (so port 0 in tests still yields working links).
std::string EffectivePublicUrl(const Config& c, uint16_t bound_port);

// The flag reference printed by `wharf serve --help`.
std::string ServeFlagsHelp();

// The process environment as a map (WHARF_* entries only).
std::map<std::string, std::string> WharfEnvironment();

// Parses "host:port" ("127.0.0.1:8080", "[::1]:8080", ":8080" = 0.0.0.0).
Result<void> ParseListen(const std::string& text, std::string& host, uint16_t& port);

}  // namespace wharf::config
