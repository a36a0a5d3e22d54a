#pragma once

#include "store/customer_repository.h"
#include "store/sqlite/sqlite_connection_source.h"

namespace wharf::store::sqlite {

// CustomerRepository on SQLite: table customers; Delete also deletes the customer's setup_links
// and detaches its phone_numbers and contacts (customer_id becomes null), in one transaction. Every
// statement is scoped by project_id. Owned by its SqliteStore; holds no connection between calls.
// Thread-safe when its source is the pool; a Transact view's is used by fn's thread only.
class SqliteCustomerRepository final : public CustomerRepository {
public:
    explicit SqliteCustomerRepository(SqliteConnectionSource source) : source_(source) {}

    // kNotFound when the project does not exist; kAlreadyExists for a taken id.
    Result<void> Insert(const ProjectId& project, const domain::Customer& c) override;
    Result<domain::Customer> Get(const ProjectId& project, const CustomerId& id) override;
    // Newest first: created_at desc, then id desc. created_after/before are exclusive bounds.
    Result<domain::Page<domain::Customer>> List(const ProjectId& project,
                                                const domain::CustomerFilter& filter,
                                                domain::PageRequest page) override;
    Result<void> Update(const ProjectId& project, const domain::Customer& c) override;
    Result<void> Delete(const ProjectId& project, const CustomerId& id) override;

private:
    SqliteConnectionSource source_;
};

}  // namespace wharf::store::sqlite
