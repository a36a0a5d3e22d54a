#include "store/sqlite/sqlite_conversation_repository.h"

#include <optional>
#include <string>

#include "store/sqlite/sqlite_keyset_page.h"
#include "store/sqlite/sqlite_transaction.h"
#include "store/sqlite/sqlite_where.h"

namespace wharf::store::sqlite {

namespace {

using domain::ConversationStatus;

constexpr const char* kColumns =
    "id, phone_number_id, wa_id, contact_id, status, created_at, updated_at, last_active_at, "
    "last_inbound_at, last_outbound_at, ended_at, messages_count, last_message_id, "
    "last_message_type, last_message_text, last_message_at, metadata";
constexpr int kColumnCount = 17;

constexpr SqliteKeysetQuery kListQuery{"conversations", kColumns, "last_active_at", "id"};

Result<domain::Conversation> ReadConversation(const SqliteStatement& s) {
    domain::Conversation c;
    c.id = s.IdAt<ConversationId>(0);
    c.phone_number_id = s.IdAt<PhoneNumberId>(1);
    c.wa_id = s.Text(2);
    c.contact_id = s.IdAt<ContactId>(3);
    std::string status = s.Text(4);
    auto parsed = domain::ParseConversationStatus(status);
    if (!parsed) {
        return Fail(Error::Internal("corrupt conversations row: unknown status '" + status + "'"));
    }
    c.status = *parsed;
    c.created_at = s.Time(5);
    c.updated_at = s.Time(6);
    c.last_active_at = s.Time(7);
    c.last_inbound_at = s.OptionalTime(8);
    c.last_outbound_at = s.OptionalTime(9);
    c.ended_at = s.OptionalTime(10);
    c.messages_count = s.Int64(11);
    c.last_message_id = s.OptionalText(12);
    c.last_message_type = s.OptionalText(13);
    c.last_message_text = s.OptionalText(14);
    c.last_message_at = s.OptionalTime(15);
    c.metadata = s.Text(16);
    return c;
}

domain::Keyset KeyOf(const domain::Conversation& c) {
    return {c.last_active_at, c.id.value()};
}

// The columns a message moves, in this order: updated_at through metadata (Update's first
// statement; Insert binds status before them). Its strings are read in place: `c` must outlive
// `s`.
void BindActivity(SqliteStatement& s, const domain::Conversation& c) {
    s.BindTime(c.updated_at)
        .BindTime(c.last_active_at)
        .BindOptionalTime(c.last_inbound_at)
        .BindOptionalTime(c.last_outbound_at)
        .BindOptionalTime(c.ended_at)
        .BindInt64(c.messages_count)
        .BindOptionalTextRef(c.last_message_id)
        .BindOptionalTextRef(c.last_message_type)
        .BindOptionalTextRef(c.last_message_text)
        .BindOptionalTime(c.last_message_at)
        .BindTextRef(c.metadata);
}

}  // namespace

Result<void> SqliteConversationRepository::Insert(const ProjectId& project,
                                                  const domain::Conversation& c) {
    // Selecting from contacts checks project, contact, number and wa_id in one go.
    static const std::string sql =
        std::string(
            "INSERT INTO conversations (project_id, id, phone_number_id, wa_id, "
            "contact_id, created_at, status, updated_at, last_active_at, "
            "last_inbound_at, last_outbound_at, ended_at, messages_count, "
            "last_message_id, last_message_type, last_message_text, last_message_at, "
            "metadata) "
            "SELECT project_id, ?, phone_number_id, wa_id, id, ?, ") +
        "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM contacts "
        "WHERE project_id = ? AND id = ? AND phone_number_id = ? AND wa_id = ?";
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.AcquireWriter());
    WHARF_ASSIGN_OR_RETURN(auto s, conn->Prepare(sql));
    s.BindId(c.id).BindTime(c.created_at).BindText(domain::ConversationStatusName(c.status));
    BindActivity(s, c);
    s.BindId(project).BindId(c.contact_id).BindId(c.phone_number_id).BindText(c.wa_id);
    WHARF_TRY(s.Run());
    if (conn->Changes() == 0) {
        return Fail(Error::NotFound("project or contact (of that number and wa_id) not found"));
    }
    return {};
}

Result<domain::Conversation> SqliteConversationRepository::Get(const ProjectId& project,
                                                               const ConversationId& id) {
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.Acquire());
    WHARF_ASSIGN_OR_RETURN(auto s,
                           conn->Prepare(std::string("SELECT ") + kColumns +
                                         " FROM conversations WHERE project_id = ? AND id = ?"));
    s.BindId(project).BindId(id);
    WHARF_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) {
        return Fail(Error::NotFound("conversation not found"));
    }
    return ReadConversation(s);
}

Result<domain::Conversation> SqliteConversationRepository::FindActive(const ProjectId& project,
                                                                      const PhoneNumberId& number,
                                                                      const std::string& wa_id) {
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.Acquire());
    WHARF_ASSIGN_OR_RETURN(
        auto s, conn->Prepare(std::string("SELECT ") + kColumns +
                              " FROM conversations WHERE project_id = ? AND phone_number_id = ? "
                              "AND wa_id = ? AND status = 'active'"));
    s.BindId(project).BindId(number).BindText(wa_id);
    WHARF_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) {
        return Fail(Error::NotFound("no active conversation"));
    }
    return ReadConversation(s);
}

Result<domain::KeysetPage<domain::Conversation>> SqliteConversationRepository::List(
    const ProjectId& project, const domain::ConversationFilter& filter,
    const domain::KeysetRequest& page) {
    SqliteWhere where;
    where.And("project_id = ?", {project.value()});
    if (filter.phone_number_id) {
        where.And("phone_number_id = ?", {filter.phone_number_id->value()});
    }
    if (filter.status) {
        where.And("status = ?", {std::string(domain::ConversationStatusName(*filter.status))});
    }
    if (filter.last_active_since) {
        where.And("last_active_at >= ?", {ToMicros(*filter.last_active_since)});
    }
    if (filter.last_active_until) {
        where.And("last_active_at < ?", {ToMicros(*filter.last_active_until)});
    }
    if (filter.wa_id) {
        where.And("wa_id = ?", {*filter.wa_id});
    }
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.Acquire());
    WHARF_ASSIGN_OR_RETURN(auto tx,
                           SqliteTransaction::Begin(*conn, SqliteTransaction::Mode::kRead));
    WHARF_ASSIGN_OR_RETURN(auto result,
                           ReadKeysetPage<domain::Conversation>(*conn, kListQuery, where, page,
                                                                ReadConversation, KeyOf));
    WHARF_TRY(tx.Commit());
    return result;
}

Result<void> SqliteConversationRepository::Update(const ProjectId& project,
                                                  const domain::Conversation& c) {
    // Two statements: SQLite rewrites the entries of every index whose columns the SET list
    // names, changed or not, and status is in conversations_one_active. A message's update (the
    // common case) leaves the status as it was, so the second statement matches no row and that
    // index is not written.
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.AcquireWriter());
    // Outside Store::Transact the two statements need a transaction of their own (inside one, a
    // savepoint would only cost: a failure there undoes the caller's whole fn anyway).
    std::optional<SqliteTransaction> own;
    if (!conn->InTransaction()) {
        WHARF_ASSIGN_OR_RETURN(auto begun,
                               SqliteTransaction::Begin(*conn, SqliteTransaction::Mode::kWrite));
        own.emplace(std::move(begun));
    }
    {
        WHARF_ASSIGN_OR_RETURN(
            auto s, conn->Prepare("UPDATE conversations SET updated_at = ?, last_active_at = ?, "
                                  "last_inbound_at = ?, last_outbound_at = ?, ended_at = ?, "
                                  "messages_count = ?, last_message_id = ?, last_message_type = ?, "
                                  "last_message_text = ?, last_message_at = ?, metadata = ? "
                                  "WHERE project_id = ? AND id = ?"));
        BindActivity(s, c);
        s.BindId(project).BindId(c.id);
        WHARF_TRY(s.Run());
        if (conn->Changes() == 0) {
            return Fail(Error::NotFound("conversation not found"));
        }
    }
    const std::string status(domain::ConversationStatusName(c.status));
    WHARF_ASSIGN_OR_RETURN(auto s, conn->Prepare("UPDATE conversations SET status = ? WHERE "
                                                 "project_id = ? AND id = ? AND status != ?"));
    s.BindText(status).BindId(project).BindId(c.id).BindText(status);
    WHARF_TRY(s.Run());
    return own ? own->Commit() : Result<void>();
}

Result<std::vector<std::pair<ProjectId, domain::Conversation>>>
SqliteConversationRepository::ListIdleActive(Timestamp cutoff, int limit) {
    if (limit < 1) {
        return Fail(Error::InvalidArgument("limit must be at least 1"));
    }
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.Acquire());
    WHARF_ASSIGN_OR_RETURN(auto s,
                           conn->Prepare(std::string("SELECT ") + kColumns +
                                         ", project_id FROM conversations "
                                         "WHERE status = 'active' AND last_active_at <= ? "
                                         "ORDER BY last_active_at, project_id, id LIMIT ?"));
    s.BindTime(cutoff).BindInt64(limit);
    std::vector<std::pair<ProjectId, domain::Conversation>> idle;
    while (true) {
        WHARF_ASSIGN_OR_RETURN(bool row, s.Step());
        if (!row) {
            return idle;
        }
        WHARF_ASSIGN_OR_RETURN(auto c, ReadConversation(s));
        idle.emplace_back(s.IdAt<ProjectId>(kColumnCount), std::move(c));
    }
}

}  // namespace wharf::store::sqlite
