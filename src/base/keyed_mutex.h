#pragma once

#include <map>
#include <mutex>
#include <string>

namespace wharf {

// Mutual exclusion per key: Acquire(key) blocks while another holder of the same key runs, and
// different keys never wait for each other. A key's mutex exists only while someone holds or
// waits for it, so memory follows the keys in use, not every key ever seen. Waiters of one key
// are not served in any particular order (std::mutex); callers that need an order define it as
// the order in which they obtain the lock. Thread-safe; must outlive its Locks.
class KeyedMutex {
    struct Entry {
        std::mutex mu;
        int users = 0;  // holders and waiters; guarded by KeyedMutex::mu_
    };
    using Map = std::map<std::string, Entry>;  // iterators survive other inserts and erases

public:
    // Holds one key until destroyed (or moved from).
    class [[nodiscard]] Lock {
    public:
        Lock(Lock&& other) noexcept : owner_(other.owner_), it_(other.it_) {
            other.owner_ = nullptr;
        }
        Lock& operator=(Lock&&) = delete;
        Lock(const Lock&) = delete;
        ~Lock() {
            if (owner_ != nullptr) {
                owner_->Release(it_);
            }
        }

    private:
        friend class KeyedMutex;
        Lock(KeyedMutex* owner, Map::iterator it) : owner_(owner), it_(it) {}
        KeyedMutex* owner_;
        Map::iterator it_;
    };

    Lock Acquire(const std::string& key) {
        Map::iterator it;
        {
            std::lock_guard lock(mu_);
            it = entries_.try_emplace(key).first;
            ++it->second.users;
        }
        it->second.mu.lock();
        return Lock(this, it);
    }

    // Keys currently held or waited for (for tests).
    size_t SizeForTest() {
        std::lock_guard lock(mu_);
        return entries_.size();
    }

private:
    void Release(Map::iterator it) {
        it->second.mu.unlock();
        std::lock_guard lock(mu_);
        if (--it->second.users == 0) {
            entries_.erase(it);
        }
    }

    std::mutex mu_;
    Map entries_;
};

}  // namespace wharf
