#include "store/sqlite/sqlite_event_repository.h"

#include "store/sqlite/packed_event_payloads.h"
#include "store/sqlite/sqlite_errors.h"

namespace wharf::store::sqlite {

namespace {

// Columns 0-9: id, type, phone_number_id, customer_id, conversation_id, payload, meta_payload,
// created_at, seq, packed (every read selects them in this order). A row with `packed` (written
// since migration 0010) holds its payloads there; older rows hold them in the text columns.
Result<domain::Event> ReadEvent(const SqliteStatement& s) {
    domain::Event e;
    e.id = s.IdAt<EventId>(0);
    e.type = s.Text(1);
    e.phone_number_id = s.OptionalIdAt<PhoneNumberId>(2);
    e.customer_id = s.OptionalIdAt<CustomerId>(3);
    e.conversation_id = s.OptionalIdAt<ConversationId>(4);
    if (s.IsNull(9)) {
        e.payload = s.Text(5);
        e.meta_payload = s.OptionalText(6);
    } else {
        WHARF_ASSIGN_OR_RETURN(auto payloads, UnpackEventPayloads(s.BlobView(9)));
        e.payload = std::move(payloads.payload);
        e.meta_payload = std::move(payloads.meta_payload);
    }
    e.created_at = s.Time(7);
    e.seq = s.Int64(8);
    return e;
}

}  // namespace

Result<void> SqliteEventRepository::Insert(const ProjectId& project, const domain::Event& e) {
    // A one-row INSERT ... VALUES: the project's foreign key checks the project. (INSERT ...
    // SELECT would open a statement journal per event, and inside a group commit's savepoint
    // releasing it walks the whole sub-journal: quadratic in the size of a batch.)
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.AcquireWriter());
    WHARF_ASSIGN_OR_RETURN(
        auto s, conn->Prepare("INSERT INTO events (project_id, id, type, phone_number_id, "
                              "customer_id, conversation_id, payload, packed, created_at) "
                              "VALUES (?, ?, ?, ?, ?, ?, '', ?, ?)"));
    // Read in place: `e` and `packed` outlive `s`.
    const std::string packed = PackEventPayloads(e.payload, e.meta_payload);
    s.BindIdRef(project)
        .BindIdRef(e.id)
        .BindTextRef(e.type)
        .BindOptionalIdRef(e.phone_number_id)
        .BindOptionalIdRef(e.customer_id)
        .BindOptionalIdRef(e.conversation_id)
        .BindBlobRef(packed)
        .BindTime(e.created_at);
    if (auto ran = s.Run(); !ran) {
        if (IsForeignKeyViolation(*conn)) {
            return Fail(Error::NotFound("project not found"));
        }
        return ran;
    }
    return {};
}

Result<std::vector<domain::Event>> SqliteEventRepository::List(const ProjectId& project,
                                                               int limit) {
    std::vector<domain::Event> events;
    if (limit <= 0) {
        return events;  // SQLite reads a negative LIMIT as "no limit"
    }
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.Acquire());
    WHARF_ASSIGN_OR_RETURN(
        auto s,
        conn->Prepare("SELECT id, type, phone_number_id, customer_id, conversation_id, payload, "
                      "meta_payload, created_at, seq, packed "
                      "FROM events WHERE project_id = ? ORDER BY created_at, seq LIMIT ?"));
    s.BindId(project).BindInt64(limit);
    while (true) {
        WHARF_ASSIGN_OR_RETURN(bool row, s.Step());
        if (!row) {
            return events;
        }
        WHARF_ASSIGN_OR_RETURN(auto e, ReadEvent(s));
        events.push_back(std::move(e));
    }
}

Result<std::vector<OutboxEvent>> SqliteEventRepository::ListAfter(std::int64_t after_seq,
                                                                  int limit) {
    return ReadAfter(
        "SELECT id, type, phone_number_id, customer_id, conversation_id, payload, "
        "meta_payload, created_at, seq, packed, project_id "
        "FROM events WHERE seq > ? ORDER BY seq LIMIT ?",
        after_seq, limit);
}

Result<std::vector<OutboxEvent>> SqliteEventRepository::ListRoutingAfter(std::int64_t after_seq,
                                                                         int limit) {
    return ReadAfter(
        "SELECT id, type, phone_number_id, customer_id, conversation_id, '', NULL, "
        "created_at, seq, NULL, project_id "
        "FROM events WHERE seq > ? ORDER BY seq LIMIT ?",
        after_seq, limit);
}

Result<std::int64_t> SqliteEventRepository::LatestSeq() {
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.Acquire());
    WHARF_ASSIGN_OR_RETURN(auto s, conn->Prepare("SELECT coalesce(max(seq), 0) FROM events"));
    WHARF_ASSIGN_OR_RETURN(bool row, s.Step());
    return row ? s.Int64(0) : 0;
}

Result<std::vector<OutboxEvent>> SqliteEventRepository::ReadAfter(const char* sql,
                                                                  std::int64_t after_seq,
                                                                  int limit) {
    std::vector<OutboxEvent> events;
    if (limit <= 0) {
        return events;
    }
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.Acquire());
    WHARF_ASSIGN_OR_RETURN(auto s, conn->Prepare(sql));
    s.BindInt64(after_seq).BindInt64(limit);
    while (true) {
        WHARF_ASSIGN_OR_RETURN(bool row, s.Step());
        if (!row) {
            return events;
        }
        WHARF_ASSIGN_OR_RETURN(auto e, ReadEvent(s));
        events.push_back(OutboxEvent{s.IdAt<ProjectId>(10), std::move(e)});
    }
}

}  // namespace wharf::store::sqlite
