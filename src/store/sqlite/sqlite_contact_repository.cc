#include "store/sqlite/sqlite_contact_repository.h"

#include <string>

#include "store/sqlite/sqlite_keyset_page.h"
#include "store/sqlite/sqlite_transaction.h"
#include "store/sqlite/sqlite_where.h"

namespace wharf::store::sqlite {

namespace {

constexpr const char* kColumns =
    "id, phone_number_id, wa_id, profile_name, display_name, customer_id, metadata, created_at, "
    "updated_at";

constexpr SqliteKeysetQuery kListQuery{"contacts", kColumns, "created_at", "id"};

// A customer_id, when set, must name a customer of the contact's project: the composite foreign
// key alone would report another project's customer as a bare constraint failure.
constexpr const char* kCustomerInProject =
    "(? IS NULL OR EXISTS (SELECT 1 FROM customers c WHERE c.project_id = ? AND c.id = ?))";

Result<domain::Contact> ReadContact(const SqliteStatement& s) {
    domain::Contact c;
    c.id = s.IdAt<ContactId>(0);
    c.phone_number_id = s.IdAt<PhoneNumberId>(1);
    c.wa_id = s.Text(2);
    c.profile_name = s.OptionalText(3);
    c.display_name = s.OptionalText(4);
    c.customer_id = s.OptionalIdAt<CustomerId>(5);
    c.metadata = s.Text(6);
    c.created_at = s.Time(7);
    c.updated_at = s.Time(8);
    return c;
}

domain::Keyset KeyOf(const domain::Contact& c) {
    return {c.created_at, c.id.value()};
}

void BindCustomerCheck(SqliteStatement& s, const ProjectId& project,
                       const std::optional<CustomerId>& customer) {
    s.BindOptionalId(customer).BindId(project).BindOptionalId(customer);
}

}  // namespace

Result<void> SqliteContactRepository::Insert(const ProjectId& project, const domain::Contact& c) {
    static const std::string sql =
        std::string(
            "INSERT INTO contacts (project_id, id, phone_number_id, wa_id, profile_name, "
            "display_name, customer_id, metadata, created_at, updated_at) "
            "SELECT id, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM projects WHERE id = ? AND ") +
        kCustomerInProject;
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.AcquireWriter());
    WHARF_ASSIGN_OR_RETURN(auto s, conn->Prepare(sql));
    s.BindId(c.id)
        .BindId(c.phone_number_id)
        .BindText(c.wa_id)
        .BindOptionalText(c.profile_name)
        .BindOptionalText(c.display_name)
        .BindOptionalId(c.customer_id)
        .BindText(c.metadata)
        .BindTime(c.created_at)
        .BindTime(c.updated_at)
        .BindId(project);
    BindCustomerCheck(s, project, c.customer_id);
    WHARF_TRY(s.Run());
    if (conn->Changes() == 0) {
        return Fail(
            Error::NotFound(c.customer_id ? "project or customer not found" : "project not found"));
    }
    return {};
}

Result<domain::Contact> SqliteContactRepository::Get(const ProjectId& project,
                                                     const ContactId& id) {
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.Acquire());
    WHARF_ASSIGN_OR_RETURN(auto s, conn->Prepare(std::string("SELECT ") + kColumns +
                                                 " FROM contacts WHERE project_id = ? AND id = ?"));
    s.BindId(project).BindId(id);
    WHARF_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) {
        return Fail(Error::NotFound("contact not found"));
    }
    return ReadContact(s);
}

Result<domain::Contact> SqliteContactRepository::Find(const ProjectId& project,
                                                      const PhoneNumberId& number,
                                                      const std::string& wa_id) {
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.Acquire());
    WHARF_ASSIGN_OR_RETURN(auto s, conn->Prepare(std::string("SELECT ") + kColumns +
                                                 " FROM contacts WHERE project_id = ? AND "
                                                 "phone_number_id = ? AND wa_id = ?"));
    s.BindId(project).BindId(number).BindText(wa_id);
    WHARF_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) {
        return Fail(Error::NotFound("contact not found"));
    }
    return ReadContact(s);
}

Result<domain::KeysetPage<domain::Contact>> SqliteContactRepository::List(
    const ProjectId& project, const domain::ContactFilter& filter,
    const domain::KeysetRequest& page) {
    SqliteWhere where;
    where.And("project_id = ?", {project.value()});
    if (filter.phone_number_id) {
        where.And("phone_number_id = ?", {filter.phone_number_id->value()});
    }
    if (filter.wa_id) {
        where.And("wa_id = ?", {*filter.wa_id});
    }
    if (filter.customer_id) {
        where.And("customer_id = ?", {filter.customer_id->value()});
    }
    if (filter.has_customer) {
        where.And(*filter.has_customer ? "customer_id IS NOT NULL" : "customer_id IS NULL");
    }
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.Acquire());
    WHARF_ASSIGN_OR_RETURN(auto tx,
                           SqliteTransaction::Begin(*conn, SqliteTransaction::Mode::kRead));
    WHARF_ASSIGN_OR_RETURN(auto result, ReadKeysetPage<domain::Contact>(*conn, kListQuery, where,
                                                                        page, ReadContact, KeyOf));
    WHARF_TRY(tx.Commit());
    return result;
}

Result<void> SqliteContactRepository::Update(const ProjectId& project, const domain::Contact& c) {
    static const std::string sql = std::string(
                                       "UPDATE contacts SET profile_name = ?, display_name = ?, "
                                       "customer_id = ?, metadata = ?, updated_at = ? "
                                       "WHERE project_id = ? AND id = ? AND ") +
                                   kCustomerInProject;
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.AcquireWriter());
    WHARF_ASSIGN_OR_RETURN(auto s, conn->Prepare(sql));
    s.BindOptionalText(c.profile_name)
        .BindOptionalText(c.display_name)
        .BindOptionalId(c.customer_id)
        .BindText(c.metadata)
        .BindTime(c.updated_at)
        .BindId(project)
        .BindId(c.id);
    BindCustomerCheck(s, project, c.customer_id);
    WHARF_TRY(s.Run());
    if (conn->Changes() == 0) {
        return Fail(
            Error::NotFound(c.customer_id ? "contact or customer not found" : "contact not found"));
    }
    return {};
}

Result<void> SqliteContactRepository::Delete(const ProjectId& project, const ContactId& id) {
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.AcquireWriter());
    WHARF_ASSIGN_OR_RETURN(auto tx,
                           SqliteTransaction::Begin(*conn, SqliteTransaction::Mode::kWrite));
    {
        // Every message belongs to a conversation of its contact (checked when it is written),
        // so no conversation means no history.
        WHARF_ASSIGN_OR_RETURN(auto check,
                               conn->Prepare("SELECT EXISTS (SELECT 1 FROM conversations WHERE "
                                             "project_id = ? AND contact_id = ?)"));
        check.BindId(project).BindId(id);
        WHARF_ASSIGN_OR_RETURN(bool row, check.Step());
        if (row && check.Bool(0)) {
            return Fail(Error::FailedPrecondition(
                "contact has conversations; its message history is kept"));
        }
    }
    WHARF_ASSIGN_OR_RETURN(auto s,
                           conn->Prepare("DELETE FROM contacts WHERE project_id = ? AND id = ?"));
    s.BindId(project).BindId(id);
    WHARF_TRY(s.Run());
    if (conn->Changes() == 0) {
        return Fail(Error::NotFound("contact not found"));
    }
    return tx.Commit();
}

}  // namespace wharf::store::sqlite
