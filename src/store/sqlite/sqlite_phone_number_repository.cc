#include "store/sqlite/sqlite_phone_number_repository.h"

#include <string>

#include "store/sqlite/sqlite_transaction.h"
#include "store/sqlite/sqlite_where.h"

namespace wharf::store::sqlite {

namespace {

using domain::PhoneNumberKind;

// Storage names of PhoneNumberKind: the database format, never renamed without a migration.
const char* KindName(PhoneNumberKind k) {
    return k == PhoneNumberKind::kSandbox ? "sandbox" : "production";
}

Result<PhoneNumberKind> ParseKind(const std::string& text) {
    if (text == "production") {
        return PhoneNumberKind::kProduction;
    }
    if (text == "sandbox") {
        return PhoneNumberKind::kSandbox;
    }
    return Fail(Error::Internal("corrupt phone_numbers row: unknown kind '" + text + "'"));
}

constexpr const char* kColumns =
    "internal_id, phone_number_id, business_account_id, customer_id, name, kind, "
    "is_coexistence, inbound_processing_enabled, calls_enabled, webhook_verified_at, "
    "display_name, display_phone_number, display_phone_number_normalized, verified_name, "
    "quality_rating, code_verification_status, name_status, status, throughput_tier, "
    "messaging_limit, is_official_business_account, is_pin_enabled, sealed_access_token, "
    "sealed_webhook_verify_token, webhook_destination_url, created_at, updated_at";

// Everything but project_id, internal_id and created_at, in the order BindMutable binds them.
constexpr const char* kMutableColumns =
    "phone_number_id, business_account_id, customer_id, name, kind, is_coexistence, "
    "inbound_processing_enabled, calls_enabled, webhook_verified_at, display_name, "
    "display_phone_number, display_phone_number_normalized, verified_name, quality_rating, "
    "code_verification_status, name_status, status, throughput_tier, messaging_limit, "
    "is_official_business_account, is_pin_enabled, sealed_access_token, "
    "sealed_webhook_verify_token, webhook_destination_url, updated_at";
constexpr int kMutableColumnCount = 25;

void BindMutable(SqliteStatement& s, const domain::PhoneNumber& n) {
    s.BindId(n.phone_number_id)
        .BindId(n.business_account_id)
        .BindOptionalId(n.customer_id)
        .BindText(n.name)
        .BindText(KindName(n.kind))
        .BindBool(n.is_coexistence)
        .BindBool(n.inbound_processing_enabled)
        .BindBool(n.calls_enabled)
        .BindOptionalTime(n.webhook_verified_at)
        .BindOptionalText(n.display_name)
        .BindOptionalText(n.display_phone_number)
        .BindOptionalText(n.display_phone_number_normalized)
        .BindOptionalText(n.verified_name)
        .BindOptionalText(n.quality_rating)
        .BindOptionalText(n.code_verification_status)
        .BindOptionalText(n.name_status)
        .BindOptionalText(n.status)
        .BindOptionalText(n.throughput_tier)
        .BindOptionalText(n.messaging_limit)
        .BindBool(n.is_official_business_account)
        .BindBool(n.is_pin_enabled)
        .BindOptionalText(n.sealed_access_token)
        .BindOptionalText(n.sealed_webhook_verify_token)
        .BindOptionalText(n.webhook_destination_url)
        .BindTime(n.updated_at);
}

Result<domain::PhoneNumber> ReadNumber(const SqliteStatement& s) {
    domain::PhoneNumber n;
    n.internal_id = s.IdAt<PhoneConfigId>(0);
    n.phone_number_id = s.IdAt<PhoneNumberId>(1);
    n.business_account_id = s.IdAt<BusinessAccountId>(2);
    n.customer_id = s.OptionalIdAt<CustomerId>(3);
    n.name = s.Text(4);
    WHARF_ASSIGN_OR_RETURN(n.kind, ParseKind(s.Text(5)));
    n.is_coexistence = s.Bool(6);
    n.inbound_processing_enabled = s.Bool(7);
    n.calls_enabled = s.Bool(8);
    n.webhook_verified_at = s.OptionalTime(9);
    n.display_name = s.OptionalText(10);
    n.display_phone_number = s.OptionalText(11);
    n.display_phone_number_normalized = s.OptionalText(12);
    n.verified_name = s.OptionalText(13);
    n.quality_rating = s.OptionalText(14);
    n.code_verification_status = s.OptionalText(15);
    n.name_status = s.OptionalText(16);
    n.status = s.OptionalText(17);
    n.throughput_tier = s.OptionalText(18);
    n.messaging_limit = s.OptionalText(19);
    n.is_official_business_account = s.Bool(20);
    n.is_pin_enabled = s.Bool(21);
    n.sealed_access_token = s.OptionalText(22);
    n.sealed_webhook_verify_token = s.OptionalText(23);
    n.webhook_destination_url = s.OptionalText(24);
    n.created_at = s.Time(25);
    n.updated_at = s.Time(26);
    return n;
}

std::string Placeholders(int n) {
    std::string out;
    for (int i = 0; i < n; ++i) {
        out += i == 0 ? "?" : ", ?";
    }
    return out;
}

// "SET a = ?, b = ?, ..." for the mutable columns.
std::string MutableAssignments() {
    std::string out;
    std::string_view columns = kMutableColumns;
    while (!columns.empty()) {
        size_t comma = columns.find(',');
        std::string_view column = columns.substr(0, comma);
        out += out.empty() ? "" : ", ";
        out += column;
        out += " = ?";
        columns = comma == std::string_view::npos ? std::string_view() : columns.substr(comma + 2);
    }
    return out;
}

// A customer_id, when set, must name a customer of the row's project: the composite foreign key
// alone would report another project's customer as a bare constraint failure.
constexpr const char* kCustomerInProject =
    "(? IS NULL OR EXISTS (SELECT 1 FROM customers c WHERE c.project_id = ? AND c.id = ?))";

}  // namespace

Result<void> SqlitePhoneNumberRepository::Insert(const ProjectId& project,
                                                 const domain::PhoneNumber& n) {
    static const std::string sql = std::string(
                                       "INSERT INTO phone_numbers (project_id, "
                                       "internal_id, created_at, ") +
                                   kMutableColumns + ") SELECT id, ?, ?, " +
                                   Placeholders(kMutableColumnCount) +
                                   " FROM projects WHERE id = ? AND " + kCustomerInProject;
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.AcquireWriter());
    WHARF_ASSIGN_OR_RETURN(auto s, conn->Prepare(sql));
    s.BindId(n.internal_id).BindTime(n.created_at);
    BindMutable(s, n);
    s.BindId(project).BindOptionalId(n.customer_id).BindId(project).BindOptionalId(n.customer_id);
    WHARF_TRY(s.Run());
    if (conn->Changes() == 0) {
        return Fail(
            Error::NotFound(n.customer_id ? "project or customer not found" : "project not found"));
    }
    return {};
}

Result<domain::PhoneNumber> SqlitePhoneNumberRepository::Get(const ProjectId& project,
                                                             const PhoneNumberId& id) {
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.Acquire());
    WHARF_ASSIGN_OR_RETURN(auto s, conn->Prepare(std::string("SELECT ") + kColumns +
                                                 " FROM phone_numbers WHERE project_id = ? AND "
                                                 "phone_number_id = ?"));
    s.BindId(project).BindId(id);
    WHARF_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) {
        return Fail(Error::NotFound("phone number not found"));
    }
    return ReadNumber(s);
}

Result<domain::Page<domain::PhoneNumber>> SqlitePhoneNumberRepository::List(
    const ProjectId& project, const domain::PhoneNumberFilter& filter, domain::PageRequest page) {
    SqliteWhere where;
    where.And("project_id = ?", {project.value()});
    if (filter.phone_number_id) {
        where.And("phone_number_id = ?", {filter.phone_number_id->value()});
    }
    if (filter.business_account_id) {
        where.And("business_account_id = ?", {filter.business_account_id->value()});
    }
    if (filter.customer_id) {
        where.And("customer_id = ?", {filter.customer_id->value()});
    }
    if (filter.messaging_enabled) {
        where.And("inbound_processing_enabled = ?",
                  {std::int64_t{*filter.messaging_enabled ? 1 : 0}});
    }
    if (filter.name_contains) {
        where.And("name LIKE ? ESCAPE '\\'", {LikeContains(*filter.name_contains)});
    }
    where.AndCreatedWithin(filter.created_after, filter.created_before);
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.Acquire());
    WHARF_ASSIGN_OR_RETURN(auto tx,
                           SqliteTransaction::Begin(*conn, SqliteTransaction::Mode::kRead));
    WHARF_ASSIGN_OR_RETURN(auto result, ReadPage<domain::PhoneNumber>(
                                            *conn, "phone_numbers", kColumns, where,
                                            "created_at DESC, internal_id DESC", page, ReadNumber));
    WHARF_TRY(tx.Commit());
    return result;
}

Result<std::vector<domain::PhoneNumber>> SqlitePhoneNumberRepository::ListByBusinessAccount(
    const ProjectId& project, const BusinessAccountId& waba) {
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.Acquire());
    WHARF_ASSIGN_OR_RETURN(auto s, conn->Prepare(std::string("SELECT ") + kColumns +
                                                 " FROM phone_numbers WHERE project_id = ? AND "
                                                 "business_account_id = ? "
                                                 "ORDER BY created_at, internal_id"));
    s.BindId(project).BindId(waba);
    std::vector<domain::PhoneNumber> numbers;
    while (true) {
        WHARF_ASSIGN_OR_RETURN(bool row, s.Step());
        if (!row) {
            return numbers;
        }
        WHARF_ASSIGN_OR_RETURN(auto n, ReadNumber(s));
        numbers.push_back(std::move(n));
    }
}

Result<std::pair<ProjectId, domain::PhoneNumber>> SqlitePhoneNumberRepository::FindByMetaId(
    const PhoneNumberId& id) {
    std::optional<ProjectId> project;
    {
        WHARF_ASSIGN_OR_RETURN(auto conn, source_.Acquire());
        WHARF_ASSIGN_OR_RETURN(
            auto s,
            conn->Prepare("SELECT project_id FROM phone_numbers WHERE phone_number_id = ?"));
        s.BindId(id);
        WHARF_ASSIGN_OR_RETURN(bool row, s.Step());
        if (!row) {
            return Fail(Error::NotFound("phone number not found"));
        }
        project = ProjectId(s.Text(0));
    }  // statement and lease released before the scoped read below
    WHARF_ASSIGN_OR_RETURN(auto number, Get(*project, id));
    return std::pair{std::move(*project), std::move(number)};
}

Result<void> SqlitePhoneNumberRepository::Update(const ProjectId& project,
                                                 const domain::PhoneNumber& n) {
    static const std::string sql = "UPDATE phone_numbers SET " + MutableAssignments() +
                                   " WHERE project_id = ? AND internal_id = ? AND " +
                                   kCustomerInProject;
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.AcquireWriter());
    WHARF_ASSIGN_OR_RETURN(auto s, conn->Prepare(sql));
    BindMutable(s, n);
    s.BindId(project)
        .BindId(n.internal_id)
        .BindOptionalId(n.customer_id)
        .BindId(project)
        .BindOptionalId(n.customer_id);
    WHARF_TRY(s.Run());
    if (conn->Changes() == 0) {
        return Fail(Error::NotFound(n.customer_id ? "phone number or customer not found"
                                                  : "phone number not found"));
    }
    return {};
}

Result<void> SqlitePhoneNumberRepository::Delete(const ProjectId& project,
                                                 const PhoneNumberId& id) {
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.AcquireWriter());
    WHARF_ASSIGN_OR_RETURN(
        auto s,
        conn->Prepare("DELETE FROM phone_numbers WHERE project_id = ? AND phone_number_id = ?"));
    s.BindId(project).BindId(id);
    WHARF_TRY(s.Run());
    if (conn->Changes() == 0) {
        return Fail(Error::NotFound("phone number not found"));
    }
    return {};
}

}  // namespace wharf::store::sqlite
