#pragma once

#include <optional>
#include <string>

#include <boost/json.hpp>

#include "domain/pagination/keyset.h"
#include "domain/template/template_record.h"

namespace wharf::api {

// Meta's message template node (GET /{waba}/message_templates, GET /{template_id}):
// {"id","name","language","status","category","parameter_format","components":[as submitted],
//  "previous_category"?,"rejected_reason"?,"quality_score":{"score"}}. `fields` (Graph's
// comma-separated projection) keeps only the named fields, plus id.
boost::json::object TemplateToGraphJson(const domain::TemplateRecord& t,
                                        const std::optional<std::string>& fields);

// A template's position in the newest-first list (its cursor).
domain::Keyset TemplateKeyset(const domain::TemplateRecord& t);

}  // namespace wharf::api
