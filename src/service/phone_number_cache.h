#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

#include "base/clock.h"
#include "base/ids.h"
#include "base/result.h"
#include "domain/phone_number/phone_number.h"
#include "store/store.h"

namespace wharf::service {

// Phone numbers by (project, phone_number_id), kept in memory for `ttl` after a read: a send
// finds its number here instead of reading it on a reader connection (whose page cache every
// write empties). The services that change numbers in this process forget the project's numbers
// once their write committed, so their changes show at once; a change made by another process
// (the CLI, another server on the same PostgreSQL) shows within `ttl`. Unknown numbers are not
// kept (a new number is found at once). A ttl of 0 turns the cache off. Thread-safe.
class PhoneNumberCache {
public:
    PhoneNumberCache(const Clock& clock, std::chrono::milliseconds ttl)
        : clock_(clock), ttl_(ttl) {}

    // The number as PhoneNumberRepository::Get reads it (kNotFound when it does not exist).
    Result<domain::PhoneNumber> Get(store::Store& store, const ProjectId& project,
                                    const PhoneNumberId& number);
    // Drops every number of `project`. Call after a write to one of them committed.
    void Forget(const ProjectId& project);

private:
    struct Entry {
        domain::PhoneNumber number;
        Timestamp read_at;
    };
    static std::string Key(const ProjectId& project, const PhoneNumberId& number);

    const Clock& clock_;
    const std::chrono::milliseconds ttl_;
    std::mutex mu_;
    // Bumped by Forget: a read that started before it does not store what it read.
    uint64_t generation_ = 0;
    std::unordered_map<std::string, Entry> entries_;  // project id '\n' phone_number_id
};

}  // namespace wharf::service
