#pragma once

#include <cstdint>
#include <vector>

#include "base/result.h"
#include "domain/event/event.h"

namespace wharf::store {

// An outbox row with its project (what the cross-project fan-out reads).
struct OutboxEvent {
    ProjectId project_id;
    domain::Event event;
};

// The project event outbox (see domain/event/event.h).
class EventRepository {
public:
    virtual ~EventRepository() = default;
    virtual Result<void> Insert(const ProjectId& project, const domain::Event& e) = 0;
    // Oldest first, at most `limit`.
    virtual Result<std::vector<domain::Event>> List(const ProjectId& project, int limit) = 0;
    // Every project's events with seq > after_seq, in seq order, at most `limit` (the webhook
    // fan-out, which is not tenant-scoped).
    virtual Result<std::vector<OutboxEvent>> ListAfter(std::int64_t after_seq, int limit) = 0;
    // The same events without their payloads (payload empty, meta_payload none): what the
    // fan-out routes by, without copying kilobytes per event when no webhook wants them.
    virtual Result<std::vector<OutboxEvent>> ListRoutingAfter(std::int64_t after_seq,
                                                              int limit) = 0;
    // The highest seq of every project's events; 0 when there are none.
    virtual Result<std::int64_t> LatestSeq() = 0;
};

}  // namespace wharf::store
