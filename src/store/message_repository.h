#pragma once

#include <string>

#include "base/result.h"
#include "domain/message/message.h"
#include "domain/pagination/keyset.h"

namespace wharf::store {

// The message history of a project. `wamid` is unique per project: inserting it twice is
// kAlreadyExists (which makes inbound webhook processing idempotent).
class MessageRepository {
public:
    virtual ~MessageRepository() = default;
    virtual Result<void> Insert(const ProjectId& project, const domain::Message& m) = 0;
    virtual Result<domain::Message> Get(const ProjectId& project, const std::string& wamid) = 0;
    // Newest first by (created_at, wamid).
    virtual Result<domain::KeysetPage<domain::Message>> List(const ProjectId& project,
                                                             const domain::MessageFilter& filter,
                                                             const domain::KeysetRequest& page) = 0;
    // Writes status, statuses, error, updated_at.
    virtual Result<void> Update(const ProjectId& project, const domain::Message& m) = 0;
};

}  // namespace wharf::store
