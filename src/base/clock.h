#pragma once

#include <chrono>

namespace wharf {

using Timestamp = std::chrono::sys_time<std::chrono::microseconds>;

// The time source. Domain code takes a Timestamp parameter; services hold a Clock&.
// Implementations are thread-safe.
class Clock {
public:
    virtual ~Clock() = default;
    virtual Timestamp Now() const = 0;
};

// The wall clock.
class SystemClock final : public Clock {
public:
    Timestamp Now() const override {
        return std::chrono::time_point_cast<std::chrono::microseconds>(
            std::chrono::system_clock::now());
    }
};

}  // namespace wharf
