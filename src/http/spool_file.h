#pragma once

#include <string>

#include "base/result.h"

namespace wharf::http {

// The temporary file a spooled request body (RouteOptions::spool_body) is written to. Create()
// makes it empty, mode 0600, under a random name in the spool directory (O_EXCL: never an
// existing file, never a guessable one); the destructor removes it, so every way out of a request
// (answered, refused over the limit, client gone, timed out, server stopped) leaves nothing
// behind. A handler that wants to keep the bytes renames the file away; removing a path that is
// gone is not an error. Owned by the connection reading the request; not thread-safe.
class SpoolFile {
public:
    // The directory spool files go to: `configured`, or the system's temporary directory when it
    // is empty.
    static std::string Directory(const std::string& configured);
    static Result<SpoolFile> Create(const std::string& dir);

    SpoolFile(SpoolFile&& other) noexcept;
    SpoolFile& operator=(SpoolFile&&) = delete;
    SpoolFile(const SpoolFile&) = delete;
    SpoolFile& operator=(const SpoolFile&) = delete;
    ~SpoolFile();

    const std::string& Path() const { return path_; }
    // The descriptor Create() opened for writing. The caller takes it over and closes it; the
    // SpoolFile still removes the path.
    int ReleaseFd();

private:
    SpoolFile(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}

    std::string path_;  // empty once moved from
    int fd_ = -1;
};

}  // namespace wharf::http
