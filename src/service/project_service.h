#pragma once

#include <chrono>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>

#include "base/clock.h"
#include "base/result.h"
#include "domain/project/project.h"
#include "store/store.h"
#include "upstream/whatsapp_upstream.h"

namespace wharf::service {

// An API key as handed out: the only moment its text exists outside the caller's hands.
struct IssuedKey {
    ProjectId project_id;
    ApiKeyId api_key_id;
    std::string api_key;
};

// What the first start of a server did (or found).
struct BootstrapResult {
    bool first_start = false;
    ProjectId project_id;
    std::optional<std::string> api_key;  // only on first start
    std::optional<PhoneNumberId> sandbox_phone_number_id;
    std::optional<BusinessAccountId> sandbox_business_account_id;
};

// Projects, API keys and the first-start bootstrap. Holds references only; thread-safe.
//
// Authenticate keeps successful lookups for `key_cache_ttl` (0: no cache) so that a request does
// not cost a database read for its key: a key revoked through this service stops working at
// once, one revoked by another process (the CLI) within the TTL.
class ProjectService {
public:
    ProjectService(store::Store& store, const Clock& clock,
                   std::chrono::milliseconds key_cache_ttl = std::chrono::milliseconds(0))
        : store_(store), clock_(clock), key_cache_ttl_(key_cache_ttl) {}

    Result<IssuedKey> CreateProject(const std::string& name);
    // `fixed_key` makes the key text reproducible (WHARF_BOOTSTRAP_API_KEY); else random.
    Result<IssuedKey> CreateApiKey(const ProjectId& project, const std::string& name,
                                   const std::optional<std::string>& fixed_key = std::nullopt);
    Result<void> RevokeApiKey(const ProjectId& project, const ApiKeyId& id);
    // Revokes by key text (whatever project it belongs to); returns which key it was.
    Result<domain::ApiKey> RevokeApiKeyByText(std::string_view key);
    // The active key with this text, or kUnauthenticated.
    Result<domain::ApiKey> Authenticate(std::string_view key);

    // On an empty database: creates project "default", its first API key and (when `sandbox` is
    // given) a sandbox phone number, all in one transaction. Otherwise reports what is there.
    Result<BootstrapResult> Bootstrap(upstream::WhatsAppUpstream* sandbox,
                                      const std::optional<std::string>& fixed_key);

private:
    struct CachedKey {
        domain::ApiKey key;
        Timestamp expires_at;
    };
    void ForgetKey(const ApiKeyId& id);

    store::Store& store_;
    const Clock& clock_;
    std::chrono::milliseconds key_cache_ttl_;
    mutable std::shared_mutex cache_mu_;
    std::unordered_map<std::string, CachedKey> key_cache_;  // key hash -> key
};

}  // namespace wharf::service
