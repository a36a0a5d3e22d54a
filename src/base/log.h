#pragma once

#include <string_view>

namespace wharf::log {

enum class Level { kDebug, kInfo, kWarn, kError };

// Writes one line "<iso time> <LEVEL> <message>" to stderr. Lines from concurrent threads never
// interleave. Level below the threshold are dropped.
void Write(Level level, std::string_view message);
void SetThreshold(Level level);

inline void Debug(std::string_view m) {
    Write(Level::kDebug, m);
}
inline void Info(std::string_view m) {
    Write(Level::kInfo, m);
}
inline void Warn(std::string_view m) {
    Write(Level::kWarn, m);
}
inline void Error(std::string_view m) {
    Write(Level::kError, m);
}

}  // namespace wharf::log
