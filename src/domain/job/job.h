#pragma once

#include <optional>
#include <string>

#include "base/clock.h"
#include "base/ids.h"

namespace wharf::domain {

// A unit of deferred work in the durable queue (sandbox status progressions, inbound webhook
// processing, later webhook deliveries). Survives restarts: a job leased by a worker that died is
// leased again once its lease expires. `ordering_key` serialises jobs that must run in order
// (e.g. one conversation's): a job is not leased while an earlier job with the same key is pending.
struct Job {
    JobId id;
    ProjectId project_id;
    std::string kind;     // "sandbox.status", "meta.inbound", ...
    std::string payload;  // JSON
    std::optional<std::string> ordering_key;
    Timestamp run_at;
    int attempts = 0;
    std::optional<Timestamp> leased_until;
    Timestamp created_at;
};

}  // namespace wharf::domain
