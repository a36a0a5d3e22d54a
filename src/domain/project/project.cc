#include "domain/project/project.h"

#include "base/crypto.h"

namespace wharf::domain {

std::string HashApiKey(std::string_view key) {
    return Sha256Hex(key);
}

bool IsValidProjectName(std::string_view name) {
    size_t b = name.find_first_not_of(" \t\r\n");
    return b != std::string_view::npos && name.size() <= 200;
}

}  // namespace wharf::domain
