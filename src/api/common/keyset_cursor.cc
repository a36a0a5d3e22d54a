#include "api/common/keyset_cursor.h"

#include <charconv>

#include "api/common/pagination.h"

namespace wharf::api {

std::string EncodeKeyset(const domain::Keyset& k) {
    return EncodeCursor(Cursor{std::to_string(k.at.time_since_epoch().count()), k.id});
}

Result<domain::Keyset> DecodeKeyset(std::string_view text, const char* field) {
    auto bad = [field] {
        return Fail(Error::InvalidArgument(std::string(field) + " is not a valid pagination cursor")
                        .WithField(field));
    };
    // A cursor pasted into a URL unencoded has its '+' decoded as a space.
    std::string repaired(text);
    for (char& c : repaired) {
        if (c == ' ') {
            c = '+';
        }
    }
    auto cursor = DecodeCursor(repaired);
    if (!cursor || cursor->id.empty()) {
        return bad();
    }
    long long micros = 0;
    const std::string& key = cursor->key;
    auto r = std::from_chars(key.data(), key.data() + key.size(), micros);
    if (key.empty() || r.ec != std::errc() || r.ptr != key.data() + key.size()) {
        return bad();
    }
    return domain::Keyset{Timestamp(std::chrono::microseconds(micros)), cursor->id};
}

Result<domain::KeysetRequest> ParseKeysetRequest(const http::Request& req) {
    auto after = req.Query("after");
    auto before = req.Query("before");
    if (after && before) {
        return Fail(
            Error::InvalidArgument("after and before cannot be used together").WithField("before"));
    }
    domain::KeysetRequest page;
    if (after) {
        WHARF_ASSIGN_OR_RETURN(page.after, DecodeKeyset(*after, "after"));
    }
    if (before) {
        WHARF_ASSIGN_OR_RETURN(page.before, DecodeKeyset(*before, "before"));
    }
    // Limit bounds (and their message) are the shared cursor-paging ones.
    http::Request limit_only;
    if (auto limit = req.Query("limit")) {
        limit_only.query.emplace_back("limit", *limit);
    }
    WHARF_ASSIGN_OR_RETURN(CursorRequest c, ParseCursorRequest(limit_only));
    page.limit = c.limit;
    return page;
}

boost::json::object KeysetPaging(const std::optional<domain::Keyset>& first,
                                 const std::optional<domain::Keyset>& last, bool has_newer,
                                 bool has_older) {
    auto cursor = [](const std::optional<domain::Keyset>& k, bool when) {
        return k && when ? boost::json::value(EncodeKeyset(*k)) : boost::json::value(nullptr);
    };
    return boost::json::object{{"cursors", boost::json::object{{"before", cursor(first, true)},
                                                               {"after", cursor(last, true)}}},
                               {"next", cursor(last, has_older)},
                               {"previous", cursor(first, has_newer)}};
}

}  // namespace wharf::api
