#include "domain/history/kapso_fields.h"

namespace wharf::domain {
namespace {

std::string_view Trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
        s.remove_suffix(1);
    }
    return s;
}

Error Malformed() {
    return Error::InvalidArgument(
               "fields is malformed: expected a list like kapso(direction,status)")
        .WithField("fields");
}

}  // namespace

Result<KapsoFields> KapsoFields::Parse(const std::optional<std::string>& fields) {
    if (!fields || Trim(*fields).empty()) {
        return All();
    }
    std::string_view s = *fields;
    // Top-level entries are separated by commas outside parentheses.
    int depth = 0;
    size_t start = 0;
    std::optional<std::string_view> kapso_list;
    for (size_t i = 0; i <= s.size(); ++i) {
        char c = i < s.size() ? s[i] : ',';
        if (c == '(') {
            ++depth;
        } else if (c == ')') {
            if (--depth < 0) {
                return Fail(Malformed());
            }
        } else if (c == ',' && depth == 0) {
            std::string_view entry = Trim(s.substr(start, i - start));
            start = i + 1;
            size_t open = entry.find('(');
            if (open == std::string_view::npos) {
                continue;
            }
            if (entry.back() != ')' || Trim(entry.substr(0, open)) != "kapso") {
                return Fail(Malformed());
            }
            kapso_list = entry.substr(open + 1, entry.size() - open - 2);
        }
    }
    if (depth != 0) {
        return Fail(Malformed());
    }
    if (!kapso_list) {
        return None();
    }
    std::set<std::string> names;
    std::string_view rest = *kapso_list;
    while (true) {
        size_t comma = rest.find(',');
        std::string_view name = Trim(rest.substr(0, comma));
        if (name == "*" || name == "default") {
            return All();
        }
        if (name.find_first_of("()") != std::string_view::npos) {
            return Fail(Malformed());
        }
        if (!name.empty()) {
            names.emplace(name);
        }
        if (comma == std::string_view::npos) {
            break;
        }
        rest.remove_prefix(comma + 1);
    }
    if (names.empty()) {
        return None();
    }
    return KapsoFields(true, false, std::move(names));
}

}  // namespace wharf::domain
