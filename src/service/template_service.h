#pragma once

#include <chrono>
#include <optional>
#include <string>

#include <boost/json.hpp>

#include "base/clock.h"
#include "base/result.h"
#include "domain/event/event.h"
#include "domain/pagination/keyset.h"
#include "domain/template/template_record.h"
#include "domain/template/template_reviewer.h"
#include "store/store.h"

namespace wharf::service {

struct TemplateServiceOptions {
    // How long a created or edited template stays PENDING before the sandbox reviewer decides.
    std::chrono::milliseconds review_delay{2000};
};

// DELETE /{waba}/message_templates: by `name` (every language, or only `language`), or by
// `hsm_id` (one template; `name`, when also given, must be its name). At least one of name and
// hsm_id.
struct TemplateDeletion {
    std::optional<std::string> name;
    std::optional<std::string> hsm_id;
    std::optional<std::string> language;
};

// The message_template_status_update event for a review decision: payload
// {"event","message_template_id","message_template_name","message_template_language","reason"}
// and Meta's webhook body as meta_payload; no phone number. Pure; exposed for tests.
domain::Event MakeTemplateStatusEvent(const domain::TemplateRecord& t,
                                      const domain::TemplateReview& review, Timestamp now);

// Message templates of a project's WABAs (Meta's /{waba}/message_templates). A WABA is the
// project's when one of its numbers carries that business_account_id; any other WABA, and any
// template id the project does not own, is kNotFound with `field` naming the missing object
// ("waba_id" or "template_id"). Validation errors are the domain's Graph errors
// (template_validator.h). New and edited templates are PENDING until ReviewDue decides, after
// options.review_delay. Holds references to the store and clock, which must outlive it.
// Thread-safe (no state of its own).
class TemplateService {
public:
    TemplateService(store::Store& store, const Clock& clock, TemplateServiceOptions options = {})
        : store_(store), clock_(clock), options_(options) {}

    Result<domain::KeysetPage<domain::TemplateRecord>> List(const ProjectId& project,
                                                            const BusinessAccountId& waba,
                                                            const domain::TemplateFilter& filter,
                                                            const domain::KeysetRequest& page);
    // With `waba`, the template must also belong to that WABA.
    Result<domain::TemplateRecord> Get(const ProjectId& project,
                                       const std::optional<BusinessAccountId>& waba,
                                       const std::string& id);
    // ParseTemplate, then stored PENDING with a new Meta-style id. The same name and language
    // twice in one WABA is kAlreadyExists (Graph 100, subcode 2388024).
    Result<domain::TemplateRecord> Create(const ProjectId& project, const BusinessAccountId& waba,
                                          const boost::json::object& body);
    // CheckEditable + ApplyTemplateEdit; the template goes back to PENDING review.
    Result<domain::TemplateRecord> Update(const ProjectId& project,
                                          const std::optional<BusinessAccountId>& waba,
                                          const std::string& id, const boost::json::object& edit);
    // Returns how many templates were deleted (at least one; none found is kNotFound).
    Result<int> Delete(const ProjectId& project, const BusinessAccountId& waba,
                       const TemplateDeletion& what);

    // The sandbox reviewer's tick: decides (ReviewTemplate) every PENDING template whose review
    // is due, across projects, at most `limit`, in one transaction that also records one
    // message_template_status_update event per decision. Returns how many were decided.
    Result<int> ReviewDue(int limit = 100);

private:
    Result<void> CheckWaba(const ProjectId& project, const BusinessAccountId& waba);

    store::Store& store_;
    const Clock& clock_;
    TemplateServiceOptions options_;
};

}  // namespace wharf::service
