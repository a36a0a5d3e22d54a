#include "store/sqlite/sqlite_media_repository.h"

#include <string>

#include "store/sqlite/sqlite_transaction.h"

namespace wharf::store::sqlite {

namespace {

constexpr const char* kMediaColumns =
    "id, phone_number_id, mime_type, sha256, file_size, filename, origin, created_at, expires_at";

constexpr const char* kSessionColumns =
    "id, file_name, file_length, file_type, file_offset, handle, sha256, created_at, expires_at";

Result<domain::Media> ReadMedia(const SqliteStatement& s) {
    domain::Media m;
    m.id = s.IdAt<MediaId>(0);
    m.phone_number_id = s.IdAt<PhoneNumberId>(1);
    m.mime_type = s.Text(2);
    m.sha256 = s.Text(3);
    m.file_size = static_cast<uint64_t>(s.Int64(4));
    m.filename = s.OptionalText(5);
    auto origin = domain::ParseMediaOrigin(s.Text(6));
    if (!origin) {
        return Fail(Error::Internal("stored media origin is unknown: " + s.Text(6)));
    }
    m.origin = *origin;
    m.created_at = s.Time(7);
    m.expires_at = s.Time(8);
    return m;
}

domain::UploadSession ReadSession(const SqliteStatement& s) {
    domain::UploadSession u;
    u.id = s.Text(0);
    u.file_name = s.Text(1);
    u.file_length = static_cast<uint64_t>(s.Int64(2));
    u.file_type = s.Text(3);
    u.offset = static_cast<uint64_t>(s.Int64(4));
    u.handle = s.OptionalText(5);
    u.sha256 = s.OptionalText(6);
    u.created_at = s.Time(7);
    u.expires_at = s.Time(8);
    return u;
}

}  // namespace

Result<void> SqliteMediaRepository::Insert(const ProjectId& project, const domain::Media& m) {
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.AcquireWriter());
    WHARF_ASSIGN_OR_RETURN(
        auto s, conn->Prepare("INSERT INTO media (project_id, id, phone_number_id, mime_type, "
                              "sha256, file_size, filename, origin, created_at, expires_at) "
                              "SELECT id, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM projects WHERE id = ?"));
    s.BindId(m.id)
        .BindId(m.phone_number_id)
        .BindText(m.mime_type)
        .BindText(m.sha256)
        .BindInt64(static_cast<int64_t>(m.file_size))
        .BindOptionalText(m.filename)
        .BindText(domain::ToString(m.origin))
        .BindTime(m.created_at)
        .BindTime(m.expires_at)
        .BindId(project);
    WHARF_TRY(s.Run());
    if (conn->Changes() == 0) {
        return Fail(Error::NotFound("project not found"));
    }
    return {};
}

Result<domain::Media> SqliteMediaRepository::Get(const ProjectId& project, const MediaId& id) {
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.Acquire());
    WHARF_ASSIGN_OR_RETURN(auto s, conn->Prepare(std::string("SELECT ") + kMediaColumns +
                                                 " FROM media WHERE project_id = ? AND id = ?"));
    s.BindId(project).BindId(id);
    WHARF_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) {
        return Fail(Error::NotFound("media not found"));
    }
    return ReadMedia(s);
}

Result<void> SqliteMediaRepository::Delete(const ProjectId& project, const MediaId& id) {
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.AcquireWriter());
    WHARF_ASSIGN_OR_RETURN(auto s,
                           conn->Prepare("DELETE FROM media WHERE project_id = ? AND id = ?"));
    s.BindId(project).BindId(id);
    WHARF_TRY(s.Run());
    if (conn->Changes() == 0) {
        return Fail(Error::NotFound("media not found"));
    }
    return {};
}

Result<std::vector<std::pair<ProjectId, domain::Media>>> SqliteMediaRepository::ListExpired(
    Timestamp now, int limit) {
    if (limit <= 0) {
        return Fail(Error::InvalidArgument("limit must be positive"));
    }
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.Acquire());
    WHARF_ASSIGN_OR_RETURN(auto s, conn->Prepare(std::string("SELECT ") + kMediaColumns +
                                                 ", project_id FROM media WHERE expires_at <= ? "
                                                 "ORDER BY expires_at, id LIMIT ?"));
    s.BindTime(now).BindInt64(limit);
    std::vector<std::pair<ProjectId, domain::Media>> out;
    while (true) {
        WHARF_ASSIGN_OR_RETURN(bool row, s.Step());
        if (!row) {
            break;
        }
        WHARF_ASSIGN_OR_RETURN(auto m, ReadMedia(s));
        out.emplace_back(s.IdAt<ProjectId>(9), std::move(m));
    }
    return out;
}

Result<bool> SqliteMediaRepository::BlobReferenced(const std::string& sha256) {
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.Acquire());
    WHARF_ASSIGN_OR_RETURN(
        auto s, conn->Prepare("SELECT EXISTS (SELECT 1 FROM media WHERE sha256 = ?1) OR "
                              "EXISTS (SELECT 1 FROM upload_sessions WHERE sha256 = ?1)"));
    s.BindText(sha256);
    WHARF_ASSIGN_OR_RETURN(bool row, s.Step());
    return row && s.Bool(0);
}

Result<void> SqliteMediaRepository::InsertSession(const ProjectId& project,
                                                  const domain::UploadSession& u) {
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.AcquireWriter());
    WHARF_ASSIGN_OR_RETURN(
        auto s,
        conn->Prepare("INSERT INTO upload_sessions (project_id, id, file_name, file_length, "
                      "file_type, file_offset, handle, sha256, created_at, expires_at) "
                      "SELECT id, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM projects WHERE id = ?"));
    s.BindText(u.id)
        .BindText(u.file_name)
        .BindInt64(static_cast<int64_t>(u.file_length))
        .BindText(u.file_type)
        .BindInt64(static_cast<int64_t>(u.offset))
        .BindOptionalText(u.handle)
        .BindOptionalText(u.sha256)
        .BindTime(u.created_at)
        .BindTime(u.expires_at)
        .BindId(project);
    WHARF_TRY(s.Run());
    if (conn->Changes() == 0) {
        return Fail(Error::NotFound("project not found"));
    }
    return {};
}

Result<domain::UploadSession> SqliteMediaRepository::GetSession(const ProjectId& project,
                                                                const std::string& id) {
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.Acquire());
    WHARF_ASSIGN_OR_RETURN(auto s,
                           conn->Prepare(std::string("SELECT ") + kSessionColumns +
                                         " FROM upload_sessions WHERE project_id = ? AND id = ?"));
    s.BindId(project).BindText(id);
    WHARF_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) {
        return Fail(Error::NotFound("upload session not found"));
    }
    return ReadSession(s);
}

Result<void> SqliteMediaRepository::UpdateSession(const ProjectId& project,
                                                  const domain::UploadSession& u,
                                                  uint64_t expected_offset) {
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.AcquireWriter());
    WHARF_ASSIGN_OR_RETURN(auto tx,
                           SqliteTransaction::Begin(*conn, SqliteTransaction::Mode::kWrite));
    WHARF_ASSIGN_OR_RETURN(
        auto s, conn->Prepare("UPDATE upload_sessions SET file_offset = ?, handle = ?, sha256 = ? "
                              "WHERE project_id = ? AND id = ? AND file_offset = ?"));
    s.BindInt64(static_cast<int64_t>(u.offset))
        .BindOptionalText(u.handle)
        .BindOptionalText(u.sha256)
        .BindId(project)
        .BindText(u.id)
        .BindInt64(static_cast<int64_t>(expected_offset));
    WHARF_TRY(s.Run());
    if (conn->Changes() == 0) {
        WHARF_ASSIGN_OR_RETURN(
            auto q, conn->Prepare("SELECT 1 FROM upload_sessions WHERE project_id = ? AND id = ?"));
        q.BindId(project).BindText(u.id);
        WHARF_ASSIGN_OR_RETURN(bool exists, q.Step());
        if (!exists) {
            return Fail(Error::NotFound("upload session not found"));
        }
        return Fail(Error::Aborted("the upload session moved on: its offset changed"));
    }
    return tx.Commit();
}

Result<std::vector<domain::UploadSession>> SqliteMediaRepository::TakeExpiredSessions(Timestamp now,
                                                                                      int limit) {
    if (limit <= 0) {
        return Fail(Error::InvalidArgument("limit must be positive"));
    }
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.AcquireWriter());
    WHARF_ASSIGN_OR_RETURN(auto tx,
                           SqliteTransaction::Begin(*conn, SqliteTransaction::Mode::kWrite));
    std::vector<domain::UploadSession> out;
    {
        WHARF_ASSIGN_OR_RETURN(auto s, conn->Prepare(std::string("SELECT ") + kSessionColumns +
                                                     " FROM upload_sessions WHERE expires_at <= ? "
                                                     "ORDER BY expires_at, id LIMIT ?"));
        s.BindTime(now).BindInt64(limit);
        while (true) {
            WHARF_ASSIGN_OR_RETURN(bool row, s.Step());
            if (!row) {
                break;
            }
            out.push_back(ReadSession(s));
        }
    }
    for (const auto& u : out) {
        WHARF_ASSIGN_OR_RETURN(auto d, conn->Prepare("DELETE FROM upload_sessions WHERE id = ?"));
        d.BindText(u.id);
        WHARF_TRY(d.Run());
    }
    WHARF_TRY(tx.Commit());
    return out;
}

}  // namespace wharf::store::sqlite
