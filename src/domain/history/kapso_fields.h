#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "base/result.h"

namespace wharf::domain {

// The two API surfaces render history records slightly differently where Kapso's own
// descriptions differ (processing_status, kapso.phone_number), and accept different filters.
enum class HistorySurface { kPlatform, kMetaProxy };

// Which fields of a history record's `kapso` extension object to render, from the `fields` query
// parameter (contract §2.11):
//   absent or empty           every field (Kapso's default set; nothing is left out)
//   kapso(*), kapso(default)  every field
//   kapso(a,b,...)            only those (unknown names are ignored)
//   kapso()                   no kapso object
//   a list without kapso(...) no kapso object (Graph semantics: you get the fields you name)
// Other entries of the list (id, type, ...) do not filter the Meta fields, which are always
// rendered. A value, cheap to copy.
class KapsoFields {
public:
    static KapsoFields All() { return KapsoFields(true, true, {}); }
    static KapsoFields None() { return KapsoFields(false, false, {}); }
    // kInvalidArgument naming "fields" when the list is malformed (unbalanced parentheses).
    static Result<KapsoFields> Parse(const std::optional<std::string>& fields);

    // Whether the kapso object is rendered at all.
    bool Any() const { return any_; }
    bool Has(std::string_view name) const { return all_ || names_.count(std::string(name)) > 0; }

private:
    KapsoFields(bool any, bool all, std::set<std::string> names)
        : any_(any), all_(all), names_(std::move(names)) {}

    bool any_;
    bool all_;
    std::set<std::string> names_;
};

}  // namespace wharf::domain
