#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

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
    // Insert for a caller that found m.wamid absent with Exists earlier in the same transaction
    // (inbound webhooks check each message before recording anything of it): the same checks and
    // errors, except that the wamid is not looked up a second time. The caller's promise: a
    // wamid the project has would be stored twice.
    virtual Result<void> InsertKnownNew(const ProjectId& project, const domain::Message& m) = 0;
    virtual Result<domain::Message> Get(const ProjectId& project, const std::string& wamid) = 0;
    // Whether the project has a message with this wamid: Get's lookup without reading the row
    // (the redelivery check of inbound webhooks, once per message).
    virtual Result<bool> Exists(const ProjectId& project, const std::string& wamid) = 0;
    // Newest first by (created_at, wamid).
    virtual Result<domain::KeysetPage<domain::Message>> List(const ProjectId& project,
                                                             const domain::MessageFilter& filter,
                                                             const domain::KeysetRequest& page) = 0;
    // Writes status, statuses, error, updated_at.
    virtual Result<void> Update(const ProjectId& project, const domain::Message& m) = 0;
    // The same write, only while the stored row is still the one the caller holds: its status is
    // `expected_status` and its updated_at `expected_updated_at`. False (nothing written) when it
    // is not, or when there is no such message. A writer holding a copy of the row it wrote last
    // moves it on without reading it back first.
    virtual Result<bool> UpdateIfUnchanged(const ProjectId& project, const domain::Message& m,
                                           const std::string& expected_status,
                                           Timestamp expected_updated_at) = 0;
    // Outbound messages still on their way (status accepted, sent or delivered), last changed
    // before `updated_before`, oldest change first, at most `limit`, in every project, of numbers
    // that still exist and, when `number_kind` is given, are of that kind ("sandbox",
    // "production"). The sandbox network resumes their status progression from these.
    virtual Result<std::vector<std::pair<ProjectId, domain::Message>>> ListInFlight(
        Timestamp updated_before, const std::optional<std::string>& number_kind, int limit) = 0;
};

}  // namespace wharf::store
