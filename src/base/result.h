#pragma once

#include "base/error.h"
#include "base/expected.h"

namespace wharf {

// Every fallible call across a module boundary returns Result<T>.
template <class T>
using Result = Expected<T, Error>;

inline Unexpected<Error> Fail(Error e) {
    return Unexpected<Error>(std::move(e));
}

}  // namespace wharf

#define WHARF_CONCAT_INNER(a, b) a##b
#define WHARF_CONCAT(a, b) WHARF_CONCAT_INNER(a, b)

// WHARF_TRY(expr): evaluate a Result; on error return that error from the enclosing function.
#define WHARF_TRY(expr)                                                 \
    do {                                                                \
        auto&& wharf_try_result_ = (expr);                              \
        if (!wharf_try_result_) {                                       \
            return ::wharf::Fail(std::move(wharf_try_result_).error()); \
        }                                                               \
    } while (false)

#define WHARF_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr)   \
    auto tmp = (expr);                                \
    if (!tmp) {                                       \
        return ::wharf::Fail(std::move(tmp).error()); \
    }                                                 \
    lhs = std::move(tmp).value()

// WHARF_ASSIGN_OR_RETURN(auto x, expr): bind the value of a Result or return its error.
#define WHARF_ASSIGN_OR_RETURN(lhs, expr) \
    WHARF_ASSIGN_OR_RETURN_IMPL(WHARF_CONCAT(wharf_aor_, __LINE__), lhs, expr)
