#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "base/ids.h"

namespace wharf::domain {

// A project owns everything else; every API key belongs to exactly one project.
struct Project {
    ProjectId id;
    std::string name;
    Timestamp created_at;
};

// An API key as stored: only the SHA-256 of the key text, plus a short prefix for people to
// recognise it by ("wharf_Ab12…"). The key text itself exists only in the create response.
struct ApiKey {
    ApiKeyId id;
    ProjectId project_id;
    std::string name;
    std::string key_hash;  // hex SHA-256 of the full key
    std::string prefix;    // first characters of the key, safe to show
    Timestamp created_at;
    std::optional<Timestamp> revoked_at;
};

inline constexpr std::string_view kApiKeyPrefix = "wharf_";

// The stored hash of an API key's text.
std::string HashApiKey(std::string_view key);
// A project name: 1..200 characters after trimming.
bool IsValidProjectName(std::string_view name);

}  // namespace wharf::domain
