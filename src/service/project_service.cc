#include "service/project_service.h"

#include <mutex>

#include "base/random.h"
#include "domain/phone_number/phone_number.h"
#include "service/phone_number_service.h"

namespace wharf::service {
namespace {

std::string NewKeyText() {
    return std::string(domain::kApiKeyPrefix) + RandomToken(40);
}

domain::ApiKey MakeKey(const ProjectId& project, const std::string& name, const std::string& text,
                       Timestamp now) {
    domain::ApiKey k;
    k.id = ApiKeyId(NewUuid());
    k.project_id = project;
    k.name = name;
    k.key_hash = domain::HashApiKey(text);
    k.prefix = text.substr(0, std::min<size_t>(text.size(), 10));
    k.created_at = now;
    return k;
}

}  // namespace

Result<IssuedKey> ProjectService::CreateProject(const std::string& name) {
    if (!domain::IsValidProjectName(name)) {
        return Fail(Error::InvalidArgument("a project name is 1 to 200 characters"));
    }
    domain::Project p{ProjectId(NewUuid()), name, clock_.Now()};
    std::string text = NewKeyText();
    domain::ApiKey key = MakeKey(p.id, "default", text, p.created_at);
    WHARF_TRY(store_.Transact([&](store::Store& tx) -> Result<void> {
        WHARF_TRY(tx.Projects().Insert(p));
        return tx.Projects().InsertApiKey(p.id, key);
    }));
    return IssuedKey{p.id, key.id, text};
}

Result<IssuedKey> ProjectService::CreateApiKey(const ProjectId& project, const std::string& name,
                                               const std::optional<std::string>& fixed_key) {
    WHARF_TRY(store_.Projects().Get(project));
    std::string text = fixed_key.value_or(NewKeyText());
    domain::ApiKey key = MakeKey(project, name, text, clock_.Now());
    WHARF_TRY(store_.Projects().InsertApiKey(project, key));
    return IssuedKey{project, key.id, text};
}

Result<void> ProjectService::RevokeApiKey(const ProjectId& project, const ApiKeyId& id) {
    WHARF_TRY(store_.Projects().RevokeApiKey(project, id, clock_.Now()));
    ForgetKey(id);
    return {};
}

void ProjectService::ForgetKey(const ApiKeyId& id) {
    std::unique_lock lock(cache_mu_);
    std::erase_if(key_cache_, [&](const auto& entry) { return entry.second.key.id == id; });
}

Result<domain::ApiKey> ProjectService::RevokeApiKeyByText(std::string_view key) {
    WHARF_ASSIGN_OR_RETURN(domain::ApiKey k,
                           store_.Projects().FindActiveApiKeyByHash(domain::HashApiKey(key)));
    WHARF_TRY(store_.Projects().RevokeApiKey(k.project_id, k.id, clock_.Now()));
    ForgetKey(k.id);
    return k;
}

Result<domain::ApiKey> ProjectService::Authenticate(std::string_view key) {
    if (key.empty()) {
        return Fail(Error::Unauthenticated("missing API key: send it in the X-API-Key header"));
    }
    std::string hash = domain::HashApiKey(key);
    Timestamp now = clock_.Now();
    if (key_cache_ttl_.count() > 0) {
        std::shared_lock lock(cache_mu_);
        auto it = key_cache_.find(hash);
        if (it != key_cache_.end() && now < it->second.expires_at) {
            return it->second.key;
        }
    }
    auto k = store_.Projects().FindActiveApiKeyByHash(hash);
    if (!k) {
        if (k.error().code == ErrorCode::kNotFound) {
            return Fail(Error::Unauthenticated("invalid API key"));
        }
        return Fail(std::move(k).error());
    }
    if (key_cache_ttl_.count() > 0) {
        std::unique_lock lock(cache_mu_);
        if (key_cache_.size() > 10'000) {
            key_cache_.clear();  // bounded: many distinct keys is not the common case
        }
        key_cache_[hash] = CachedKey{*k, now + key_cache_ttl_};
    }
    return k;
}

Result<BootstrapResult> ProjectService::Bootstrap(upstream::WhatsAppUpstream* sandbox,
                                                  const std::optional<std::string>& fixed_key) {
    BootstrapResult out;
    WHARF_ASSIGN_OR_RETURN(long long count, store_.Projects().Count());
    if (count > 0) {
        WHARF_ASSIGN_OR_RETURN(auto projects, store_.Projects().List());
        out.project_id = projects.front().id;
        domain::PhoneNumberFilter f;
        WHARF_ASSIGN_OR_RETURN(auto numbers,
                               store_.PhoneNumbers().List(out.project_id, f, {1, 100}));
        for (const auto& n : numbers.items) {
            if (n.kind == domain::PhoneNumberKind::kSandbox) {
                out.sandbox_phone_number_id = n.phone_number_id;
                out.sandbox_business_account_id = n.business_account_id;
            }
        }
        return out;
    }
    Timestamp now = clock_.Now();
    domain::Project p{ProjectId(NewUuid()), "default", now};
    std::string text = fixed_key.value_or(NewKeyText());
    domain::ApiKey key = MakeKey(p.id, "bootstrap", text, now);
    std::optional<domain::PhoneNumber> number;
    if (sandbox != nullptr) {
        WHARF_ASSIGN_OR_RETURN(upstream::SignupResult s, sandbox->CreateTestNumber());
        number =
            MakeConnectedNumber(s, domain::PhoneNumberKind::kSandbox, std::nullopt, "Sandbox", now);
    }
    WHARF_TRY(store_.Transact([&](store::Store& tx) -> Result<void> {
        WHARF_ASSIGN_OR_RETURN(long long again, tx.Projects().Count());
        if (again > 0) {
            return Fail(Error::Aborted("another process bootstrapped the database first"));
        }
        WHARF_TRY(tx.Projects().Insert(p));
        WHARF_TRY(tx.Projects().InsertApiKey(p.id, key));
        if (number) {
            WHARF_TRY(tx.PhoneNumbers().Insert(p.id, *number));
        }
        return {};
    }));
    out.first_start = true;
    out.project_id = p.id;
    out.api_key = text;
    if (number) {
        out.sandbox_phone_number_id = number->phone_number_id;
        out.sandbox_business_account_id = number->business_account_id;
    }
    return out;
}

}  // namespace wharf::service
