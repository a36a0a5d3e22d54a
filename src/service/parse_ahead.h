#pragma once

#include <condition_variable>
#include <cstddef>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <stop_token>
#include <thread>
#include <vector>

#include "base/result.h"

namespace wharf::service {

// Runs `work(0)`, `work(1)`, ... `work(n - 1)` in order on a thread of its own, ahead of a
// consumer that takes the results in the same order: the Meta webhook bodies of a batch are
// parsed beside the transaction that applies them, instead of before it on the store's single
// writer. The first failed item (an error or an exception, which becomes kInternal) is the last
// one run. The destructor asks the thread to stop after its current item and joins it.
template <class T>
class ParseAhead {
public:
    ParseAhead(size_t n, std::function<Result<T>(size_t)> work)
        : results_(n),
          work_(std::move(work)),
          thread_([this](std::stop_token stop) { Run(stop); }) {}
    ParseAhead(const ParseAhead&) = delete;
    ParseAhead& operator=(const ParseAhead&) = delete;
    ~ParseAhead() {
        thread_.request_stop();
        thread_.join();
    }

    size_t size() const { return results_.size(); }

    // Waits for item i: its result, or its error. Items after a failed one are kAborted.
    Result<T*> Wait(size_t i) {
        std::unique_lock lock(mu_);
        cv_.wait(lock, [&] { return i < done_ || finished_; });
        if (i >= done_) {
            return Fail(Error::Aborted("not run: an earlier item failed"));
        }
        auto& r = *results_[i];
        if (!r) {
            return Fail(r.error());
        }
        return &*r;
    }

private:
    void Run(const std::stop_token& stop) {
        for (size_t i = 0; i < results_.size() && !stop.stop_requested(); ++i) {
            std::optional<Result<T>> r;
            try {
                r.emplace(work_(i));
            } catch (const std::exception& e) {
                r.emplace(Fail(Error::Internal(std::string("parsing failed: ") + e.what())));
            }
            const bool failed = !r->has_value();
            {
                std::lock_guard lock(mu_);
                results_[i] = std::move(r);
                done_ = i + 1;
                finished_ = failed || done_ == results_.size();
            }
            cv_.notify_all();
            if (failed) {
                return;
            }
        }
        std::lock_guard lock(mu_);
        finished_ = true;
        cv_.notify_all();
    }

    std::mutex mu_;
    std::condition_variable cv_;
    std::vector<std::optional<Result<T>>> results_;
    size_t done_ = 0;        // results_[0, done_) are set
    bool finished_ = false;  // no more will be
    std::function<Result<T>(size_t)> work_;
    std::jthread thread_;  // last: started once the members above exist
};

}  // namespace wharf::service
