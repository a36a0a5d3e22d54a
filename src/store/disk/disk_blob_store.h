#pragma once

#include <string>

#include "store/blob_store.h"

namespace wharf::store::disk {

// BlobStore on the local file system:
//   <root>/blobs/<first two hex digits>/<sha256>   the bytes, mode 0600
//   <root>/tmp/                                     writers' files until they commit
// A writer writes to tmp/, hashing as it goes; Commit fsyncs the file, renames it to its address
// (atomic: readers see a whole blob or none) and fsyncs the directory, so a blob that Commit
// returned survives a crash. Leftovers in tmp/ (a crash mid-upload) are removed at Open.
class DiskBlobStore final : public BlobStore {
public:
    static Result<std::unique_ptr<DiskBlobStore>> Open(const std::string& root);

    Result<std::unique_ptr<BlobWriter>> Create() override;
    Result<BlobInfo> Adopt(const std::string& path) override;
    Result<std::string> LocalPath(std::string_view sha256) override;
    Result<void> Remove(std::string_view sha256) override;
    Result<void> ForEach(
        const std::function<void(const std::string& sha256, Timestamp written)>& fn) override;

    // Moves a written temporary file to its address (used by writers and Adopt).
    Result<BlobInfo> Place(const std::string& tmp_path, const std::string& sha256, uint64_t size);

private:
    explicit DiskBlobStore(std::string root) : root_(std::move(root)) {}
    std::string PathOf(std::string_view sha256) const;

    std::string root_;
};

// True for 64 lower-case hex digits (what a blob address must be before it touches a path).
bool IsBlobAddress(std::string_view sha256);

}  // namespace wharf::store::disk
