#include "http/spool_file.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <utility>

#include <fcntl.h>
#include <unistd.h>

#include "base/random.h"

namespace wharf::http {

std::string SpoolFile::Directory(const std::string& configured) {
    if (!configured.empty()) {
        return configured;
    }
    std::error_code ec;
    std::filesystem::path tmp = std::filesystem::temp_directory_path(ec);
    return ec ? std::string("/tmp") : tmp.string();
}

Result<SpoolFile> SpoolFile::Create(const std::string& dir) {
    // 128 random bits: another local user cannot predict the name to plant a file or a link
    // there first, and O_EXCL refuses one that is there anyway.
    for (int attempt = 0; attempt < 3; ++attempt) {
        std::string path = dir + "/wharf-body-" + RandomToken(22);
        int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd >= 0) {
            return SpoolFile(std::move(path), fd);
        }
        if (errno != EEXIST) {
            return Fail(Error::Unavailable("cannot create a spool file in " + dir + ": " +
                                           std::strerror(errno)));
        }
    }
    return Fail(Error::Internal("cannot create a spool file in " + dir + ": names collide"));
}

SpoolFile::SpoolFile(SpoolFile&& other) noexcept
    : path_(std::move(other.path_)), fd_(std::exchange(other.fd_, -1)) {
    other.path_.clear();
}

SpoolFile::~SpoolFile() {
    if (fd_ >= 0) {
        ::close(fd_);
    }
    if (!path_.empty()) {
        // ENOENT is the handler having taken the file (renamed it away): nothing to do.
        ::unlink(path_.c_str());
    }
}

int SpoolFile::ReleaseFd() {
    return std::exchange(fd_, -1);
}

}  // namespace wharf::http
