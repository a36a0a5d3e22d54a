#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "base/result.h"
#include "domain/job/job.h"

namespace wharf::store {

// The durable work queue (domain/job/job.h). Lease/Complete/Reschedule serve every project:
// workers are not tenant-scoped, the jobs carry their project.
class JobQueue {
public:
    virtual ~JobQueue() = default;
    virtual Result<void> Enqueue(const domain::Job& job) = 0;
    // Up to `limit` due jobs (run_at <= now, not leased or lease expired), earliest run_at first,
    // skipping any job with an earlier pending job of the same ordering_key, and every job whose
    // ordering_key is one of `skip_ordering_keys` (keys a worker leases with LeaseOrdered); marks
    // them leased until now + lease and counts an attempt.
    virtual Result<std::vector<domain::Job>> Lease(
        Timestamp now, std::chrono::milliseconds lease, int limit,
        const std::vector<std::string>& skip_ordering_keys) = 0;
    Result<std::vector<domain::Job>> Lease(Timestamp now, std::chrono::milliseconds lease,
                                           int limit) {
        return Lease(now, lease, limit, {});
    }
    // The jobs of one ordering_key from its head, in their order (ordered_at, created_at, id), up
    // to `limit`: stops before the first one that is not due or is held by a lease, so what it
    // returns is always a prefix of the key's queue. Marks them leased like Lease. For a worker
    // that applies many queued jobs of one key in one transaction.
    virtual Result<std::vector<domain::Job>> LeaseOrdered(const std::string& ordering_key,
                                                          Timestamp now,
                                                          std::chrono::milliseconds lease,
                                                          int limit) = 0;
    virtual Result<void> Complete(const JobId& id) = 0;
    // Releases the lease and runs the job again at `run_at`.
    virtual Result<void> Reschedule(const JobId& id, Timestamp run_at) = 0;
    // The earliest run_at among pending jobs (to sleep until), or nullopt when empty.
    virtual Result<std::optional<Timestamp>> NextRunAt() = 0;
    virtual Result<long long> PendingCount() = 0;
};

}  // namespace wharf::store
