#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "base/result.h"

namespace wharf::store {

// A stored blob: its content address and size.
struct BlobInfo {
    std::string sha256;  // lower-case hex
    uint64_t size = 0;
};

// Bytes on their way into a BlobStore. Append any number of times, then Commit once; a writer
// destroyed without Commit leaves nothing behind.
class BlobWriter {
public:
    virtual ~BlobWriter() = default;
    virtual Result<void> Append(std::string_view data) = 0;
    virtual uint64_t Size() const = 0;
    // Makes the blob durable and addressable by its sha256. Committing bytes that are already
    // stored is fine (the blob is shared; its age is refreshed for the collector).
    virtual Result<BlobInfo> Commit() = 0;
};

// Content-addressed storage for media bytes, outside the database: local disk now
// (DiskBlobStore), object storage later. Streams in and out: nothing holds a whole blob in
// memory. The database's rows reference blobs by sha256; blobs no row references are removed by
// the collector (MediaService::CollectBlobs), never on delete, so a blob being re-uploaded at the
// moment its last row goes is not lost. Thread-safe.
class BlobStore {
public:
    virtual ~BlobStore() = default;
    virtual Result<std::unique_ptr<BlobWriter>> Create() = 0;
    // Moves a complete local file into the store (hashing it), e.g. an upload staged in pieces.
    // The file is gone afterwards, on success.
    virtual Result<BlobInfo> Adopt(const std::string& path) = 0;
    // A local file with the blob's bytes, to stream from. kNotFound when absent.
    virtual Result<std::string> LocalPath(std::string_view sha256) = 0;
    virtual Result<void> Remove(std::string_view sha256) = 0;
    // Every blob with when it was last written (Commit refreshes it), for the collector.
    virtual Result<void> ForEach(
        const std::function<void(const std::string& sha256, Timestamp written)>& fn) = 0;
};

}  // namespace wharf::store
