#pragma once

#include <vector>

#include "base/result.h"
#include "domain/event/event.h"

namespace wharf::store {

// The project event outbox (see domain/event/event.h).
class EventRepository {
public:
    virtual ~EventRepository() = default;
    virtual Result<void> Insert(const ProjectId& project, const domain::Event& e) = 0;
    // Oldest first, at most `limit`.
    virtual Result<std::vector<domain::Event>> List(const ProjectId& project, int limit) = 0;
};

}  // namespace wharf::store
