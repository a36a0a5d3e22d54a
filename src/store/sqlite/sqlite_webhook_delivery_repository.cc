#include "store/sqlite/sqlite_webhook_delivery_repository.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>

#include "store/sqlite/packed_event_payloads.h"
#include "store/sqlite/sqlite_transaction.h"
#include "store/sqlite/sqlite_where.h"

namespace wharf::store::sqlite {
namespace {

using domain::DeliveryStatus;

constexpr const char* kColumns =
    "d.id, d.project_id, d.webhook_id, d.event_id, d.event, d.phone_number_id, "
    "d.conversation_id, d.conversation_phone_number, d.ordering_key, d.body, d.idempotency_key, "
    "d.batch_size, d.status, d.attempt_count, d.next_attempt_at, d.retry_from, "
    "d.event_created_at, d.response_status, d.last_error, d.last_attempt_at, d.delivered_at, "
    "d.failed_at, d.created_at, d.seq, d.packed";
// The column after kColumns (the webhook's url, where a query joins it).
constexpr int kAfterColumns = 25;

// A row with `packed` (written since migration 0011) holds its body there, as an LZ4 block in the
// outbox events' format (packed_event_payloads.h, no Meta body); older rows hold it in `body`.
Result<domain::WebhookDelivery> ReadDelivery(const SqliteStatement& s) {
    domain::WebhookDelivery d;
    d.id = s.IdAt<WebhookDeliveryId>(0);
    d.project_id = s.IdAt<ProjectId>(1);
    d.webhook_id = s.IdAt<WebhookId>(2);
    d.event_id = s.OptionalIdAt<EventId>(3);
    d.event = s.Text(4);
    d.phone_number_id = s.OptionalIdAt<PhoneNumberId>(5);
    d.conversation_id = s.OptionalIdAt<ConversationId>(6);
    d.conversation_phone_number = s.OptionalText(7);
    d.ordering_key = s.OptionalText(8);
    if (s.IsNull(24)) {
        d.body = s.Text(9);
    } else {
        WHARF_ASSIGN_OR_RETURN(auto packed, UnpackEventPayloads(s.BlobView(24)));
        d.body = std::move(packed.payload);
    }
    d.idempotency_key = s.Text(10);
    d.batch_size = static_cast<int>(s.Int64(11));
    d.status = domain::ParseDeliveryStatus(s.Text(12)).value_or(DeliveryStatus::kPending);
    d.attempt_count = static_cast<int>(s.Int64(13));
    d.next_attempt_at = s.Time(14);
    d.retry_from = s.Time(15);
    d.event_created_at = s.Time(16);
    if (!s.IsNull(17)) {
        d.response_status = static_cast<int>(s.Int64(17));
    }
    d.last_error = s.OptionalText(18);
    d.last_attempt_at = s.OptionalTime(19);
    d.delivered_at = s.OptionalTime(20);
    d.failed_at = s.OptionalTime(21);
    d.created_at = s.Time(22);
    d.seq = s.Int64(23);
    return d;
}

domain::WebhookBuffer ReadBuffer(const SqliteStatement& s) {
    domain::WebhookBuffer b;
    b.webhook_id = s.IdAt<WebhookId>(0);
    b.conversation_id = s.IdAt<ConversationId>(1);
    b.project_id = s.IdAt<ProjectId>(2);
    b.phone_number_id = s.OptionalIdAt<PhoneNumberId>(3);
    b.conversation_phone_number = s.OptionalText(4);
    b.items = s.Text(5);
    b.item_count = static_cast<int>(s.Int64(6));
    b.first_event_id = s.IdAt<EventId>(7);
    b.first_created_at = s.Time(8);
    b.flush_at = s.Time(9);
    return b;
}

constexpr const char* kBufferColumns =
    "webhook_id, conversation_id, project_id, phone_number_id, conversation_phone_number, items, "
    "item_count, first_event_id, first_created_at, flush_at";

domain::InactivityTimer ReadTimer(const SqliteStatement& s) {
    domain::InactivityTimer t;
    t.webhook_id = s.IdAt<WebhookId>(0);
    t.conversation_id = s.IdAt<ConversationId>(1);
    t.project_id = s.IdAt<ProjectId>(2);
    t.phone_number_id = s.OptionalIdAt<PhoneNumberId>(3);
    t.conversation = s.Text(4);
    t.since_message = s.Text(5);
    t.due_at = s.Time(6);
    return t;
}

constexpr const char* kTimerColumns =
    "webhook_id, conversation_id, project_id, phone_number_id, conversation, since_message, "
    "due_at";

// Due pending deliveries that no earlier pending delivery of their key holds back. ?1 = now.
constexpr const char* kDue =
    " FROM webhook_deliveries AS d WHERE d.status = 'pending' AND d.next_attempt_at <= ?1 "
    "AND (d.leased_until IS NULL OR d.leased_until <= ?1) "
    "AND (d.ordering_key IS NULL OR NOT EXISTS (SELECT 1 FROM webhook_deliveries AS e "
    "WHERE e.status = 'pending' AND e.ordering_key = d.ordering_key AND e.seq < d.seq))";

}  // namespace

Result<std::int64_t> SqliteWebhookDeliveryRepository::FanOutCursor() {
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.Acquire());
    WHARF_ASSIGN_OR_RETURN(
        auto s, conn->Prepare("SELECT last_seq FROM webhook_fanout_cursor WHERE id = 1"));
    WHARF_ASSIGN_OR_RETURN(bool row, s.Step());
    return row ? s.Int64(0) : std::int64_t{0};
}

Result<void> SqliteWebhookDeliveryRepository::SetFanOutCursor(std::int64_t seq) {
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.AcquireWriter());
    WHARF_ASSIGN_OR_RETURN(auto s, conn->Prepare("INSERT INTO webhook_fanout_cursor (id, last_seq) "
                                                 "VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET "
                                                 "last_seq = excluded.last_seq"));
    s.BindInt64(seq);
    return s.Run();
}

Result<void> SqliteWebhookDeliveryRepository::Insert(const ProjectId& project,
                                                     const domain::WebhookDelivery& d) {
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.AcquireWriter());
    WHARF_ASSIGN_OR_RETURN(
        auto s,
        conn->Prepare(
            "INSERT INTO webhook_deliveries (id, project_id, webhook_id, event_id, event, "
            "phone_number_id, conversation_id, conversation_phone_number, ordering_key, "
            "body, packed, idempotency_key, batch_size, status, attempt_count, "
            "next_attempt_at, retry_from, event_created_at, created_at) "
            "SELECT ?, id, ?, ?, ?, ?, ?, ?, ?, '', ?, ?, ?, ?, ?, ?, ?, ?, ? FROM projects "
            "WHERE id = ?"));
    s.BindId(d.id)
        .BindId(d.webhook_id)
        .BindOptionalId(d.event_id)
        .BindText(d.event)
        .BindOptionalId(d.phone_number_id)
        .BindOptionalId(d.conversation_id)
        .BindOptionalText(d.conversation_phone_number)
        .BindOptionalText(d.ordering_key)
        .BindBlob(PackEventPayloads(d.body, std::nullopt))
        .BindText(d.idempotency_key)
        .BindInt64(d.batch_size)
        .BindText(domain::DeliveryStatusName(d.status))
        .BindInt64(d.attempt_count)
        .BindTime(d.next_attempt_at)
        .BindTime(d.retry_from)
        .BindTime(d.event_created_at)
        .BindTime(d.created_at)
        .BindId(project);
    WHARF_TRY(s.Run());
    if (conn->Changes() == 0) {
        return Fail(Error::NotFound("project not found"));
    }
    return {};
}

Result<std::optional<domain::WebhookBuffer>> SqliteWebhookDeliveryRepository::GetBuffer(
    const WebhookId& webhook, const ConversationId& conversation) {
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.Acquire());
    WHARF_ASSIGN_OR_RETURN(auto s, conn->Prepare(std::string("SELECT ") + kBufferColumns +
                                                 " FROM webhook_buffers WHERE webhook_id = ? "
                                                 "AND conversation_id = ?"));
    s.BindId(webhook).BindId(conversation);
    WHARF_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) {
        return std::optional<domain::WebhookBuffer>();
    }
    return std::optional<domain::WebhookBuffer>(ReadBuffer(s));
}

Result<void> SqliteWebhookDeliveryRepository::PutBuffer(const domain::WebhookBuffer& b) {
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.AcquireWriter());
    WHARF_ASSIGN_OR_RETURN(
        auto s, conn->Prepare(std::string("INSERT OR REPLACE INTO "
                                          "webhook_buffers (") +
                              kBufferColumns + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    s.BindId(b.webhook_id)
        .BindId(b.conversation_id)
        .BindId(b.project_id)
        .BindOptionalId(b.phone_number_id)
        .BindOptionalText(b.conversation_phone_number)
        .BindText(b.items)
        .BindInt64(b.item_count)
        .BindId(b.first_event_id)
        .BindTime(b.first_created_at)
        .BindTime(b.flush_at);
    return s.Run();
}

Result<void> SqliteWebhookDeliveryRepository::DeleteBuffer(const WebhookId& webhook,
                                                           const ConversationId& conversation) {
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.AcquireWriter());
    WHARF_ASSIGN_OR_RETURN(auto s, conn->Prepare("DELETE FROM webhook_buffers WHERE webhook_id = ? "
                                                 "AND conversation_id = ?"));
    s.BindId(webhook).BindId(conversation);
    return s.Run();
}

Result<std::vector<domain::WebhookBuffer>> SqliteWebhookDeliveryRepository::DueBuffers(
    Timestamp now, int limit) {
    std::vector<domain::WebhookBuffer> out;
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.Acquire());
    WHARF_ASSIGN_OR_RETURN(auto s, conn->Prepare(std::string("SELECT ") + kBufferColumns +
                                                 " FROM webhook_buffers WHERE flush_at <= ? "
                                                 "ORDER BY flush_at LIMIT ?"));
    s.BindTime(now).BindInt64(limit);
    while (true) {
        WHARF_ASSIGN_OR_RETURN(bool row, s.Step());
        if (!row) {
            return out;
        }
        out.push_back(ReadBuffer(s));
    }
}

Result<void> SqliteWebhookDeliveryRepository::PutInactivity(const domain::InactivityTimer& t) {
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.AcquireWriter());
    WHARF_ASSIGN_OR_RETURN(auto s, conn->Prepare(std::string("INSERT OR REPLACE INTO "
                                                             "webhook_inactivity (") +
                                                 kTimerColumns + ") VALUES (?, ?, ?, ?, ?, ?, ?)"));
    s.BindId(t.webhook_id)
        .BindId(t.conversation_id)
        .BindId(t.project_id)
        .BindOptionalId(t.phone_number_id)
        .BindText(t.conversation)
        .BindText(t.since_message)
        .BindTime(t.due_at);
    return s.Run();
}

Result<void> SqliteWebhookDeliveryRepository::DeleteInactivity(const WebhookId& webhook,
                                                               const ConversationId& conversation) {
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.AcquireWriter());
    WHARF_ASSIGN_OR_RETURN(auto s, conn->Prepare("DELETE FROM webhook_inactivity WHERE "
                                                 "webhook_id = ? AND conversation_id = ?"));
    s.BindId(webhook).BindId(conversation);
    return s.Run();
}

Result<std::vector<domain::InactivityTimer>> SqliteWebhookDeliveryRepository::DueInactivity(
    Timestamp now, int limit) {
    std::vector<domain::InactivityTimer> out;
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.Acquire());
    WHARF_ASSIGN_OR_RETURN(auto s, conn->Prepare(std::string("SELECT ") + kTimerColumns +
                                                 " FROM webhook_inactivity WHERE due_at <= ? "
                                                 "ORDER BY due_at LIMIT ?"));
    s.BindTime(now).BindInt64(limit);
    while (true) {
        WHARF_ASSIGN_OR_RETURN(bool row, s.Step());
        if (!row) {
            return out;
        }
        out.push_back(ReadTimer(s));
    }
}

Result<std::vector<domain::WebhookDelivery>> SqliteWebhookDeliveryRepository::Lease(
    Timestamp now, std::chrono::milliseconds lease, int limit, int per_webhook,
    const std::vector<WebhookId>& skip, const std::map<WebhookId, int>& caps) {
    if (limit < 1 || per_webhook < 1) {
        return Fail(Error::InvalidArgument("lease limits must be at least 1"));
    }
    if (lease <= std::chrono::milliseconds::zero()) {
        return Fail(Error::InvalidArgument("lease duration must be positive"));
    }
    std::string skip_sql;
    if (!skip.empty()) {
        skip_sql = " AND d.webhook_id NOT IN (";
        for (size_t i = 0; i < skip.size(); ++i) {
            skip_sql += i == 0 ? "?" : ", ?";
        }
        skip_sql += ")";
    }
    std::vector<domain::WebhookDelivery> out;
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.AcquireWriter());
    {
        // The idle poll reads only; the write lock is taken when there is work.
        WHARF_ASSIGN_OR_RETURN(
            auto probe, conn->Prepare(std::string("SELECT 1") + kDue + skip_sql + " LIMIT 1"));
        probe.BindTime(now);
        for (const auto& id : skip) {
            probe.BindId(id);
        }
        WHARF_ASSIGN_OR_RETURN(bool any, probe.Step());
        if (!any) {
            return out;
        }
    }
    WHARF_ASSIGN_OR_RETURN(auto tx,
                           SqliteTransaction::Begin(*conn, SqliteTransaction::Mode::kWrite));
    {
        WHARF_ASSIGN_OR_RETURN(auto select,
                               conn->Prepare(std::string("SELECT ") + kColumns + kDue + skip_sql +
                                             " ORDER BY d.next_attempt_at, d.seq LIMIT ?"));
        select.BindTime(now);
        for (const auto& id : skip) {
            select.BindId(id);
        }
        select.BindInt64(std::int64_t(limit) * 4);
        std::map<std::string, int> taken;
        while (static_cast<int>(out.size()) < limit) {
            WHARF_ASSIGN_OR_RETURN(bool row, select.Step());
            if (!row) {
                break;
            }
            WHARF_ASSIGN_OR_RETURN(auto d, ReadDelivery(select));
            auto cap = caps.find(d.webhook_id);
            if (++taken[d.webhook_id.value()] > (cap == caps.end() ? per_webhook : cap->second)) {
                continue;
            }
            out.push_back(std::move(d));
        }
    }
    const Timestamp until = now + std::chrono::duration_cast<std::chrono::microseconds>(lease);
    for (const auto& d : out) {
        WHARF_ASSIGN_OR_RETURN(
            auto update,
            conn->Prepare("UPDATE webhook_deliveries SET leased_until = ? WHERE seq = ?"));
        update.BindTime(until).BindInt64(d.seq);
        WHARF_TRY(update.Run());
    }
    WHARF_TRY(tx.Commit());
    return out;
}

Result<void> SqliteWebhookDeliveryRepository::Postpone(const WebhookId& webhook, Timestamp until) {
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.AcquireWriter());
    WHARF_ASSIGN_OR_RETURN(
        auto s,
        conn->Prepare("UPDATE webhook_deliveries SET next_attempt_at = ?1 "
                      "WHERE webhook_id = ?2 AND status = 'pending' AND next_attempt_at < ?1 "
                      "AND leased_until IS NULL"));
    s.BindTime(until).BindId(webhook);
    return s.Run();
}

Result<void> SqliteWebhookDeliveryRepository::Complete(
    const std::vector<domain::DeliveryOutcome>& outcomes) {
    if (outcomes.empty()) {
        return {};
    }
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.AcquireWriter());
    WHARF_ASSIGN_OR_RETURN(auto tx,
                           SqliteTransaction::Begin(*conn, SqliteTransaction::Mode::kWrite));
    for (const auto& o : outcomes) {
        const auto& a = o.attempt;
        Timestamp ended = a.started_at + std::chrono::milliseconds(a.duration_ms);
        {
            WHARF_ASSIGN_OR_RETURN(
                auto s,
                conn->Prepare("UPDATE webhook_deliveries SET status = ?, attempt_count = ?, "
                              "next_attempt_at = ?, leased_until = NULL, response_status = ?, "
                              "last_error = ?, last_attempt_at = ?, delivered_at = ?, "
                              "failed_at = ? WHERE id = ? AND status = 'pending'"));
            s.BindText(domain::DeliveryStatusName(o.status)).BindInt64(a.attempt);
            s.BindTime(o.status == DeliveryStatus::kPending ? o.next_attempt_at : ended);
            if (a.status_code) {
                s.BindInt64(*a.status_code);
            } else {
                s.BindNull();
            }
            s.BindOptionalText(o.status == DeliveryStatus::kDelivered ? std::nullopt : a.error)
                .BindTime(a.started_at)
                .BindOptionalTime(o.status == DeliveryStatus::kDelivered
                                      ? std::optional<Timestamp>(ended)
                                      : std::nullopt)
                .BindOptionalTime(o.status == DeliveryStatus::kFailed
                                      ? std::optional<Timestamp>(ended)
                                      : std::nullopt)
                .BindId(o.id);
            WHARF_TRY(s.Run());
        }
        {
            WHARF_ASSIGN_OR_RETURN(
                auto s, conn->Prepare("INSERT OR REPLACE INTO webhook_attempts (delivery_id, "
                                      "attempt, started_at, duration_ms, status_code, error) "
                                      "VALUES (?, ?, ?, ?, ?, ?)"));
            s.BindId(o.id).BindInt64(a.attempt).BindTime(a.started_at).BindInt64(a.duration_ms);
            if (a.status_code) {
                s.BindInt64(*a.status_code);
            } else {
                s.BindNull();
            }
            s.BindOptionalText(a.error);
            WHARF_TRY(s.Run());
        }
    }
    return tx.Commit();
}

Result<std::vector<domain::WebhookDelivery>> SqliteWebhookDeliveryRepository::List(
    const ProjectId& project, const domain::DeliveryFilter& filter, int limit,
    std::optional<std::int64_t> older_than, std::optional<std::int64_t> newer_than) {
    std::vector<domain::WebhookDelivery> out;
    if (limit <= 0) {
        return out;
    }
    SqliteWhere where;
    where.And("d.project_id = ?", {project.value()});
    if (filter.status) {
        where.And("d.status = ?", {std::string(domain::DeliveryStatusName(*filter.status))});
    }
    if (filter.event) {
        where.And("d.event = ?", {*filter.event});
    }
    if (filter.webhook_id) {
        where.And("d.webhook_id = ?", {filter.webhook_id->value()});
    }
    if (filter.errors_only) {
        where.And("d.status = 'failed' OR d.last_error IS NOT NULL OR d.response_status >= 400");
    }
    if (filter.since) {
        where.And("d.created_at >= ?", {ToMicros(*filter.since)});
    }
    if (older_than) {
        where.And("d.seq < ?", {*older_than});
    }
    if (newer_than) {
        where.And("d.seq > ?", {*newer_than});
    }
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.Acquire());
    WHARF_ASSIGN_OR_RETURN(
        auto s, conn->Prepare(std::string("SELECT ") + kColumns +
                              ", w.url FROM webhook_deliveries AS d LEFT JOIN webhooks AS w ON "
                              "w.id = d.webhook_id" +
                              where.Sql() + " ORDER BY d.seq " + (newer_than ? "ASC" : "DESC") +
                              " LIMIT ?"));
    where.BindTo(s);
    s.BindInt64(limit);
    while (true) {
        WHARF_ASSIGN_OR_RETURN(bool row, s.Step());
        if (!row) {
            break;
        }
        WHARF_ASSIGN_OR_RETURN(auto d, ReadDelivery(s));
        d.webhook_url = s.OptionalText(kAfterColumns);
        out.push_back(std::move(d));
    }
    if (newer_than) {
        std::reverse(out.begin(), out.end());
    }
    return out;
}

Result<domain::WebhookDelivery> SqliteWebhookDeliveryRepository::Get(const ProjectId& project,
                                                                     const WebhookDeliveryId& id) {
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.Acquire());
    WHARF_ASSIGN_OR_RETURN(
        auto s, conn->Prepare(std::string("SELECT ") + kColumns +
                              ", w.url FROM webhook_deliveries AS d LEFT JOIN webhooks AS w ON "
                              "w.id = d.webhook_id WHERE d.project_id = ? AND d.id = ?"));
    s.BindId(project).BindId(id);
    WHARF_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) {
        return Fail(Error::NotFound("webhook delivery not found"));
    }
    WHARF_ASSIGN_OR_RETURN(auto d, ReadDelivery(s));
    d.webhook_url = s.OptionalText(kAfterColumns);
    return d;
}

Result<std::vector<domain::DeliveryAttempt>> SqliteWebhookDeliveryRepository::Attempts(
    const ProjectId& project, const WebhookDeliveryId& id) {
    WHARF_TRY(Get(project, id));
    std::vector<domain::DeliveryAttempt> out;
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.Acquire());
    WHARF_ASSIGN_OR_RETURN(auto s, conn->Prepare("SELECT attempt, started_at, duration_ms, "
                                                 "status_code, error FROM webhook_attempts "
                                                 "WHERE delivery_id = ? ORDER BY attempt"));
    s.BindId(id);
    while (true) {
        WHARF_ASSIGN_OR_RETURN(bool row, s.Step());
        if (!row) {
            return out;
        }
        domain::DeliveryAttempt a;
        a.delivery_id = id;
        a.attempt = static_cast<int>(s.Int64(0));
        a.started_at = s.Time(1);
        a.duration_ms = static_cast<int>(s.Int64(2));
        if (!s.IsNull(3)) {
            a.status_code = static_cast<int>(s.Int64(3));
        }
        a.error = s.OptionalText(4);
        out.push_back(std::move(a));
    }
}

Result<void> SqliteWebhookDeliveryRepository::Requeue(const ProjectId& project,
                                                      const WebhookDeliveryId& id, Timestamp now) {
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.AcquireWriter());
    WHARF_ASSIGN_OR_RETURN(
        auto s, conn->Prepare("UPDATE webhook_deliveries SET status = 'pending', "
                              "next_attempt_at = ?1, retry_from = ?1, leased_until = NULL, "
                              "delivered_at = NULL, failed_at = NULL "
                              "WHERE project_id = ?2 AND id = ?3"));
    s.BindTime(now).BindId(project).BindId(id);
    WHARF_TRY(s.Run());
    if (conn->Changes() == 0) {
        return Fail(Error::NotFound("webhook delivery not found"));
    }
    return {};
}

Result<long long> SqliteWebhookDeliveryRepository::RequeueDead(const ProjectId& project,
                                                               const WebhookId& webhook,
                                                               Timestamp now) {
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.AcquireWriter());
    WHARF_ASSIGN_OR_RETURN(
        auto s, conn->Prepare("UPDATE webhook_deliveries SET status = 'pending', "
                              "next_attempt_at = ?1, retry_from = ?1, leased_until = NULL, "
                              "failed_at = NULL WHERE project_id = ?2 AND webhook_id = ?3 "
                              "AND status = 'failed'"));
    s.BindTime(now).BindId(project).BindId(webhook);
    WHARF_TRY(s.Run());
    return static_cast<long long>(conn->Changes());
}

Result<long long> SqliteWebhookDeliveryRepository::CountByStatus(domain::DeliveryStatus status) {
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.Acquire());
    WHARF_ASSIGN_OR_RETURN(
        auto s, conn->Prepare("SELECT COUNT(*) FROM webhook_deliveries WHERE status = ?"));
    s.BindText(domain::DeliveryStatusName(status));
    WHARF_ASSIGN_OR_RETURN(bool row, s.Step());
    return row ? static_cast<long long>(s.Int64(0)) : 0LL;
}

}  // namespace wharf::store::sqlite
