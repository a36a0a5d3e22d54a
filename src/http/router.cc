#include "http/router.h"

#include <algorithm>

namespace wharf::http {

std::string_view RequestContext::Param(std::string_view name) const {
    for (const auto& [k, v] : params) {
        if (k == name) {
            return v;
        }
    }
    return {};
}

std::vector<std::string_view> SplitPath(std::string_view path) {
    std::vector<std::string_view> out;
    size_t i = 0;
    while (i < path.size()) {
        if (path[i] == '/') {
            ++i;
            continue;
        }
        size_t j = path.find('/', i);
        if (j == std::string_view::npos) {
            j = path.size();
        }
        out.push_back(path.substr(i, j - i));
        i = j;
    }
    return out;
}

const Surface* Router::AddSurface(Surface s) {
    surfaces_.push_back(std::make_unique<Surface>(std::move(s)));
    const Surface* added = surfaces_.back().get();
    std::stable_sort(surfaces_.begin(), surfaces_.end(), [](const auto& a, const auto& b) {
        return a->prefix.size() > b->prefix.size();
    });
    return added;
}

void Router::Add(Method method, std::string_view pattern, const Surface* surface, Handler handler,
                 RouteOptions options) {
    Add(method, pattern, surface, std::move(handler), nullptr, options);
}

void Router::Add(Method method, std::string_view pattern, const Surface* surface, Handler handler,
                 AsyncHandler async_handler, RouteOptions options) {
    Route r{method, {}, std::move(handler), surface, options, std::move(async_handler)};
    for (auto seg : SplitPath(pattern)) {
        r.segments.emplace_back(seg);
    }
    routes_.push_back(std::move(r));
}

namespace {
// A pattern segment is a literal ("customers"), a parameter ("{id}") or a prefixed parameter
// ("upload:{session_id}": a literal prefix, then the rest of the segment as the value). Graph
// puts ids behind a fixed prefix in one segment, which a plain parameter cannot express without
// also swallowing every other value at that position.
enum class SegmentKind { kParam = 0, kPrefixed = 1, kLiteral = 2 };  // ordered by precedence

struct PatternSegment {
    SegmentKind kind;
    std::string_view prefix;  // kPrefixed: the literal before '{'; kLiteral: the whole segment
    std::string_view name;    // kParam, kPrefixed: the parameter's name
};

PatternSegment Classify(const std::string& seg) {
    if (seg.size() > 2 && seg.back() == '}') {
        size_t open = seg.find('{');
        if (open == 0) {
            return {SegmentKind::kParam, {}, std::string_view(seg).substr(1, seg.size() - 2)};
        }
        // A prefix and a non-empty name: "p{x}" but not "p{}".
        if (open != std::string::npos && open + 2 < seg.size()) {
            std::string_view s(seg);
            return {SegmentKind::kPrefixed, s.substr(0, open),
                    s.substr(open + 1, seg.size() - open - 2)};
        }
    }
    return {SegmentKind::kLiteral, seg, {}};
}

bool SegmentMatches(const PatternSegment& p, std::string_view part) {
    switch (p.kind) {
        case SegmentKind::kParam:
            return true;
        case SegmentKind::kPrefixed:
            // The value after the prefix must not be empty: "upload:" alone names nothing.
            return part.size() > p.prefix.size() && part.substr(0, p.prefix.size()) == p.prefix;
        case SegmentKind::kLiteral:
            return part == p.prefix;
    }
    return false;
}

// A route's specificity for a path it matches: at the first position where two routes differ,
// a literal beats a prefixed parameter, which beats a plain parameter; of two prefixed
// parameters the longer prefix wins. True when a is more specific than b.
bool MoreSpecific(const Route& a, const Route& b) {
    for (size_t i = 0; i < a.segments.size(); ++i) {
        PatternSegment as = Classify(a.segments[i]), bs = Classify(b.segments[i]);
        if (as.kind != bs.kind) {
            return as.kind > bs.kind;
        }
        if (as.kind == SegmentKind::kPrefixed && as.prefix.size() != bs.prefix.size()) {
            return as.prefix.size() > bs.prefix.size();
        }
    }
    return false;
}
}  // namespace

Router::Match Router::Find(Method method, std::string_view path) const {
    auto parts = SplitPath(path);
    Match m;
    const Route* best = nullptr;
    std::vector<std::string> allowed;
    for (const Route& r : routes_) {
        if (r.segments.size() != parts.size()) {
            continue;
        }
        bool ok = true;
        for (size_t i = 0; i < parts.size() && ok; ++i) {
            ok = SegmentMatches(Classify(r.segments[i]), parts[i]);
        }
        if (!ok) {
            continue;
        }
        Method want = method == Method::kHead ? Method::kGet : method;
        if (r.method != want) {
            allowed.emplace_back(MethodName(r.method));
            if (r.method == Method::kGet) {
                allowed.emplace_back(MethodName(Method::kHead));  // GET routes answer HEAD too
            }
            continue;
        }
        if (best == nullptr || MoreSpecific(r, *best)) {
            best = &r;
        }
    }
    if (best == nullptr) {
        if (!allowed.empty()) {
            m.method_mismatch = true;
            std::sort(allowed.begin(), allowed.end());
            allowed.erase(std::unique(allowed.begin(), allowed.end()), allowed.end());
            for (const auto& a : allowed) {
                m.allow += m.allow.empty() ? a : ", " + a;
            }
        }
        return m;
    }
    m.route = best;
    for (size_t i = 0; i < parts.size(); ++i) {
        PatternSegment seg = Classify(best->segments[i]);
        if (seg.kind != SegmentKind::kLiteral) {
            m.params.emplace_back(std::string(seg.name),
                                  std::string(parts[i].substr(seg.prefix.size())));
        }
    }
    return m;
}

namespace {
// The next non-empty segment of `path` from `pos` ("" at the end); advances `pos`.
std::string_view NextSegment(std::string_view path, size_t& pos) {
    while (pos < path.size() && path[pos] == '/') {
        ++pos;
    }
    size_t end = std::min(path.find('/', pos), path.size());
    std::string_view seg = path.substr(pos, end - pos);
    pos = end;
    return seg;
}

// The number of segments of `prefix` when its segments begin `path`'s, else -1.
int PrefixSegments(std::string_view path, std::string_view prefix) {
    size_t path_pos = 0, prefix_pos = 0;
    for (int n = 0;; ++n) {
        std::string_view want = NextSegment(prefix, prefix_pos);
        if (want.empty()) {
            return n;
        }
        if (NextSegment(path, path_pos) != want) {
            return -1;
        }
    }
}
}  // namespace

const Surface* Router::SurfaceFor(std::string_view path) const {
    // Segment by segment, like Find: "//platform/v1/x" belongs where Find routes it, and
    // "/platform/v1x" is not under "/platform/v1".
    const Surface* best = nullptr;
    int best_segments = -1;
    for (const auto& s : surfaces_) {
        int n = PrefixSegments(path, s->prefix);
        if (n > best_segments) {
            best = s.get();
            best_segments = n;
        }
    }
    return best;
}

}  // namespace wharf::http
