#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace wharf {

// SHA-256 over data that arrives in pieces (an upload streamed to disk): Update any number of
// times, then Hex once. Not thread-safe; movable, not copyable.
class Sha256Stream {
public:
    Sha256Stream();
    ~Sha256Stream();
    Sha256Stream(Sha256Stream&&) noexcept;
    Sha256Stream& operator=(Sha256Stream&&) noexcept;
    Sha256Stream(const Sha256Stream&) = delete;
    Sha256Stream& operator=(const Sha256Stream&) = delete;

    void Update(std::string_view data);
    // The digest of everything fed so far, lower-case hex. Ends the stream: Update after it
    // starts a new one.
    std::string Hex();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace wharf
