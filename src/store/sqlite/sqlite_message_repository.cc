#include "store/sqlite/sqlite_message_repository.h"

#include <string>

#include "store/sqlite/sqlite_errors.h"
#include "store/sqlite/sqlite_keyset_page.h"
#include "store/sqlite/sqlite_transaction.h"
#include "store/sqlite/sqlite_where.h"
#include "store/sqlite/wamid_key.h"

namespace wharf::store::sqlite {

namespace {

using domain::MessageDirection;

constexpr const char* kColumns =
    "wamid, phone_number_id, conversation_id, contact_id, wa_id, direction, type, payload, "
    "status, statuses, origin, has_media, content, context_message_id, biz_opaque_callback_data, "
    "error, created_at, updated_at";

// Through messages_by_created or messages_by_number, which end at created_at (0014): SQLite
// sorts the rows that share one by wamid.
constexpr SqliteKeysetQuery kListQuery{"messages", kColumns, "created_at", "wamid"};
// A conversation's messages: its index (0012), which the planner would otherwise pass over for
// messages_by_created, walked in order through all of the project's messages.
constexpr SqliteKeysetQuery kConversationListQuery{"messages INDEXED BY messages_by_conversation",
                                                   kColumns, "created_at", "wamid"};

// Finds a message by (project, wamid) through messages_by_wamid (0012, store/sqlite/wamid_key.h):
// the key narrows to the row(s), project_id and wamid decide.
constexpr const char* kByWamid = " wamid_key = ? AND project_id = ? AND wamid = ?";

// A status write: UPDATE OR FAIL rather than the default ABORT. messages_by_wamid is not unique,
// so to SQLite the UPDATE may change several rows, and with ABORT it opens a statement journal
// for it (to undo the rows already changed when a later one fails), copying every page the UPDATE
// changes, and releasing it walks the journal. A wamid is one row of a project (Insert checks),
// so a failure can only come before the one row is written, and FAIL undoes the same: nothing.
// A Python/SQLite measure of 20,000 such updates in a savepoint: 25-28 µs each with ABORT, 20-22
// with FAIL.
// BindStatus binds its four values, BindWamid the row's key after them.
const std::string kUpdateStatus =
    std::string(
        "UPDATE OR FAIL messages SET status = ?, statuses = ?, error = ?, updated_at = ? WHERE") +
    kByWamid;

// The values a status write sets (kUpdateStatus), read in place: `m` must outlive `s`.
SqliteStatement& BindStatus(SqliteStatement& s, const domain::Message& m) {
    return s.BindTextRef(m.status)
        .BindTextRef(m.statuses)
        .BindOptionalTextRef(m.error)
        .BindTime(m.updated_at);
}

SqliteStatement& BindWamid(SqliteStatement& s, const ProjectId& project, const std::string& wamid) {
    return s.BindInt64(WamidKey(wamid)).BindIdRef(project).BindTextRef(wamid);
}

Result<MessageDirection> ParseDirection(const std::string& text) {
    if (text == "inbound") {
        return MessageDirection::kInbound;
    }
    if (text == "outbound") {
        return MessageDirection::kOutbound;
    }
    return Fail(Error::Internal("corrupt messages row: unknown direction '" + text + "'"));
}

Result<domain::Message> ReadMessage(const SqliteStatement& s) {
    domain::Message m;
    m.wamid = s.Text(0);
    m.phone_number_id = s.IdAt<PhoneNumberId>(1);
    m.conversation_id = s.IdAt<ConversationId>(2);
    m.contact_id = s.IdAt<ContactId>(3);
    m.wa_id = s.Text(4);
    WHARF_ASSIGN_OR_RETURN(m.direction, ParseDirection(s.Text(5)));
    m.type = s.Text(6);
    m.payload = s.Text(7);
    m.status = s.Text(8);
    m.statuses = s.Text(9);
    m.origin = s.Text(10);
    m.has_media = s.Bool(11);
    m.content = s.Text(12);
    m.context_message_id = s.OptionalText(13);
    m.biz_opaque_callback_data = s.OptionalText(14);
    m.error = s.OptionalText(15);
    m.created_at = s.Time(16);
    m.updated_at = s.Time(17);
    return m;
}

domain::Keyset KeyOf(const domain::Message& m) {
    return {m.created_at, m.wamid};
}

}  // namespace

Result<void> SqliteMessageRepository::Insert(const ProjectId& project, const domain::Message& m) {
    return InsertRow(project, m, false);
}

Result<void> SqliteMessageRepository::InsertKnownNew(const ProjectId& project,
                                                     const domain::Message& m) {
    return InsertRow(project, m, true);
}

Result<void> SqliteMessageRepository::InsertRow(const ProjectId& project, const domain::Message& m,
                                                bool known_new) {
    // The checks are one read of their own: the conversation (project, conversation, contact,
    // number and wa_id: a message's contact is always its conversation's, which
    // ContactRepository::Delete relies on), and, unless the caller found it absent already
    // (`known_new`), the wamid not taken in the project (no unique index holds it since 0012). Then
    // a one-row INSERT ... VALUES: an INSERT ... SELECT would open a statement journal, and inside
    // a group commit's savepoint releasing one walks the whole sub-journal. Both run on the one
    // writer connection, so nothing changes in between; conversations are never deleted.
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.AcquireWriter());
    {
        static const std::string kConversationCheck =
            "SELECT EXISTS (SELECT 1 FROM conversations WHERE project_id = ? AND id = ? AND "
            "contact_id = ? AND phone_number_id = ? AND wa_id = ?)";
        static const std::string kChecks =
            kConversationCheck + ", EXISTS (SELECT 1 FROM messages WHERE" + kByWamid + ")";
        WHARF_ASSIGN_OR_RETURN(auto check, conn->Prepare(known_new ? kConversationCheck : kChecks));
        check.BindIdRef(project)
            .BindIdRef(m.conversation_id)
            .BindIdRef(m.contact_id)
            .BindIdRef(m.phone_number_id)
            .BindTextRef(m.wa_id);
        if (!known_new) {
            BindWamid(check, project, m.wamid);
        }
        WHARF_ASSIGN_OR_RETURN(bool row, check.Step());
        if (!row || !check.Bool(0)) {
            return Fail(Error::NotFound(
                "project or conversation (of that contact, number and wa_id) not found"));
        }
        if (!known_new && check.Bool(1)) {
            return Fail(Error::AlreadyExists("message " + m.wamid + " already exists"));
        }
    }
    WHARF_ASSIGN_OR_RETURN(
        auto s, conn->Prepare("INSERT INTO messages (project_id, wamid, phone_number_id, "
                              "conversation_id, contact_id, wa_id, direction, type, payload, "
                              "status, statuses, origin, has_media, content, context_message_id, "
                              "biz_opaque_callback_data, error, created_at, updated_at, "
                              "wamid_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                              "?, ?, ?, ?, ?)"));
    // The row's strings are read in place: `m` outlives `s`.
    s.BindIdRef(project)
        .BindTextRef(m.wamid)
        .BindIdRef(m.phone_number_id)
        .BindIdRef(m.conversation_id)
        .BindIdRef(m.contact_id)
        .BindTextRef(m.wa_id)
        .BindText(domain::MessageDirectionName(m.direction))
        .BindTextRef(m.type)
        .BindTextRef(m.payload)
        .BindTextRef(m.status)
        .BindTextRef(m.statuses)
        .BindTextRef(m.origin)
        .BindBool(m.has_media)
        .BindTextRef(m.content)
        .BindOptionalTextRef(m.context_message_id)
        .BindOptionalTextRef(m.biz_opaque_callback_data)
        .BindOptionalTextRef(m.error)
        .BindTime(m.created_at)
        .BindTime(m.updated_at)
        .BindInt64(WamidKey(m.wamid));
    if (auto ran = s.Run(); !ran) {
        if (IsForeignKeyViolation(*conn)) {  // the project
            return Fail(Error::NotFound("project or conversation not found"));
        }
        return ran;
    }
    return {};
}

Result<domain::Message> SqliteMessageRepository::Get(const ProjectId& project,
                                                     const std::string& wamid) {
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.Acquire());
    WHARF_ASSIGN_OR_RETURN(auto s, conn->Prepare(std::string("SELECT ") + kColumns +
                                                 " FROM messages WHERE" + kByWamid));
    BindWamid(s, project, wamid);
    WHARF_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) {
        return Fail(Error::NotFound("message not found"));
    }
    return ReadMessage(s);
}

Result<bool> SqliteMessageRepository::Exists(const ProjectId& project, const std::string& wamid) {
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.Acquire());
    WHARF_ASSIGN_OR_RETURN(auto s,
                           conn->Prepare(std::string("SELECT 1 FROM messages WHERE") + kByWamid));
    BindWamid(s, project, wamid);
    return s.Step();
}

Result<domain::KeysetPage<domain::Message>> SqliteMessageRepository::List(
    const ProjectId& project, const domain::MessageFilter& filter,
    const domain::KeysetRequest& page) {
    SqliteWhere where;
    where.And("project_id = ?", {project.value()});
    if (filter.phone_number_id) {
        where.And("phone_number_id = ?", {filter.phone_number_id->value()});
    }
    if (filter.conversation_id) {
        where.And("conversation_id = ?", {filter.conversation_id->value()});
    }
    if (filter.wa_id) {
        where.And("wa_id = ?", {*filter.wa_id});
    }
    if (filter.direction) {
        where.And("direction = ?", {std::string(domain::MessageDirectionName(*filter.direction))});
    }
    if (filter.status) {
        where.And("status = ?", {*filter.status});
    }
    if (filter.since) {
        where.And("created_at >= ?", {ToMicros(*filter.since)});
    }
    if (filter.until) {
        where.And("created_at < ?", {ToMicros(*filter.until)});
    }
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.Acquire());
    WHARF_ASSIGN_OR_RETURN(auto tx,
                           SqliteTransaction::Begin(*conn, SqliteTransaction::Mode::kRead));
    WHARF_ASSIGN_OR_RETURN(
        auto result, ReadKeysetPage<domain::Message>(
                         *conn, filter.conversation_id ? kConversationListQuery : kListQuery, where,
                         page, ReadMessage, KeyOf));
    WHARF_TRY(tx.Commit());
    return result;
}

Result<void> SqliteMessageRepository::Update(const ProjectId& project, const domain::Message& m) {
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.AcquireWriter());
    WHARF_ASSIGN_OR_RETURN(auto s, conn->Prepare(kUpdateStatus));
    BindWamid(BindStatus(s, m), project, m.wamid);
    WHARF_TRY(s.Run());
    if (conn->Changes() == 0) {
        return Fail(Error::NotFound("message not found"));
    }
    return {};
}

Result<bool> SqliteMessageRepository::UpdateIfUnchanged(const ProjectId& project,
                                                        const domain::Message& m,
                                                        const std::string& expected_status,
                                                        Timestamp expected_updated_at) {
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.AcquireWriter());
    static const std::string sql = kUpdateStatus + " AND status = ? AND updated_at = ?";
    WHARF_ASSIGN_OR_RETURN(auto s, conn->Prepare(sql));
    BindWamid(BindStatus(s, m), project, m.wamid)
        .BindTextRef(expected_status)
        .BindTime(expected_updated_at);
    WHARF_TRY(s.Run());
    return conn->Changes() > 0;
}

Result<std::vector<std::pair<ProjectId, domain::Message>>> SqliteMessageRepository::ListInFlight(
    Timestamp updated_before, const std::optional<std::string>& number_kind, int limit) {
    if (limit < 1) {
        return Fail(Error::InvalidArgument("limit must be at least 1"));
    }
    // Walks messages_in_flight (a partial index: only messages still on their way are in it; the
    // status term must be the index's own, ORs and all, for SQLite to use it: 0008).
    static constexpr const char* sql =
        "SELECT m.wamid, m.phone_number_id, m.conversation_id, m.contact_id, m.wa_id, "
        "m.direction, m.type, m.payload, m.status, m.statuses, m.origin, m.has_media, m.content, "
        "m.context_message_id, m.biz_opaque_callback_data, m.error, m.created_at, m.updated_at, "
        "m.project_id FROM messages AS m INDEXED BY messages_in_flight "
        "JOIN phone_numbers AS n ON n.project_id = m.project_id "
        "AND n.phone_number_id = m.phone_number_id "
        "WHERE m.direction = 'outbound' "
        "AND (m.status = 'accepted' OR m.status = 'sent' OR m.status = 'delivered') "
        "AND m.updated_at < ?1 AND (?2 IS NULL OR n.kind = ?2) "
        "ORDER BY m.updated_at LIMIT ?3";
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.Acquire());
    WHARF_ASSIGN_OR_RETURN(auto s, conn->Prepare(sql));
    s.BindTime(updated_before).BindOptionalText(number_kind).BindInt64(limit);
    std::vector<std::pair<ProjectId, domain::Message>> out;
    while (true) {
        WHARF_ASSIGN_OR_RETURN(bool row, s.Step());
        if (!row) {
            return out;
        }
        WHARF_ASSIGN_OR_RETURN(auto m, ReadMessage(s));
        out.emplace_back(s.IdAt<ProjectId>(18), std::move(m));
    }
}

}  // namespace wharf::store::sqlite
