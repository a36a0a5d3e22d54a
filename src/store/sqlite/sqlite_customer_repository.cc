#include "store/sqlite/sqlite_customer_repository.h"

#include <array>

#include "store/sqlite/sqlite_transaction.h"
#include "store/sqlite/sqlite_where.h"

namespace wharf::store::sqlite {

namespace {

constexpr const char* kColumns = "id, name, external_customer_id, created_at, updated_at";

Result<domain::Customer> ReadCustomer(const SqliteStatement& s) {
    domain::Customer c;
    c.id = s.IdAt<CustomerId>(0);
    c.name = s.Text(1);
    c.external_customer_id = s.OptionalText(2);
    c.created_at = s.Time(3);
    c.updated_at = s.Time(4);
    return c;
}

}  // namespace

Result<void> SqliteCustomerRepository::Insert(const ProjectId& project, const domain::Customer& c) {
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.AcquireWriter());
    WHARF_ASSIGN_OR_RETURN(
        auto s, conn->Prepare("INSERT INTO customers (project_id, id, name, external_customer_id, "
                              "created_at, updated_at) "
                              "SELECT id, ?, ?, ?, ?, ? FROM projects WHERE id = ?"));
    s.BindId(c.id)
        .BindText(c.name)
        .BindOptionalText(c.external_customer_id)
        .BindTime(c.created_at)
        .BindTime(c.updated_at)
        .BindId(project);
    WHARF_TRY(s.Run());
    if (conn->Changes() == 0) {
        return Fail(Error::NotFound("project not found"));
    }
    return {};
}

Result<domain::Customer> SqliteCustomerRepository::Get(const ProjectId& project,
                                                       const CustomerId& id) {
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.Acquire());
    WHARF_ASSIGN_OR_RETURN(auto s,
                           conn->Prepare(std::string("SELECT ") + kColumns +
                                         " FROM customers WHERE project_id = ? AND id = ?"));
    s.BindId(project).BindId(id);
    WHARF_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) {
        return Fail(Error::NotFound("customer not found"));
    }
    return ReadCustomer(s);
}

Result<domain::Page<domain::Customer>> SqliteCustomerRepository::List(
    const ProjectId& project, const domain::CustomerFilter& filter, domain::PageRequest page) {
    SqliteWhere where;
    where.And("project_id = ?", {project.value()});
    if (filter.name_contains) {
        where.And("name LIKE ? ESCAPE '\\'", {LikeContains(*filter.name_contains)});
    }
    if (filter.external_customer_id) {
        where.And("external_customer_id = ?", {*filter.external_customer_id});
    }
    where.AndCreatedWithin(filter.created_after, filter.created_before);
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.Acquire());
    WHARF_ASSIGN_OR_RETURN(auto tx,
                           SqliteTransaction::Begin(*conn, SqliteTransaction::Mode::kRead));
    WHARF_ASSIGN_OR_RETURN(
        auto result, ReadPage<domain::Customer>(*conn, "customers", kColumns, where,
                                                "created_at DESC, id DESC", page, ReadCustomer));
    WHARF_TRY(tx.Commit());
    return result;
}

Result<void> SqliteCustomerRepository::Update(const ProjectId& project, const domain::Customer& c) {
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.AcquireWriter());
    WHARF_ASSIGN_OR_RETURN(auto s, conn->Prepare("UPDATE customers SET name = ?, "
                                                 "external_customer_id = ?, updated_at = ? "
                                                 "WHERE project_id = ? AND id = ?"));
    s.BindText(c.name)
        .BindOptionalText(c.external_customer_id)
        .BindTime(c.updated_at)
        .BindId(project)
        .BindId(c.id);
    WHARF_TRY(s.Run());
    if (conn->Changes() == 0) {
        return Fail(Error::NotFound("customer not found"));
    }
    return {};
}

Result<void> SqliteCustomerRepository::Delete(const ProjectId& project, const CustomerId& id) {
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.AcquireWriter());
    WHARF_ASSIGN_OR_RETURN(auto tx,
                           SqliteTransaction::Begin(*conn, SqliteTransaction::Mode::kWrite));
    // Children first, so the foreign keys (project_id, customer_id) hold at every step. Numbers
    // and contacts are detached rather than deleted: their message history must stay reachable.
    constexpr std::array<const char*, 4> kStatements = {
        "UPDATE phone_numbers SET customer_id = NULL WHERE project_id = ? AND customer_id = ?",
        "UPDATE contacts SET customer_id = NULL WHERE project_id = ? AND customer_id = ?",
        "DELETE FROM setup_links WHERE project_id = ? AND customer_id = ?",
        "DELETE FROM customers WHERE project_id = ? AND id = ?",
    };
    for (const char* sql : kStatements) {
        WHARF_ASSIGN_OR_RETURN(auto s, conn->Prepare(sql));
        s.BindId(project).BindId(id);
        WHARF_TRY(s.Run());
    }
    if (conn->Changes() == 0) {
        return Fail(Error::NotFound("customer not found"));  // tx rolls back the no-op above
    }
    return tx.Commit();
}

}  // namespace wharf::store::sqlite
