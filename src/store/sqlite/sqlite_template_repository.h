#pragma once

#include "store/sqlite/sqlite_connection_source.h"
#include "store/template_repository.h"

namespace wharf::store::sqlite {

// TemplateRepository on SQLite: table message_templates, unique per id and per (project_id,
// business_account_id, name, language). The components are stored as submitted (JSON text) and
// parsed back into the domain model on read. Every statement is scoped by project_id except the
// reviewer's ListReviewDue. Owned by its SqliteStore; holds no connection between calls.
class SqliteTemplateRepository final : public TemplateRepository {
public:
    explicit SqliteTemplateRepository(SqliteConnectionSource source) : source_(source) {}

    // kNotFound when the project does not exist; kAlreadyExists for a taken id or
    // (WABA, name, language).
    Result<void> Insert(const ProjectId& project, const domain::TemplateRecord& t) override;
    Result<domain::TemplateRecord> Get(const ProjectId& project, const std::string& id) override;
    Result<domain::KeysetPage<domain::TemplateRecord>> List(
        const ProjectId& project, const BusinessAccountId& waba,
        const domain::TemplateFilter& filter, const domain::KeysetRequest& page) override;
    Result<std::vector<domain::TemplateRecord>> FindByName(const ProjectId& project,
                                                           const BusinessAccountId& waba,
                                                           const std::string& name) override;
    Result<std::vector<std::pair<ProjectId, domain::TemplateRecord>>> ListReviewDue(
        Timestamp now, int limit, bool skip_all_production_wabas) override;
    Result<void> Update(const ProjectId& project, const domain::TemplateRecord& t) override;
    Result<void> Delete(const ProjectId& project, const std::string& id) override;

private:
    SqliteConnectionSource source_;
};

}  // namespace wharf::store::sqlite
