#include "api/common/pagination.h"

#include <charconv>

#include "base/crypto.h"
#include "base/json.h"

namespace wharf::api {
namespace {

Result<int> PositiveInt(const http::Request& req, const char* key, int fallback, int max) {
    auto v = req.Query(key);
    if (!v) {
        return fallback;
    }
    int n = 0;
    auto r = std::from_chars(v->data(), v->data() + v->size(), n);
    if (v->empty() || r.ec != std::errc() || r.ptr != v->data() + v->size() || n < 1 || n > max) {
        return Fail(Error::InvalidArgument(std::string(key) + " must be an integer from 1 to " +
                                           std::to_string(max))
                        .WithField(key));
    }
    return n;
}

std::string PageUrl(const http::Request& req, int page) {
    std::string url = req.path + "?";
    bool first = true;
    for (const auto& [k, v] : req.query) {
        if (k == "page") {
            continue;
        }
        url += (first ? "" : "&") + http::PercentEncode(k) + "=" + http::PercentEncode(v);
        first = false;
    }
    url += (first ? "" : "&") + std::string("page=") + std::to_string(page);
    return url;
}

}  // namespace

Result<domain::PageRequest> ParsePageRequest(const http::Request& req) {
    domain::PageRequest p;
    WHARF_ASSIGN_OR_RETURN(p.page, PositiveInt(req, "page", 1, 1'000'000));
    WHARF_ASSIGN_OR_RETURN(p.per_page, PositiveInt(req, "per_page", 20, domain::kMaxPerPage));
    return p;
}

http::Response RenderPage(boost::json::array data, domain::PageRequest page, long long total_count,
                          const http::Request& req) {
    long long total_pages = (total_count + page.per_page - 1) / page.per_page;
    boost::json::object meta{{"page", page.page},
                             {"per_page", page.per_page},
                             {"total_pages", total_pages},
                             {"total_count", total_count}};
    boost::json::object body{{"data", std::move(data)}, {"meta", std::move(meta)}};
    http::Response r = http::Response::Json(200, boost::json::serialize(body));
    r.SetHeader("X-Total", std::to_string(total_count));
    r.SetHeader("X-Total-Pages", std::to_string(total_pages));
    r.SetHeader("X-Per-Page", std::to_string(page.per_page));
    r.SetHeader("X-Page", std::to_string(page.page));
    std::string link = "<" + PageUrl(req, 1) + ">; rel=\"first\"";
    if (page.page > 1) {
        link += ", <" + PageUrl(req, page.page - 1) + ">; rel=\"prev\"";
    }
    if (page.page < total_pages) {
        link += ", <" + PageUrl(req, page.page + 1) + ">; rel=\"next\"";
    }
    link += ", <" + PageUrl(req, std::max<long long>(total_pages, 1) == 1 ? 1 : int(total_pages)) +
            ">; rel=\"last\"";
    r.SetHeader("Link", link);
    return r;
}

std::string EncodeCursor(const Cursor& c) {
    boost::json::object o{{"k", c.key}, {"i", c.id}};
    return Base64Encode(boost::json::serialize(o));
}

Result<Cursor> DecodeCursor(std::string_view text) {
    auto bad = [] { return Fail(Error::InvalidArgument("invalid pagination cursor")); };
    auto raw = Base64Decode(text);
    if (!raw) {
        return bad();
    }
    auto v = json::Parse(*raw);
    if (!v || !v->is_object()) {
        return bad();
    }
    const auto& o = v->get_object();
    auto k = o.find("k");
    auto i = o.find("i");
    if (k == o.end() || i == o.end() || !k->value().is_string() || !i->value().is_string()) {
        return bad();
    }
    return Cursor{std::string(k->value().get_string()), std::string(i->value().get_string())};
}

Result<CursorRequest> ParseCursorRequest(const http::Request& req, int max_limit) {
    CursorRequest c;
    WHARF_ASSIGN_OR_RETURN(c.limit, PositiveInt(req, "limit", 20, max_limit));
    auto after = req.Query("after");
    auto before = req.Query("before");
    if (after && before) {
        return Fail(Error::InvalidArgument("after and before cannot be used together"));
    }
    if (after) {
        WHARF_ASSIGN_OR_RETURN(c.after, DecodeCursor(*after));
    }
    if (before) {
        WHARF_ASSIGN_OR_RETURN(c.before, DecodeCursor(*before));
    }
    return c;
}

boost::json::object PagingObject(const std::optional<std::string>& before,
                                 const std::optional<std::string>& after) {
    auto v = [](const std::optional<std::string>& s) {
        return s ? boost::json::value(*s) : boost::json::value(nullptr);
    };
    return boost::json::object{
        {"cursors", boost::json::object{{"before", v(before)}, {"after", v(after)}}},
        {"next", v(after)},
        {"previous", v(before)}};
}

}  // namespace wharf::api
