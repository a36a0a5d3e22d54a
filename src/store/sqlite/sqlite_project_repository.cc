#include "store/sqlite/sqlite_project_repository.h"

namespace wharf::store::sqlite {

namespace {

constexpr const char* kProjectColumns = "id, name, created_at";

domain::Project ReadProject(const SqliteStatement& s) {
    domain::Project p;
    p.id = s.IdAt<ProjectId>(0);
    p.name = s.Text(1);
    p.created_at = s.Time(2);
    return p;
}

}  // namespace

Result<void> SqliteProjectRepository::Insert(const domain::Project& project) {
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.AcquireWriter());
    WHARF_ASSIGN_OR_RETURN(
        auto s, conn->Prepare("INSERT INTO projects (id, name, created_at) VALUES (?, ?, ?)"));
    s.BindId(project.id).BindText(project.name).BindTime(project.created_at);
    return s.Run();
}

Result<domain::Project> SqliteProjectRepository::Get(const ProjectId& id) {
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.Acquire());
    WHARF_ASSIGN_OR_RETURN(auto s, conn->Prepare(std::string("SELECT ") + kProjectColumns +
                                                 " FROM projects WHERE id = ?"));
    s.BindId(id);
    WHARF_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) {
        return Fail(Error::NotFound("project not found"));
    }
    return ReadProject(s);
}

Result<long long> SqliteProjectRepository::Count() {
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.Acquire());
    WHARF_ASSIGN_OR_RETURN(auto s, conn->Prepare("SELECT COUNT(*) FROM projects"));
    WHARF_ASSIGN_OR_RETURN(bool row, s.Step());
    return row ? static_cast<long long>(s.Int64(0)) : 0LL;
}

Result<std::vector<domain::Project>> SqliteProjectRepository::List() {
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.Acquire());
    WHARF_ASSIGN_OR_RETURN(auto s, conn->Prepare(std::string("SELECT ") + kProjectColumns +
                                                 " FROM projects ORDER BY created_at, id"));
    std::vector<domain::Project> projects;
    while (true) {
        WHARF_ASSIGN_OR_RETURN(bool row, s.Step());
        if (!row) {
            return projects;
        }
        projects.push_back(ReadProject(s));
    }
}

Result<void> SqliteProjectRepository::InsertApiKey(const ProjectId& project,
                                                   const domain::ApiKey& key) {
    if (!key.project_id.empty() && key.project_id != project) {
        return Fail(Error::InvalidArgument("API key belongs to another project"));
    }
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.AcquireWriter());
    // INSERT ... SELECT: inserts nothing (rather than failing the foreign key) when the project
    // does not exist, which we report as kNotFound.
    WHARF_ASSIGN_OR_RETURN(
        auto s, conn->Prepare("INSERT INTO api_keys (project_id, id, name, key_hash, prefix, "
                              "created_at, revoked_at) "
                              "SELECT id, ?, ?, ?, ?, ?, ? FROM projects WHERE id = ?"));
    s.BindId(key.id)
        .BindText(key.name)
        .BindText(key.key_hash)
        .BindText(key.prefix)
        .BindTime(key.created_at)
        .BindOptionalTime(key.revoked_at)
        .BindId(project);
    WHARF_TRY(s.Run());
    if (conn->Changes() == 0) {
        return Fail(Error::NotFound("project not found"));
    }
    return {};
}

Result<domain::ApiKey> SqliteProjectRepository::FindActiveApiKeyByHash(std::string_view key_hash) {
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.Acquire());
    WHARF_ASSIGN_OR_RETURN(
        auto s,
        conn->Prepare("SELECT id, project_id, name, key_hash, prefix, created_at, "
                      "revoked_at FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL"));
    s.BindText(key_hash);
    WHARF_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) {
        return Fail(Error::NotFound("API key not found"));
    }
    domain::ApiKey key;
    key.id = s.IdAt<ApiKeyId>(0);
    key.project_id = s.IdAt<ProjectId>(1);
    key.name = s.Text(2);
    key.key_hash = s.Text(3);
    key.prefix = s.Text(4);
    key.created_at = s.Time(5);
    key.revoked_at = s.OptionalTime(6);
    return key;
}

Result<void> SqliteProjectRepository::RevokeApiKey(const ProjectId& project, const ApiKeyId& id,
                                                   Timestamp at) {
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.AcquireWriter());
    WHARF_ASSIGN_OR_RETURN(auto s,
                           conn->Prepare("UPDATE api_keys SET revoked_at = ? WHERE "
                                         "project_id = ? AND id = ? AND revoked_at IS NULL"));
    s.BindTime(at).BindId(project).BindId(id);
    WHARF_TRY(s.Run());
    if (conn->Changes() == 0) {
        return Fail(Error::NotFound("API key not found"));
    }
    return {};
}

}  // namespace wharf::store::sqlite
