#pragma once

#include <string>
#include <string_view>

#include "base/clock.h"
#include "base/result.h"

namespace wharf {

// "2025-01-15T10:00:00Z": the Platform API's timestamp form (whole seconds, UTC).
std::string FormatIso8601(Timestamp t);
// "2025-01-15T10:00:00.123456Z": microsecond form used by history records.
std::string FormatIso8601Micros(Timestamp t);
// Accepts "YYYY-MM-DD", "YYYY-MM-DDTHH:MM[:SS[.fraction]]" with "Z" or "+HH:MM"/"-HH:MM"
// (no zone means UTC). Anything else is kInvalidArgument.
Result<Timestamp> ParseIso8601(std::string_view s);
// Unix seconds, as Meta writes message timestamps.
long long UnixSeconds(Timestamp t);

}  // namespace wharf
