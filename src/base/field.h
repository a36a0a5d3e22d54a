#pragma once

#include <optional>

namespace wharf {

// A request field as sent: absent, explicitly null, or a value. PATCH semantics need all three.
template <class T>
struct Field {
    enum class State { kAbsent, kNull, kValue };
    State state = State::kAbsent;
    T value{};

    bool present() const { return state != State::kAbsent; }
    bool is_null() const { return state == State::kNull; }
    bool has_value() const { return state == State::kValue; }
    std::optional<T> AsOptional() const {
        return has_value() ? std::optional<T>(value) : std::nullopt;
    }
};

}  // namespace wharf
