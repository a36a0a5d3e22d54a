#include "api/json/template_json.h"

namespace wharf::api {

namespace bj = boost::json;

namespace {

std::string Trimmed(std::string s) {
    while (!s.empty() && s.front() == ' ') {
        s.erase(0, 1);
    }
    while (!s.empty() && s.back() == ' ') {
        s.pop_back();
    }
    return s;
}

}  // namespace

bj::object TemplateToGraphJson(const domain::TemplateRecord& r,
                               const std::optional<std::string>& fields) {
    const domain::Template& t = r.tmpl;
    bj::object all{
        {"id", t.id},
        {"name", t.name},
        {"language", t.language},
        {"status", domain::ToString(t.status)},
        {"category", domain::ToString(t.category)},
        {"parameter_format", domain::ToString(t.parameter_format)},
        {"components", t.components_json},
    };
    if (t.previous_category) {
        all["previous_category"] = domain::ToString(*t.previous_category);
    }
    if (t.rejected_reason) {
        all["rejected_reason"] = *t.rejected_reason;
    }
    all["quality_score"] = bj::object{{"score", domain::ToString(t.quality)}};
    if (!fields || fields->empty()) {
        return all;
    }
    bj::object out{{"id", t.id}};
    size_t start = 0;
    while (start <= fields->size()) {
        size_t comma = fields->find(',', start);
        std::string f = Trimmed(
            fields->substr(start, comma == std::string::npos ? std::string::npos : comma - start));
        if (auto it = all.find(f); it != all.end()) {
            out[f] = it->value();
        }
        if (comma == std::string::npos) {
            break;
        }
        start = comma + 1;
    }
    return out;
}

domain::Keyset TemplateKeyset(const domain::TemplateRecord& t) {
    return {t.created_at, t.tmpl.id};
}

}  // namespace wharf::api
