#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "domain/conversation/conversation.h"
#include "domain/pagination/keyset.h"

namespace wharf::store {

// Conversations of a project's numbers.
class ConversationRepository {
public:
    virtual ~ConversationRepository() = default;
    virtual Result<void> Insert(const ProjectId& project, const domain::Conversation& c) = 0;
    virtual Result<domain::Conversation> Get(const ProjectId& project,
                                             const ConversationId& id) = 0;
    // The active conversation of (number, wa_id), or kNotFound. At most one exists.
    virtual Result<domain::Conversation> FindActive(const ProjectId& project,
                                                    const PhoneNumberId& number,
                                                    const std::string& wa_id) = 0;
    // Newest first by (last_active_at, id).
    virtual Result<domain::KeysetPage<domain::Conversation>> List(
        const ProjectId& project, const domain::ConversationFilter& filter,
        const domain::KeysetRequest& page) = 0;
    // Writes every mutable field (status, timestamps, counters, summary, metadata).
    virtual Result<void> Update(const ProjectId& project, const domain::Conversation& c) = 0;
    // Active conversations (of any project) whose last_active_at is at or before `cutoff`, oldest
    // first, at most `limit`: the 24-hour expiry sweep.
    virtual Result<std::vector<std::pair<ProjectId, domain::Conversation>>> ListIdleActive(
        Timestamp cutoff, int limit) = 0;
};

}  // namespace wharf::store
