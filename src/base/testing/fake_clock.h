#pragma once

#include <atomic>

#include "base/clock.h"

namespace wharf::testing {

// A clock that moves only when told to. Thread-safe.
class FakeClock final : public Clock {
public:
    explicit FakeClock(Timestamp start = Timestamp(std::chrono::seconds(1'767'225'600)))
        : now_(start.time_since_epoch().count()) {}
    Timestamp Now() const override { return Timestamp(std::chrono::microseconds(now_.load())); }
    void SetNowForTest(Timestamp t) { now_ = t.time_since_epoch().count(); }
    void Advance(std::chrono::microseconds d) { now_ += d.count(); }

private:
    std::atomic<long long> now_;
};

}  // namespace wharf::testing
