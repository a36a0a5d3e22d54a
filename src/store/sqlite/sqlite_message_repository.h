#pragma once

#include "store/message_repository.h"
#include "store/sqlite/sqlite_connection_source.h"

namespace wharf::store::sqlite {

// MessageRepository on SQLite: table messages, keyed by (project_id, wamid), with the type
// object, status history and error kept as JSON text. Every statement is scoped by project_id.
// Owned by its SqliteStore; holds no connection between calls. Thread-safe when its source is the
// pool; a Transact view's is used by fn's thread only.
class SqliteMessageRepository final : public MessageRepository {
public:
    explicit SqliteMessageRepository(SqliteConnectionSource source) : source_(source) {}

    // kNotFound unless conversation_id names a conversation of the project with the message's
    // contact_id, phone_number_id and wa_id; kAlreadyExists for a wamid taken in the project.
    Result<void> Insert(const ProjectId& project, const domain::Message& m) override;
    Result<void> InsertKnownNew(const ProjectId& project, const domain::Message& m) override;
    Result<domain::Message> Get(const ProjectId& project, const std::string& wamid) override;
    Result<bool> Exists(const ProjectId& project, const std::string& wamid) override;
    // Newest first: (created_at, wamid) descending, keyset-paged (sqlite_keyset_page.h).
    Result<domain::KeysetPage<domain::Message>> List(const ProjectId& project,
                                                     const domain::MessageFilter& filter,
                                                     const domain::KeysetRequest& page) override;
    // kNotFound if absent.
    Result<void> Update(const ProjectId& project, const domain::Message& m) override;
    Result<bool> UpdateIfUnchanged(const ProjectId& project, const domain::Message& m,
                                   const std::string& expected_status,
                                   Timestamp expected_updated_at) override;
    Result<std::vector<std::pair<ProjectId, domain::Message>>> ListInFlight(
        Timestamp updated_before, const std::optional<std::string>& number_kind,
        int limit) override;

private:
    // Insert, with the wamid looked up first unless `known_new`.
    Result<void> InsertRow(const ProjectId& project, const domain::Message& m, bool known_new);

    SqliteConnectionSource source_;
};

}  // namespace wharf::store::sqlite
