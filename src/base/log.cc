#include "base/log.h"

#include <atomic>
#include <string>

#include <unistd.h>

#include "base/clock.h"
#include "base/time_format.h"

namespace wharf::log {
namespace {
std::atomic<Level> g_threshold{Level::kInfo};

const char* Name(Level l) {
    switch (l) {
        case Level::kDebug:
            return "DEBUG";
        case Level::kInfo:
            return "INFO";
        case Level::kWarn:
            return "WARN";
        case Level::kError:
            return "ERROR";
    }
    return "?";
}
}  // namespace

void SetThreshold(Level level) {
    g_threshold = level;
}

void Write(Level level, std::string_view message) {
    if (level < g_threshold.load(std::memory_order_relaxed)) {
        return;
    }
    std::string line = FormatIso8601Micros(SystemClock().Now());
    line += ' ';
    line += Name(level);
    line += ' ';
    line += message;
    line += '\n';
    // One write(2) per line: atomic for pipes up to PIPE_BUF and never interleaved mid-line in
    // practice for regular files, without a lock on the request path.
    ssize_t rc = ::write(STDERR_FILENO, line.data(), line.size());
    (void)rc;
}

}  // namespace wharf::log
