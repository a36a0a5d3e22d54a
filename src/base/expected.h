#pragma once

#include <cstdlib>
#include <type_traits>
#include <utility>
#include <variant>

namespace wharf {

// A small std::expected (C++23) for GCC 12 in C++20 mode: the subset of its API that wharf uses,
// with the same names, so that moving to std::expected is a change to result.h alone.
template <class E>
class Unexpected {
public:
    explicit Unexpected(E e) : error_(std::move(e)) {}
    const E& error() const& { return error_; }
    E& error() & { return error_; }
    E&& error() && { return std::move(error_); }

private:
    E error_;
};

template <class E>
Unexpected(E) -> Unexpected<E>;

template <class T, class E>
class [[nodiscard]] Expected {
public:
    using value_type = T;
    using error_type = E;

    Expected() requires std::is_default_constructible_v<T> : v_(std::in_place_index<0>) {}
    template <class U = T>
    requires std::is_constructible_v<T, U&&> &&
        (!std::is_same_v<std::remove_cvref_t<U>, Expected>)&&(
            !std::is_same_v<std::remove_cvref_t<U>, Unexpected<E>>)Expected(U&& v)
        : v_(std::in_place_index<0>, std::forward<U>(v)) {}
    template <class G>
    Expected(const Unexpected<G>& u) : v_(std::in_place_index<1>, u.error()) {}
    template <class G>
    Expected(Unexpected<G>&& u) : v_(std::in_place_index<1>, std::move(u).error()) {}

    bool has_value() const { return v_.index() == 0; }
    explicit operator bool() const { return has_value(); }

    T& value() & { return Check(), std::get<0>(v_); }
    const T& value() const& { return Check(), std::get<0>(v_); }
    T&& value() && { return Check(), std::move(std::get<0>(v_)); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T&& operator*() && { return std::move(*this).value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }

    const E& error() const& { return std::get<1>(v_); }
    E& error() & { return std::get<1>(v_); }
    E&& error() && { return std::move(std::get<1>(v_)); }

    template <class U>
    T value_or(U&& fallback) const& {
        return has_value() ? std::get<0>(v_) : static_cast<T>(std::forward<U>(fallback));
    }

private:
    void Check() const {
        if (!has_value()) {
            std::abort();  // value() on an error is a bug, like dereferencing an empty optional
        }
    }
    std::variant<T, E> v_;
};

template <class E>
class [[nodiscard]] Expected<void, E> {
public:
    using value_type = void;
    using error_type = E;

    Expected() = default;
    template <class G>
    Expected(const Unexpected<G>& u) : error_(u.error()), ok_(false) {}
    template <class G>
    Expected(Unexpected<G>&& u) : error_(std::move(u).error()), ok_(false) {}

    bool has_value() const { return ok_; }
    explicit operator bool() const { return ok_; }
    void value() const {
        if (!ok_) {
            std::abort();
        }
    }
    const E& error() const& { return error_; }
    E& error() & { return error_; }
    E&& error() && { return std::move(error_); }

private:
    E error_{};
    bool ok_ = true;
};

}  // namespace wharf
