#include "service/phone_number_cache.h"

namespace wharf::service {

std::string PhoneNumberCache::Key(const ProjectId& project, const PhoneNumberId& number) {
    std::string key;
    key.reserve(project.value().size() + 1 + number.value().size());
    key.append(project.value()).append(1, '\n').append(number.value());
    return key;
}

Result<domain::PhoneNumber> PhoneNumberCache::Get(store::Store& store, const ProjectId& project,
                                                  const PhoneNumberId& number) {
    if (ttl_.count() <= 0) {
        return store.PhoneNumbers().Get(project, number);
    }
    const std::string key = Key(project, number);
    uint64_t generation = 0;
    {
        std::lock_guard lock(mu_);
        auto it = entries_.find(key);
        if (it != entries_.end()) {
            // A clock that went back counts as expired.
            const auto age = clock_.Now() - it->second.read_at;
            if (age >= std::chrono::microseconds(0) && age < ttl_) {
                return it->second.number;
            }
            entries_.erase(it);
        }
        generation = generation_;
    }
    const Timestamp read_at = clock_.Now();
    WHARF_ASSIGN_OR_RETURN(domain::PhoneNumber n, store.PhoneNumbers().Get(project, number));
    {
        std::lock_guard lock(mu_);
        if (generation == generation_) {
            entries_.insert_or_assign(key, Entry{n, read_at});
        }
    }
    return n;
}

void PhoneNumberCache::Forget(const ProjectId& project) {
    const std::string prefix = project.value() + '\n';
    std::lock_guard lock(mu_);
    ++generation_;
    std::erase_if(entries_, [&](const auto& e) { return e.first.starts_with(prefix); });
}

}  // namespace wharf::service
