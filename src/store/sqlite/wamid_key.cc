#include "store/sqlite/wamid_key.h"

#include <bit>
#include <string>

#include "domain/message/wamid.h"

namespace wharf::store::sqlite {

std::int64_t WamidKey(std::string_view wamid) {
    if (auto leading = domain::MintedWamidLeadingBytes(wamid)) {
        return static_cast<std::int64_t>(*leading >> 1);  // 0 .. 2^63 - 1
    }
    std::uint64_t hash = 14695981039346656037ULL;  // FNV-1a 64 offset basis
    for (unsigned char byte : wamid) {
        hash ^= byte;
        hash *= 1099511628211ULL;  // FNV-1a 64 prime
    }
    return std::bit_cast<std::int64_t>(hash | (1ULL << 63));  // negative
}

namespace {

void WamidKeySql(sqlite3_context* context, int, sqlite3_value** argv) {
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
        sqlite3_result_null(context);
        return;
    }
    const auto* text = sqlite3_value_text(argv[0]);
    const int bytes = sqlite3_value_bytes(argv[0]);
    if (text == nullptr) {  // out of memory converting the value to text
        sqlite3_result_error_nomem(context);
        return;
    }
    sqlite3_result_int64(context, WamidKey(std::string_view(reinterpret_cast<const char*>(text),
                                                            static_cast<std::size_t>(bytes))));
}

}  // namespace

Result<void> RegisterWamidKeyFunction(sqlite3* db) {
    const int rc = sqlite3_create_function_v2(db, "wharf_wamid_key", 1,
                                              SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                                              nullptr, WamidKeySql, nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) {
        return Fail(
            Error::Internal(std::string("registering wharf_wamid_key: ") + sqlite3_errstr(rc)));
    }
    return {};
}

}  // namespace wharf::store::sqlite
