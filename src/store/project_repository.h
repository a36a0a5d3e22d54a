#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "domain/project/project.h"

namespace wharf::store {

// Projects and their API keys. These are the only unscoped lookups (by key hash): they are how a
// request finds its project in the first place.
class ProjectRepository {
public:
    virtual ~ProjectRepository() = default;
    virtual Result<void> Insert(const domain::Project& project) = 0;
    virtual Result<domain::Project> Get(const ProjectId& id) = 0;  // kNotFound
    virtual Result<long long> Count() = 0;
    virtual Result<std::vector<domain::Project>> List() = 0;

    virtual Result<void> InsertApiKey(const ProjectId& project, const domain::ApiKey& key) = 0;
    // The unrevoked key with this hash, or kNotFound.
    virtual Result<domain::ApiKey> FindActiveApiKeyByHash(std::string_view key_hash) = 0;
    // kNotFound when the key does not exist in that project or is already revoked.
    virtual Result<void> RevokeApiKey(const ProjectId& project, const ApiKeyId& id,
                                      Timestamp at) = 0;
};

}  // namespace wharf::store
