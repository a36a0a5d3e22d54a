#pragma once

#include "store/project_repository.h"
#include "store/sqlite/sqlite_connection_source.h"

namespace wharf::store::sqlite {

// ProjectRepository on SQLite: tables projects and api_keys. The API key lookup by hash is the
// hot path of every request: one cached statement on the UNIQUE key_hash index.
// Owned by its SqliteStore (one per store or Transact view); holds no connection between calls.
// Thread-safe when its source is the pool; a Transact view's is used by fn's thread only.
class SqliteProjectRepository final : public ProjectRepository {
public:
    explicit SqliteProjectRepository(SqliteConnectionSource source) : source_(source) {}

    Result<void> Insert(const domain::Project& project) override;
    Result<domain::Project> Get(const ProjectId& id) override;
    Result<long long> Count() override;
    // Oldest first (created_at, then id).
    Result<std::vector<domain::Project>> List() override;

    // kNotFound when `project` does not exist; kAlreadyExists for a taken id or hash.
    Result<void> InsertApiKey(const ProjectId& project, const domain::ApiKey& key) override;
    Result<domain::ApiKey> FindActiveApiKeyByHash(std::string_view key_hash) override;
    Result<void> RevokeApiKey(const ProjectId& project, const ApiKeyId& id, Timestamp at) override;

private:
    SqliteConnectionSource source_;
};

}  // namespace wharf::store::sqlite
