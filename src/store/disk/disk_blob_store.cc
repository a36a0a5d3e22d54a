#include "store/disk/disk_blob_store.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/random.h"
#include "base/sha256_stream.h"

namespace wharf::store::disk {

namespace fs = std::filesystem;

namespace {

Error IoError(const std::string& what, int err) {
    return Error::Internal(what + ": " + std::strerror(err));
}

Result<void> FsyncDir(const std::string& dir) {
    int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        return Fail(IoError("cannot open " + dir, errno));
    }
    int rc = ::fsync(fd);
    int err = errno;
    ::close(fd);
    if (rc != 0) {
        return Fail(IoError("cannot sync " + dir, err));
    }
    return {};
}

Result<void> WriteAll(int fd, std::string_view data) {
    while (!data.empty()) {
        ssize_t n = ::write(fd, data.data(), data.size());
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return Fail(IoError("cannot write a blob", errno));
        }
        data.remove_prefix(static_cast<size_t>(n));
    }
    return {};
}

class DiskBlobWriter final : public BlobWriter {
public:
    DiskBlobWriter(DiskBlobStore& store, std::string path, int fd)
        : store_(store), path_(std::move(path)), fd_(fd) {}
    ~DiskBlobWriter() override {
        if (fd_ >= 0) {
            ::close(fd_);
        }
        if (!committed_) {
            ::unlink(path_.c_str());
        }
    }

    Result<void> Append(std::string_view data) override {
        if (fd_ < 0) {
            return Fail(Error::FailedPrecondition("the blob writer is closed"));
        }
        hash_.Update(data);
        size_ += data.size();
        return WriteAll(fd_, data);
    }

    uint64_t Size() const override { return size_; }

    Result<BlobInfo> Commit() override {
        if (fd_ < 0) {
            return Fail(Error::FailedPrecondition("the blob writer is closed"));
        }
        int rc = ::fdatasync(fd_);
        int err = errno;
        ::close(fd_);
        fd_ = -1;
        if (rc != 0) {
            return Fail(IoError("cannot sync a blob", err));
        }
        WHARF_ASSIGN_OR_RETURN(BlobInfo info, store_.Place(path_, hash_.Hex(), size_));
        committed_ = true;
        return info;
    }

private:
    DiskBlobStore& store_;
    std::string path_;
    int fd_;
    Sha256Stream hash_;
    uint64_t size_ = 0;
    bool committed_ = false;
};

}  // namespace

bool IsBlobAddress(std::string_view sha256) {
    if (sha256.size() != 64) {
        return false;
    }
    for (char c : sha256) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            return false;
        }
    }
    return true;
}

Result<std::unique_ptr<DiskBlobStore>> DiskBlobStore::Open(const std::string& root) {
    std::error_code ec;
    fs::create_directories(fs::path(root) / "blobs", ec);
    if (!ec) {
        fs::create_directories(fs::path(root) / "tmp", ec);
    }
    if (ec) {
        return Fail(
            Error::Unavailable("cannot create the media directory " + root + ": " + ec.message()));
    }
    // Writers that never committed (a crash mid-upload) left their files here.
    for (const auto& entry : fs::directory_iterator(fs::path(root) / "tmp", ec)) {
        std::error_code ignored;
        fs::remove(entry.path(), ignored);
    }
    return std::unique_ptr<DiskBlobStore>(new DiskBlobStore(root));
}

std::string DiskBlobStore::PathOf(std::string_view sha256) const {
    return root_ + "/blobs/" + std::string(sha256.substr(0, 2)) + "/" + std::string(sha256);
}

Result<std::unique_ptr<BlobWriter>> DiskBlobStore::Create() {
    std::string path = root_ + "/tmp/" + RandomToken(24);
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        return Fail(IoError("cannot create " + path, errno));
    }
    return std::unique_ptr<BlobWriter>(new DiskBlobWriter(*this, std::move(path), fd));
}

Result<BlobInfo> DiskBlobStore::Place(const std::string& tmp_path, const std::string& sha256,
                                      uint64_t size) {
    std::string dir = root_ + "/blobs/" + sha256.substr(0, 2);
    if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
        return Fail(IoError("cannot create " + dir, errno));
    }
    std::string target = dir + "/" + sha256;
    // Renaming over an existing blob replaces identical bytes and refreshes its age.
    if (::rename(tmp_path.c_str(), target.c_str()) != 0) {
        return Fail(IoError("cannot place a blob", errno));
    }
    WHARF_TRY(FsyncDir(dir));
    return BlobInfo{sha256, size};
}

Result<BlobInfo> DiskBlobStore::Adopt(const std::string& path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return Fail(IoError("cannot open " + path, errno));
    }
    Sha256Stream hash;
    uint64_t size = 0;
    std::vector<char> buf(256 * 1024);
    while (true) {
        ssize_t n = ::read(fd, buf.data(), buf.size());
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            int err = errno;
            ::close(fd);
            return Fail(IoError("cannot read " + path, err));
        }
        if (n == 0) {
            break;
        }
        hash.Update(std::string_view(buf.data(), static_cast<size_t>(n)));
        size += static_cast<uint64_t>(n);
    }
    int rc = ::fdatasync(fd);
    int err = errno;
    ::close(fd);
    if (rc != 0 && err != EINVAL && err != EBADF) {
        return Fail(IoError("cannot sync " + path, err));
    }
    std::string sha = hash.Hex();
    // The file may live on another file system than the store: copy into tmp/ then.
    std::string staged = root_ + "/tmp/" + RandomToken(24);
    if (::rename(path.c_str(), staged.c_str()) != 0) {
        std::error_code ec;
        fs::copy_file(path, staged, ec);
        if (ec) {
            return Fail(
                Error::Internal("cannot move " + path + " into the blob store: " + ec.message()));
        }
        fs::remove(path, ec);
    }
    return Place(staged, sha, size);
}

Result<std::string> DiskBlobStore::LocalPath(std::string_view sha256) {
    if (!IsBlobAddress(sha256)) {
        return Fail(Error::NotFound("blob not found"));
    }
    std::string path = PathOf(sha256);
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        return Fail(Error::NotFound("blob not found"));
    }
    return path;
}

Result<void> DiskBlobStore::Remove(std::string_view sha256) {
    if (!IsBlobAddress(sha256)) {
        return Fail(Error::NotFound("blob not found"));
    }
    if (::unlink(PathOf(sha256).c_str()) != 0) {
        if (errno == ENOENT) {
            return Fail(Error::NotFound("blob not found"));
        }
        return Fail(IoError("cannot remove a blob", errno));
    }
    return {};
}

Result<void> DiskBlobStore::ForEach(
    const std::function<void(const std::string& sha256, Timestamp written)>& fn) {
    std::error_code ec;
    for (const auto& shard : fs::directory_iterator(fs::path(root_) / "blobs", ec)) {
        if (!shard.is_directory()) {
            continue;
        }
        std::error_code inner;
        for (const auto& entry : fs::directory_iterator(shard.path(), inner)) {
            std::string name = entry.path().filename().string();
            if (!IsBlobAddress(name)) {
                continue;
            }
            struct stat st {};
            if (::stat(entry.path().c_str(), &st) != 0) {
                continue;  // removed meanwhile
            }
            Timestamp written{std::chrono::seconds(st.st_mtim.tv_sec) +
                              std::chrono::microseconds(st.st_mtim.tv_nsec / 1000)};
            fn(name, written);
        }
    }
    if (ec) {
        return Fail(Error::Internal("cannot list the blob store: " + ec.message()));
    }
    return {};
}

}  // namespace wharf::store::disk
