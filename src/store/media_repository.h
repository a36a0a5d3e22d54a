#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "base/result.h"
#include "domain/media/media.h"

namespace wharf::store {

// Media objects and resumable upload sessions. Media ids are unique across projects; the bytes
// are blobs in a BlobStore keyed by sha256, which this repository only references.
class MediaRepository {
public:
    virtual ~MediaRepository() = default;
    // kNotFound when the project does not exist; kAlreadyExists for a taken id.
    virtual Result<void> Insert(const ProjectId& project, const domain::Media& m) = 0;
    // kNotFound when the project has no media with that id.
    virtual Result<domain::Media> Get(const ProjectId& project, const MediaId& id) = 0;
    virtual Result<void> Delete(const ProjectId& project, const MediaId& id) = 0;
    // Unscoped, for the expiry sweep: media whose expires_at is at or before `now`, earliest
    // first, at most `limit`, each with its project.
    virtual Result<std::vector<std::pair<ProjectId, domain::Media>>> ListExpired(Timestamp now,
                                                                                 int limit) = 0;
    // Unscoped, for the blob collector: whether any media or completed upload session of any
    // project references the blob.
    virtual Result<bool> BlobReferenced(const std::string& sha256) = 0;

    // Upload sessions. kAlreadyExists for a taken id.
    virtual Result<void> InsertSession(const ProjectId& project,
                                       const domain::UploadSession& s) = 0;
    virtual Result<domain::UploadSession> GetSession(const ProjectId& project,
                                                     const std::string& id) = 0;
    // Writes offset, handle and sha256, but only while the stored offset is still
    // `expected_offset` (kAborted otherwise: a concurrent append won). kNotFound if absent.
    virtual Result<void> UpdateSession(const ProjectId& project, const domain::UploadSession& s,
                                       uint64_t expected_offset) = 0;
    // Unscoped: sessions whose expires_at is at or before `now` (at most `limit`), deleted;
    // returns them so their staged bytes can be removed.
    virtual Result<std::vector<domain::UploadSession>> TakeExpiredSessions(Timestamp now,
                                                                           int limit) = 0;
};

}  // namespace wharf::store
