#include "http/open_file.h"

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace wharf::http {

Result<std::shared_ptr<const OpenFile>> OpenFile::Open(const std::string& path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        int err = errno;
        std::string why = "cannot open " + path + ": " + std::strerror(err);
        if (err == ENOENT || err == ENOTDIR) {
            return Fail(Error::NotFound(std::move(why)));
        }
        if (err == EACCES || err == EPERM) {
            return Fail(Error::PermissionDenied(std::move(why)));
        }
        return Fail(Error::Internal(std::move(why)));
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        int err = errno;
        ::close(fd);
        return Fail(Error::Internal("cannot stat " + path + ": " + std::strerror(err)));
    }
    if (!S_ISREG(st.st_mode)) {
        ::close(fd);
        // A directory or a device has no size to promise in Content-Length.
        return Fail(Error::InvalidArgument(path + " is not a regular file"));
    }
    return std::shared_ptr<const OpenFile>(new OpenFile(fd, static_cast<uint64_t>(st.st_size)));
}

OpenFile::~OpenFile() {
    ::close(fd_);
}

Result<size_t> OpenFile::ReadAt(uint64_t offset, char* out, size_t n) const {
    size_t got = 0;
    while (got < n) {
        ssize_t k = ::pread(fd_, out + got, n - got, static_cast<off_t>(offset + got));
        if (k < 0) {
            if (errno == EINTR) {
                continue;
            }
            return Fail(
                Error::Internal(std::string("cannot read a file: ") + std::strerror(errno)));
        }
        if (k == 0) {
            break;
        }
        got += static_cast<size_t>(k);
    }
    return got;
}

}  // namespace wharf::http
