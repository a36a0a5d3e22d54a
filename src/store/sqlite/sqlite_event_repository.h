#pragma once

#include "store/event_repository.h"
#include "store/sqlite/sqlite_connection_source.h"

namespace wharf::store::sqlite {

// EventRepository on SQLite: table events, an append-only outbox. Events that share created_at
// come back in insertion order (the table's seq column).
// Owned by its SqliteStore; holds no connection between calls. Thread-safe when its source is the
// pool; a Transact view's is used by fn's thread only.
class SqliteEventRepository final : public EventRepository {
public:
    explicit SqliteEventRepository(SqliteConnectionSource source) : source_(source) {}

    // kNotFound when the project does not exist; kAlreadyExists for an id taken in the project.
    Result<void> Insert(const ProjectId& project, const domain::Event& e) override;
    // Oldest first (created_at, then insertion order). A limit of 0 or less returns nothing.
    Result<std::vector<domain::Event>> List(const ProjectId& project, int limit) override;
    // Walks the rowid (seq): one range scan.
    Result<std::vector<OutboxEvent>> ListAfter(std::int64_t after_seq, int limit) override;
    Result<std::vector<OutboxEvent>> ListRoutingAfter(std::int64_t after_seq, int limit) override;
    Result<std::int64_t> LatestSeq() override;

private:
    Result<std::vector<OutboxEvent>> ReadAfter(const char* sql, std::int64_t after_seq, int limit);

    SqliteConnectionSource source_;
};

}  // namespace wharf::store::sqlite
