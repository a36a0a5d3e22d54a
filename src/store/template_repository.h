#pragma once

#include <string>
#include <utility>
#include <vector>

#include "base/result.h"
#include "domain/pagination/keyset.h"
#include "domain/template/template_record.h"

namespace wharf::store {

// Message templates of a project's WABAs. Template ids are unique across projects;
// (project, WABA, name, language) is unique: inserting either twice is kAlreadyExists.
class TemplateRepository {
public:
    virtual ~TemplateRepository() = default;
    virtual Result<void> Insert(const ProjectId& project, const domain::TemplateRecord& t) = 0;
    // kNotFound when the project has no template with that id.
    virtual Result<domain::TemplateRecord> Get(const ProjectId& project, const std::string& id) = 0;
    // One WABA's templates, newest first by (created_at, id).
    virtual Result<domain::KeysetPage<domain::TemplateRecord>> List(
        const ProjectId& project, const BusinessAccountId& waba,
        const domain::TemplateFilter& filter, const domain::KeysetRequest& page) = 0;
    // Every language of one name in a WABA, oldest first (empty when none).
    virtual Result<std::vector<domain::TemplateRecord>> FindByName(const ProjectId& project,
                                                                   const BusinessAccountId& waba,
                                                                   const std::string& name) = 0;
    // Unscoped, for the sandbox reviewer: templates whose review_due_at is at or before `now`,
    // earliest due first, at most `limit`, each with its project. With
    // `skip_all_production_wabas`, templates of a WABA whose numbers in the project are all
    // production numbers (at least one) are left out: in meta mode those WABAs are Meta's.
    virtual Result<std::vector<std::pair<ProjectId, domain::TemplateRecord>>> ListReviewDue(
        Timestamp now, int limit, bool skip_all_production_wabas = false) = 0;
    // Writes category, previous_category, status, parameter_format, components,
    // rejected_reason, quality, updated_at and review_due_at (matched by id). kNotFound if absent.
    virtual Result<void> Update(const ProjectId& project, const domain::TemplateRecord& t) = 0;
    virtual Result<void> Delete(const ProjectId& project, const std::string& id) = 0;
};

}  // namespace wharf::store
