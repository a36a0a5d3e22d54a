#include "store/sqlite/sqlite_template_repository.h"

#include <string>

#include <boost/json.hpp>

#include "domain/template/template_validator.h"
#include "store/sqlite/sqlite_keyset_page.h"
#include "store/sqlite/sqlite_transaction.h"
#include "store/sqlite/sqlite_where.h"

namespace wharf::store::sqlite {

namespace {

namespace bj = boost::json;

constexpr const char* kColumns =
    "id, business_account_id, name, language, category, previous_category, status, "
    "parameter_format, components, rejected_reason, quality, created_at, updated_at, "
    "review_due_at";

constexpr SqliteKeysetQuery kListQuery{"message_templates", kColumns, "created_at", "id"};

// Rebuilds the domain template from the stored row: the submitted definition goes back through
// ParseTemplate (one source of truth for the parsed components), then the stored state is
// applied on top.
Result<domain::TemplateRecord> ReadTemplate(const SqliteStatement& s) {
    boost::system::error_code ec;
    bj::value components = bj::parse(s.Text(8), ec);
    if (ec || !components.is_array()) {
        return Fail(Error::Internal("stored template components are not a JSON array"));
    }
    bj::object definition{{"name", s.Text(2)},
                          {"language", s.Text(3)},
                          {"category", s.Text(4)},
                          {"parameter_format", s.Text(7)},
                          {"components", std::move(components)}};
    auto parsed = domain::ParseTemplate(definition);
    if (!parsed) {
        return Fail(Error::Internal("stored template " + s.Text(0) +
                                    " no longer parses: " + parsed.error().message));
    }
    domain::TemplateRecord r;
    r.tmpl = std::move(*parsed);
    r.tmpl.id = s.Text(0);
    r.business_account_id = s.IdAt<BusinessAccountId>(1);
    if (auto prev = s.OptionalText(5)) {
        r.tmpl.previous_category = domain::ParseTemplateCategory(*prev);
    }
    auto status = domain::ParseTemplateStatus(s.Text(6));
    if (!status) {
        return Fail(Error::Internal("stored template status is unknown: " + s.Text(6)));
    }
    r.tmpl.status = *status;
    r.tmpl.rejected_reason = s.OptionalText(9);
    r.tmpl.quality =
        domain::ParseTemplateQuality(s.Text(10)).value_or(domain::TemplateQuality::kUnknown);
    r.created_at = s.Time(11);
    r.updated_at = s.Time(12);
    r.review_due_at = s.OptionalTime(13);
    return r;
}

domain::Keyset KeyOf(const domain::TemplateRecord& t) {
    return {t.created_at, t.tmpl.id};
}

std::optional<std::string> PreviousCategory(const domain::Template& t) {
    if (!t.previous_category) {
        return std::nullopt;
    }
    return std::string(domain::ToString(*t.previous_category));
}

}  // namespace

Result<void> SqliteTemplateRepository::Insert(const ProjectId& project,
                                              const domain::TemplateRecord& t) {
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.AcquireWriter());
    WHARF_ASSIGN_OR_RETURN(
        auto s, conn->Prepare("INSERT INTO message_templates (project_id, id, business_account_id, "
                              "name, language, category, previous_category, status, "
                              "parameter_format, components, rejected_reason, quality, "
                              "created_at, updated_at, review_due_at) "
                              "SELECT id, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? "
                              "FROM projects WHERE id = ?"));
    s.BindText(t.tmpl.id)
        .BindId(t.business_account_id)
        .BindText(t.tmpl.name)
        .BindText(t.tmpl.language)
        .BindText(domain::ToString(t.tmpl.category))
        .BindOptionalText(PreviousCategory(t.tmpl))
        .BindText(domain::ToString(t.tmpl.status))
        .BindText(domain::ToString(t.tmpl.parameter_format))
        .BindText(bj::serialize(t.tmpl.components_json))
        .BindOptionalText(t.tmpl.rejected_reason)
        .BindText(domain::ToString(t.tmpl.quality))
        .BindTime(t.created_at)
        .BindTime(t.updated_at)
        .BindOptionalTime(t.review_due_at)
        .BindId(project);
    WHARF_TRY(s.Run());
    if (conn->Changes() == 0) {
        return Fail(Error::NotFound("project not found"));
    }
    return {};
}

Result<domain::TemplateRecord> SqliteTemplateRepository::Get(const ProjectId& project,
                                                             const std::string& id) {
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.Acquire());
    WHARF_ASSIGN_OR_RETURN(
        auto s, conn->Prepare(std::string("SELECT ") + kColumns +
                              " FROM message_templates WHERE project_id = ? AND id = ?"));
    s.BindId(project).BindText(id);
    WHARF_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) {
        return Fail(Error::NotFound("template not found"));
    }
    return ReadTemplate(s);
}

Result<domain::KeysetPage<domain::TemplateRecord>> SqliteTemplateRepository::List(
    const ProjectId& project, const BusinessAccountId& waba, const domain::TemplateFilter& filter,
    const domain::KeysetRequest& page) {
    SqliteWhere where;
    where.And("project_id = ?", {project.value()});
    where.And("business_account_id = ?", {waba.value()});
    if (filter.name) {
        where.And("name = ?", {*filter.name});
    }
    if (filter.status) {
        where.And("status = ?", {std::string(domain::ToString(*filter.status))});
    }
    if (filter.category) {
        where.And("category = ?", {std::string(domain::ToString(*filter.category))});
    }
    if (filter.language) {
        where.And("language = ?", {*filter.language});
    }
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.Acquire());
    WHARF_ASSIGN_OR_RETURN(auto tx,
                           SqliteTransaction::Begin(*conn, SqliteTransaction::Mode::kRead));
    WHARF_ASSIGN_OR_RETURN(auto result, ReadKeysetPage<domain::TemplateRecord>(
                                            *conn, kListQuery, where, page, ReadTemplate, KeyOf));
    WHARF_TRY(tx.Commit());
    return result;
}

Result<std::vector<domain::TemplateRecord>> SqliteTemplateRepository::FindByName(
    const ProjectId& project, const BusinessAccountId& waba, const std::string& name) {
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.Acquire());
    WHARF_ASSIGN_OR_RETURN(
        auto s, conn->Prepare(std::string("SELECT ") + kColumns +
                              " FROM message_templates WHERE project_id = ? AND "
                              "business_account_id = ? AND name = ? ORDER BY created_at, id"));
    s.BindId(project).BindId(waba).BindText(name);
    std::vector<domain::TemplateRecord> out;
    while (true) {
        WHARF_ASSIGN_OR_RETURN(bool row, s.Step());
        if (!row) {
            break;
        }
        WHARF_ASSIGN_OR_RETURN(auto t, ReadTemplate(s));
        out.push_back(std::move(t));
    }
    return out;
}

Result<std::vector<std::pair<ProjectId, domain::TemplateRecord>>>
SqliteTemplateRepository::ListReviewDue(Timestamp now, int limit, bool skip_all_production_wabas) {
    // A WABA is all-production when it has a number and none that is not production; both
    // probes walk phone_numbers_by_waba.
    static constexpr const char* kAllProduction =
        "(EXISTS (SELECT 1 FROM phone_numbers AS n WHERE n.project_id = t.project_id "
        "AND n.business_account_id = t.business_account_id) "
        "AND NOT EXISTS (SELECT 1 FROM phone_numbers AS n WHERE n.project_id = t.project_id "
        "AND n.business_account_id = t.business_account_id AND n.kind <> 'production'))";
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.Acquire());
    WHARF_ASSIGN_OR_RETURN(
        auto s, conn->Prepare(std::string("SELECT ") + kColumns +
                              ", project_id FROM message_templates AS t WHERE review_due_at IS "
                              "NOT NULL AND review_due_at <= ? AND (? = 0 OR NOT " +
                              kAllProduction + ") ORDER BY review_due_at, id LIMIT ?"));
    s.BindTime(now).BindInt64(skip_all_production_wabas ? 1 : 0).BindInt64(limit);
    std::vector<std::pair<ProjectId, domain::TemplateRecord>> out;
    while (true) {
        WHARF_ASSIGN_OR_RETURN(bool row, s.Step());
        if (!row) {
            break;
        }
        WHARF_ASSIGN_OR_RETURN(auto t, ReadTemplate(s));
        out.emplace_back(s.IdAt<ProjectId>(14), std::move(t));
    }
    return out;
}

Result<void> SqliteTemplateRepository::Update(const ProjectId& project,
                                              const domain::TemplateRecord& t) {
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.AcquireWriter());
    WHARF_ASSIGN_OR_RETURN(
        auto s,
        conn->Prepare("UPDATE message_templates SET category = ?, previous_category = ?, "
                      "status = ?, parameter_format = ?, components = ?, rejected_reason = ?, "
                      "quality = ?, updated_at = ?, review_due_at = ? "
                      "WHERE project_id = ? AND id = ?"));
    s.BindText(domain::ToString(t.tmpl.category))
        .BindOptionalText(PreviousCategory(t.tmpl))
        .BindText(domain::ToString(t.tmpl.status))
        .BindText(domain::ToString(t.tmpl.parameter_format))
        .BindText(bj::serialize(t.tmpl.components_json))
        .BindOptionalText(t.tmpl.rejected_reason)
        .BindText(domain::ToString(t.tmpl.quality))
        .BindTime(t.updated_at)
        .BindOptionalTime(t.review_due_at)
        .BindId(project)
        .BindText(t.tmpl.id);
    WHARF_TRY(s.Run());
    if (conn->Changes() == 0) {
        return Fail(Error::NotFound("template not found"));
    }
    return {};
}

Result<void> SqliteTemplateRepository::Delete(const ProjectId& project, const std::string& id) {
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.AcquireWriter());
    WHARF_ASSIGN_OR_RETURN(
        auto s, conn->Prepare("DELETE FROM message_templates WHERE project_id = ? AND id = ?"));
    s.BindId(project).BindText(id);
    WHARF_TRY(s.Run());
    if (conn->Changes() == 0) {
        return Fail(Error::NotFound("template not found"));
    }
    return {};
}

}  // namespace wharf::store::sqlite
