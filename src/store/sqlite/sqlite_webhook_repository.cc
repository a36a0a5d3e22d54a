#include "store/sqlite/sqlite_webhook_repository.h"

#include <boost/json.hpp>

#include "store/sqlite/sqlite_transaction.h"
#include "store/sqlite/sqlite_where.h"

namespace wharf::store::sqlite {
namespace {

constexpr const char* kColumns =
    "id, project_id, phone_number_id, url, kind, events, active, sealed_secret, headers, "
    "buffer_enabled, buffer_window_seconds, max_buffer_size, buffer_events, inactivity_minutes, "
    "payload_version, created_at, updated_at";

std::string ArrayText(const std::vector<std::string>& v) {
    boost::json::array a;
    for (const auto& s : v) {
        a.emplace_back(s);
    }
    return boost::json::serialize(a);
}

std::vector<std::string> ReadArray(const std::string& text) {
    std::vector<std::string> out;
    boost::system::error_code ec;
    auto v = boost::json::parse(text, ec);
    if (!ec && v.is_array()) {
        for (const auto& e : v.as_array()) {
            if (e.is_string()) {
                out.emplace_back(e.as_string());
            }
        }
    }
    return out;
}

std::string HeadersText(const std::map<std::string, std::string>& m) {
    boost::json::object o;
    for (const auto& [k, v] : m) {
        o[k] = v;
    }
    return boost::json::serialize(o);
}

std::map<std::string, std::string> ReadHeaders(const std::string& text) {
    std::map<std::string, std::string> out;
    boost::system::error_code ec;
    auto v = boost::json::parse(text, ec);
    if (!ec && v.is_object()) {
        for (const auto& [k, e] : v.as_object()) {
            if (e.is_string()) {
                out.emplace(std::string(k), std::string(e.as_string()));
            }
        }
    }
    return out;
}

domain::Webhook ReadWebhook(const SqliteStatement& s) {
    domain::Webhook w;
    w.id = s.IdAt<WebhookId>(0);
    w.project_id = s.IdAt<ProjectId>(1);
    w.phone_number_id = s.OptionalIdAt<PhoneNumberId>(2);
    w.url = s.Text(3);
    w.kind = s.Text(4) == "meta" ? domain::WebhookKind::kMeta : domain::WebhookKind::kKapso;
    w.events = ReadArray(s.Text(5));
    w.active = s.Bool(6);
    w.sealed_secret = s.Text(7);
    w.headers = ReadHeaders(s.Text(8));
    w.buffer_enabled = s.Bool(9);
    w.buffer_window_seconds = static_cast<int>(s.Int64(10));
    w.max_buffer_size = static_cast<int>(s.Int64(11));
    w.buffer_events = ReadArray(s.Text(12));
    w.inactivity_minutes = static_cast<int>(s.Int64(13));
    w.payload_version = s.Text(14);
    w.created_at = s.Time(15);
    w.updated_at = s.Time(16);
    return w;
}

Result<std::vector<domain::Webhook>> ReadAll(SqliteStatement& s) {
    std::vector<domain::Webhook> out;
    while (true) {
        WHARF_ASSIGN_OR_RETURN(bool row, s.Step());
        if (!row) {
            return out;
        }
        out.push_back(ReadWebhook(s));
    }
}

}  // namespace

Result<void> SqliteWebhookRepository::Insert(const ProjectId& project, const domain::Webhook& w) {
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.AcquireWriter());
    WHARF_ASSIGN_OR_RETURN(
        auto s,
        conn->Prepare(std::string("INSERT INTO webhooks (") + kColumns +
                      ") SELECT ?, id, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM projects "
                      "WHERE id = ?"));
    s.BindId(w.id)
        .BindOptionalId(w.phone_number_id)
        .BindText(w.url)
        .BindText(domain::WebhookKindName(w.kind))
        .BindText(ArrayText(w.events))
        .BindBool(w.active)
        .BindText(w.sealed_secret)
        .BindText(HeadersText(w.headers))
        .BindBool(w.buffer_enabled)
        .BindInt64(w.buffer_window_seconds)
        .BindInt64(w.max_buffer_size)
        .BindText(ArrayText(w.buffer_events))
        .BindInt64(w.inactivity_minutes)
        .BindText(w.payload_version)
        .BindTime(w.created_at)
        .BindTime(w.updated_at)
        .BindId(project);
    WHARF_TRY(s.Run());
    if (conn->Changes() == 0) {
        return Fail(Error::NotFound("project not found"));
    }
    return {};
}

Result<domain::Webhook> SqliteWebhookRepository::Get(const ProjectId& project,
                                                     const WebhookId& id) {
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.Acquire());
    WHARF_ASSIGN_OR_RETURN(auto s, conn->Prepare(std::string("SELECT ") + kColumns +
                                                 " FROM webhooks WHERE project_id = ? AND id = ?"));
    s.BindId(project).BindId(id);
    WHARF_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) {
        return Fail(Error::NotFound("webhook not found"));
    }
    return ReadWebhook(s);
}

Result<domain::Page<domain::Webhook>> SqliteWebhookRepository::List(const ProjectId& project,
                                                                    const WebhookFilter& filter,
                                                                    domain::PageRequest page) {
    SqliteWhere where;
    where.And("project_id = ?", {project.value()});
    if (filter.phone_number_id) {
        where.And("phone_number_id = ?", {filter.phone_number_id->value()});
    }
    if (filter.kind) {
        where.And("kind = ?", {std::string(domain::WebhookKindName(*filter.kind))});
    }
    if (filter.active) {
        where.And("active = ?", {std::int64_t(*filter.active ? 1 : 0)});
    }
    if (filter.url_contains) {
        where.And("url LIKE ? ESCAPE '\\'", {LikeContains(*filter.url_contains)});
    }
    where.AndCreatedWithin(filter.created_after, filter.created_before);
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.Acquire());
    WHARF_ASSIGN_OR_RETURN(auto tx,
                           SqliteTransaction::Begin(*conn, SqliteTransaction::Mode::kRead));
    WHARF_ASSIGN_OR_RETURN(
        auto result,
        ReadPage<domain::Webhook>(
            *conn, "webhooks", kColumns, where, "created_at, id", page,
            [](SqliteStatement& s) -> Result<domain::Webhook> { return ReadWebhook(s); }));
    WHARF_TRY(tx.Commit());
    return result;
}

Result<void> SqliteWebhookRepository::Update(const ProjectId& project, const domain::Webhook& w) {
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.AcquireWriter());
    WHARF_ASSIGN_OR_RETURN(
        auto s, conn->Prepare("UPDATE webhooks SET url = ?, events = ?, active = ?, "
                              "sealed_secret = ?, headers = ?, buffer_enabled = ?, "
                              "buffer_window_seconds = ?, max_buffer_size = ?, buffer_events = ?, "
                              "inactivity_minutes = ?, payload_version = ?, updated_at = ? "
                              "WHERE project_id = ? AND id = ?"));
    s.BindText(w.url)
        .BindText(ArrayText(w.events))
        .BindBool(w.active)
        .BindText(w.sealed_secret)
        .BindText(HeadersText(w.headers))
        .BindBool(w.buffer_enabled)
        .BindInt64(w.buffer_window_seconds)
        .BindInt64(w.max_buffer_size)
        .BindText(ArrayText(w.buffer_events))
        .BindInt64(w.inactivity_minutes)
        .BindText(w.payload_version)
        .BindTime(w.updated_at)
        .BindId(project)
        .BindId(w.id);
    WHARF_TRY(s.Run());
    if (conn->Changes() == 0) {
        return Fail(Error::NotFound("webhook not found"));
    }
    return {};
}

Result<void> SqliteWebhookRepository::Delete(const ProjectId& project, const WebhookId& id) {
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.AcquireWriter());
    WHARF_ASSIGN_OR_RETURN(auto tx,
                           SqliteTransaction::Begin(*conn, SqliteTransaction::Mode::kWrite));
    {
        WHARF_ASSIGN_OR_RETURN(
            auto s, conn->Prepare("DELETE FROM webhooks WHERE project_id = ? AND id = ?"));
        s.BindId(project).BindId(id);
        WHARF_TRY(s.Run());
        if (conn->Changes() == 0) {
            return Fail(Error::NotFound("webhook not found"));
        }
    }
    for (const char* sql : {"DELETE FROM webhook_buffers WHERE webhook_id = ?",
                            "DELETE FROM webhook_inactivity WHERE webhook_id = ?",
                            "UPDATE webhook_deliveries SET status = 'failed', failed_at = "
                            "COALESCE(last_attempt_at, created_at), leased_until = NULL, "
                            "last_error = 'webhook deleted' WHERE webhook_id = ? AND status = "
                            "'pending'"}) {
        WHARF_ASSIGN_OR_RETURN(auto s, conn->Prepare(sql));
        s.BindId(id);
        WHARF_TRY(s.Run());
    }
    return tx.Commit();
}

Result<std::vector<domain::Webhook>> SqliteWebhookRepository::ListActiveAllProjects() {
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.Acquire());
    WHARF_ASSIGN_OR_RETURN(auto s, conn->Prepare(std::string("SELECT ") + kColumns +
                                                 " FROM webhooks WHERE active = 1 "
                                                 "ORDER BY created_at, id"));
    return ReadAll(s);
}

Result<domain::Webhook> SqliteWebhookRepository::FindForDelivery(const WebhookId& id) {
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.Acquire());
    WHARF_ASSIGN_OR_RETURN(
        auto s, conn->Prepare(std::string("SELECT ") + kColumns + " FROM webhooks WHERE id = ?"));
    s.BindId(id);
    WHARF_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) {
        return Fail(Error::NotFound("webhook not found"));
    }
    return ReadWebhook(s);
}

}  // namespace wharf::store::sqlite
