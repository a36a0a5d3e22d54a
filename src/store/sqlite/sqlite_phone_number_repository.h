#pragma once

#include "store/phone_number_repository.h"
#include "store/sqlite/sqlite_connection_source.h"

namespace wharf::store::sqlite {

// PhoneNumberRepository on SQLite: table phone_numbers. phone_number_id has a global UNIQUE
// index (Meta's ids are global), so a taken one is kAlreadyExists whichever project holds it.
// Sealed tokens are stored exactly as given. Every statement is scoped by project_id.
// Owned by its SqliteStore; holds no connection between calls. Thread-safe when its source is the
// pool; a Transact view's is used by fn's thread only.
class SqlitePhoneNumberRepository final : public PhoneNumberRepository {
public:
    explicit SqlitePhoneNumberRepository(SqliteConnectionSource source) : source_(source) {}

    // kNotFound when the project, or the customer_id given, does not exist in the project.
    Result<void> Insert(const ProjectId& project, const domain::PhoneNumber& n) override;
    Result<domain::PhoneNumber> Get(const ProjectId& project, const PhoneNumberId& id) override;
    // Newest first: created_at desc, then internal_id desc. created_after/before are exclusive.
    Result<domain::Page<domain::PhoneNumber>> List(const ProjectId& project,
                                                   const domain::PhoneNumberFilter& filter,
                                                   domain::PageRequest page) override;
    // Oldest first: created_at, then internal_id.
    Result<std::vector<domain::PhoneNumber>> ListByBusinessAccount(
        const ProjectId& project, const BusinessAccountId& waba) override;
    Result<std::pair<ProjectId, domain::PhoneNumber>> FindByMetaId(
        const PhoneNumberId& id) override;
    // Writes everything but internal_id and created_at. kNotFound also when n.customer_id is set
    // and not a customer of the project; kAlreadyExists when phone_number_id is taken.
    Result<void> Update(const ProjectId& project, const domain::PhoneNumber& n) override;
    Result<void> Delete(const ProjectId& project, const PhoneNumberId& id) override;

private:
    SqliteConnectionSource source_;
};

}  // namespace wharf::store::sqlite
