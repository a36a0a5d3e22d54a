#pragma once

#include "store/media_repository.h"
#include "store/sqlite/sqlite_connection_source.h"

namespace wharf::store::sqlite {

// MediaRepository on SQLite: tables media and upload_sessions (migration 0007). Every statement
// is scoped by project_id except the sweeps (ListExpired, TakeExpiredSessions) and the blob
// collector's BlobReferenced. Owned by its SqliteStore; holds no connection between calls.
class SqliteMediaRepository final : public MediaRepository {
public:
    explicit SqliteMediaRepository(SqliteConnectionSource source) : source_(source) {}

    Result<void> Insert(const ProjectId& project, const domain::Media& m) override;
    Result<domain::Media> Get(const ProjectId& project, const MediaId& id) override;
    Result<void> Delete(const ProjectId& project, const MediaId& id) override;
    Result<std::vector<std::pair<ProjectId, domain::Media>>> ListExpired(Timestamp now,
                                                                         int limit) override;
    Result<bool> BlobReferenced(const std::string& sha256) override;

    Result<void> InsertSession(const ProjectId& project, const domain::UploadSession& s) override;
    Result<domain::UploadSession> GetSession(const ProjectId& project,
                                             const std::string& id) override;
    Result<void> UpdateSession(const ProjectId& project, const domain::UploadSession& s,
                               uint64_t expected_offset) override;
    Result<std::vector<domain::UploadSession>> TakeExpiredSessions(Timestamp now,
                                                                   int limit) override;

private:
    SqliteConnectionSource source_;
};

}  // namespace wharf::store::sqlite
