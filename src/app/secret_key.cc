#include "app/secret_key.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/crypto.h"
#include "base/random.h"

namespace wharf::app {

Result<void> WritePrivateFile(const std::string& path, const std::string& content) {
    std::string tmp = path + ".tmp";
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        return Fail(Error::Unavailable("cannot write " + path + ": " + std::strerror(errno)));
    }
    ::fchmod(fd, 0600);
    bool ok = ::write(fd, content.data(), content.size()) == static_cast<ssize_t>(content.size()) &&
              ::fsync(fd) == 0;
    ::close(fd);
    if (!ok || ::rename(tmp.c_str(), path.c_str()) != 0) {
        return Fail(Error::Unavailable("cannot write " + path + ": " + std::strerror(errno)));
    }
    return {};
}

Result<SecretBox> LoadSecretKey(const std::string& from_env, const std::string& data_dir) {
    if (!from_env.empty()) {
        auto box = SecretBox::FromText(from_env);
        if (!box) {
            return Fail(Error::InvalidArgument("WHARF_SECRET_KEY: " + box.error().message));
        }
        return box;
    }
    std::error_code ec;
    std::filesystem::create_directories(data_dir, ec);
    std::string path = data_dir + "/secret.key";
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        WHARF_TRY(WritePrivateFile(path, HexEncode(RandomBytes(32)) + "\n"));
    } else if ((st.st_mode & 077) != 0) {
        return Fail(Error::PermissionDenied(path + " is readable by others; chmod 600 it"));
    }
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    auto box = SecretBox::FromText(text.str());
    if (!box) {
        return Fail(Error::InvalidArgument(path + ": " + box.error().message));
    }
    return box;
}

}  // namespace wharf::app
