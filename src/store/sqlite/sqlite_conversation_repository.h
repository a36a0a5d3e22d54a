#pragma once

#include <utility>
#include <vector>

#include "store/conversation_repository.h"
#include "store/sqlite/sqlite_connection_source.h"

namespace wharf::store::sqlite {

// ConversationRepository on SQLite: table conversations. A partial UNIQUE index on
// (project_id, phone_number_id, wa_id) WHERE status = 'active' keeps at most one active
// conversation per pair and answers FindActive. Every statement but ListIdleActive (the sweep
// across projects) is scoped by project_id.
// Owned by its SqliteStore; holds no connection between calls. Thread-safe when its source is the
// pool; a Transact view's is used by fn's thread only.
class SqliteConversationRepository final : public ConversationRepository {
public:
    explicit SqliteConversationRepository(SqliteConnectionSource source) : source_(source) {}

    // kNotFound unless contact_id names a contact of the project with the same phone_number_id
    // and wa_id; kAlreadyExists for a taken id or a second active conversation of the pair.
    Result<void> Insert(const ProjectId& project, const domain::Conversation& c) override;
    Result<domain::Conversation> Get(const ProjectId& project, const ConversationId& id) override;
    Result<domain::Conversation> FindActive(const ProjectId& project, const PhoneNumberId& number,
                                            const std::string& wa_id) override;
    // Newest first: (last_active_at, id) descending, keyset-paged (sqlite_keyset_page.h).
    // last_active_since is inclusive, last_active_until exclusive (as MessageFilter's bounds).
    Result<domain::KeysetPage<domain::Conversation>> List(
        const ProjectId& project, const domain::ConversationFilter& filter,
        const domain::KeysetRequest& page) override;
    // Writes everything but id, phone_number_id, wa_id, contact_id and created_at. kNotFound if
    // absent; kAlreadyExists when it would make a second active conversation of the pair.
    Result<void> Update(const ProjectId& project, const domain::Conversation& c) override;
    // Ordered by (last_active_at, project, id). kInvalidArgument when limit < 1.
    Result<std::vector<std::pair<ProjectId, domain::Conversation>>> ListIdleActive(
        Timestamp cutoff, int limit) override;

private:
    SqliteConnectionSource source_;
};

}  // namespace wharf::store::sqlite
