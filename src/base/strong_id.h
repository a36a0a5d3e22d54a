#pragma once

#include <compare>
#include <functional>
#include <string>
#include <string_view>
#include <utility>

namespace wharf {

// A string id that cannot be mixed up with another kind of id (Redpanda's named_type). The tag is
// an empty struct; StrongId<CustomerTag> and StrongId<ProjectTag> do not convert into each other.
template <class Tag>
class StrongId {
public:
    StrongId() = default;
    explicit StrongId(std::string v) : value_(std::move(v)) {}

    const std::string& value() const { return value_; }
    bool empty() const { return value_.empty(); }

    friend auto operator<=>(const StrongId&, const StrongId&) = default;
    friend bool operator==(const StrongId&, const StrongId&) = default;

private:
    std::string value_;
};

}  // namespace wharf

template <class Tag>
struct std::hash<wharf::StrongId<Tag>> {
    size_t operator()(const wharf::StrongId<Tag>& id) const noexcept {
        return std::hash<std::string>{}(id.value());
    }
};
