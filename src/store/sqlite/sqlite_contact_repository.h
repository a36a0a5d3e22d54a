#pragma once

#include "store/contact_repository.h"
#include "store/sqlite/sqlite_connection_source.h"

namespace wharf::store::sqlite {

// ContactRepository on SQLite: table contacts, unique per (project_id, phone_number_id, wa_id),
// metadata stored as JSON text. Every statement is scoped by project_id.
// Owned by its SqliteStore; holds no connection between calls. Thread-safe when its source is the
// pool; a Transact view's is used by fn's thread only.
class SqliteContactRepository final : public ContactRepository {
public:
    explicit SqliteContactRepository(SqliteConnectionSource source) : source_(source) {}

    // kNotFound when the project does not exist or customer_id (when set) is not a customer of
    // the project; kAlreadyExists for a taken id or (phone_number_id, wa_id).
    Result<void> Insert(const ProjectId& project, const domain::Contact& c) override;
    Result<domain::Contact> Get(const ProjectId& project, const ContactId& id) override;
    Result<domain::Contact> Find(const ProjectId& project, const PhoneNumberId& number,
                                 const std::string& wa_id) override;
    // Newest first: (created_at, id) descending, keyset-paged (sqlite_keyset_page.h).
    Result<domain::KeysetPage<domain::Contact>> List(const ProjectId& project,
                                                     const domain::ContactFilter& filter,
                                                     const domain::KeysetRequest& page) override;
    // kNotFound when the contact is absent or customer_id (when set) is not the project's.
    Result<void> Update(const ProjectId& project, const domain::Contact& c) override;
    // History is kept, never cascaded: kFailedPrecondition while any conversation (and so any
    // message) refers to the contact. kNotFound if absent.
    Result<void> Delete(const ProjectId& project, const ContactId& id) override;

private:
    SqliteConnectionSource source_;
};

}  // namespace wharf::store::sqlite
