#pragma once

#include <optional>
#include <string>

#include "base/clock.h"
#include "base/ids.h"
#include "domain/template/template.h"

namespace wharf::domain {

// A stored template: the template, the WABA it belongs to, and its bookkeeping. While the
// template waits for review (PENDING), `review_due_at` says when the sandbox reviewer decides.
struct TemplateRecord {
    BusinessAccountId business_account_id;
    Template tmpl;
    Timestamp created_at;
    Timestamp updated_at;
    std::optional<Timestamp> review_due_at;
};

// GET /{waba}/message_templates filters; every one set must match (exact values).
struct TemplateFilter {
    std::optional<std::string> name;
    std::optional<TemplateStatus> status;
    std::optional<TemplateCategory> category;
    std::optional<std::string> language;
};

}  // namespace wharf::domain
