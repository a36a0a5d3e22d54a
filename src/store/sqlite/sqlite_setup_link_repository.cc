#include "store/sqlite/sqlite_setup_link_repository.h"

#include <array>
#include <string>
#include <utility>

#include <boost/json.hpp>

#include "base/json.h"
#include "store/sqlite/sqlite_transaction.h"
#include "store/sqlite/sqlite_where.h"

namespace wharf::store::sqlite {

namespace {

namespace bj = boost::json;
using domain::ConnectionType;
using domain::MetaBillingMode;
using domain::SetupLinkStatus;
using domain::SetupStatus;

// Storage names of the enums. These are the database format: never rename one without a
// migration. (They happen to equal the API's names.)
template <class E, size_t N>
using EnumNames = std::array<std::pair<E, const char*>, N>;

constexpr EnumNames<SetupLinkStatus, 4> kStatusNames{{{SetupLinkStatus::kActive, "active"},
                                                      {SetupLinkStatus::kUsed, "used"},
                                                      {SetupLinkStatus::kExpired, "expired"},
                                                      {SetupLinkStatus::kRevoked, "revoked"}}};
constexpr EnumNames<ConnectionType, 2> kConnectionTypeNames{
    {{ConnectionType::kCoexistence, "coexistence"}, {ConnectionType::kDedicated, "dedicated"}}};
constexpr EnumNames<MetaBillingMode, 2> kBillingModeNames{
    {{MetaBillingMode::kCustomerManaged, "customer_managed"},
     {MetaBillingMode::kPartnerManaged, "partner_managed"}}};
constexpr EnumNames<SetupStatus, 4> kSetupStatusNames{{{SetupStatus::kPending, "pending"},
                                                       {SetupStatus::kProcessing, "processing"},
                                                       {SetupStatus::kCompleted, "completed"},
                                                       {SetupStatus::kFailed, "failed"}}};

template <class E, size_t N>
const char* NameOf(const EnumNames<E, N>& names, E value) {
    for (const auto& [v, name] : names) {
        if (v == value) {
            return name;
        }
    }
    return "";  // unreachable for valid enum values; the CHECK constraint rejects it
}

Error Corrupt(std::string_view what) {
    return Error::Internal("corrupt setup_links row: " + std::string(what));
}

template <class E, size_t N>
Result<E> ValueOf(const EnumNames<E, N>& names, std::string_view text) {
    for (const auto& [v, name] : names) {
        if (text == name) {
            return v;
        }
    }
    return Fail(Corrupt("unknown value '" + std::string(text) + "'"));
}

std::string EncodeStrings(const std::vector<std::string>& items) {
    bj::array a;
    for (const auto& s : items) {
        a.emplace_back(s);
    }
    return json::Serialize(a);
}

std::string EncodeConnectionTypes(const std::vector<ConnectionType>& types) {
    bj::array a;
    for (auto t : types) {
        a.emplace_back(NameOf(kConnectionTypeNames, t));
    }
    return json::Serialize(a);
}

std::optional<std::string> EncodeTheme(const std::optional<domain::ThemeConfig>& theme) {
    if (!theme) {
        return std::nullopt;
    }
    bj::object o;
    for (const auto& [name, colour] : *theme) {
        o[name] = colour;
    }
    return json::Serialize(o);
}

std::optional<std::string> EncodeProvisioned(const std::optional<domain::ProvisionedNumber>& n) {
    if (!n) {
        return std::nullopt;
    }
    bj::object o;
    o["id"] = n->id;
    o["phone_number"] = n->phone_number;
    o["status"] = n->status;
    o["area_code"] = json::OrNull(n->area_code);
    o["country_iso"] = n->country_iso;
    o["country_dial_code"] = n->country_dial_code;
    o["display_number"] = json::OrNull(n->display_number);
    return json::Serialize(o);
}

Result<bj::value> ParseColumn(const std::string& text) {
    auto v = json::Parse(text);
    if (!v) {
        return Fail(Corrupt(v.error().message));
    }
    return std::move(v).value();
}

Result<std::vector<std::string>> DecodeStrings(const std::string& text) {
    WHARF_ASSIGN_OR_RETURN(bj::value v, ParseColumn(text));
    if (!v.is_array()) {
        return Fail(Corrupt("expected a JSON array"));
    }
    std::vector<std::string> items;
    for (const auto& item : v.get_array()) {
        if (!item.is_string()) {
            return Fail(Corrupt("expected an array of strings"));
        }
        items.emplace_back(item.get_string());
    }
    return items;
}

Result<std::vector<ConnectionType>> DecodeConnectionTypes(const std::string& text) {
    WHARF_ASSIGN_OR_RETURN(auto names, DecodeStrings(text));
    std::vector<ConnectionType> types;
    for (const auto& name : names) {
        WHARF_ASSIGN_OR_RETURN(auto t, ValueOf(kConnectionTypeNames, name));
        types.push_back(t);
    }
    return types;
}

Result<std::optional<domain::ThemeConfig>> DecodeTheme(const std::optional<std::string>& text) {
    if (!text) {
        return std::optional<domain::ThemeConfig>();
    }
    WHARF_ASSIGN_OR_RETURN(bj::value v, ParseColumn(*text));
    if (!v.is_object()) {
        return Fail(Corrupt("theme_config is not an object"));
    }
    domain::ThemeConfig theme;
    for (const auto& [name, colour] : v.get_object()) {
        if (!colour.is_string()) {
            return Fail(Corrupt("theme_config colour is not a string"));
        }
        theme.emplace(std::string(name), std::string(colour.get_string()));
    }
    return std::optional<domain::ThemeConfig>(std::move(theme));
}

Result<std::optional<domain::ProvisionedNumber>> DecodeProvisioned(
    const std::optional<std::string>& text) {
    if (!text) {
        return std::optional<domain::ProvisionedNumber>();
    }
    WHARF_ASSIGN_OR_RETURN(bj::value v, ParseColumn(*text));
    if (!v.is_object()) {
        return Fail(Corrupt("provisioned_phone_number is not an object"));
    }
    const bj::object& o = v.get_object();
    auto text_at = [&o](std::string_view key) -> std::optional<std::string> {
        const bj::value* field = o.if_contains(key);
        if (field == nullptr || !field->is_string()) {
            return std::nullopt;
        }
        return std::string(field->get_string());
    };
    domain::ProvisionedNumber n;
    n.id = text_at("id").value_or("");
    n.phone_number = text_at("phone_number").value_or("");
    n.status = text_at("status").value_or("");
    n.area_code = text_at("area_code");
    n.country_iso = text_at("country_iso").value_or("");
    n.country_dial_code = text_at("country_dial_code").value_or("");
    n.display_number = text_at("display_number");
    return std::optional<domain::ProvisionedNumber>(std::move(n));
}

// Column order of kColumns, shared by every SELECT; FindBySlug appends project_id.
constexpr const char* kColumns =
    "id, customer_id, status, slug, token_hash, created_at, updated_at, expires_at, "
    "success_redirect_url, failure_redirect_url, allowed_origins, allowed_connection_types, "
    "meta_billing_mode, provision_phone_number, phone_number_area_code, "
    "phone_number_country_isos, reconnect_phone_number, theme_config, language, "
    "whatsapp_setup_status, whatsapp_setup_error, provisioned_phone_number, phone_number_id";
constexpr int kProjectIdColumn = 23;

Result<domain::SetupLink> ReadLink(const SqliteStatement& s) {
    domain::SetupLink l;
    l.id = s.IdAt<SetupLinkId>(0);
    l.customer_id = s.IdAt<CustomerId>(1);
    WHARF_ASSIGN_OR_RETURN(l.status, ValueOf(kStatusNames, s.Text(2)));
    l.slug = s.Text(3);
    l.token_hash = s.Text(4);
    l.created_at = s.Time(5);
    l.updated_at = s.Time(6);
    l.expires_at = s.OptionalTime(7);
    l.success_redirect_url = s.OptionalText(8);
    l.failure_redirect_url = s.OptionalText(9);
    WHARF_ASSIGN_OR_RETURN(l.allowed_origins, DecodeStrings(s.Text(10)));
    WHARF_ASSIGN_OR_RETURN(l.allowed_connection_types, DecodeConnectionTypes(s.Text(11)));
    WHARF_ASSIGN_OR_RETURN(l.meta_billing_mode, ValueOf(kBillingModeNames, s.Text(12)));
    l.provision_phone_number = s.Bool(13);
    l.phone_number_area_code = s.OptionalText(14);
    WHARF_ASSIGN_OR_RETURN(l.phone_number_country_isos, DecodeStrings(s.Text(15)));
    l.reconnect_phone_number = s.OptionalText(16);
    WHARF_ASSIGN_OR_RETURN(l.theme_config, DecodeTheme(s.OptionalText(17)));
    l.language = s.OptionalText(18);
    WHARF_ASSIGN_OR_RETURN(l.whatsapp_setup_status, ValueOf(kSetupStatusNames, s.Text(19)));
    l.whatsapp_setup_error = s.OptionalText(20);
    WHARF_ASSIGN_OR_RETURN(l.provisioned_phone_number, DecodeProvisioned(s.OptionalText(21)));
    l.phone_number_id = s.OptionalIdAt<PhoneNumberId>(22);
    return l;
}

// Binds the mutable columns in the order of kMutableAssignments / the tail of the INSERT.
void BindMutable(SqliteStatement& s, const domain::SetupLink& l) {
    s.BindText(NameOf(kStatusNames, l.status))
        .BindTime(l.updated_at)
        .BindOptionalTime(l.expires_at)
        .BindOptionalText(l.success_redirect_url)
        .BindOptionalText(l.failure_redirect_url)
        .BindText(EncodeStrings(l.allowed_origins))
        .BindText(EncodeConnectionTypes(l.allowed_connection_types))
        .BindText(NameOf(kBillingModeNames, l.meta_billing_mode))
        .BindBool(l.provision_phone_number)
        .BindOptionalText(l.phone_number_area_code)
        .BindText(EncodeStrings(l.phone_number_country_isos))
        .BindOptionalText(l.reconnect_phone_number)
        .BindOptionalText(EncodeTheme(l.theme_config))
        .BindOptionalText(l.language)
        .BindText(NameOf(kSetupStatusNames, l.whatsapp_setup_status))
        .BindOptionalText(l.whatsapp_setup_error)
        .BindOptionalText(EncodeProvisioned(l.provisioned_phone_number))
        .BindOptionalId(l.phone_number_id);
}

constexpr const char* kMutableAssignments =
    "status = ?, updated_at = ?, expires_at = ?, success_redirect_url = ?, "
    "failure_redirect_url = ?, allowed_origins = ?, allowed_connection_types = ?, "
    "meta_billing_mode = ?, provision_phone_number = ?, phone_number_area_code = ?, "
    "phone_number_country_isos = ?, reconnect_phone_number = ?, theme_config = ?, language = ?, "
    "whatsapp_setup_status = ?, whatsapp_setup_error = ?, provisioned_phone_number = ?, "
    "phone_number_id = ?";

}  // namespace

Result<void> SqliteSetupLinkRepository::InsertRevokingActive(const ProjectId& project,
                                                             const domain::SetupLink& link) {
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.AcquireWriter());
    WHARF_ASSIGN_OR_RETURN(auto tx,
                           SqliteTransaction::Begin(*conn, SqliteTransaction::Mode::kWrite));
    {
        WHARF_ASSIGN_OR_RETURN(
            auto s, conn->Prepare("SELECT 1 FROM customers WHERE project_id = ? AND id = ?"));
        s.BindId(project).BindId(link.customer_id);
        WHARF_ASSIGN_OR_RETURN(bool exists, s.Step());
        if (!exists) {
            return Fail(Error::NotFound("customer not found"));
        }
    }
    {
        WHARF_ASSIGN_OR_RETURN(
            auto s, conn->Prepare("UPDATE setup_links SET status = 'revoked', updated_at = ? "
                                  "WHERE project_id = ? AND customer_id = ? AND status = 'active' "
                                  "AND (expires_at IS NULL OR expires_at > ?)"));
        s.BindTime(link.created_at)
            .BindId(project)
            .BindId(link.customer_id)
            .BindTime(link.created_at);
        WHARF_TRY(s.Run());
    }
    {
        WHARF_ASSIGN_OR_RETURN(
            auto s,
            conn->Prepare("INSERT INTO setup_links (project_id, id, customer_id, slug, token_hash, "
                          "created_at, status, updated_at, expires_at, success_redirect_url, "
                          "failure_redirect_url, allowed_origins, allowed_connection_types, "
                          "meta_billing_mode, provision_phone_number, phone_number_area_code, "
                          "phone_number_country_isos, reconnect_phone_number, theme_config, "
                          "language, whatsapp_setup_status, whatsapp_setup_error, "
                          "provisioned_phone_number, phone_number_id) VALUES (?, ?, ?, ?, ?, ?, "
                          "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
        s.BindId(project)
            .BindId(link.id)
            .BindId(link.customer_id)
            .BindText(link.slug)
            .BindText(link.token_hash)
            .BindTime(link.created_at);
        BindMutable(s, link);
        WHARF_TRY(s.Run());
    }
    return tx.Commit();
}

Result<domain::SetupLink> SqliteSetupLinkRepository::Get(const ProjectId& project,
                                                         const CustomerId& customer,
                                                         const SetupLinkId& id) {
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.Acquire());
    WHARF_ASSIGN_OR_RETURN(
        auto s, conn->Prepare(std::string("SELECT ") + kColumns +
                              " FROM setup_links WHERE project_id = ? AND customer_id = ? "
                              "AND id = ?"));
    s.BindId(project).BindId(customer).BindId(id);
    WHARF_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) {
        return Fail(Error::NotFound("setup link not found"));
    }
    return ReadLink(s);
}

Result<domain::Page<domain::SetupLink>> SqliteSetupLinkRepository::List(
    const ProjectId& project, const CustomerId& customer, const domain::SetupLinkFilter& filter,
    domain::PageRequest page, Timestamp now) {
    SqliteWhere where;
    where.And("project_id = ?", {project.value()});
    where.And("customer_id = ?", {customer.value()});
    if (filter.status) {
        // The effective status: an active link whose expires_at has come counts as expired.
        switch (*filter.status) {
            case SetupLinkStatus::kActive:
                where.And("status = 'active' AND (expires_at IS NULL OR expires_at > ?)",
                          {ToMicros(now)});
                break;
            case SetupLinkStatus::kExpired:
                where.And("status = 'expired' OR (status = 'active' AND expires_at <= ?)",
                          {ToMicros(now)});
                break;
            case SetupLinkStatus::kUsed:
            case SetupLinkStatus::kRevoked:
                where.And("status = ?", {std::string(NameOf(kStatusNames, *filter.status))});
                break;
        }
    }
    where.AndCreatedWithin(filter.created_after, filter.created_before);
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.Acquire());
    WHARF_ASSIGN_OR_RETURN(auto tx,
                           SqliteTransaction::Begin(*conn, SqliteTransaction::Mode::kRead));
    WHARF_ASSIGN_OR_RETURN(auto result,
                           ReadPage<domain::SetupLink>(*conn, "setup_links", kColumns, where,
                                                       "created_at DESC, id DESC", page, ReadLink));
    WHARF_TRY(tx.Commit());
    return result;
}

Result<void> SqliteSetupLinkRepository::Update(const ProjectId& project,
                                               const domain::SetupLink& link) {
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.AcquireWriter());
    WHARF_ASSIGN_OR_RETURN(
        auto s, conn->Prepare(std::string("UPDATE setup_links SET ") + kMutableAssignments +
                              " WHERE project_id = ? AND customer_id = ? AND "
                              "id = ?"));
    BindMutable(s, link);
    s.BindId(project).BindId(link.customer_id).BindId(link.id);
    WHARF_TRY(s.Run());
    if (conn->Changes() == 0) {
        return Fail(Error::NotFound("setup link not found"));
    }
    return {};
}

Result<ScopedSetupLink> SqliteSetupLinkRepository::FindBySlug(std::string_view slug) {
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.Acquire());
    WHARF_ASSIGN_OR_RETURN(auto s, conn->Prepare(std::string("SELECT ") + kColumns +
                                                 ", project_id FROM setup_links WHERE slug = ?"));
    s.BindText(slug);
    WHARF_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) {
        return Fail(Error::NotFound("setup link not found"));
    }
    ScopedSetupLink found;
    found.project_id = s.IdAt<ProjectId>(kProjectIdColumn);
    WHARF_ASSIGN_OR_RETURN(found.link, ReadLink(s));
    return found;
}

}  // namespace wharf::store::sqlite
