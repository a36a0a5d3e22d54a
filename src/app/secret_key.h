#pragma once

#include <string>

#include "base/result.h"
#include "base/secret_box.h"

namespace wharf::app {

// The key that seals secrets at rest: WHARF_SECRET_KEY when given, else <data_dir>/secret.key,
// which is generated (32 random bytes, hex, mode 0600) on first start. A key file readable by
// group or others is refused.
Result<SecretBox> LoadSecretKey(const std::string& from_env, const std::string& data_dir);

// Writes `content` to `path` with mode 0600 (created exclusively when `exclusive`).
Result<void> WritePrivateFile(const std::string& path, const std::string& content);

}  // namespace wharf::app
