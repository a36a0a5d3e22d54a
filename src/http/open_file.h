#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "base/result.h"

namespace wharf::http {

// A regular file opened read-only, with its size taken when it was opened. A response that streams
// a file holds one through a shared_ptr, so the bytes served are those of the file that was
// opened even if the path is unlinked or renamed afterwards, and the descriptor closes when the
// last copy of the response is gone. Reads are positional (pread): one OpenFile can be read by
// several writers at once without sharing a file offset. Immutable after Open: thread-safe.
class OpenFile {
public:
    // kNotFound when the path does not exist, kPermissionDenied when it may not be read,
    // kInvalidArgument when it is not a regular file.
    static Result<std::shared_ptr<const OpenFile>> Open(const std::string& path);

    ~OpenFile();
    OpenFile(const OpenFile&) = delete;
    OpenFile& operator=(const OpenFile&) = delete;

    int Fd() const { return fd_; }
    uint64_t Size() const { return size_; }
    // Reads up to `n` bytes at `offset` into `out`; fewer only at the end of the file (0 there).
    Result<size_t> ReadAt(uint64_t offset, char* out, size_t n) const;

private:
    OpenFile(int fd, uint64_t size) : fd_(fd), size_(size) {}

    int fd_;
    uint64_t size_;
};

}  // namespace wharf::http
