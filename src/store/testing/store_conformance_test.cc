// The store conformance suite: every repository contract from src/store/*.h, run against each
// backend in Backends(). A backend passes this suite and needs no repository tests of its own.

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <ostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/result.h"
#include "base/secret_box.h"
#include "domain/media/media.h"
#include "domain/template/template_validator.h"
#include "store/sqlite/sqlite_errors.h"
#include "store/sqlite/sqlite_store.h"
#include "store/store.h"

namespace wharf {

// Readable failure output for Result<T> in gtest messages.
template <class T>
void PrintTo(const Expected<T, Error>& r, std::ostream* os) {
    if (r.has_value()) {
        *os << "OK";
    } else {
        *os << ErrorCodeName(r.error().code) << ": " << r.error().message;
    }
}

namespace store {
namespace {

namespace fs = std::filesystem;
using domain::ConnectionType;
using domain::Customer;
using domain::CustomerFilter;
using domain::Event;
using domain::MetaBillingMode;
using domain::PageRequest;
using domain::PhoneNumber;
using domain::PhoneNumberFilter;
using domain::PhoneNumberKind;
using domain::SetupLink;
using domain::SetupLinkFilter;
using domain::SetupLinkStatus;
using domain::SetupStatus;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

// ---- Backends --------------------------------------------------------------------------------

// One storage engine under test.
struct Backend {
    std::string name;
    // Opens the store kept in `dir` (a fresh, empty temp dir per test); called again on the same
    // dir to reopen it.
    std::function<Result<std::unique_ptr<Store>>(const fs::path& dir)> open;
    // How many schema migrations the open that produced `store` applied.
    std::function<size_t(Store& store)> migrations_applied_at_open;
};

void PrintTo(const Backend& backend, std::ostream* os) {
    *os << backend.name;
}

std::vector<Backend> Backends() {
    std::vector<Backend> backends;
    backends.push_back(Backend{
        "Sqlite",
        [](const fs::path& dir) -> Result<std::unique_ptr<Store>> {
            sqlite::SqliteOptions options;
            options.path = (dir / "wharf.db").string();
            WHARF_ASSIGN_OR_RETURN(auto store, sqlite::SqliteStore::Open(options));
            return std::unique_ptr<Store>(std::move(store));
        },
        [](Store& store) {
            return static_cast<sqlite::SqliteStore&>(store).MigrationsAppliedAtOpen().size();
        }});
    // PostgreSQL joins here, when WHARF_TEST_POSTGRES_DSN is set.
    return backends;
}

// ---- Matchers and helpers ---------------------------------------------------------------------

MATCHER(IsOk, "succeeds") {
    if (arg.has_value()) {
        return true;
    }
    *result_listener << "failed with " << ErrorCodeName(arg.error().code) << ": "
                     << arg.error().message;
    return false;
}

MATCHER_P(IsOkAndHolds, value, "succeeds with " + ::testing::PrintToString(value)) {
    if (!arg.has_value()) {
        *result_listener << "failed with " << ErrorCodeName(arg.error().code) << ": "
                         << arg.error().message;
        return false;
    }
    *result_listener << "succeeded with " << ::testing::PrintToString(*arg);
    return *arg == value;
}

MATCHER_P(HasError, code, std::string("fails with ") + ErrorCodeName(code)) {
    if (arg.has_value()) {
        *result_listener << "succeeded";
        return false;
    }
    *result_listener << "failed with " << ErrorCodeName(arg.error().code) << ": "
                     << arg.error().message;
    return arg.error().code == code;
}

#define WHARF_ASSERT_OK_AND_ASSIGN_IMPL(tmp, lhs, expr) \
    auto tmp = (expr);                                  \
    ASSERT_THAT(tmp, IsOk());                           \
    lhs = std::move(tmp).value()
#define WHARF_ASSERT_OK_AND_ASSIGN(lhs, expr) \
    WHARF_ASSERT_OK_AND_ASSIGN_IMPL(WHARF_CONCAT(result_, __LINE__), lhs, expr)

constexpr Timestamp kT0{std::chrono::seconds(1'767'225'600)};  // 2026-01-01T00:00:00Z
Timestamp At(int seconds) {
    return kT0 + std::chrono::seconds(seconds);
}

// prefix + n. (Not `"c" + std::to_string(n)`: GCC 12 -Wrestrict false positive, GCC bug 105329.)
std::string Numbered(std::string prefix, int n) {
    prefix += std::to_string(n);
    return prefix;
}

fs::path MakeTempDir() {
    std::string pattern = (fs::temp_directory_path() / "wharf_store_test_XXXXXX").string();
    const char* made = mkdtemp(pattern.data());
    return made != nullptr ? fs::path(made) : fs::path();
}

// Field-by-field dumps, so that a round-trip mismatch shows which field differs.
void Put(std::ostream& os, const std::string& s) {
    os << '"' << s << '"';
}
void Put(std::ostream& os, bool b) {
    os << (b ? "true" : "false");
}
void Put(std::ostream& os, Timestamp t) {
    os << t.time_since_epoch().count() << "us";
}
void Put(std::ostream& os, const domain::ProvisionedNumber& n);
void Put(std::ostream& os, const std::map<std::string, std::string>& m);
template <class Tag>
void Put(std::ostream& os, const StrongId<Tag>& id);
template <class E>
requires std::is_enum_v<E>
void Put(std::ostream& os, E e);
template <class T>
void Put(std::ostream& os, const std::optional<T>& v);
template <class T>
void Put(std::ostream& os, const std::vector<T>& v);

template <class Tag>
void Put(std::ostream& os, const StrongId<Tag>& id) {
    Put(os, id.value());
}
template <class E>
requires std::is_enum_v<E>
void Put(std::ostream& os, E e) {
    os << "enum(" << static_cast<int>(e) << ")";
}
template <class T>
void Put(std::ostream& os, const std::optional<T>& v) {
    if (v) {
        Put(os, *v);
    } else {
        os << "null";
    }
}
template <class T>
void Put(std::ostream& os, const std::vector<T>& v) {
    os << "[";
    for (const auto& item : v) {
        Put(os, item);
        os << " ";
    }
    os << "]";
}
void Put(std::ostream& os, const std::map<std::string, std::string>& m) {
    os << "{";
    for (const auto& [k, v] : m) {
        os << k << ":" << v << " ";
    }
    os << "}";
}
void Put(std::ostream& os, const domain::ProvisionedNumber& n) {
    os << "{";
    Put(os, n.id);
    Put(os, n.phone_number);
    Put(os, n.status);
    Put(os, n.area_code);
    Put(os, n.country_iso);
    Put(os, n.country_dial_code);
    Put(os, n.display_number);
    os << "}";
}

class Dump {
public:
    template <class T>
    Dump& F(const char* name, const T& value) {
        os_ << name << "=";
        Put(os_, value);
        os_ << "\n";
        return *this;
    }
    std::string Str() const { return os_.str(); }

private:
    std::ostringstream os_;
};

std::string Describe(const domain::Project& p) {
    return Dump().F("id", p.id).F("name", p.name).F("created_at", p.created_at).Str();
}

std::string Describe(const domain::ApiKey& k) {
    return Dump()
        .F("id", k.id)
        .F("project_id", k.project_id)
        .F("name", k.name)
        .F("key_hash", k.key_hash)
        .F("prefix", k.prefix)
        .F("created_at", k.created_at)
        .F("revoked_at", k.revoked_at)
        .Str();
}

std::string Describe(const Customer& c) {
    return Dump()
        .F("id", c.id)
        .F("name", c.name)
        .F("external_customer_id", c.external_customer_id)
        .F("created_at", c.created_at)
        .F("updated_at", c.updated_at)
        .Str();
}

std::string Describe(const SetupLink& l) {
    return Dump()
        .F("id", l.id)
        .F("customer_id", l.customer_id)
        .F("status", l.status)
        .F("slug", l.slug)
        .F("token_hash", l.token_hash)
        .F("created_at", l.created_at)
        .F("updated_at", l.updated_at)
        .F("expires_at", l.expires_at)
        .F("success_redirect_url", l.success_redirect_url)
        .F("failure_redirect_url", l.failure_redirect_url)
        .F("allowed_origins", l.allowed_origins)
        .F("allowed_connection_types", l.allowed_connection_types)
        .F("meta_billing_mode", l.meta_billing_mode)
        .F("provision_phone_number", l.provision_phone_number)
        .F("phone_number_area_code", l.phone_number_area_code)
        .F("phone_number_country_isos", l.phone_number_country_isos)
        .F("reconnect_phone_number", l.reconnect_phone_number)
        .F("theme_config", l.theme_config)
        .F("language", l.language)
        .F("whatsapp_setup_status", l.whatsapp_setup_status)
        .F("whatsapp_setup_error", l.whatsapp_setup_error)
        .F("provisioned_phone_number", l.provisioned_phone_number)
        .F("phone_number_id", l.phone_number_id)
        .Str();
}

std::string Describe(const PhoneNumber& n) {
    return Dump()
        .F("internal_id", n.internal_id)
        .F("phone_number_id", n.phone_number_id)
        .F("business_account_id", n.business_account_id)
        .F("customer_id", n.customer_id)
        .F("name", n.name)
        .F("kind", n.kind)
        .F("is_coexistence", n.is_coexistence)
        .F("inbound_processing_enabled", n.inbound_processing_enabled)
        .F("calls_enabled", n.calls_enabled)
        .F("webhook_verified_at", n.webhook_verified_at)
        .F("display_name", n.display_name)
        .F("display_phone_number", n.display_phone_number)
        .F("display_phone_number_normalized", n.display_phone_number_normalized)
        .F("verified_name", n.verified_name)
        .F("quality_rating", n.quality_rating)
        .F("code_verification_status", n.code_verification_status)
        .F("name_status", n.name_status)
        .F("status", n.status)
        .F("throughput_tier", n.throughput_tier)
        .F("messaging_limit", n.messaging_limit)
        .F("is_official_business_account", n.is_official_business_account)
        .F("is_pin_enabled", n.is_pin_enabled)
        .F("sealed_access_token", n.sealed_access_token)
        .F("sealed_webhook_verify_token", n.sealed_webhook_verify_token)
        .F("webhook_destination_url", n.webhook_destination_url)
        .F("created_at", n.created_at)
        .F("updated_at", n.updated_at)
        .Str();
}

std::string Describe(const Event& e) {
    return Dump()
        .F("id", e.id)
        .F("type", e.type)
        .F("phone_number_id", e.phone_number_id)
        .F("customer_id", e.customer_id)
        .F("payload", e.payload)
        .F("created_at", e.created_at)
        .Str();
}

std::string IdOf(const domain::Project& p) {
    return p.id.value();
}
std::string IdOf(const Customer& c) {
    return c.id.value();
}
std::string IdOf(const SetupLink& l) {
    return l.id.value();
}
std::string IdOf(const PhoneNumber& n) {
    return n.phone_number_id.value();
}
std::string IdOf(const Event& e) {
    return e.id.value();
}

std::string IdOf(const domain::Contact& c) {
    return c.id.value();
}
std::string IdOf(const domain::Conversation& c) {
    return c.id.value();
}
std::string IdOf(const domain::Message& m) {
    return m.wamid;
}
std::string IdOf(const domain::Job& j) {
    return j.id.value();
}

template <class T>
std::vector<std::string> Ids(const std::vector<T>& items) {
    std::vector<std::string> ids;
    ids.reserve(items.size());
    for (const auto& item : items) {
        ids.push_back(IdOf(item));
    }
    return ids;
}

// ---- Builders ---------------------------------------------------------------------------------

const ProjectId kP1("0b7c1f9e-0000-4000-8000-000000000001");
const ProjectId kP2("0b7c1f9e-0000-4000-8000-000000000002");

Customer MakeCustomer(const std::string& id, Timestamp created, std::string name = "Acme Corp",
                      std::optional<std::string> external_id = std::nullopt) {
    Customer c;
    c.id = CustomerId(id);
    c.name = std::move(name);
    c.external_customer_id = std::move(external_id);
    c.created_at = created;
    c.updated_at = created;
    return c;
}

// A link with every optional unset and the domain defaults.
SetupLink MinimalLink(const std::string& id, const std::string& customer, Timestamp created) {
    SetupLink l;
    l.id = SetupLinkId(id);
    l.customer_id = CustomerId(customer);
    l.slug = "slug-" + id;
    l.token_hash = "token-hash-" + id;
    l.created_at = created;
    l.updated_at = created;
    return l;
}

// A link with every field set, most of them away from their defaults.
SetupLink FullLink(const std::string& id, const std::string& customer, Timestamp created) {
    SetupLink l = MinimalLink(id, customer, created);
    l.updated_at = created + std::chrono::seconds(1);
    l.expires_at = created + std::chrono::hours(24 * 30);
    l.success_redirect_url = "https://app.example.com/done?x=1&y=\"2\"";
    l.failure_redirect_url = "https://app.example.com/failed";
    l.allowed_origins = {"https://app.example.com", "http://localhost:3000"};
    l.allowed_connection_types = {ConnectionType::kDedicated};
    l.meta_billing_mode = MetaBillingMode::kPartnerManaged;
    l.provision_phone_number = true;
    l.phone_number_area_code = "415";
    l.phone_number_country_isos = {"US", "CA"};
    l.reconnect_phone_number = "15551234567";
    l.theme_config =
        domain::ThemeConfig{{"primary_color", "#112233"}, {"background_color", "#FFFFFF"}};
    l.language = "es";
    l.whatsapp_setup_status = SetupStatus::kFailed;
    l.whatsapp_setup_error = "phone_verification_failed";
    l.provisioned_phone_number = domain::ProvisionedNumber{"7d9f6c2a-1111-4000-8000-000000000001",
                                                           "14155550100",
                                                           "active",
                                                           "415",
                                                           "US",
                                                           "1",
                                                           "+1 415-555-0100"};
    l.phone_number_id = PhoneNumberId("109876543210");
    return l;
}

PhoneNumber MinimalNumber(const std::string& internal_id, const std::string& phone_number_id,
                          Timestamp created, const std::string& waba = "waba-1") {
    PhoneNumber n;
    n.internal_id = PhoneConfigId(internal_id);
    n.phone_number_id = PhoneNumberId(phone_number_id);
    n.business_account_id = BusinessAccountId(waba);
    n.name = "Line " + phone_number_id;
    n.created_at = created;
    n.updated_at = created;
    return n;
}

SecretBox TestSecretBox() {
    return SecretBox::Create(std::string(32, 'k')).value();
}

PhoneNumber FullNumber(const std::string& internal_id, const std::string& phone_number_id,
                       std::optional<std::string> customer, Timestamp created) {
    PhoneNumber n = MinimalNumber(internal_id, phone_number_id, created, "waba-full");
    n.customer_id = customer ? std::optional<CustomerId>(CustomerId(*customer)) : std::nullopt;
    n.name = "Support Line";
    n.kind = PhoneNumberKind::kSandbox;
    n.is_coexistence = true;
    n.inbound_processing_enabled = false;
    n.calls_enabled = true;
    n.webhook_verified_at = created + std::chrono::seconds(5);
    n.display_name = "Acme Support";
    n.display_phone_number = "+1 555-123-4567";
    n.display_phone_number_normalized = "15551234567";
    n.verified_name = "Acme Inc";
    n.quality_rating = "GREEN";
    n.code_verification_status = "VERIFIED";
    n.name_status = "APPROVED";
    n.status = "CONNECTED";
    n.throughput_tier = "STANDARD";
    n.messaging_limit = "TIER_1K";
    n.is_official_business_account = true;
    n.is_pin_enabled = true;
    SecretBox box = TestSecretBox();
    n.sealed_access_token =
        box.Seal("EAAG-access-token", domain::AccessTokenContext(n.internal_id));
    n.sealed_webhook_verify_token =
        box.Seal("verify-me", domain::VerifyTokenContext(n.internal_id));
    n.webhook_destination_url = "https://hooks.example.com/whatsapp";
    n.updated_at = created + std::chrono::seconds(1);
    return n;
}

Event MakeEvent(const std::string& id, Timestamp created) {
    Event e;
    e.id = EventId(id);
    e.type = domain::kEventPhoneNumberCreated;
    e.payload = R"({"phone_number_id":"1","project":{"id":"p"}})";
    e.created_at = created;
    return e;
}

PageRequest Page(int page, int per_page) {
    return PageRequest{page, per_page};
}

// ---- Messaging builders -----------------------------------------------------------------------

using domain::Contact;
using domain::ContactFilter;
using domain::Conversation;
using domain::ConversationFilter;
using domain::ConversationStatus;
using domain::Job;
using domain::Keyset;
using domain::KeysetPage;
using domain::KeysetRequest;
using domain::Message;
using domain::MessageDirection;
using domain::MessageFilter;

const PhoneNumberId kNumber1("100000000000001");
const PhoneNumberId kNumber2("100000000000002");

// A contact with every optional unset.
Contact MakeContact(const std::string& id, const PhoneNumberId& number, const std::string& wa_id,
                    Timestamp created) {
    Contact c;
    c.id = ContactId(id);
    c.phone_number_id = number;
    c.wa_id = wa_id;
    c.created_at = created;
    c.updated_at = created;
    return c;
}

Contact FullContact(const std::string& id, const PhoneNumberId& number, const std::string& wa_id,
                    const std::string& customer, Timestamp created) {
    Contact c = MakeContact(id, number, wa_id, created);
    c.profile_name = "Zoë O'Brien ✓";
    c.display_name = "VIP \"Zoe\"";
    c.customer_id = CustomerId(customer);
    c.metadata = R"({"tier":"gold","tags":["a","b"],"n":1.5})";
    c.updated_at = created + std::chrono::seconds(1) + std::chrono::microseconds(7);
    return c;
}

// An active conversation of `contact` with the optionals unset.
Conversation MakeConversation(const std::string& id, const Contact& contact,
                              Timestamp last_active) {
    Conversation c;
    c.id = ConversationId(id);
    c.phone_number_id = contact.phone_number_id;
    c.wa_id = contact.wa_id;
    c.contact_id = contact.id;
    c.created_at = last_active;
    c.updated_at = last_active;
    c.last_active_at = last_active;
    return c;
}

Conversation FullConversation(const std::string& id, const Contact& contact, Timestamp created) {
    Conversation c = MakeConversation(id, contact, created);
    c.status = ConversationStatus::kEnded;
    c.updated_at = created + std::chrono::hours(25);
    c.last_active_at = created + std::chrono::minutes(30) + std::chrono::microseconds(3);
    c.last_inbound_at = created + std::chrono::minutes(20);
    c.last_outbound_at = created + std::chrono::minutes(30);
    c.ended_at = created + std::chrono::hours(25);
    c.messages_count = 42;
    c.last_message_id = "wamid.last";
    c.last_message_type = "text";
    c.last_message_text = "see you ✓";
    c.last_message_at = created + std::chrono::minutes(30);
    c.metadata = R"({"kapso":{"summary":"x"}})";
    return c;
}

// An outbound text message of `conversation` with the optionals unset.
Message MakeMessage(const std::string& wamid, const Conversation& conversation, Timestamp created,
                    MessageDirection direction = MessageDirection::kOutbound) {
    Message m;
    m.wamid = wamid;
    m.phone_number_id = conversation.phone_number_id;
    m.conversation_id = conversation.id;
    m.contact_id = conversation.contact_id;
    m.wa_id = conversation.wa_id;
    m.direction = direction;
    m.type = "text";
    m.payload = R"({"body":"hi"})";
    m.status = direction == MessageDirection::kInbound ? "received" : "accepted";
    m.origin = "api";
    m.content = "hi";
    m.created_at = created;
    m.updated_at = created;
    return m;
}

Message FullMessage(const std::string& wamid, const Conversation& conversation, Timestamp created) {
    Message m = MakeMessage(wamid, conversation, created, MessageDirection::kInbound);
    m.type = "image";
    m.payload = R"({"id":"media-1","caption":"Zoë's \"cat\"","mime_type":"image/jpeg"})";
    m.status = "failed";
    m.statuses = R"([{"status":"sent"},{"status":"failed","errors":[{"code":131026}]}])";
    m.origin = "sandbox";
    m.has_media = true;
    m.content = "[image] Zoë's \"cat\"";
    m.context_message_id = "wamid.context";
    m.biz_opaque_callback_data = "opaque-42";
    m.error = R"([{"code":131026,"title":"Message undeliverable"}])";
    m.updated_at = created + std::chrono::seconds(3) + std::chrono::microseconds(1);
    return m;
}

Job MakeJob(const std::string& id, Timestamp run_at, std::optional<std::string> key = std::nullopt,
            Timestamp created = At(0), const ProjectId& project = kP1) {
    Job j;
    j.id = JobId(id);
    j.project_id = project;
    j.kind = "sandbox.status";
    j.payload = R"({"wamid":"wamid.1","status":"sent"})";
    j.ordering_key = std::move(key);
    j.run_at = run_at;
    j.created_at = created;
    return j;
}

std::string Describe(const Contact& c) {
    return Dump()
        .F("id", c.id)
        .F("phone_number_id", c.phone_number_id)
        .F("wa_id", c.wa_id)
        .F("profile_name", c.profile_name)
        .F("display_name", c.display_name)
        .F("customer_id", c.customer_id)
        .F("metadata", c.metadata)
        .F("created_at", c.created_at)
        .F("updated_at", c.updated_at)
        .Str();
}

std::string Describe(const Conversation& c) {
    return Dump()
        .F("id", c.id)
        .F("phone_number_id", c.phone_number_id)
        .F("wa_id", c.wa_id)
        .F("contact_id", c.contact_id)
        .F("status", c.status)
        .F("created_at", c.created_at)
        .F("updated_at", c.updated_at)
        .F("last_active_at", c.last_active_at)
        .F("last_inbound_at", c.last_inbound_at)
        .F("last_outbound_at", c.last_outbound_at)
        .F("ended_at", c.ended_at)
        .F("messages_count", std::to_string(c.messages_count))
        .F("last_message_id", c.last_message_id)
        .F("last_message_type", c.last_message_type)
        .F("last_message_text", c.last_message_text)
        .F("last_message_at", c.last_message_at)
        .F("metadata", c.metadata)
        .Str();
}

std::string Describe(const Message& m) {
    return Dump()
        .F("wamid", m.wamid)
        .F("phone_number_id", m.phone_number_id)
        .F("conversation_id", m.conversation_id)
        .F("contact_id", m.contact_id)
        .F("wa_id", m.wa_id)
        .F("direction", m.direction)
        .F("type", m.type)
        .F("payload", m.payload)
        .F("status", m.status)
        .F("statuses", m.statuses)
        .F("origin", m.origin)
        .F("has_media", m.has_media)
        .F("content", m.content)
        .F("context_message_id", m.context_message_id)
        .F("biz_opaque_callback_data", m.biz_opaque_callback_data)
        .F("error", m.error)
        .F("created_at", m.created_at)
        .F("updated_at", m.updated_at)
        .Str();
}

std::string Describe(const Job& j) {
    return Dump()
        .F("id", j.id)
        .F("project_id", j.project_id)
        .F("kind", j.kind)
        .F("payload", j.payload)
        .F("ordering_key", j.ordering_key)
        .F("run_at", j.run_at)
        .F("attempts", std::to_string(j.attempts))
        .F("leased_until", j.leased_until)
        .F("created_at", j.created_at)
        .Str();
}

// The keyset position of an item in its list.
Keyset KeyOf(const Contact& c) {
    return {c.created_at, c.id.value()};
}
Keyset KeyOf(const Conversation& c) {
    return {c.last_active_at, c.id.value()};
}
Keyset KeyOf(const Message& m) {
    return {m.created_at, m.wamid};
}

KeysetRequest FirstPage(int limit) {
    KeysetRequest r;
    r.limit = limit;
    return r;
}
KeysetRequest After(const Keyset& k, int limit) {
    KeysetRequest r;
    r.limit = limit;
    r.after = k;
    return r;
}
KeysetRequest Before(const Keyset& k, int limit) {
    KeysetRequest r;
    r.limit = limit;
    r.before = k;
    return r;
}

// "job-007": ids that sort like their numbers.
std::string JobName(int i) {
    char name[16];
    std::snprintf(name, sizeof(name), "job-%03d", i);
    return name;
}

// ---- Fixture ----------------------------------------------------------------------------------

class StoreConformanceTest : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override {
        dir_ = MakeTempDir();
        ASSERT_FALSE(dir_.empty());
        ASSERT_NO_FATAL_FAILURE(Open());
        ASSERT_THAT(store_->Projects().Insert({kP1, "Project One", At(0)}), IsOk());
        ASSERT_THAT(store_->Projects().Insert({kP2, "Project Two", At(1)}), IsOk());
    }

    void TearDown() override {
        store_.reset();
        std::error_code ignored;
        fs::remove_all(dir_, ignored);
    }

    void Open() { WHARF_ASSERT_OK_AND_ASSIGN(store_, GetParam().open(dir_)); }

    Store& S() { return *store_; }

    void InsertCustomer(const ProjectId& project, const Customer& c) {
        ASSERT_THAT(S().Customers().Insert(project, c), IsOk());
    }

    // Inserts a link (revoking others) and then forces the given stored status and expiry.
    void InsertLinkWithStatus(const SetupLink& link) {
        ASSERT_THAT(S().SetupLinks().InsertRevokingActive(kP1, link), IsOk());
        ASSERT_THAT(S().SetupLinks().Update(kP1, link), IsOk());
    }

    std::vector<std::string> LinkIds(const std::string& customer, SetupLinkFilter filter,
                                     Timestamp now) {
        auto page = S().SetupLinks().List(kP1, CustomerId(customer), filter, Page(1, 100), now);
        EXPECT_THAT(page, IsOk());
        return page ? Ids(page->items) : std::vector<std::string>{};
    }

    std::vector<std::string> CustomerIds(const ProjectId& project, const CustomerFilter& filter) {
        auto page = S().Customers().List(project, filter, Page(1, 100));
        EXPECT_THAT(page, IsOk());
        if (page) {
            EXPECT_EQ(page->total_count, static_cast<long long>(page->items.size()));
        }
        return page ? Ids(page->items) : std::vector<std::string>{};
    }

    std::vector<std::string> NumberIds(const PhoneNumberFilter& filter) {
        auto page = S().PhoneNumbers().List(kP1, filter, Page(1, 100));
        EXPECT_THAT(page, IsOk());
        if (page) {
            EXPECT_EQ(page->total_count, static_cast<long long>(page->items.size()));
        }
        return page ? Ids(page->items) : std::vector<std::string>{};
    }

    void AddContact(const ProjectId& project, const Contact& c) {
        ASSERT_THAT(S().Contacts().Insert(project, c), IsOk());
    }
    void AddConversation(const ProjectId& project, const Conversation& c) {
        ASSERT_THAT(S().Conversations().Insert(project, c), IsOk());
    }
    void AddMessage(const ProjectId& project, const Message& m) {
        ASSERT_THAT(S().Messages().Insert(project, m), IsOk());
    }
    void AddJob(const Job& j) { ASSERT_THAT(S().Jobs().Enqueue(j), IsOk()); }

    // Every page of a list, walked newest to oldest with `after` and back with `before`, checked
    // against `expected` (ids newest first), has_older and has_newer included.
    template <class T>
    void ExpectKeysetWalk(const std::function<Result<KeysetPage<T>>(const KeysetRequest&)>& list,
                          const std::vector<std::string>& expected, int limit) {
        const int n = static_cast<int>(expected.size());
        auto slice = [&](int from, int to) {
            return std::vector<std::string>(expected.begin() + from, expected.begin() + to);
        };
        // Forwards: the first page, then after = the oldest item of each page.
        KeysetRequest request = FirstPage(limit);
        int from = 0;
        while (true) {
            SCOPED_TRACE("forwards, limit " + std::to_string(limit) + ", from " +
                         std::to_string(from));
            auto page = list(request);
            ASSERT_THAT(page, IsOk());
            int to = std::min(n, from + limit);
            EXPECT_EQ(Ids(page->items), slice(from, to));
            EXPECT_EQ(page->has_newer, from > 0);
            EXPECT_EQ(page->has_older, to < n);
            if (!page->has_older || page->items.empty()) {
                break;
            }
            request = After(KeyOf(page->items.back()), limit);
            from = to;
        }
        if (n == 0) {
            return;
        }
        auto all = list(FirstPage(kMaxLimit));
        ASSERT_THAT(all, IsOk());
        ASSERT_EQ(Ids(all->items), expected);
        // After the oldest row there is nothing, and everything is newer.
        auto past_end = list(After(KeyOf(all->items.back()), limit));
        ASSERT_THAT(past_end, IsOk());
        EXPECT_THAT(past_end->items, IsEmpty());
        EXPECT_FALSE(past_end->has_older);
        EXPECT_TRUE(past_end->has_newer);
        // Backwards: before = the oldest row, then before = the newest item of each page.
        request = Before(KeyOf(all->items.back()), limit);
        int to = n - 1;
        while (true) {
            SCOPED_TRACE("backwards, limit " + std::to_string(limit) + ", to " +
                         std::to_string(to));
            auto page = list(request);
            ASSERT_THAT(page, IsOk());
            int begin = std::max(0, to - limit);
            EXPECT_EQ(Ids(page->items), slice(begin, to));
            EXPECT_EQ(page->has_older, true);  // the cursor row at least
            EXPECT_EQ(page->has_newer, begin > 0);
            if (!page->has_newer || page->items.empty()) {
                break;
            }
            request = Before(KeyOf(page->items.front()), limit);
            to = begin;
        }
        // Before the newest row there is nothing, and everything is older.
        auto none = list(Before(KeyOf(all->items.front()), limit));
        ASSERT_THAT(none, IsOk());
        EXPECT_THAT(none->items, IsEmpty());
        EXPECT_TRUE(none->has_older);
        EXPECT_FALSE(none->has_newer);
    }

    static constexpr int kMaxLimit = 1000;

    // Enqueues jobs (a third without ordering_key, the rest on six keys) and drains the queue
    // with one worker thread per entry of `stores`; each worker completes what it leases. Checks
    // that every job was handed out exactly once and each key's jobs in their order.
    void RunLeaseWorkers(const std::vector<Store*>& stores) {
        constexpr int kJobs = 240;
        constexpr int kKeys = 6;
        for (int i = 0; i < kJobs; ++i) {
            std::optional<std::string> key;
            if (i % 3 != 0) {
                key = Numbered("key-", i % kKeys);
            }
            AddJob(MakeJob(JobName(i), At(i), key));
        }
        std::mutex mu;
        std::map<std::string, int> times_leased;  // guarded by mu
        std::vector<std::string> lease_order;     // guarded by mu
        std::atomic<int> errors{0};
        std::vector<std::thread> workers;
        workers.reserve(stores.size());
        for (Store* store : stores) {
            workers.emplace_back([&, store] {
                const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
                while (std::chrono::steady_clock::now() < deadline) {
                    auto leased = store->Jobs().Lease(At(kJobs), std::chrono::minutes(10), 4);
                    if (!leased) {
                        ++errors;
                        return;
                    }
                    if (leased->empty()) {
                        auto pending = store->Jobs().PendingCount();
                        if (!pending) {
                            ++errors;
                            return;
                        }
                        if (*pending == 0) {
                            return;
                        }
                        std::this_thread::yield();  // the heads of the keys are held elsewhere
                        continue;
                    }
                    {
                        std::lock_guard<std::mutex> lock(mu);
                        for (const Job& j : *leased) {
                            ++times_leased[j.id.value()];
                            lease_order.push_back(j.id.value());
                        }
                    }
                    for (const Job& j : *leased) {
                        if (!store->Jobs().Complete(j.id)) {
                            ++errors;  // kNotFound: someone else completed it
                        }
                    }
                }
                ++errors;  // the deadline passed
            });
        }
        for (auto& worker : workers) {
            worker.join();
        }
        EXPECT_EQ(errors.load(), 0);
        EXPECT_EQ(times_leased.size(), static_cast<size_t>(kJobs));
        for (const auto& [id, times] : times_leased) {
            EXPECT_EQ(times, 1) << id;
        }
        std::map<int, int> last_of_key;
        for (const std::string& id : lease_order) {
            int i = std::stoi(id.substr(4));
            if (i % 3 != 0) {
                auto [it, first] = last_of_key.try_emplace(i % kKeys, i);
                EXPECT_TRUE(first || it->second < i) << id << " leased before job " << it->second;
                it->second = i;
            }
        }
        EXPECT_EQ(S().Jobs().PendingCount().value(), 0);
    }

    fs::path dir_;
    std::unique_ptr<Store> store_;
};

// ---- Projects and API keys --------------------------------------------------------------------

TEST_P(StoreConformanceTest, ProjectsRoundTripCountAndList) {
    WHARF_ASSERT_OK_AND_ASSIGN(auto p1, S().Projects().Get(kP1));
    EXPECT_EQ(Describe(p1), Describe(domain::Project{kP1, "Project One", At(0)}));
    EXPECT_THAT(S().Projects().Count(), IsOk());
    EXPECT_EQ(S().Projects().Count().value(), 2);
    WHARF_ASSERT_OK_AND_ASSIGN(auto all, S().Projects().List());
    EXPECT_THAT(Ids(all), ElementsAre(kP1.value(), kP2.value()));

    EXPECT_THAT(S().Projects().Insert({kP1, "Again", At(5)}), HasError(ErrorCode::kAlreadyExists));
    EXPECT_THAT(S().Projects().Get(ProjectId("missing")), HasError(ErrorCode::kNotFound));
}

TEST_P(StoreConformanceTest, ApiKeyFindAndRevoke) {
    domain::ApiKey key{ApiKeyId("key-1"), kP1,    "ci",        std::string(64, 'a'),
                       "wharf_Ab12",      At(10), std::nullopt};
    ASSERT_THAT(S().Projects().InsertApiKey(kP1, key), IsOk());
    WHARF_ASSERT_OK_AND_ASSIGN(auto found, S().Projects().FindActiveApiKeyByHash(key.key_hash));
    EXPECT_EQ(Describe(found), Describe(key));

    // The hash is unique across projects, and so is the id within a project.
    domain::ApiKey same_hash{ApiKeyId("key-2"), kP2,    "other",     key.key_hash,
                             "wharf_Ab12",      At(11), std::nullopt};
    EXPECT_THAT(S().Projects().InsertApiKey(kP2, same_hash), HasError(ErrorCode::kAlreadyExists));
    domain::ApiKey same_id{ApiKeyId("key-1"), kP1,    "dup",       std::string(64, 'b'),
                           "wharf_Cd34",      At(12), std::nullopt};
    EXPECT_THAT(S().Projects().InsertApiKey(kP1, same_id), HasError(ErrorCode::kAlreadyExists));
    EXPECT_THAT(S().Projects().InsertApiKey(
                    ProjectId("missing"), {ApiKeyId("key-3"), ProjectId("missing"), "x",
                                           std::string(64, 'c'), "wharf_x", At(13), std::nullopt}),
                HasError(ErrorCode::kNotFound));
    EXPECT_THAT(S().Projects().FindActiveApiKeyByHash(std::string(64, 'f')),
                HasError(ErrorCode::kNotFound));

    // Another project cannot revoke it; its own project can, once.
    EXPECT_THAT(S().Projects().RevokeApiKey(kP2, key.id, At(20)), HasError(ErrorCode::kNotFound));
    EXPECT_THAT(S().Projects().FindActiveApiKeyByHash(key.key_hash), IsOk());
    EXPECT_THAT(S().Projects().RevokeApiKey(kP1, ApiKeyId("missing"), At(20)),
                HasError(ErrorCode::kNotFound));
    ASSERT_THAT(S().Projects().RevokeApiKey(kP1, key.id, At(20)), IsOk());
    EXPECT_THAT(S().Projects().FindActiveApiKeyByHash(key.key_hash),
                HasError(ErrorCode::kNotFound));
    EXPECT_THAT(S().Projects().RevokeApiKey(kP1, key.id, At(21)), HasError(ErrorCode::kNotFound));
}

// ---- Customers --------------------------------------------------------------------------------

TEST_P(StoreConformanceTest, CustomerRoundTripWithAndWithoutOptionals) {
    Customer with = MakeCustomer("c-with", At(10), "O'Brien & Zoë ✓", "cus_1");
    Customer without = MakeCustomer("c-without", At(11));
    with.updated_at = At(12);
    InsertCustomer(kP1, with);
    InsertCustomer(kP1, without);
    WHARF_ASSERT_OK_AND_ASSIGN(auto got_with, S().Customers().Get(kP1, with.id));
    EXPECT_EQ(Describe(got_with), Describe(with));
    WHARF_ASSERT_OK_AND_ASSIGN(auto got_without, S().Customers().Get(kP1, without.id));
    EXPECT_EQ(Describe(got_without), Describe(without));
}

TEST_P(StoreConformanceTest, CustomerDuplicateIdAndMissingProject) {
    InsertCustomer(kP1, MakeCustomer("c1", At(10)));
    EXPECT_THAT(S().Customers().Insert(kP1, MakeCustomer("c1", At(11))),
                HasError(ErrorCode::kAlreadyExists));
    EXPECT_THAT(S().Customers().Insert(ProjectId("missing"), MakeCustomer("c2", At(11))),
                HasError(ErrorCode::kNotFound));
}

TEST_P(StoreConformanceTest, CustomerOfAnotherProjectIsNotFound) {
    Customer c = MakeCustomer("c1", At(10), "Acme", "ext-1");
    InsertCustomer(kP1, c);
    Customer changed = c;
    changed.name = "Hijacked";
    EXPECT_THAT(S().Customers().Get(kP2, c.id), HasError(ErrorCode::kNotFound));
    EXPECT_THAT(S().Customers().Update(kP2, changed), HasError(ErrorCode::kNotFound));
    EXPECT_THAT(S().Customers().Delete(kP2, c.id), HasError(ErrorCode::kNotFound));
    EXPECT_THAT(CustomerIds(kP2, {}), IsEmpty());
    CustomerFilter by_external;
    by_external.external_customer_id = "ext-1";
    EXPECT_THAT(CustomerIds(kP2, by_external), IsEmpty());

    WHARF_ASSERT_OK_AND_ASSIGN(auto still, S().Customers().Get(kP1, c.id));
    EXPECT_EQ(Describe(still), Describe(c));

    EXPECT_THAT(S().Customers().Get(kP1, CustomerId("missing")), HasError(ErrorCode::kNotFound));
    EXPECT_THAT(S().Customers().Update(kP1, MakeCustomer("missing", At(1))),
                HasError(ErrorCode::kNotFound));
    EXPECT_THAT(S().Customers().Delete(kP1, CustomerId("missing")), HasError(ErrorCode::kNotFound));
}

TEST_P(StoreConformanceTest, CustomerUpdateWritesNameExternalIdAndUpdatedAtOnly) {
    Customer c = MakeCustomer("c1", At(10), "Acme", "ext-1");
    InsertCustomer(kP1, c);
    Customer update = c;
    update.name = "Acme Renamed";
    update.external_customer_id = std::nullopt;
    update.updated_at = At(50);
    update.created_at = At(99);  // not written
    ASSERT_THAT(S().Customers().Update(kP1, update), IsOk());
    WHARF_ASSERT_OK_AND_ASSIGN(auto got, S().Customers().Get(kP1, c.id));
    Customer expected = update;
    expected.created_at = c.created_at;
    EXPECT_EQ(Describe(got), Describe(expected));

    update.external_customer_id = "ext-2";
    ASSERT_THAT(S().Customers().Update(kP1, update), IsOk());
    WHARF_ASSERT_OK_AND_ASSIGN(got, S().Customers().Get(kP1, c.id));
    EXPECT_EQ(got.external_customer_id, "ext-2");
}

TEST_P(StoreConformanceTest, CustomerListPagesNewestFirst) {
    for (int i : {12, 10, 14, 11, 13}) {
        InsertCustomer(kP1, MakeCustomer(Numbered("c", i), At(i)));
    }
    InsertCustomer(kP2, MakeCustomer("other", At(20)));

    auto page_ids = [&](int page, int per_page) {
        auto result = S().Customers().List(kP1, {}, Page(page, per_page));
        EXPECT_THAT(result, IsOk());
        if (!result) {
            return std::vector<std::string>{};
        }
        EXPECT_EQ(result->total_count, 5);
        return Ids(result->items);
    };
    EXPECT_THAT(page_ids(1, 2), ElementsAre("c14", "c13"));
    EXPECT_THAT(page_ids(2, 2), ElementsAre("c12", "c11"));
    EXPECT_THAT(page_ids(3, 2), ElementsAre("c10"));
    EXPECT_THAT(page_ids(4, 2), IsEmpty());
    EXPECT_THAT(page_ids(1, 20), ElementsAre("c14", "c13", "c12", "c11", "c10"));
}

TEST_P(StoreConformanceTest, CustomerListBreaksCreatedAtTiesById) {
    for (const char* id : {"c-b", "c-a", "c-c"}) {
        InsertCustomer(kP1, MakeCustomer(id, At(10)));
    }
    InsertCustomer(kP1, MakeCustomer("c-new", At(11)));
    EXPECT_THAT(CustomerIds(kP1, {}), ElementsAre("c-new", "c-c", "c-b", "c-a"));
}

TEST_P(StoreConformanceTest, CustomerListFilters) {
    InsertCustomer(kP1, MakeCustomer("acme", At(10), "Acme Corp", "ext-1"));
    InsertCustomer(kP1, MakeCustomer("labs", At(11), "the ACME labs", "ext-2"));
    InsertCustomer(kP1, MakeCustomer("globex", At(12), "Globex"));
    InsertCustomer(kP1, MakeCustomer("percent", At(13), "100% Real"));
    InsertCustomer(kP1, MakeCustomer("underscore", At(14), "under_score"));
    InsertCustomer(kP1, MakeCustomer("backslash", At(15), "back\\slash"));
    InsertCustomer(kP2, MakeCustomer("p2-acme", At(10), "Acme Elsewhere", "ext-1"));

    CustomerFilter f;
    f.name_contains = "acme";
    EXPECT_THAT(CustomerIds(kP1, f), ElementsAre("labs", "acme"));
    f.name_contains = "%";
    EXPECT_THAT(CustomerIds(kP1, f), ElementsAre("percent"));
    f.name_contains = "_";
    EXPECT_THAT(CustomerIds(kP1, f), ElementsAre("underscore"));
    f.name_contains = "k\\s";
    EXPECT_THAT(CustomerIds(kP1, f), ElementsAre("backslash"));
    f.name_contains = "nothing like it";
    EXPECT_THAT(CustomerIds(kP1, f), IsEmpty());

    f = {};
    f.external_customer_id = "ext-1";
    EXPECT_THAT(CustomerIds(kP1, f), ElementsAre("acme"));

    // created_after / created_before are exclusive bounds, combined with AND.
    f = {};
    f.created_after = At(12);
    EXPECT_THAT(CustomerIds(kP1, f), ElementsAre("backslash", "underscore", "percent"));
    f = {};
    f.created_before = At(12);
    EXPECT_THAT(CustomerIds(kP1, f), ElementsAre("labs", "acme"));
    f.created_after = At(10);
    EXPECT_THAT(CustomerIds(kP1, f), ElementsAre("labs"));
    f.name_contains = "globex";
    EXPECT_THAT(CustomerIds(kP1, f), IsEmpty());
}

TEST_P(StoreConformanceTest, CustomerDeleteRemovesLinksAndDetachesNumbers) {
    InsertCustomer(kP1, MakeCustomer("gone", At(10)));
    InsertCustomer(kP1, MakeCustomer("kept", At(11)));
    ASSERT_THAT(S().SetupLinks().InsertRevokingActive(kP1, FullLink("l1", "gone", At(20))), IsOk());
    ASSERT_THAT(S().SetupLinks().InsertRevokingActive(kP1, MinimalLink("l2", "gone", At(21))),
                IsOk());
    ASSERT_THAT(S().SetupLinks().InsertRevokingActive(kP1, MinimalLink("l3", "kept", At(22))),
                IsOk());
    PhoneNumber detached = FullNumber("n1", "111", "gone", At(30));
    ASSERT_THAT(S().PhoneNumbers().Insert(kP1, detached), IsOk());
    ASSERT_THAT(S().PhoneNumbers().Insert(kP1, FullNumber("n2", "222", "kept", At(31))), IsOk());
    ASSERT_THAT(S().Events().Insert(kP1, MakeEvent("e1", At(32))), IsOk());

    ASSERT_THAT(S().Customers().Delete(kP1, CustomerId("gone")), IsOk());

    EXPECT_THAT(S().Customers().Get(kP1, CustomerId("gone")), HasError(ErrorCode::kNotFound));
    EXPECT_THAT(S().SetupLinks().Get(kP1, CustomerId("gone"), SetupLinkId("l1")),
                HasError(ErrorCode::kNotFound));
    EXPECT_THAT(S().SetupLinks().FindBySlug("slug-l2"), HasError(ErrorCode::kNotFound));
    EXPECT_THAT(LinkIds("gone", {}, At(100)), IsEmpty());
    // The number stays, unchanged but for customer_id.
    WHARF_ASSERT_OK_AND_ASSIGN(auto number, S().PhoneNumbers().Get(kP1, PhoneNumberId("111")));
    detached.customer_id = std::nullopt;
    EXPECT_EQ(Describe(number), Describe(detached));
    PhoneNumberFilter of_gone;
    of_gone.customer_id = CustomerId("gone");
    EXPECT_THAT(NumberIds(of_gone), IsEmpty());

    // Nothing of the other customer changed.
    EXPECT_THAT(S().Customers().Get(kP1, CustomerId("kept")), IsOk());
    EXPECT_THAT(LinkIds("kept", {}, At(100)), ElementsAre("l3"));
    WHARF_ASSERT_OK_AND_ASSIGN(auto kept_number, S().PhoneNumbers().Get(kP1, PhoneNumberId("222")));
    EXPECT_EQ(kept_number.customer_id, CustomerId("kept"));
    EXPECT_THAT(S().Events().List(kP1, 10), IsOk());
    EXPECT_EQ(S().Events().List(kP1, 10)->size(), 1u);

    EXPECT_THAT(S().Customers().Delete(kP1, CustomerId("gone")), HasError(ErrorCode::kNotFound));
}

// ---- Setup links ------------------------------------------------------------------------------

TEST_P(StoreConformanceTest, SetupLinkRoundTripAllFieldsAndDefaults) {
    InsertCustomer(kP1, MakeCustomer("c1", At(10)));
    InsertCustomer(kP1, MakeCustomer("c2", At(10)));
    SetupLink full = FullLink("full", "c1", At(20));
    SetupLink minimal = MinimalLink("minimal", "c2", At(21));
    ASSERT_THAT(S().SetupLinks().InsertRevokingActive(kP1, full), IsOk());
    ASSERT_THAT(S().SetupLinks().InsertRevokingActive(kP1, minimal), IsOk());

    WHARF_ASSERT_OK_AND_ASSIGN(auto got_full, S().SetupLinks().Get(kP1, full.customer_id, full.id));
    EXPECT_EQ(Describe(got_full), Describe(full));
    WHARF_ASSERT_OK_AND_ASSIGN(auto got_minimal,
                               S().SetupLinks().Get(kP1, minimal.customer_id, minimal.id));
    EXPECT_EQ(Describe(got_minimal), Describe(minimal));

    SetupLink empty_lists = MinimalLink("empty-lists", "c2", At(22));
    empty_lists.allowed_origins = {};
    empty_lists.allowed_connection_types = {};
    empty_lists.phone_number_country_isos = {};
    empty_lists.theme_config = domain::ThemeConfig{};
    ASSERT_THAT(S().SetupLinks().InsertRevokingActive(kP1, empty_lists), IsOk());
    WHARF_ASSERT_OK_AND_ASSIGN(auto got_empty,
                               S().SetupLinks().Get(kP1, empty_lists.customer_id, empty_lists.id));
    EXPECT_EQ(Describe(got_empty), Describe(empty_lists));
}

TEST_P(StoreConformanceTest, SetupLinkFindBySlug) {
    InsertCustomer(kP2, MakeCustomer("c1", At(10)));
    SetupLink link = FullLink("l1", "c1", At(20));
    ASSERT_THAT(S().SetupLinks().InsertRevokingActive(kP2, link), IsOk());
    WHARF_ASSERT_OK_AND_ASSIGN(auto found, S().SetupLinks().FindBySlug(link.slug));
    EXPECT_EQ(found.project_id, kP2);
    EXPECT_EQ(Describe(found.link), Describe(link));
    EXPECT_THAT(S().SetupLinks().FindBySlug("no-such-slug"), HasError(ErrorCode::kNotFound));
}

TEST_P(StoreConformanceTest, InsertRevokingActiveRevokesOnlyStillActiveLinksOfThatCustomer) {
    InsertCustomer(kP1, MakeCustomer("a", At(1)));
    InsertCustomer(kP1, MakeCustomer("b", At(1)));
    InsertCustomer(kP2, MakeCustomer("a", At(1)));  // same id, other project

    SetupLink active = MinimalLink("a-active", "a", At(10));
    SetupLink used = MinimalLink("a-used", "a", At(11));
    used.status = SetupLinkStatus::kUsed;
    SetupLink timed_out = MinimalLink("a-timed-out", "a", At(12));
    timed_out.expires_at = At(50);  // active, but past expiry when the new link arrives
    SetupLink future = MinimalLink("a-future", "a", At(13));
    future.expires_at = At(500);
    for (const auto& l : {used, timed_out, future}) {
        InsertLinkWithStatus(l);
    }
    // Update() put them back the way we want them; `active` last so nothing revoked it.
    ASSERT_THAT(S().SetupLinks().InsertRevokingActive(kP1, active), IsOk());
    ASSERT_THAT(S().SetupLinks().Update(kP1, future), IsOk());
    ASSERT_THAT(S().SetupLinks().Update(kP1, timed_out), IsOk());
    SetupLink other_customer = MinimalLink("b-active", "b", At(14));
    ASSERT_THAT(S().SetupLinks().InsertRevokingActive(kP1, other_customer), IsOk());
    SetupLink other_project = MinimalLink("p2-active", "a", At(15));
    ASSERT_THAT(S().SetupLinks().InsertRevokingActive(kP2, other_project), IsOk());

    SetupLink fresh = MinimalLink("a-new", "a", At(100));
    ASSERT_THAT(S().SetupLinks().InsertRevokingActive(kP1, fresh), IsOk());

    auto get = [&](const ProjectId& p, const SetupLink& l) {
        return S().SetupLinks().Get(p, l.customer_id, l.id).value();
    };
    for (const auto& revoked : {active, future}) {
        SetupLink expected = revoked;
        expected.status = SetupLinkStatus::kRevoked;
        expected.updated_at = fresh.created_at;
        EXPECT_EQ(Describe(get(kP1, revoked)), Describe(expected));
    }
    EXPECT_EQ(Describe(get(kP1, used)), Describe(used));
    EXPECT_EQ(Describe(get(kP1, timed_out)), Describe(timed_out));
    EXPECT_EQ(Describe(get(kP1, other_customer)), Describe(other_customer));
    EXPECT_EQ(Describe(get(kP2, other_project)), Describe(other_project));
    EXPECT_EQ(Describe(get(kP1, fresh)), Describe(fresh));
}

TEST_P(StoreConformanceTest, InsertRevokingActiveNeedsTheCustomerInTheProject) {
    InsertCustomer(kP2, MakeCustomer("p2-customer", At(1)));
    EXPECT_THAT(S().SetupLinks().InsertRevokingActive(kP1, MinimalLink("l1", "missing", At(10))),
                HasError(ErrorCode::kNotFound));
    EXPECT_THAT(
        S().SetupLinks().InsertRevokingActive(kP1, MinimalLink("l2", "p2-customer", At(10))),
        HasError(ErrorCode::kNotFound));
    EXPECT_THAT(S().SetupLinks().FindBySlug("slug-l2"), HasError(ErrorCode::kNotFound));
}

TEST_P(StoreConformanceTest, InsertRevokingActiveIsAtomic) {
    InsertCustomer(kP1, MakeCustomer("c1", At(1)));
    SetupLink first = MinimalLink("l1", "c1", At(10));
    ASSERT_THAT(S().SetupLinks().InsertRevokingActive(kP1, first), IsOk());

    SetupLink same_slug = MinimalLink("l2", "c1", At(20));
    same_slug.slug = first.slug;
    EXPECT_THAT(S().SetupLinks().InsertRevokingActive(kP1, same_slug),
                HasError(ErrorCode::kAlreadyExists));
    SetupLink same_id = MinimalLink("l1", "c1", At(21));
    same_id.slug = "another-slug";
    EXPECT_THAT(S().SetupLinks().InsertRevokingActive(kP1, same_id),
                HasError(ErrorCode::kAlreadyExists));

    WHARF_ASSERT_OK_AND_ASSIGN(auto still, S().SetupLinks().Get(kP1, first.customer_id, first.id));
    EXPECT_EQ(Describe(still), Describe(first));  // not revoked by the failed inserts
}

TEST_P(StoreConformanceTest, SetupLinkOfAnotherProjectOrCustomerIsNotFound) {
    InsertCustomer(kP1, MakeCustomer("c1", At(1)));
    InsertCustomer(kP1, MakeCustomer("c2", At(1)));
    InsertCustomer(kP2, MakeCustomer("c1", At(1)));
    SetupLink link = MinimalLink("l1", "c1", At(10));
    ASSERT_THAT(S().SetupLinks().InsertRevokingActive(kP1, link), IsOk());

    EXPECT_THAT(S().SetupLinks().Get(kP2, link.customer_id, link.id),
                HasError(ErrorCode::kNotFound));
    EXPECT_THAT(S().SetupLinks().Get(kP1, CustomerId("c2"), link.id),
                HasError(ErrorCode::kNotFound));
    EXPECT_THAT(S().SetupLinks().Get(kP1, link.customer_id, SetupLinkId("missing")),
                HasError(ErrorCode::kNotFound));
    SetupLink changed = link;
    changed.status = SetupLinkStatus::kRevoked;
    EXPECT_THAT(S().SetupLinks().Update(kP2, changed), HasError(ErrorCode::kNotFound));
    SetupLink missing = MinimalLink("missing", "c1", At(10));
    EXPECT_THAT(S().SetupLinks().Update(kP1, missing), HasError(ErrorCode::kNotFound));
    EXPECT_THAT(LinkIds("c2", {}, At(100)), IsEmpty());
    auto p2_list = S().SetupLinks().List(kP2, CustomerId("c1"), {}, Page(1, 20), At(100));
    ASSERT_THAT(p2_list, IsOk());
    EXPECT_EQ(p2_list->total_count, 0);

    WHARF_ASSERT_OK_AND_ASSIGN(auto still, S().SetupLinks().Get(kP1, link.customer_id, link.id));
    EXPECT_EQ(Describe(still), Describe(link));
}

TEST_P(StoreConformanceTest, SetupLinkUpdateWritesEveryMutableField) {
    InsertCustomer(kP1, MakeCustomer("c1", At(1)));
    SetupLink link = MinimalLink("l1", "c1", At(10));
    ASSERT_THAT(S().SetupLinks().InsertRevokingActive(kP1, link), IsOk());

    SetupLink changed = FullLink("l1", "c1", At(10));
    changed.status = SetupLinkStatus::kUsed;
    changed.whatsapp_setup_status = SetupStatus::kCompleted;
    changed.provisioned_phone_number->area_code = std::nullopt;
    changed.provisioned_phone_number->display_number = std::nullopt;
    changed.updated_at = At(30);
    ASSERT_THAT(S().SetupLinks().Update(kP1, changed), IsOk());
    WHARF_ASSERT_OK_AND_ASSIGN(auto got, S().SetupLinks().Get(kP1, link.customer_id, link.id));
    EXPECT_EQ(Describe(got), Describe(changed));

    // And back: every optional cleared again.
    SetupLink cleared = MinimalLink("l1", "c1", At(10));
    cleared.updated_at = At(40);
    ASSERT_THAT(S().SetupLinks().Update(kP1, cleared), IsOk());
    WHARF_ASSERT_OK_AND_ASSIGN(got, S().SetupLinks().Get(kP1, link.customer_id, link.id));
    EXPECT_EQ(Describe(got), Describe(cleared));
}

TEST_P(StoreConformanceTest, SetupLinkListPagesNewestFirst) {
    InsertCustomer(kP1, MakeCustomer("c1", At(1)));
    for (int i : {12, 10, 14, 11, 13}) {
        ASSERT_THAT(
            S().SetupLinks().InsertRevokingActive(kP1, MinimalLink(Numbered("l", i), "c1", At(i))),
            IsOk());
    }
    auto page = S().SetupLinks().List(kP1, CustomerId("c1"), {}, Page(2, 2), At(100));
    ASSERT_THAT(page, IsOk());
    EXPECT_EQ(page->total_count, 5);
    EXPECT_THAT(Ids(page->items), ElementsAre("l12", "l11"));
    EXPECT_THAT(LinkIds("c1", {}, At(100)), ElementsAre("l14", "l13", "l12", "l11", "l10"));
}

TEST_P(StoreConformanceTest, SetupLinkListFiltersByEffectiveStatusAtNow) {
    InsertCustomer(kP1, MakeCustomer("c1", At(1)));
    auto link = [](const char* id, int created, SetupLinkStatus status,
                   std::optional<int> expires) {
        SetupLink l = MinimalLink(id, "c1", At(created));
        l.status = status;
        l.expires_at = expires ? std::optional<Timestamp>(At(*expires)) : std::nullopt;
        return l;
    };
    std::vector<SetupLink> links = {
        link("open-future", 1, SetupLinkStatus::kActive, 2000),
        link("open-past", 2, SetupLinkStatus::kActive, 500),
        link("open-now", 3, SetupLinkStatus::kActive, 1000),  // expires exactly at now
        link("expired", 4, SetupLinkStatus::kExpired, std::nullopt),
        link("used", 5, SetupLinkStatus::kUsed, 500),
        link("revoked", 6, SetupLinkStatus::kRevoked, std::nullopt),
        link("open-forever", 7, SetupLinkStatus::kActive, std::nullopt),
    };
    for (const auto& l : links) {
        ASSERT_THAT(S().SetupLinks().InsertRevokingActive(kP1, l), IsOk());
    }
    for (const auto& l : links) {
        ASSERT_THAT(S().SetupLinks().Update(kP1, l), IsOk());  // undo the revocations
    }
    auto with_status = [](SetupLinkStatus s) {
        SetupLinkFilter f;
        f.status = s;
        return f;
    };
    const Timestamp now = At(1000);
    EXPECT_THAT(LinkIds("c1", with_status(SetupLinkStatus::kActive), now),
                ElementsAre("open-forever", "open-future"));
    EXPECT_THAT(LinkIds("c1", with_status(SetupLinkStatus::kExpired), now),
                ElementsAre("expired", "open-now", "open-past"));
    EXPECT_THAT(LinkIds("c1", with_status(SetupLinkStatus::kUsed), now), ElementsAre("used"));
    EXPECT_THAT(LinkIds("c1", with_status(SetupLinkStatus::kRevoked), now), ElementsAre("revoked"));
    EXPECT_EQ(LinkIds("c1", {}, now).size(), 7u);

    const Timestamp later = At(3000);
    EXPECT_THAT(LinkIds("c1", with_status(SetupLinkStatus::kActive), later),
                ElementsAre("open-forever"));
    EXPECT_THAT(LinkIds("c1", with_status(SetupLinkStatus::kExpired), later),
                ElementsAre("expired", "open-now", "open-past", "open-future"));

    auto page = S().SetupLinks().List(kP1, CustomerId("c1"), with_status(SetupLinkStatus::kExpired),
                                      Page(1, 2), now);
    ASSERT_THAT(page, IsOk());
    EXPECT_EQ(page->total_count, 3);
    EXPECT_THAT(Ids(page->items), ElementsAre("expired", "open-now"));
}

TEST_P(StoreConformanceTest, SetupLinkListFiltersByCreatedRange) {
    InsertCustomer(kP1, MakeCustomer("c1", At(1)));
    for (int i : {10, 11, 12, 13}) {
        ASSERT_THAT(
            S().SetupLinks().InsertRevokingActive(kP1, MinimalLink(Numbered("l", i), "c1", At(i))),
            IsOk());
    }
    SetupLinkFilter f;
    f.created_after = At(10);
    EXPECT_THAT(LinkIds("c1", f, At(100)), ElementsAre("l13", "l12", "l11"));
    f.created_before = At(13);
    EXPECT_THAT(LinkIds("c1", f, At(100)), ElementsAre("l12", "l11"));
    f.status = SetupLinkStatus::kActive;  // only the newest is still active
    EXPECT_THAT(LinkIds("c1", f, At(100)), IsEmpty());
    f.created_before = std::nullopt;
    EXPECT_THAT(LinkIds("c1", f, At(100)), ElementsAre("l13"));
}

// ---- Phone numbers ----------------------------------------------------------------------------

TEST_P(StoreConformanceTest, PhoneNumberRoundTripAllFieldsAndDefaults) {
    InsertCustomer(kP1, MakeCustomer("c1", At(1)));
    PhoneNumber full = FullNumber("n-full", "1001", "c1", At(10));
    PhoneNumber minimal = MinimalNumber("n-min", "1002", At(11));
    ASSERT_THAT(S().PhoneNumbers().Insert(kP1, full), IsOk());
    ASSERT_THAT(S().PhoneNumbers().Insert(kP1, minimal), IsOk());

    WHARF_ASSERT_OK_AND_ASSIGN(auto got_full, S().PhoneNumbers().Get(kP1, full.phone_number_id));
    EXPECT_EQ(Describe(got_full), Describe(full));
    WHARF_ASSERT_OK_AND_ASSIGN(auto got_min, S().PhoneNumbers().Get(kP1, minimal.phone_number_id));
    EXPECT_EQ(Describe(got_min), Describe(minimal));

    // The sealed tokens come back byte for byte: they still open under their contexts.
    SecretBox box = TestSecretBox();
    auto token =
        box.Open(*got_full.sealed_access_token, domain::AccessTokenContext(got_full.internal_id));
    ASSERT_THAT(token, IsOk());
    EXPECT_EQ(*token, "EAAG-access-token");
    auto verify = box.Open(*got_full.sealed_webhook_verify_token,
                           domain::VerifyTokenContext(got_full.internal_id));
    ASSERT_THAT(verify, IsOk());
    EXPECT_EQ(*verify, "verify-me");
}

TEST_P(StoreConformanceTest, PhoneNumberIdIsUniqueAcrossProjects) {
    ASSERT_THAT(S().PhoneNumbers().Insert(kP1, MinimalNumber("n1", "1001", At(10))), IsOk());
    ASSERT_THAT(S().PhoneNumbers().Insert(kP1, MinimalNumber("n2", "1002", At(11))), IsOk());
    EXPECT_THAT(S().PhoneNumbers().Insert(kP1, MinimalNumber("n3", "1001", At(12))),
                HasError(ErrorCode::kAlreadyExists));
    EXPECT_THAT(S().PhoneNumbers().Insert(kP2, MinimalNumber("n4", "1001", At(12))),
                HasError(ErrorCode::kAlreadyExists));
    EXPECT_THAT(S().PhoneNumbers().Insert(kP1, MinimalNumber("n1", "1005", At(12))),
                HasError(ErrorCode::kAlreadyExists));  // internal id taken
    PhoneNumber renumbered = MinimalNumber("n2", "1001", At(11));
    EXPECT_THAT(S().PhoneNumbers().Update(kP1, renumbered), HasError(ErrorCode::kAlreadyExists));
    auto p2_numbers = S().PhoneNumbers().List(kP2, {}, Page(1, 20));
    ASSERT_THAT(p2_numbers, IsOk());
    EXPECT_EQ(p2_numbers->total_count, 0);
}

TEST_P(StoreConformanceTest, PhoneNumberCustomerMustBelongToTheProject) {
    InsertCustomer(kP2, MakeCustomer("p2-customer", At(1)));
    EXPECT_THAT(S().PhoneNumbers().Insert(kP1, FullNumber("n1", "1001", "p2-customer", At(10))),
                HasError(ErrorCode::kNotFound));
    EXPECT_THAT(S().PhoneNumbers().Insert(kP1, FullNumber("n1", "1001", "missing", At(10))),
                HasError(ErrorCode::kNotFound));
    EXPECT_THAT(
        S().PhoneNumbers().Insert(ProjectId("missing"), MinimalNumber("n1", "1001", At(10))),
        HasError(ErrorCode::kNotFound));
    ASSERT_THAT(S().PhoneNumbers().Insert(kP1, MinimalNumber("n1", "1001", At(10))), IsOk());
    PhoneNumber attach = MinimalNumber("n1", "1001", At(10));
    attach.customer_id = CustomerId("p2-customer");
    EXPECT_THAT(S().PhoneNumbers().Update(kP1, attach), HasError(ErrorCode::kNotFound));
}

TEST_P(StoreConformanceTest, PhoneNumberOfAnotherProjectIsNotFound) {
    PhoneNumber n = FullNumber("n1", "1001", std::nullopt, At(10));
    ASSERT_THAT(S().PhoneNumbers().Insert(kP1, n), IsOk());
    EXPECT_THAT(S().PhoneNumbers().Get(kP2, n.phone_number_id), HasError(ErrorCode::kNotFound));
    EXPECT_THAT(S().PhoneNumbers().Update(kP2, n), HasError(ErrorCode::kNotFound));
    EXPECT_THAT(S().PhoneNumbers().Delete(kP2, n.phone_number_id), HasError(ErrorCode::kNotFound));
    WHARF_ASSERT_OK_AND_ASSIGN(
        auto by_waba, S().PhoneNumbers().ListByBusinessAccount(kP2, n.business_account_id));
    EXPECT_THAT(by_waba, IsEmpty());
    WHARF_ASSERT_OK_AND_ASSIGN(auto still, S().PhoneNumbers().Get(kP1, n.phone_number_id));
    EXPECT_EQ(Describe(still), Describe(n));
}

TEST_P(StoreConformanceTest, PhoneNumberUpdateWritesEveryMutableField) {
    InsertCustomer(kP1, MakeCustomer("c1", At(1)));
    PhoneNumber n = MinimalNumber("n1", "1001", At(10));
    ASSERT_THAT(S().PhoneNumbers().Insert(kP1, n), IsOk());

    PhoneNumber changed = FullNumber("n1", "2002", "c1", At(10));  // new phone_number_id too
    changed.updated_at = At(50);
    ASSERT_THAT(S().PhoneNumbers().Update(kP1, changed), IsOk());
    EXPECT_THAT(S().PhoneNumbers().Get(kP1, n.phone_number_id), HasError(ErrorCode::kNotFound));
    WHARF_ASSERT_OK_AND_ASSIGN(auto got, S().PhoneNumbers().Get(kP1, changed.phone_number_id));
    EXPECT_EQ(Describe(got), Describe(changed));

    PhoneNumber cleared = MinimalNumber("n1", "2002", At(10));
    cleared.updated_at = At(60);
    ASSERT_THAT(S().PhoneNumbers().Update(kP1, cleared), IsOk());
    WHARF_ASSERT_OK_AND_ASSIGN(got, S().PhoneNumbers().Get(kP1, cleared.phone_number_id));
    EXPECT_EQ(Describe(got), Describe(cleared));

    EXPECT_THAT(S().PhoneNumbers().Update(kP1, MinimalNumber("missing", "3003", At(10))),
                HasError(ErrorCode::kNotFound));
}

TEST_P(StoreConformanceTest, PhoneNumberDelete) {
    ASSERT_THAT(S().PhoneNumbers().Insert(kP1, MinimalNumber("n1", "1001", At(10))), IsOk());
    ASSERT_THAT(S().PhoneNumbers().Insert(kP1, MinimalNumber("n2", "1002", At(11))), IsOk());
    ASSERT_THAT(S().PhoneNumbers().Delete(kP1, PhoneNumberId("1001")), IsOk());
    EXPECT_THAT(S().PhoneNumbers().Get(kP1, PhoneNumberId("1001")), HasError(ErrorCode::kNotFound));
    EXPECT_THAT(S().PhoneNumbers().Delete(kP1, PhoneNumberId("1001")),
                HasError(ErrorCode::kNotFound));
    EXPECT_THAT(S().PhoneNumbers().Get(kP1, PhoneNumberId("1002")), IsOk());
    // The id is free again, in any project.
    EXPECT_THAT(S().PhoneNumbers().Insert(kP2, MinimalNumber("n3", "1001", At(12))), IsOk());
}

TEST_P(StoreConformanceTest, PhoneNumberListPagesNewestFirst) {
    for (int i : {12, 10, 14, 11, 13}) {
        ASSERT_THAT(S().PhoneNumbers().Insert(
                        kP1, MinimalNumber(Numbered("n", i), std::to_string(1000 + i), At(i))),
                    IsOk());
    }
    ASSERT_THAT(S().PhoneNumbers().Insert(kP2, MinimalNumber("other", "9999", At(20))), IsOk());
    auto page = S().PhoneNumbers().List(kP1, {}, Page(1, 3));
    ASSERT_THAT(page, IsOk());
    EXPECT_EQ(page->total_count, 5);
    EXPECT_THAT(Ids(page->items), ElementsAre("1014", "1013", "1012"));
    page = S().PhoneNumbers().List(kP1, {}, Page(2, 3));
    ASSERT_THAT(page, IsOk());
    EXPECT_EQ(page->total_count, 5);
    EXPECT_THAT(Ids(page->items), ElementsAre("1011", "1010"));
}

TEST_P(StoreConformanceTest, PhoneNumberListFilters) {
    InsertCustomer(kP1, MakeCustomer("c1", At(1)));
    PhoneNumber a = MinimalNumber("na", "1001", At(10), "waba-1");
    a.name = "Support Line";
    a.customer_id = CustomerId("c1");
    PhoneNumber b = MinimalNumber("nb", "1002", At(11), "waba-2");
    b.name = "Sales";
    b.inbound_processing_enabled = false;
    PhoneNumber c = MinimalNumber("nc", "1003", At(12), "waba-1");
    c.name = "SUPPORT 100%";
    for (const auto& n : {a, b, c}) {
        ASSERT_THAT(S().PhoneNumbers().Insert(kP1, n), IsOk());
    }
    ASSERT_THAT(S().PhoneNumbers().Insert(kP2, MinimalNumber("nz", "1009", At(10), "waba-1")),
                IsOk());

    PhoneNumberFilter f;
    f.phone_number_id = PhoneNumberId("1002");
    EXPECT_THAT(NumberIds(f), ElementsAre("1002"));
    f = {};
    f.business_account_id = BusinessAccountId("waba-1");
    EXPECT_THAT(NumberIds(f), ElementsAre("1003", "1001"));
    f = {};
    f.customer_id = CustomerId("c1");
    EXPECT_THAT(NumberIds(f), ElementsAre("1001"));
    f = {};
    f.messaging_enabled = false;
    EXPECT_THAT(NumberIds(f), ElementsAre("1002"));
    f.messaging_enabled = true;
    EXPECT_THAT(NumberIds(f), ElementsAre("1003", "1001"));
    f = {};
    f.name_contains = "support";
    EXPECT_THAT(NumberIds(f), ElementsAre("1003", "1001"));
    f.name_contains = "0%";
    EXPECT_THAT(NumberIds(f), ElementsAre("1003"));
    f = {};
    f.created_after = At(10);
    f.created_before = At(12);
    EXPECT_THAT(NumberIds(f), ElementsAre("1002"));
    f = {};
    f.business_account_id = BusinessAccountId("waba-1");
    f.messaging_enabled = true;
    f.created_after = At(10);
    EXPECT_THAT(NumberIds(f), ElementsAre("1003"));
}

TEST_P(StoreConformanceTest, ListByBusinessAccountOldestFirst) {
    ASSERT_THAT(S().PhoneNumbers().Insert(kP1, MinimalNumber("n3", "1003", At(13), "waba-1")),
                IsOk());
    ASSERT_THAT(S().PhoneNumbers().Insert(kP1, MinimalNumber("n1", "1001", At(11), "waba-1")),
                IsOk());
    ASSERT_THAT(S().PhoneNumbers().Insert(kP1, MinimalNumber("n2", "1002", At(12), "waba-2")),
                IsOk());
    ASSERT_THAT(S().PhoneNumbers().Insert(kP2, MinimalNumber("n4", "1004", At(10), "waba-1")),
                IsOk());
    WHARF_ASSERT_OK_AND_ASSIGN(
        auto numbers, S().PhoneNumbers().ListByBusinessAccount(kP1, BusinessAccountId("waba-1")));
    EXPECT_THAT(Ids(numbers), ElementsAre("1001", "1003"));
    WHARF_ASSERT_OK_AND_ASSIGN(
        numbers, S().PhoneNumbers().ListByBusinessAccount(kP1, BusinessAccountId("waba-none")));
    EXPECT_THAT(numbers, IsEmpty());
}

// ---- Events -----------------------------------------------------------------------------------

TEST_P(StoreConformanceTest, EventsListOldestFirstUpToLimit) {
    Event full = MakeEvent("e-full", At(10));
    full.phone_number_id = PhoneNumberId("1001");
    full.customer_id = CustomerId("c1");
    ASSERT_THAT(S().Events().Insert(kP1, MakeEvent("e3", At(30))), IsOk());
    ASSERT_THAT(S().Events().Insert(kP1, full), IsOk());
    // Same created_at: insertion order.
    ASSERT_THAT(S().Events().Insert(kP1, MakeEvent("e2-b", At(20))), IsOk());
    ASSERT_THAT(S().Events().Insert(kP1, MakeEvent("e2-a", At(20))), IsOk());
    ASSERT_THAT(S().Events().Insert(kP2, MakeEvent("other", At(5))), IsOk());

    WHARF_ASSERT_OK_AND_ASSIGN(auto events, S().Events().List(kP1, 10));
    EXPECT_THAT(Ids(events), ElementsAre("e-full", "e2-b", "e2-a", "e3"));
    EXPECT_EQ(Describe(events[0]), Describe(full));
    EXPECT_EQ(Describe(events[3]), Describe(MakeEvent("e3", At(30))));
    WHARF_ASSERT_OK_AND_ASSIGN(events, S().Events().List(kP1, 2));
    EXPECT_THAT(Ids(events), ElementsAre("e-full", "e2-b"));
    WHARF_ASSERT_OK_AND_ASSIGN(events, S().Events().List(kP1, 0));
    EXPECT_THAT(events, IsEmpty());
    WHARF_ASSERT_OK_AND_ASSIGN(events, S().Events().List(kP2, 10));
    EXPECT_THAT(Ids(events), ElementsAre("other"));

    EXPECT_THAT(S().Events().Insert(kP1, MakeEvent("e3", At(40))),
                HasError(ErrorCode::kAlreadyExists));
}

// ---- Transact ---------------------------------------------------------------------------------

TEST_P(StoreConformanceTest, TransactCommitsEveryCall) {
    auto result = S().Transact([](Store& tx) -> Result<void> {
        WHARF_TRY(tx.Customers().Insert(kP1, MakeCustomer("c1", At(10))));
        WHARF_TRY(tx.SetupLinks().InsertRevokingActive(kP1, MinimalLink("l1", "c1", At(11))));
        WHARF_TRY(tx.PhoneNumbers().Insert(kP1, FullNumber("n1", "1001", "c1", At(12))));
        WHARF_TRY(tx.Events().Insert(kP1, MakeEvent("e1", At(12))));
        // The transaction reads its own writes.
        WHARF_ASSIGN_OR_RETURN(auto page, tx.Customers().List(kP1, {}, Page(1, 20)));
        if (page.total_count != 1) {
            return Fail(Error::Internal("transaction does not see its own insert"));
        }
        return tx.Ping();
    });
    ASSERT_THAT(result, IsOk());
    EXPECT_THAT(S().Customers().Get(kP1, CustomerId("c1")), IsOk());
    EXPECT_THAT(S().SetupLinks().FindBySlug("slug-l1"), IsOk());
    EXPECT_THAT(S().PhoneNumbers().Get(kP1, PhoneNumberId("1001")), IsOk());
    EXPECT_EQ(S().Events().List(kP1, 10).value().size(), 1u);
}

TEST_P(StoreConformanceTest, SnapshotReadsWhatWasCommittedAndReturnsFnsResult) {
    InsertCustomer(kP1, MakeCustomer("c1", At(10)));
    std::optional<std::string> name;
    auto read = S().Snapshot([&](Store& snapshot) -> Result<void> {
        WHARF_ASSIGN_OR_RETURN(auto c, snapshot.Customers().Get(kP1, CustomerId("c1")));
        name = c.name;
        WHARF_ASSIGN_OR_RETURN(auto page, snapshot.Customers().List(kP1, {}, Page(1, 20)));
        if (page.total_count != 1) {
            return Fail(Error::Internal("snapshot misses a committed row"));
        }
        return {};
    });
    ASSERT_THAT(read, IsOk());
    EXPECT_TRUE(name.has_value());
    // fn's error comes back as it is.
    auto failed = S().Snapshot([](Store& snapshot) -> Result<void> {
        WHARF_TRY(snapshot.Customers().Get(kP1, CustomerId("missing")));
        return {};
    });
    EXPECT_THAT(failed, HasError(ErrorCode::kNotFound));
    // Inside a transaction it reads the transaction's own writes.
    auto inside = S().Transact([](Store& tx) -> Result<void> {
        WHARF_TRY(tx.Customers().Insert(kP1, MakeCustomer("c2", At(20))));
        return tx.Snapshot([](Store& snapshot) -> Result<void> {
            return snapshot.Customers().Get(kP1, CustomerId("c2")).has_value()
                       ? Result<void>()
                       : Fail(Error::Internal("the view misses its own write"));
        });
    });
    EXPECT_THAT(inside, IsOk());
}

TEST_P(StoreConformanceTest, TransactRollsBackWhenFnFails) {
    InsertCustomer(kP1, MakeCustomer("existing", At(1)));
    auto result = S().Transact([](Store& tx) -> Result<void> {
        WHARF_TRY(tx.Customers().Insert(kP1, MakeCustomer("c1", At(10))));
        WHARF_TRY(tx.Customers().Update(kP1, MakeCustomer("existing", At(1), "Renamed")));
        WHARF_TRY(tx.Customers().Delete(kP1, CustomerId("c1")));
        WHARF_TRY(tx.Customers().Insert(kP1, MakeCustomer("c2", At(11))));
        WHARF_TRY(tx.Events().Insert(kP1, MakeEvent("e1", At(12))));
        return Fail(Error::Aborted("changed my mind"));
    });
    EXPECT_THAT(result, HasError(ErrorCode::kAborted));
    EXPECT_THAT(S().Customers().Get(kP1, CustomerId("c2")), HasError(ErrorCode::kNotFound));
    EXPECT_EQ(S().Customers().Get(kP1, CustomerId("existing")).value().name, "Acme Corp");
    EXPECT_THAT(S().Events().List(kP1, 10).value(), IsEmpty());

    // A failing repository call propagated by fn rolls back the earlier calls too.
    result = S().Transact([](Store& tx) -> Result<void> {
        WHARF_TRY(tx.Customers().Insert(kP1, MakeCustomer("c3", At(10))));
        WHARF_TRY(tx.Customers().Insert(kP1, MakeCustomer("existing", At(10))));
        return {};
    });
    EXPECT_THAT(result, HasError(ErrorCode::kAlreadyExists));
    EXPECT_THAT(S().Customers().Get(kP1, CustomerId("c3")), HasError(ErrorCode::kNotFound));
}

TEST_P(StoreConformanceTest, TransactKeepsEachCallAtomic) {
    InsertCustomer(kP1, MakeCustomer("c1", At(1)));
    SetupLink first = MinimalLink("l1", "c1", At(10));
    ASSERT_THAT(S().SetupLinks().InsertRevokingActive(kP1, first), IsOk());
    // fn swallows a failed call and commits: the call's partial work (revoking l1) is undone,
    // the rest of the transaction is kept.
    auto result = S().Transact([&](Store& tx) -> Result<void> {
        WHARF_TRY(tx.Customers().Insert(kP1, MakeCustomer("c2", At(20))));
        SetupLink clash = MinimalLink("l2", "c1", At(21));
        clash.slug = first.slug;
        if (tx.SetupLinks().InsertRevokingActive(kP1, clash)) {
            return Fail(Error::Internal("duplicate slug accepted"));
        }
        return {};
    });
    ASSERT_THAT(result, IsOk());
    EXPECT_THAT(S().Customers().Get(kP1, CustomerId("c2")), IsOk());
    EXPECT_EQ(S().SetupLinks().Get(kP1, first.customer_id, first.id).value().status,
              SetupLinkStatus::kActive);
}

TEST_P(StoreConformanceTest, TransactIsInvisibleOutsideUntilCommitAndNotReentrant) {
    auto result = S().Transact([&](Store& tx) -> Result<void> {
        WHARF_TRY(tx.Customers().Insert(kP1, MakeCustomer("c1", At(10))));
        if (S().Customers().Get(kP1, CustomerId("c1"))) {
            return Fail(Error::Internal("uncommitted insert visible on the outer store"));
        }
        if (tx.Transact([](Store&) -> Result<void> { return {}; })) {
            return Fail(Error::Internal("nested Transact accepted"));
        }
        return {};
    });
    ASSERT_THAT(result, IsOk());
    EXPECT_THAT(S().Customers().Get(kP1, CustomerId("c1")), IsOk());
}

// ---- Concurrency, reopening, Ping -------------------------------------------------------------

// A transaction for the concurrency tests: inserts customer `id`, then fails ("no <id>") or
// throws ("boom <id>") when told to.
std::function<Result<void>(Store&)> InsertThenFailOrThrow(std::string id, int i, bool fails,
                                                          bool throws) {
    return [id = std::move(id), i, fails, throws](Store& tx) -> Result<void> {
        WHARF_TRY(tx.Customers().Insert(kP1, MakeCustomer(id, At(i))));
        if (throws) {
            throw std::runtime_error("boom " + id);
        }
        if (fails) {
            return Fail(Error::Aborted("no " + id));
        }
        return {};
    };
}

TEST_P(StoreConformanceTest, ConcurrentTransactsAreIsolatedFromEachOthersFailures) {
    // Calls from many threads may share one commit (SQLite groups them): each call's outcome is
    // still its own. Every third fails after writing, every seventh throws; the rest are kept.
    constexpr int kThreads = 8;
    constexpr int kPerThread = 40;
    std::atomic<int> wrong{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < kPerThread; ++i) {
                std::string id = Numbered(Numbered("g-", t) + "-", i);
                const bool fails = i % 3 == 0;
                const bool throws = !fails && i % 7 == 0;
                try {
                    auto r = S().Transact(InsertThenFailOrThrow(id, i, fails, throws));
                    if (throws || r.has_value() == fails) {
                        ++wrong;
                    }
                    if (fails && (r.has_value() || r.error().message != "no " + id)) {
                        ++wrong;
                    }
                } catch (const std::runtime_error& e) {
                    if (!throws || e.what() != "boom " + id) {
                        ++wrong;
                    }
                }
            }
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    EXPECT_EQ(wrong.load(), 0);
    int kept = 0;
    for (int t = 0; t < kThreads; ++t) {
        for (int i = 0; i < kPerThread; ++i) {
            bool expected = i % 3 != 0 && i % 7 != 0;
            bool found = S().Customers()
                             .Get(kP1, CustomerId(Numbered(Numbered("g-", t) + "-", i)))
                             .has_value();
            EXPECT_EQ(found, expected) << t << "/" << i;
            kept += found;
        }
    }
    EXPECT_GT(kept, 0);
    // Transact on the root store from inside fn is refused, not a deadlock.
    auto outer = S().Transact([&](Store&) -> Result<void> {
        return S().Transact([](Store&) -> Result<void> { return {}; });
    });
    EXPECT_THAT(outer, HasError(ErrorCode::kFailedPrecondition));
}

TEST_P(StoreConformanceTest, TransactAsyncTellsEachCallsOutcomeOnceAfterItsCommit) {
    // Asynchronous calls from several threads, mixed with Transact calls, share groups: each is
    // told its own outcome exactly once, and what it was told is what the store holds (a call
    // told OK is committed by then). Every third fails after writing, every seventh throws.
    constexpr int kThreads = 4;
    constexpr int kPerThread = 60;
    std::mutex mu;
    std::condition_variable cv;
    std::map<std::string, int> told;  // id -> times told
    std::map<std::string, Result<void>> outcome;
    std::atomic<int> wrong{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < kPerThread; ++i) {
                std::string id = Numbered(Numbered("a-", t) + "-", i);
                const bool fails = i % 3 == 0;
                const bool throws = !fails && i % 7 == 0;
                auto fn = InsertThenFailOrThrow(id, i, fails, throws);
                if (i % 5 == 4) {  // a synchronous caller among them
                    try {
                        if (S().Transact(fn).has_value() == fails) {
                            ++wrong;
                        }
                    } catch (const std::runtime_error&) {
                        wrong += throws ? 0 : 1;
                    }
                    continue;
                }
                S().TransactAsync(fn, [&, id](Result<void> r) {
                    // Told after the commit: another connection sees the row already.
                    if (r.has_value() != S().Customers().Get(kP1, CustomerId(id)).has_value()) {
                        ++wrong;
                    }
                    std::lock_guard lock(mu);
                    ++told[id];
                    outcome.emplace(id, std::move(r));
                    cv.notify_all();
                });
            }
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    const size_t async_calls = kThreads * (kPerThread - kPerThread / 5);
    {
        std::unique_lock lock(mu);
        ASSERT_TRUE(cv.wait_for(lock, std::chrono::seconds(30),
                                [&] { return told.size() == async_calls; }));
    }
    EXPECT_EQ(wrong.load(), 0);
    for (int t = 0; t < kThreads; ++t) {
        for (int i = 0; i < kPerThread; ++i) {
            if (i % 5 == 4) {
                continue;
            }
            std::string id = Numbered(Numbered("a-", t) + "-", i);
            EXPECT_EQ(told[id], 1) << id;
            const Result<void>& r = outcome.at(id);
            if (i % 3 == 0) {
                EXPECT_THAT(r, HasError(ErrorCode::kAborted)) << id;
            } else if (i % 7 == 0) {
                EXPECT_THAT(r, HasError(ErrorCode::kInternal)) << id;
                if (!r) {
                    EXPECT_THAT(r.error().message, ::testing::HasSubstr("boom " + id));
                }
            } else {
                EXPECT_THAT(r, IsOk()) << id;
            }
            EXPECT_EQ(S().Customers().Get(kP1, CustomerId(id)).has_value(), r.has_value()) << id;
        }
    }
}

TEST_P(StoreConformanceTest, TransactAsyncInsideATransactionIsRefused) {
    std::optional<Result<void>> inner;
    auto outer = S().Transact([&](Store& tx) -> Result<void> {
        tx.TransactAsync([](Store&) -> Result<void> { return {}; },
                         [&](Result<void> r) { inner = std::move(r); });
        return {};
    });
    EXPECT_THAT(outer, IsOk());
    ASSERT_TRUE(inner.has_value());
    EXPECT_THAT(*inner, HasError(ErrorCode::kFailedPrecondition));
}

TEST_P(StoreConformanceTest, TransactAsyncCallsQueuedBeforeTheStoreCloses) {
    // Closing the store runs what was queued first: nothing acknowledged later is lost.
    std::atomic<int> ok{0};
    for (int i = 0; i < 50; ++i) {
        S().TransactAsync(
            [i](Store& tx) -> Result<void> {
                return tx.Customers().Insert(kP1, MakeCustomer(Numbered("q-", i), At(i)));
            },
            [&](Result<void> r) { ok += r.has_value(); });
    }
    store_.reset();
    EXPECT_EQ(ok.load(), 50);
    ASSERT_NO_FATAL_FAILURE(Open());
    EXPECT_EQ(S().Customers().List(kP1, {}, Page(1, 1)).value().total_count, 50);
}

TEST_P(StoreConformanceTest, ConcurrentCallsFromFourThreads) {
    constexpr int kThreads = 4;
    constexpr int kPerThread = 200;
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    threads.reserve(kThreads);
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < kPerThread; ++i) {
                std::string id = Numbered(Numbered("c-", t) + "-", i);
                if (!S().Customers().Insert(kP1, MakeCustomer(id, At(i)))) {
                    ++failures;
                }
                if (i % 20 == 0 && !S().Customers().Get(kP1, CustomerId(id))) {
                    ++failures;
                }
                if (i % 50 == 0) {
                    auto r = S().Transact([&](Store& tx) -> Result<void> {
                        WHARF_TRY(tx.Events().Insert(kP1, MakeEvent("e-" + id, At(i))));
                        return tx.Customers().List(kP1, {}, Page(1, 5)).has_value()
                                   ? Result<void>()
                                   : Fail(Error::Internal("list failed"));
                    });
                    if (!r) {
                        ++failures;
                    }
                }
            }
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    EXPECT_EQ(failures.load(), 0);
    auto page = S().Customers().List(kP1, {}, Page(1, 1));
    ASSERT_THAT(page, IsOk());
    EXPECT_EQ(page->total_count, kThreads * kPerThread);
    EXPECT_EQ(S().Events().List(kP1, 1000).value().size(), static_cast<size_t>(kThreads * 4));
}

TEST_P(StoreConformanceTest, ReopenKeepsDataAndDoesNotReapplyMigrations) {
    EXPECT_GT(GetParam().migrations_applied_at_open(S()), 0u);
    InsertCustomer(kP1, MakeCustomer("c1", At(10), "Acme", "ext-1"));
    store_.reset();
    ASSERT_NO_FATAL_FAILURE(Open());
    EXPECT_EQ(GetParam().migrations_applied_at_open(S()), 0u);
    WHARF_ASSERT_OK_AND_ASSIGN(auto c, S().Customers().Get(kP1, CustomerId("c1")));
    EXPECT_EQ(Describe(c), Describe(MakeCustomer("c1", At(10), "Acme", "ext-1")));
    EXPECT_EQ(S().Projects().Count().value(), 2);
}

TEST_P(StoreConformanceTest, Ping) {
    EXPECT_THAT(S().Ping(), IsOk());
}

TEST_P(StoreConformanceTest, RejectsInvalidPages) {
    EXPECT_THAT(S().Customers().List(kP1, {}, Page(0, 20)), HasError(ErrorCode::kInvalidArgument));
    EXPECT_THAT(S().PhoneNumbers().List(kP1, {}, Page(1, 0)),
                HasError(ErrorCode::kInvalidArgument));
}

// ---- Contacts ---------------------------------------------------------------------------------

TEST_P(StoreConformanceTest, ContactRoundTripWithAndWithoutOptionals) {
    InsertCustomer(kP1, MakeCustomer("cus-1", At(1)));
    Contact full = FullContact("ct-full", kNumber1, "15550001111", "cus-1", At(10));
    Contact minimal = MakeContact("ct-min", kNumber1, "15550002222", At(11));
    AddContact(kP1, full);
    AddContact(kP1, minimal);

    WHARF_ASSERT_OK_AND_ASSIGN(auto got_full, S().Contacts().Get(kP1, full.id));
    EXPECT_EQ(Describe(got_full), Describe(full));
    WHARF_ASSERT_OK_AND_ASSIGN(auto got_min, S().Contacts().Get(kP1, minimal.id));
    EXPECT_EQ(Describe(got_min), Describe(minimal));
    EXPECT_EQ(got_min.metadata, "{}");
    WHARF_ASSERT_OK_AND_ASSIGN(auto found, S().Contacts().Find(kP1, kNumber1, "15550001111"));
    EXPECT_EQ(Describe(found), Describe(full));

    EXPECT_THAT(S().Contacts().Get(kP1, ContactId("missing")), HasError(ErrorCode::kNotFound));
    EXPECT_THAT(S().Contacts().Find(kP1, kNumber2, "15550001111"), HasError(ErrorCode::kNotFound));
    EXPECT_THAT(S().Contacts().Find(kP1, kNumber1, "15559999999"), HasError(ErrorCode::kNotFound));
}

TEST_P(StoreConformanceTest, ContactUniquenessAndReferences) {
    AddContact(kP1, MakeContact("ct-1", kNumber1, "15550001111", At(10)));
    // The id, and the (number, wa_id) pair, are unique within a project.
    EXPECT_THAT(S().Contacts().Insert(kP1, MakeContact("ct-1", kNumber1, "15550003333", At(11))),
                HasError(ErrorCode::kAlreadyExists));
    EXPECT_THAT(S().Contacts().Insert(kP1, MakeContact("ct-2", kNumber1, "15550001111", At(11))),
                HasError(ErrorCode::kAlreadyExists));
    // The same wa_id on another number, or the same pair in another project, is another contact.
    EXPECT_THAT(S().Contacts().Insert(kP1, MakeContact("ct-3", kNumber2, "15550001111", At(12))),
                IsOk());
    EXPECT_THAT(S().Contacts().Insert(kP2, MakeContact("ct-1", kNumber1, "15550001111", At(12))),
                IsOk());
    EXPECT_THAT(S().Contacts().Insert(ProjectId("missing"),
                                      MakeContact("ct-4", kNumber1, "15550004444", At(13))),
                HasError(ErrorCode::kNotFound));
    // A customer must be one of the project's.
    InsertCustomer(kP2, MakeCustomer("cus-p2", At(1)));
    EXPECT_THAT(
        S().Contacts().Insert(kP1, FullContact("ct-5", kNumber1, "15550005555", "cus-p2", At(14))),
        HasError(ErrorCode::kNotFound));
    EXPECT_THAT(
        S().Contacts().Insert(kP1, FullContact("ct-5", kNumber1, "15550005555", "missing", At(14))),
        HasError(ErrorCode::kNotFound));
    EXPECT_THAT(S().Contacts().Get(kP1, ContactId("ct-5")), HasError(ErrorCode::kNotFound));
}

TEST_P(StoreConformanceTest, ContactOfAnotherProjectIsNotFound) {
    Contact c = MakeContact("ct-1", kNumber1, "15550001111", At(10));
    AddContact(kP1, c);
    Contact changed = c;
    changed.display_name = "Hijacked";
    EXPECT_THAT(S().Contacts().Get(kP2, c.id), HasError(ErrorCode::kNotFound));
    EXPECT_THAT(S().Contacts().Find(kP2, kNumber1, c.wa_id), HasError(ErrorCode::kNotFound));
    EXPECT_THAT(S().Contacts().Update(kP2, changed), HasError(ErrorCode::kNotFound));
    EXPECT_THAT(S().Contacts().Delete(kP2, c.id), HasError(ErrorCode::kNotFound));
    ContactFilter by_pair;
    by_pair.phone_number_id = kNumber1;
    by_pair.wa_id = c.wa_id;
    for (const ContactFilter& filter : {ContactFilter{}, by_pair}) {
        auto page = S().Contacts().List(kP2, filter, FirstPage(10));
        ASSERT_THAT(page, IsOk());
        EXPECT_THAT(page->items, IsEmpty());
        EXPECT_FALSE(page->has_older);
        EXPECT_FALSE(page->has_newer);
    }
    WHARF_ASSERT_OK_AND_ASSIGN(auto still, S().Contacts().Get(kP1, c.id));
    EXPECT_EQ(Describe(still), Describe(c));
}

TEST_P(StoreConformanceTest, ContactUpdateWritesOnlyItsMutableFields) {
    InsertCustomer(kP1, MakeCustomer("cus-1", At(1)));
    InsertCustomer(kP2, MakeCustomer("cus-p2", At(1)));
    Contact c = MakeContact("ct-1", kNumber1, "15550001111", At(10));
    AddContact(kP1, c);

    Contact update = FullContact("ct-1", kNumber2, "15559999999", "cus-1", At(99));
    update.updated_at = At(50);
    ASSERT_THAT(S().Contacts().Update(kP1, update), IsOk());
    WHARF_ASSERT_OK_AND_ASSIGN(auto got, S().Contacts().Get(kP1, c.id));
    Contact expected = update;  // number, wa_id and created_at are not written
    expected.phone_number_id = c.phone_number_id;
    expected.wa_id = c.wa_id;
    expected.created_at = c.created_at;
    EXPECT_EQ(Describe(got), Describe(expected));

    // Back to no optionals; another project's customer is refused.
    Contact cleared = c;
    cleared.updated_at = At(60);
    ASSERT_THAT(S().Contacts().Update(kP1, cleared), IsOk());
    WHARF_ASSERT_OK_AND_ASSIGN(got, S().Contacts().Get(kP1, c.id));
    EXPECT_EQ(Describe(got), Describe(cleared));
    Contact foreign = cleared;
    foreign.customer_id = CustomerId("cus-p2");
    EXPECT_THAT(S().Contacts().Update(kP1, foreign), HasError(ErrorCode::kNotFound));
    EXPECT_THAT(S().Contacts().Update(kP1, MakeContact("missing", kNumber1, "1", At(1))),
                HasError(ErrorCode::kNotFound));
}

TEST_P(StoreConformanceTest, ContactDeleteKeepsHistory) {
    Contact lonely = MakeContact("ct-lonely", kNumber1, "15550001111", At(10));
    Contact talked = MakeContact("ct-talked", kNumber1, "15550002222", At(11));
    Contact no_messages = MakeContact("ct-quiet", kNumber1, "15550003333", At(12));
    AddContact(kP1, lonely);
    AddContact(kP1, talked);
    AddContact(kP1, no_messages);
    Conversation conversation = MakeConversation("cv-1", talked, At(20));
    AddConversation(kP1, conversation);
    AddMessage(kP1, MakeMessage("wamid.1", conversation, At(20)));
    AddConversation(kP1, MakeConversation("cv-2", no_messages, At(21)));

    ASSERT_THAT(S().Contacts().Delete(kP1, lonely.id), IsOk());
    EXPECT_THAT(S().Contacts().Get(kP1, lonely.id), HasError(ErrorCode::kNotFound));
    EXPECT_THAT(S().Contacts().Delete(kP1, lonely.id), HasError(ErrorCode::kNotFound));
    // A contact with conversations (and so possibly messages) is not deleted: history stays.
    EXPECT_THAT(S().Contacts().Delete(kP1, talked.id), HasError(ErrorCode::kFailedPrecondition));
    EXPECT_THAT(S().Contacts().Delete(kP1, no_messages.id),
                HasError(ErrorCode::kFailedPrecondition));
    EXPECT_THAT(S().Contacts().Get(kP1, talked.id), IsOk());
    EXPECT_THAT(S().Messages().Get(kP1, "wamid.1"), IsOk());
    // The pair is free again once its contact is gone.
    EXPECT_THAT(S().Contacts().Insert(kP1, MakeContact("ct-new", kNumber1, lonely.wa_id, At(30))),
                IsOk());
}

TEST_P(StoreConformanceTest, CustomerDeleteDetachesContacts) {
    InsertCustomer(kP1, MakeCustomer("gone", At(1)));
    InsertCustomer(kP1, MakeCustomer("kept", At(2)));
    Contact detached = FullContact("ct-1", kNumber1, "15550001111", "gone", At(10));
    AddContact(kP1, detached);
    AddContact(kP1, FullContact("ct-2", kNumber1, "15550002222", "kept", At(11)));
    AddConversation(kP1, MakeConversation("cv-1", detached, At(12)));

    ASSERT_THAT(S().Customers().Delete(kP1, CustomerId("gone")), IsOk());
    WHARF_ASSERT_OK_AND_ASSIGN(auto got, S().Contacts().Get(kP1, detached.id));
    detached.customer_id = std::nullopt;
    EXPECT_EQ(Describe(got), Describe(detached));
    EXPECT_EQ(S().Contacts().Get(kP1, ContactId("ct-2"))->customer_id, CustomerId("kept"));
    EXPECT_THAT(S().Conversations().Get(kP1, ConversationId("cv-1")), IsOk());
}

TEST_P(StoreConformanceTest, ContactListFilters) {
    InsertCustomer(kP1, MakeCustomer("cus-1", At(1)));
    InsertCustomer(kP1, MakeCustomer("cus-2", At(2)));
    AddContact(kP1, FullContact("a", kNumber1, "15550000001", "cus-1", At(10)));
    AddContact(kP1, MakeContact("b", kNumber1, "15550000002", At(11)));
    AddContact(kP1, FullContact("c", kNumber2, "15550000001", "cus-2", At(12)));
    AddContact(kP1, MakeContact("d", kNumber2, "15550000003", At(13)));
    AddContact(kP2, MakeContact("p2", kNumber1, "15550000001", At(14)));

    auto ids = [&](const ContactFilter& filter) {
        auto page = S().Contacts().List(kP1, filter, FirstPage(100));
        EXPECT_THAT(page, IsOk());
        return page ? Ids(page->items) : std::vector<std::string>{};
    };
    EXPECT_THAT(ids({}), ElementsAre("d", "c", "b", "a"));
    ContactFilter f;
    f.phone_number_id = kNumber1;
    EXPECT_THAT(ids(f), ElementsAre("b", "a"));
    f = {};
    f.wa_id = "15550000001";
    EXPECT_THAT(ids(f), ElementsAre("c", "a"));
    f.phone_number_id = kNumber2;
    EXPECT_THAT(ids(f), ElementsAre("c"));
    f = {};
    f.customer_id = CustomerId("cus-1");
    EXPECT_THAT(ids(f), ElementsAre("a"));
    f = {};
    f.has_customer = true;
    EXPECT_THAT(ids(f), ElementsAre("c", "a"));
    f.has_customer = false;
    EXPECT_THAT(ids(f), ElementsAre("d", "b"));
    f.phone_number_id = kNumber1;
    EXPECT_THAT(ids(f), ElementsAre("b"));
    f = {};
    f.customer_id = CustomerId("cus-2");
    f.has_customer = false;
    EXPECT_THAT(ids(f), IsEmpty());
}

TEST_P(StoreConformanceTest, ContactListKeysetPagingWithTies) {
    // created_at ties are broken by id: newest first is (created_at desc, id desc).
    for (const auto& [id, at] : std::vector<std::pair<std::string, int>>{
             {"k2", 10}, {"k5", 12}, {"k1", 10}, {"k4", 12}, {"k6", 12}, {"k3", 11}, {"k7", 13}}) {
        AddContact(kP1, MakeContact(id, kNumber1, "1555000" + id, At(at)));
    }
    AddContact(kP2, MakeContact("p2", kNumber1, "15550000001", At(12)));
    const std::vector<std::string> expected = {"k7", "k6", "k5", "k4", "k3", "k2", "k1"};
    for (int limit : {1, 2, 3, 7, 10}) {
        ExpectKeysetWalk<Contact>(
            [&](const KeysetRequest& r) { return S().Contacts().List(kP1, {}, r); }, expected,
            limit);
    }
}

// ---- Conversations ----------------------------------------------------------------------------

TEST_P(StoreConformanceTest, ConversationRoundTripAllFieldsAndDefaults) {
    Contact contact = MakeContact("ct-1", kNumber1, "15550001111", At(10));
    AddContact(kP1, contact);
    Conversation full = FullConversation("cv-full", contact, At(20));
    Conversation minimal = MakeConversation("cv-min", contact, At(21));
    minimal.created_at = At(19);
    AddConversation(kP1, full);
    AddConversation(kP1, minimal);

    WHARF_ASSERT_OK_AND_ASSIGN(auto got_full, S().Conversations().Get(kP1, full.id));
    EXPECT_EQ(Describe(got_full), Describe(full));
    WHARF_ASSERT_OK_AND_ASSIGN(auto got_min, S().Conversations().Get(kP1, minimal.id));
    EXPECT_EQ(Describe(got_min), Describe(minimal));
    EXPECT_EQ(got_min.status, ConversationStatus::kActive);
    EXPECT_EQ(got_min.messages_count, 0);
    EXPECT_EQ(got_min.metadata, "{}");
    EXPECT_THAT(S().Conversations().Get(kP1, ConversationId("missing")),
                HasError(ErrorCode::kNotFound));
}

TEST_P(StoreConformanceTest, ConversationInsertNeedsItsContact) {
    Contact contact = MakeContact("ct-1", kNumber1, "15550001111", At(10));
    AddContact(kP1, contact);
    AddContact(kP2, MakeContact("ct-p2", kNumber1, "15550001111", At(10)));
    AddConversation(kP1, MakeConversation("cv-1", contact, At(20)));

    Conversation dup = MakeConversation("cv-1", contact, At(21));
    dup.status = ConversationStatus::kEnded;
    EXPECT_THAT(S().Conversations().Insert(kP1, dup), HasError(ErrorCode::kAlreadyExists));
    Conversation no_contact = MakeConversation("cv-2", contact, At(21));
    no_contact.contact_id = ContactId("missing");
    EXPECT_THAT(S().Conversations().Insert(kP1, no_contact), HasError(ErrorCode::kNotFound));
    Conversation foreign = no_contact;
    foreign.contact_id = ContactId("ct-p2");
    EXPECT_THAT(S().Conversations().Insert(kP1, foreign), HasError(ErrorCode::kNotFound));
    // The contact must be the one of the conversation's (number, wa_id).
    Conversation other_pair = MakeConversation("cv-3", contact, At(21));
    other_pair.status = ConversationStatus::kEnded;
    other_pair.wa_id = "15559999999";
    EXPECT_THAT(S().Conversations().Insert(kP1, other_pair), HasError(ErrorCode::kNotFound));
    other_pair.wa_id = contact.wa_id;
    other_pair.phone_number_id = kNumber2;
    EXPECT_THAT(S().Conversations().Insert(kP1, other_pair), HasError(ErrorCode::kNotFound));
    EXPECT_THAT(S().Conversations().Insert(ProjectId("missing"), dup),
                HasError(ErrorCode::kNotFound));
}

TEST_P(StoreConformanceTest, OneActiveConversationPerNumberAndWaId) {
    Contact alex = MakeContact("ct-alex", kNumber1, "15550001111", At(10));
    Contact alex_on_2 = MakeContact("ct-alex-2", kNumber2, "15550001111", At(10));
    Contact sam = MakeContact("ct-sam", kNumber1, "15550002222", At(10));
    AddContact(kP1, alex);
    AddContact(kP1, alex_on_2);
    AddContact(kP1, sam);
    EXPECT_THAT(S().Conversations().FindActive(kP1, kNumber1, alex.wa_id),
                HasError(ErrorCode::kNotFound));

    Conversation first = MakeConversation("cv-1", alex, At(20));
    AddConversation(kP1, first);
    WHARF_ASSERT_OK_AND_ASSIGN(auto active,
                               S().Conversations().FindActive(kP1, kNumber1, alex.wa_id));
    EXPECT_EQ(Describe(active), Describe(first));
    // A second active conversation of the pair is refused; other pairs are independent.
    EXPECT_THAT(S().Conversations().Insert(kP1, MakeConversation("cv-2", alex, At(21))),
                HasError(ErrorCode::kAlreadyExists));
    AddConversation(kP1, MakeConversation("cv-other-number", alex_on_2, At(21)));
    AddConversation(kP1, MakeConversation("cv-sam", sam, At(21)));
    EXPECT_EQ(S().Conversations().FindActive(kP1, kNumber1, alex.wa_id)->id, first.id);
    EXPECT_EQ(S().Conversations().FindActive(kP1, kNumber2, alex.wa_id)->id,
              ConversationId("cv-other-number"));
    // Ended conversations of the pair may be many.
    Conversation ended_before = MakeConversation("cv-0", alex, At(5));
    ended_before.status = ConversationStatus::kEnded;
    AddConversation(kP1, ended_before);

    // Ending the first lets a new one start; FindActive then finds the new one.
    first.status = ConversationStatus::kEnded;
    first.ended_at = At(30);
    ASSERT_THAT(S().Conversations().Update(kP1, first), IsOk());
    EXPECT_THAT(S().Conversations().FindActive(kP1, kNumber1, alex.wa_id),
                HasError(ErrorCode::kNotFound));
    Conversation second = MakeConversation("cv-2", alex, At(40));
    AddConversation(kP1, second);
    EXPECT_EQ(S().Conversations().FindActive(kP1, kNumber1, alex.wa_id)->id, second.id);
    // Reactivating the old one would make two.
    first.status = ConversationStatus::kActive;
    EXPECT_THAT(S().Conversations().Update(kP1, first), HasError(ErrorCode::kAlreadyExists));
    EXPECT_EQ(S().Conversations().Get(kP1, first.id)->status, ConversationStatus::kEnded);

    // Another project sees none of it, and has its own pair.
    EXPECT_THAT(S().Conversations().FindActive(kP2, kNumber1, alex.wa_id),
                HasError(ErrorCode::kNotFound));
    Contact p2_alex = MakeContact("ct-alex", kNumber1, "15550001111", At(10));
    AddContact(kP2, p2_alex);
    AddConversation(kP2, MakeConversation("cv-1", p2_alex, At(50)));
    EXPECT_EQ(S().Conversations().FindActive(kP2, kNumber1, alex.wa_id)->last_active_at, At(50));
    EXPECT_EQ(S().Conversations().FindActive(kP1, kNumber1, alex.wa_id)->id, second.id);
}

TEST_P(StoreConformanceTest, ConversationUpdateWritesEveryMutableField) {
    Contact contact = MakeContact("ct-1", kNumber1, "15550001111", At(10));
    AddContact(kP1, contact);
    Contact other = MakeContact("ct-2", kNumber2, "15550002222", At(10));
    AddContact(kP1, other);
    Conversation c = MakeConversation("cv-1", contact, At(20));
    AddConversation(kP1, c);

    Conversation update = FullConversation("cv-1", other, At(99));  // every mutable field set
    ASSERT_THAT(S().Conversations().Update(kP1, update), IsOk());
    WHARF_ASSERT_OK_AND_ASSIGN(auto got, S().Conversations().Get(kP1, c.id));
    Conversation expected = update;  // the pair, contact and created_at are not written
    expected.phone_number_id = c.phone_number_id;
    expected.wa_id = c.wa_id;
    expected.contact_id = c.contact_id;
    expected.created_at = c.created_at;
    EXPECT_EQ(Describe(got), Describe(expected));

    // And back: optionals cleared, active again.
    Conversation cleared = c;
    cleared.updated_at = At(200);
    cleared.last_active_at = At(200);
    ASSERT_THAT(S().Conversations().Update(kP1, cleared), IsOk());
    WHARF_ASSERT_OK_AND_ASSIGN(got, S().Conversations().Get(kP1, c.id));
    EXPECT_EQ(Describe(got), Describe(cleared));

    EXPECT_THAT(S().Conversations().Update(kP2, cleared), HasError(ErrorCode::kNotFound));
    EXPECT_THAT(S().Conversations().Update(kP1, MakeConversation("missing", contact, At(1))),
                HasError(ErrorCode::kNotFound));
}

TEST_P(StoreConformanceTest, ConversationOfAnotherProjectIsNotFound) {
    Contact contact = MakeContact("ct-1", kNumber1, "15550001111", At(10));
    AddContact(kP1, contact);
    Conversation c = MakeConversation("cv-1", contact, At(20));
    AddConversation(kP1, c);
    EXPECT_THAT(S().Conversations().Get(kP2, c.id), HasError(ErrorCode::kNotFound));
    EXPECT_THAT(S().Conversations().FindActive(kP2, kNumber1, contact.wa_id),
                HasError(ErrorCode::kNotFound));
    EXPECT_THAT(S().Conversations().Update(kP2, c), HasError(ErrorCode::kNotFound));
    ConversationFilter by_pair;
    by_pair.phone_number_id = kNumber1;
    by_pair.wa_id = contact.wa_id;
    for (const ConversationFilter& filter : {ConversationFilter{}, by_pair}) {
        auto page = S().Conversations().List(kP2, filter, FirstPage(10));
        ASSERT_THAT(page, IsOk());
        EXPECT_THAT(page->items, IsEmpty());
    }
    WHARF_ASSERT_OK_AND_ASSIGN(auto still, S().Conversations().Get(kP1, c.id));
    EXPECT_EQ(Describe(still), Describe(c));
}

TEST_P(StoreConformanceTest, ConversationListFilters) {
    Contact a1 = MakeContact("ct-a1", kNumber1, "15550000001", At(1));
    Contact b1 = MakeContact("ct-b1", kNumber1, "15550000002", At(1));
    Contact a2 = MakeContact("ct-a2", kNumber2, "15550000001", At(1));
    for (const Contact& c : {a1, b1, a2}) {
        AddContact(kP1, c);
    }
    auto ended = [](Conversation c) {
        c.status = ConversationStatus::kEnded;
        return c;
    };
    AddConversation(kP1, ended(MakeConversation("cv-a1-old", a1, At(10))));
    AddConversation(kP1, MakeConversation("cv-b1", b1, At(11)));
    AddConversation(kP1, MakeConversation("cv-a2", a2, At(12)));
    AddConversation(kP1, MakeConversation("cv-a1", a1, At(13)));
    Contact p2 = MakeContact("ct-a1", kNumber1, "15550000001", At(1));
    AddContact(kP2, p2);
    AddConversation(kP2, MakeConversation("cv-p2", p2, At(12)));

    auto ids = [&](const ConversationFilter& filter) {
        auto page = S().Conversations().List(kP1, filter, FirstPage(100));
        EXPECT_THAT(page, IsOk());
        return page ? Ids(page->items) : std::vector<std::string>{};
    };
    EXPECT_THAT(ids({}), ElementsAre("cv-a1", "cv-a2", "cv-b1", "cv-a1-old"));
    ConversationFilter f;
    f.status = ConversationStatus::kEnded;
    EXPECT_THAT(ids(f), ElementsAre("cv-a1-old"));
    f.status = ConversationStatus::kActive;
    EXPECT_THAT(ids(f), ElementsAre("cv-a1", "cv-a2", "cv-b1"));
    f = {};
    f.phone_number_id = kNumber1;
    EXPECT_THAT(ids(f), ElementsAre("cv-a1", "cv-b1", "cv-a1-old"));
    f = {};
    f.wa_id = "15550000001";
    EXPECT_THAT(ids(f), ElementsAre("cv-a1", "cv-a2", "cv-a1-old"));
    f.phone_number_id = kNumber1;
    f.status = ConversationStatus::kActive;
    EXPECT_THAT(ids(f), ElementsAre("cv-a1"));
    // last_active_since is inclusive, last_active_until exclusive.
    f = {};
    f.last_active_since = At(11);
    EXPECT_THAT(ids(f), ElementsAre("cv-a1", "cv-a2", "cv-b1"));
    f.last_active_until = At(13);
    EXPECT_THAT(ids(f), ElementsAre("cv-a2", "cv-b1"));
    f.last_active_since = At(13);
    EXPECT_THAT(ids(f), IsEmpty());
}

TEST_P(StoreConformanceTest, ConversationListKeysetPagingWithTies) {
    std::vector<std::string> expected;
    // Seven pairs; last_active_at ties broken by id.
    const std::vector<std::pair<std::string, int>> rows = {
        {"v3", 11}, {"v1", 10}, {"v6", 12}, {"v2", 10}, {"v7", 13}, {"v4", 12}, {"v5", 12}};
    for (const auto& [id, at] : rows) {
        Contact c = MakeContact("ct-" + id, kNumber1, "1555000" + id, At(1));
        AddContact(kP1, c);
        AddConversation(kP1, MakeConversation(id, c, At(at)));
    }
    Contact other = MakeContact("ct-x", kNumber2, "15550000009", At(1));
    AddContact(kP1, other);
    AddConversation(kP1, MakeConversation("on-number-2", other, At(12)));
    ConversationFilter on_number_1;
    on_number_1.phone_number_id = kNumber1;
    for (int limit : {1, 2, 3, 7, 10}) {
        ExpectKeysetWalk<Conversation>(
            [&](const KeysetRequest& r) { return S().Conversations().List(kP1, on_number_1, r); },
            {"v7", "v6", "v5", "v4", "v3", "v2", "v1"}, limit);
    }
    ExpectKeysetWalk<Conversation>(
        [&](const KeysetRequest& r) { return S().Conversations().List(kP1, {}, r); },
        {"v7", "v6", "v5", "v4", "on-number-2", "v3", "v2", "v1"}, 3);
}

TEST_P(StoreConformanceTest, ListIdleActiveSpansProjectsOldestFirst) {
    struct Row {
        ProjectId project;
        std::string id;
        int last_active;
        bool active;
    };
    const std::vector<Row> rows = {
        {kP1, "p1-old", 10, true},    {kP2, "p2-old", 11, true},   {kP1, "p1-ended", 5, false},
        {kP2, "p2-cutoff", 20, true}, {kP1, "p1-fresh", 21, true}, {kP2, "p2-tie", 10, true},
    };
    int n = 0;
    for (const Row& row : rows) {
        Contact c = MakeContact("ct-" + row.id, kNumber1, Numbered("1555000", n++), At(1));
        AddContact(row.project, c);
        Conversation conversation = MakeConversation(row.id, c, At(row.last_active));
        if (!row.active) {
            conversation.status = ConversationStatus::kEnded;
        }
        AddConversation(row.project, conversation);
    }
    auto idle = [&](int cutoff, int limit) {
        std::vector<std::string> out;
        auto result = S().Conversations().ListIdleActive(At(cutoff), limit);
        EXPECT_THAT(result, IsOk());
        if (result) {
            for (const auto& [project, c] : *result) {
                out.push_back((project == kP1 ? "P1:" : "P2:") + c.id.value());
            }
        }
        return out;
    };
    // The cutoff is inclusive; ended conversations never show; ties by project, then id.
    EXPECT_THAT(idle(20, 100), ElementsAre("P1:p1-old", "P2:p2-tie", "P2:p2-old", "P2:p2-cutoff"));
    EXPECT_THAT(idle(19, 2), ElementsAre("P1:p1-old", "P2:p2-tie"));
    EXPECT_THAT(idle(9, 100), IsEmpty());
    WHARF_ASSERT_OK_AND_ASSIGN(auto full, S().Conversations().ListIdleActive(At(10), 1));
    ASSERT_EQ(full.size(), 1u);
    EXPECT_EQ(full[0].first, kP1);
    WHARF_ASSERT_OK_AND_ASSIGN(auto stored, S().Conversations().Get(kP1, ConversationId("p1-old")));
    EXPECT_EQ(Describe(full[0].second), Describe(stored));
    EXPECT_THAT(S().Conversations().ListIdleActive(At(20), 0),
                HasError(ErrorCode::kInvalidArgument));
}

// ---- Messages ---------------------------------------------------------------------------------

TEST_P(StoreConformanceTest, MessageRoundTripAllFieldsAndDefaults) {
    Contact contact = MakeContact("ct-1", kNumber1, "15550001111", At(10));
    AddContact(kP1, contact);
    Conversation conversation = MakeConversation("cv-1", contact, At(20));
    AddConversation(kP1, conversation);
    Message full = FullMessage("wamid.HBgLMTU1NTAwMDExMTEVAgARGBI=", conversation,
                               At(30) + std::chrono::microseconds(123));
    Message minimal = MakeMessage("wamid.minimal", conversation, At(31));
    AddMessage(kP1, full);
    AddMessage(kP1, minimal);

    WHARF_ASSERT_OK_AND_ASSIGN(auto got_full, S().Messages().Get(kP1, full.wamid));
    EXPECT_EQ(Describe(got_full), Describe(full));
    WHARF_ASSERT_OK_AND_ASSIGN(auto got_min, S().Messages().Get(kP1, minimal.wamid));
    EXPECT_EQ(Describe(got_min), Describe(minimal));
    EXPECT_EQ(got_min.statuses, "[]");
    EXPECT_FALSE(got_min.has_media);
    EXPECT_THAT(S().Messages().Get(kP1, "wamid.missing"), HasError(ErrorCode::kNotFound));
}

TEST_P(StoreConformanceTest, MessageWamidIsUniquePerProject) {
    Contact c1 = MakeContact("ct-1", kNumber1, "15550001111", At(10));
    AddContact(kP1, c1);
    Conversation cv1 = MakeConversation("cv-1", c1, At(20));
    AddConversation(kP1, cv1);
    AddMessage(kP1, MakeMessage("wamid.1", cv1, At(30)));
    // Redelivered: the same wamid again is kAlreadyExists, whatever else differs.
    EXPECT_THAT(
        S().Messages().Insert(kP1, MakeMessage("wamid.1", cv1, At(31), MessageDirection::kInbound)),
        HasError(ErrorCode::kAlreadyExists));
    // Another project may hold the same wamid.
    Contact c2 = MakeContact("ct-1", kNumber1, "15550001111", At(10));
    AddContact(kP2, c2);
    Conversation cv2 = MakeConversation("cv-1", c2, At(20));
    AddConversation(kP2, cv2);
    Message p2_message = MakeMessage("wamid.1", cv2, At(40), MessageDirection::kInbound);
    AddMessage(kP2, p2_message);
    EXPECT_EQ(S().Messages().Get(kP1, "wamid.1")->direction, MessageDirection::kOutbound);
    EXPECT_EQ(S().Messages().Get(kP2, "wamid.1")->direction, MessageDirection::kInbound);
}

TEST_P(StoreConformanceTest, MessageExistsIsScopedToItsProject) {
    Contact c1 = MakeContact("ct-1", kNumber1, "15550001111", At(10));
    AddContact(kP1, c1);
    Conversation cv1 = MakeConversation("cv-1", c1, At(20));
    AddConversation(kP1, cv1);
    EXPECT_THAT(S().Messages().Exists(kP1, "wamid.1"), IsOkAndHolds(false));
    AddMessage(kP1, MakeMessage("wamid.1", cv1, At(30)));
    EXPECT_THAT(S().Messages().Exists(kP1, "wamid.1"), IsOkAndHolds(true));
    EXPECT_THAT(S().Messages().Exists(kP1, "wamid.2"), IsOkAndHolds(false));
    EXPECT_THAT(S().Messages().Exists(kP2, "wamid.1"), IsOkAndHolds(false));
    // Inside a transaction it sees the transaction's own insert.
    ASSERT_THAT(S().Transact([&](Store& tx) -> Result<void> {
        WHARF_TRY(tx.Messages().Insert(kP1, MakeMessage("wamid.2", cv1, At(31))));
        WHARF_ASSIGN_OR_RETURN(bool seen, tx.Messages().Exists(kP1, "wamid.2"));
        EXPECT_TRUE(seen);
        return {};
    }),
                IsOk());
}

TEST_P(StoreConformanceTest, MessageInsertKnownNewChecksTheConversationOnly) {
    Contact contact = MakeContact("ct-1", kNumber1, "15550001111", At(10));
    AddContact(kP1, contact);
    Conversation conversation = MakeConversation("cv-1", contact, At(20));
    AddConversation(kP1, conversation);
    // The webhook path: Exists, then the insert, in one transaction.
    Message m = MakeMessage("wamid.new", conversation, At(30), MessageDirection::kInbound);
    ASSERT_THAT(S().Transact([&](Store& tx) -> Result<void> {
        WHARF_ASSIGN_OR_RETURN(bool seen, tx.Messages().Exists(kP1, m.wamid));
        EXPECT_FALSE(seen);
        return tx.Messages().InsertKnownNew(kP1, m);
    }),
                IsOk());
    WHARF_ASSERT_OK_AND_ASSIGN(auto stored, S().Messages().Get(kP1, m.wamid));
    EXPECT_EQ(Describe(stored), Describe(m));
    // The conversation is still checked, with nothing written.
    Message orphan = MakeMessage("wamid.orphan", conversation, At(31));
    orphan.conversation_id = ConversationId("missing");
    EXPECT_THAT(S().Messages().InsertKnownNew(kP1, orphan), HasError(ErrorCode::kNotFound));
    Message stranger = MakeMessage("wamid.stranger", conversation, At(31));
    stranger.wa_id = "15559999999";
    EXPECT_THAT(S().Messages().InsertKnownNew(kP1, stranger), HasError(ErrorCode::kNotFound));
    EXPECT_THAT(S().Messages().Exists(kP1, orphan.wamid), IsOkAndHolds(false));
    EXPECT_THAT(S().Messages().Exists(kP1, stranger.wamid), IsOkAndHolds(false));
}

TEST_P(StoreConformanceTest, MessageInsertNeedsItsConversation) {
    Contact contact = MakeContact("ct-1", kNumber1, "15550001111", At(10));
    Contact other = MakeContact("ct-2", kNumber1, "15550002222", At(10));
    AddContact(kP1, contact);
    AddContact(kP1, other);
    Conversation conversation = MakeConversation("cv-1", contact, At(20));
    AddConversation(kP1, conversation);
    Contact p2_contact = MakeContact("ct-p2", kNumber1, "15550001111", At(10));
    AddContact(kP2, p2_contact);
    AddConversation(kP2, MakeConversation("cv-p2", p2_contact, At(20)));

    Message m = MakeMessage("wamid.1", conversation, At(30));
    m.conversation_id = ConversationId("missing");
    EXPECT_THAT(S().Messages().Insert(kP1, m), HasError(ErrorCode::kNotFound));
    m.conversation_id = ConversationId("cv-p2");
    EXPECT_THAT(S().Messages().Insert(kP1, m), HasError(ErrorCode::kNotFound));
    // Contact, number and wa_id must be the conversation's.
    m = MakeMessage("wamid.1", conversation, At(30));
    m.contact_id = other.id;
    EXPECT_THAT(S().Messages().Insert(kP1, m), HasError(ErrorCode::kNotFound));
    m = MakeMessage("wamid.1", conversation, At(30));
    m.wa_id = other.wa_id;
    EXPECT_THAT(S().Messages().Insert(kP1, m), HasError(ErrorCode::kNotFound));
    m = MakeMessage("wamid.1", conversation, At(30));
    m.phone_number_id = kNumber2;
    EXPECT_THAT(S().Messages().Insert(kP1, m), HasError(ErrorCode::kNotFound));
    EXPECT_THAT(
        S().Messages().Insert(ProjectId("missing"), MakeMessage("wamid.1", conversation, At(30))),
        HasError(ErrorCode::kNotFound));
    EXPECT_THAT(S().Messages().Get(kP1, "wamid.1"), HasError(ErrorCode::kNotFound));
}

TEST_P(StoreConformanceTest, MessageOfAnotherProjectIsNotFound) {
    Contact contact = MakeContact("ct-1", kNumber1, "15550001111", At(10));
    AddContact(kP1, contact);
    Conversation conversation = MakeConversation("cv-1", contact, At(20));
    AddConversation(kP1, conversation);
    Message m = MakeMessage("wamid.1", conversation, At(30));
    AddMessage(kP1, m);
    Message changed = m;
    changed.status = "read";
    EXPECT_THAT(S().Messages().Get(kP2, m.wamid), HasError(ErrorCode::kNotFound));
    EXPECT_THAT(S().Messages().Update(kP2, changed), HasError(ErrorCode::kNotFound));
    MessageFilter of_conversation;
    of_conversation.conversation_id = conversation.id;
    for (const MessageFilter& filter : {MessageFilter{}, of_conversation}) {
        auto page = S().Messages().List(kP2, filter, FirstPage(10));
        ASSERT_THAT(page, IsOk());
        EXPECT_THAT(page->items, IsEmpty());
    }
    WHARF_ASSERT_OK_AND_ASSIGN(auto still, S().Messages().Get(kP1, m.wamid));
    EXPECT_EQ(Describe(still), Describe(m));
}

TEST_P(StoreConformanceTest, MessageUpdateIfUnchangedWritesOnlyWhileTheRowIsTheExpectedOne) {
    Contact contact = MakeContact("ct-1", kNumber1, "15550001111", At(10));
    AddContact(kP1, contact);
    Conversation conversation = MakeConversation("cv-1", contact, At(20));
    AddConversation(kP1, conversation);
    Message m = MakeMessage("wamid.1", conversation, At(30));
    m.status = "sent";
    AddMessage(kP1, m);

    Message delivered = m;
    delivered.status = "delivered";
    delivered.statuses = R"([{"status":"sent"},{"status":"delivered"}])";
    delivered.updated_at = At(40);
    delivered.content = "not written";
    // Another status, another project, another message: nothing is written.
    WHARF_ASSERT_OK_AND_ASSIGN(
        bool written, S().Messages().UpdateIfUnchanged(kP1, delivered, "accepted", m.updated_at));
    EXPECT_FALSE(written);
    WHARF_ASSERT_OK_AND_ASSIGN(
        written, S().Messages().UpdateIfUnchanged(kP2, delivered, "sent", m.updated_at));
    EXPECT_FALSE(written);
    Message other = delivered;
    other.wamid = "wamid.2";
    WHARF_ASSERT_OK_AND_ASSIGN(written,
                               S().Messages().UpdateIfUnchanged(kP1, other, "sent", m.updated_at));
    EXPECT_FALSE(written);
    WHARF_ASSERT_OK_AND_ASSIGN(auto got, S().Messages().Get(kP1, m.wamid));
    EXPECT_EQ(Describe(got), Describe(m));

    // The same status but another updated_at: the row moved (and came back) meanwhile.
    WHARF_ASSERT_OK_AND_ASSIGN(written,
                               S().Messages().UpdateIfUnchanged(kP1, delivered, "sent", At(31)));
    EXPECT_FALSE(written);
    WHARF_ASSERT_OK_AND_ASSIGN(
        written, S().Messages().UpdateIfUnchanged(kP1, delivered, "sent", m.updated_at));
    EXPECT_TRUE(written);
    WHARF_ASSERT_OK_AND_ASSIGN(got, S().Messages().Get(kP1, m.wamid));
    Message expected = m;
    expected.status = delivered.status;
    expected.statuses = delivered.statuses;
    expected.updated_at = delivered.updated_at;
    EXPECT_EQ(Describe(got), Describe(expected));
    // A second writer with the same expectation finds the status moved on.
    WHARF_ASSERT_OK_AND_ASSIGN(
        written, S().Messages().UpdateIfUnchanged(kP1, delivered, "sent", m.updated_at));
    EXPECT_FALSE(written);
}

TEST_P(StoreConformanceTest, MessageUpdateWritesStatusStatusesErrorAndUpdatedAtOnly) {
    Contact contact = MakeContact("ct-1", kNumber1, "15550001111", At(10));
    AddContact(kP1, contact);
    Conversation conversation = MakeConversation("cv-1", contact, At(20));
    AddConversation(kP1, conversation);
    Message m = MakeMessage("wamid.1", conversation, At(30));
    AddMessage(kP1, m);

    Message update = m;
    update.status = "failed";
    update.statuses = R"([{"status":"sent","timestamp":"1767225631"},{"status":"failed"}])";
    update.error = R"([{"code":131026,"title":"Message undeliverable"}])";
    update.updated_at = At(40);
    // Not written:
    update.type = "image";
    update.payload = R"({"id":"x"})";
    update.content = "changed";
    update.has_media = true;
    update.origin = "meta";
    update.direction = MessageDirection::kInbound;
    update.context_message_id = "wamid.ctx";
    update.biz_opaque_callback_data = "opaque";
    update.created_at = At(99);
    ASSERT_THAT(S().Messages().Update(kP1, update), IsOk());
    WHARF_ASSERT_OK_AND_ASSIGN(auto got, S().Messages().Get(kP1, m.wamid));
    Message expected = m;
    expected.status = update.status;
    expected.statuses = update.statuses;
    expected.error = update.error;
    expected.updated_at = update.updated_at;
    EXPECT_EQ(Describe(got), Describe(expected));

    // The error can be cleared again.
    expected.status = "read";
    expected.error = std::nullopt;
    expected.updated_at = At(50);
    ASSERT_THAT(S().Messages().Update(kP1, expected), IsOk());
    WHARF_ASSERT_OK_AND_ASSIGN(got, S().Messages().Get(kP1, m.wamid));
    EXPECT_EQ(Describe(got), Describe(expected));

    EXPECT_THAT(S().Messages().Update(kP1, MakeMessage("wamid.missing", conversation, At(1))),
                HasError(ErrorCode::kNotFound));
}

TEST_P(StoreConformanceTest, MessageListInFlightFindsOutboundMessagesStillOnTheirWay) {
    // Two numbers of kP1 (one sandbox, one production) and one of kP2.
    PhoneNumber sandbox = MinimalNumber("n1", kNumber1.value(), At(1));
    sandbox.kind = domain::PhoneNumberKind::kSandbox;
    ASSERT_THAT(S().PhoneNumbers().Insert(kP1, sandbox), IsOk());
    ASSERT_THAT(S().PhoneNumbers().Insert(kP1, MinimalNumber("n2", kNumber2.value(), At(1))),
                IsOk());
    PhoneNumber other = MinimalNumber("n3", "3003", At(1));
    other.kind = domain::PhoneNumberKind::kSandbox;
    ASSERT_THAT(S().PhoneNumbers().Insert(kP2, other), IsOk());
    auto thread = [&](const ProjectId& p, const PhoneNumberId& n, const std::string& id) {
        Contact contact = MakeContact("ct-" + id, n, "1555000" + id, At(2));
        AddContact(p, contact);
        Conversation c = MakeConversation("cv-" + id, contact, At(3));
        AddConversation(p, c);
        return c;
    };
    Conversation a = thread(kP1, kNumber1, "1");
    Conversation b = thread(kP1, kNumber2, "2");
    Conversation c = thread(kP2, PhoneNumberId("3003"), "3");
    auto add = [&](const ProjectId& p, const std::string& wamid, const Conversation& conv,
                   const std::string& status, Timestamp updated,
                   MessageDirection direction = MessageDirection::kOutbound) {
        Message m = MakeMessage(wamid, conv, At(4), direction);
        m.status = status;
        m.updated_at = updated;
        AddMessage(p, m);
    };
    add(kP1, "wamid.accepted", a, "accepted", At(10));
    add(kP1, "wamid.sent", a, "sent", At(12));
    add(kP1, "wamid.delivered", a, "delivered", At(11));
    add(kP1, "wamid.read", a, "read", At(5));
    add(kP1, "wamid.failed", a, "failed", At(5));
    add(kP1, "wamid.inbound", a, "received", At(5), MessageDirection::kInbound);
    add(kP1, "wamid.production", b, "sent", At(6));
    add(kP2, "wamid.other", c, "accepted", At(13));

    auto wamids = [](const auto& rows) {
        std::vector<std::string> out;
        for (const auto& [project, m] : rows) {
            out.push_back(project.value() + "/" + m.wamid);
        }
        return out;
    };
    WHARF_ASSERT_OK_AND_ASSIGN(auto all, S().Messages().ListInFlight(At(100), std::nullopt, 10));
    EXPECT_THAT(wamids(all),
                ElementsAre(kP1.value() + "/wamid.production", kP1.value() + "/wamid.accepted",
                            kP1.value() + "/wamid.delivered", kP1.value() + "/wamid.sent",
                            kP2.value() + "/wamid.other"));
    WHARF_ASSERT_OK_AND_ASSIGN(auto sandbox_only,
                               S().Messages().ListInFlight(At(12), std::string("sandbox"), 10));
    EXPECT_THAT(wamids(sandbox_only),
                ElementsAre(kP1.value() + "/wamid.accepted", kP1.value() + "/wamid.delivered"));
    WHARF_ASSERT_OK_AND_ASSIGN(auto limited, S().Messages().ListInFlight(At(100), std::nullopt, 1));
    EXPECT_THAT(wamids(limited), ElementsAre(kP1.value() + "/wamid.production"));
    EXPECT_THAT(S().Messages().ListInFlight(At(100), std::nullopt, 0),
                HasError(ErrorCode::kInvalidArgument));
    // A deleted number's messages are no longer on their way anywhere.
    ASSERT_THAT(S().PhoneNumbers().Delete(kP2, PhoneNumberId("3003")), IsOk());
    WHARF_ASSERT_OK_AND_ASSIGN(auto after, S().Messages().ListInFlight(At(100), std::nullopt, 10));
    EXPECT_EQ(after.size(), 4u);
}

TEST_P(StoreConformanceTest, MessageListFilters) {
    Contact a = MakeContact("ct-a", kNumber1, "15550000001", At(1));
    Contact b = MakeContact("ct-b", kNumber2, "15550000002", At(1));
    AddContact(kP1, a);
    AddContact(kP1, b);
    Conversation cva = MakeConversation("cv-a", a, At(1));
    Conversation cvb = MakeConversation("cv-b", b, At(1));
    AddConversation(kP1, cva);
    AddConversation(kP1, cvb);
    auto with_status = [](Message m, std::string status) {
        m.status = std::move(status);
        return m;
    };
    AddMessage(kP1, MakeMessage("m1", cva, At(10), MessageDirection::kInbound));
    AddMessage(kP1, with_status(MakeMessage("m2", cva, At(11)), "delivered"));
    AddMessage(kP1, with_status(MakeMessage("m3", cvb, At(12)), "read"));
    AddMessage(kP1, MakeMessage("m4", cvb, At(13), MessageDirection::kInbound));
    AddMessage(kP1, with_status(MakeMessage("m5", cva, At(14)), "read"));
    Contact p2 = MakeContact("ct-a", kNumber1, "15550000001", At(1));
    AddContact(kP2, p2);
    Conversation cvp2 = MakeConversation("cv-a", p2, At(1));
    AddConversation(kP2, cvp2);
    AddMessage(kP2, MakeMessage("p2-m", cvp2, At(12), MessageDirection::kInbound));

    auto ids = [&](const MessageFilter& filter) {
        auto page = S().Messages().List(kP1, filter, FirstPage(100));
        EXPECT_THAT(page, IsOk());
        return page ? Ids(page->items) : std::vector<std::string>{};
    };
    EXPECT_THAT(ids({}), ElementsAre("m5", "m4", "m3", "m2", "m1"));
    MessageFilter f;
    f.phone_number_id = kNumber1;
    EXPECT_THAT(ids(f), ElementsAre("m5", "m2", "m1"));
    f = {};
    f.conversation_id = cvb.id;
    EXPECT_THAT(ids(f), ElementsAre("m4", "m3"));
    f = {};
    f.wa_id = "15550000001";
    EXPECT_THAT(ids(f), ElementsAre("m5", "m2", "m1"));
    f.wa_id = "15550000009";
    EXPECT_THAT(ids(f), IsEmpty());
    f = {};
    f.direction = MessageDirection::kInbound;
    EXPECT_THAT(ids(f), ElementsAre("m4", "m1"));
    f.direction = MessageDirection::kOutbound;
    EXPECT_THAT(ids(f), ElementsAre("m5", "m3", "m2"));
    f = {};
    f.status = "read";
    EXPECT_THAT(ids(f), ElementsAre("m5", "m3"));
    f.phone_number_id = kNumber2;
    EXPECT_THAT(ids(f), ElementsAre("m3"));
    // since is inclusive, until exclusive.
    f = {};
    f.since = At(11);
    f.until = At(14);
    EXPECT_THAT(ids(f), ElementsAre("m4", "m3", "m2"));
    f.conversation_id = cva.id;
    EXPECT_THAT(ids(f), ElementsAre("m2"));
    f.direction = MessageDirection::kInbound;
    EXPECT_THAT(ids(f), IsEmpty());
}

TEST_P(StoreConformanceTest, MessageListKeysetPagingForwardsAndBackwardsWithTies) {
    Contact a = MakeContact("ct-a", kNumber1, "15550000001", At(1));
    Contact b = MakeContact("ct-b", kNumber1, "15550000002", At(1));
    AddContact(kP1, a);
    AddContact(kP1, b);
    Conversation cva = MakeConversation("cv-a", a, At(1));
    Conversation cvb = MakeConversation("cv-b", b, At(1));
    AddConversation(kP1, cva);
    AddConversation(kP1, cvb);
    // Ties on created_at at 10 and 12, broken by wamid; inserted out of order; conversation b's
    // messages interleave with a's.
    const std::vector<std::pair<std::string, int>> of_a = {
        {"wamid.a3", 11}, {"wamid.a1", 10}, {"wamid.a6", 12}, {"wamid.a2", 10},
        {"wamid.a7", 13}, {"wamid.a4", 12}, {"wamid.a5", 12}};
    for (const auto& [wamid, at] : of_a) {
        AddMessage(kP1, MakeMessage(wamid, cva, At(at)));
    }
    AddMessage(kP1, MakeMessage("wamid.b1", cvb, At(12)));
    AddMessage(kP1, MakeMessage("wamid.b2", cvb, At(20)));
    MessageFilter of_conversation_a;
    of_conversation_a.conversation_id = cva.id;
    const std::vector<std::string> expected_a = {"wamid.a7", "wamid.a6", "wamid.a5", "wamid.a4",
                                                 "wamid.a3", "wamid.a2", "wamid.a1"};
    for (int limit : {1, 2, 3, 4, 7, 8, 1000}) {
        ExpectKeysetWalk<Message>(
            [&](const KeysetRequest& r) { return S().Messages().List(kP1, of_conversation_a, r); },
            expected_a, limit);
    }
    ExpectKeysetWalk<Message>(
        [&](const KeysetRequest& r) { return S().Messages().List(kP1, {}, r); },
        {"wamid.b2", "wamid.a7", "wamid.b1", "wamid.a6", "wamid.a5", "wamid.a4", "wamid.a3",
         "wamid.a2", "wamid.a1"},
        2);

    // A cursor need not name a row: it is a position in (created_at, wamid) order.
    auto mid = S().Messages().List(kP1, of_conversation_a, After(Keyset{At(12), "wamid.a45"}, 2));
    ASSERT_THAT(mid, IsOk());
    EXPECT_THAT(Ids(mid->items), ElementsAre("wamid.a4", "wamid.a3"));
    EXPECT_TRUE(mid->has_newer);
    EXPECT_TRUE(mid->has_older);
    auto newer =
        S().Messages().List(kP1, of_conversation_a, Before(Keyset{At(12), "wamid.a45"}, 5));
    ASSERT_THAT(newer, IsOk());
    EXPECT_THAT(Ids(newer->items), ElementsAre("wamid.a7", "wamid.a6", "wamid.a5"));
    EXPECT_FALSE(newer->has_newer);
    EXPECT_TRUE(newer->has_older);
    // Past either end: empty, with the other side reported.
    auto too_old = S().Messages().List(kP1, of_conversation_a, After(Keyset{At(0), ""}, 5));
    ASSERT_THAT(too_old, IsOk());
    EXPECT_THAT(too_old->items, IsEmpty());
    EXPECT_TRUE(too_old->has_newer);
    EXPECT_FALSE(too_old->has_older);
    auto too_new = S().Messages().List(kP1, of_conversation_a, Before(Keyset{At(99), ""}, 5));
    ASSERT_THAT(too_new, IsOk());
    EXPECT_THAT(too_new->items, IsEmpty());
    EXPECT_TRUE(too_new->has_older);
    EXPECT_FALSE(too_new->has_newer);
    // An empty list.
    MessageFilter nothing;
    nothing.status = "played";
    auto empty = S().Messages().List(kP1, nothing, FirstPage(5));
    ASSERT_THAT(empty, IsOk());
    EXPECT_THAT(empty->items, IsEmpty());
    EXPECT_FALSE(empty->has_older);
    EXPECT_FALSE(empty->has_newer);
}

TEST_P(StoreConformanceTest, KeysetListsRejectBadRequests) {
    const Keyset k{At(10), "x"};
    for (const KeysetRequest& bad : {FirstPage(0), FirstPage(-1), FirstPage(1001), [&] {
                                         KeysetRequest both = After(k, 10);
                                         both.before = k;
                                         return both;
                                     }()}) {
        EXPECT_THAT(S().Messages().List(kP1, {}, bad), HasError(ErrorCode::kInvalidArgument));
        EXPECT_THAT(S().Conversations().List(kP1, {}, bad), HasError(ErrorCode::kInvalidArgument));
        EXPECT_THAT(S().Contacts().List(kP1, {}, bad), HasError(ErrorCode::kInvalidArgument));
    }
    EXPECT_THAT(S().Messages().List(kP1, {}, FirstPage(1000)), IsOk());
    EXPECT_THAT(S().Messages().List(kP1, {}, FirstPage(1)), IsOk());
}

TEST_P(StoreConformanceTest, MessagingWritesJoinTransact) {
    Contact contact = MakeContact("ct-1", kNumber1, "15550001111", At(10));
    Conversation conversation = MakeConversation("cv-1", contact, At(20));
    Message message = MakeMessage("wamid.1", conversation, At(20), MessageDirection::kInbound);
    auto record = [&](Store& tx) -> Result<void> {
        WHARF_TRY(tx.Contacts().Insert(kP1, contact));
        WHARF_TRY(tx.Conversations().Insert(kP1, conversation));
        WHARF_TRY(tx.Messages().Insert(kP1, message));
        Conversation bumped = conversation;
        bumped.messages_count = 1;
        bumped.last_message_id = message.wamid;
        WHARF_TRY(tx.Conversations().Update(kP1, bumped));
        WHARF_TRY(tx.Jobs().Enqueue(MakeJob("job-1", At(21), message.wamid)));
        WHARF_TRY(tx.Events().Insert(kP1, MakeEvent("e-1", At(20))));
        return {};
    };
    auto failed = S().Transact([&](Store& tx) -> Result<void> {
        WHARF_TRY(record(tx));
        return Fail(Error::Aborted("changed my mind"));
    });
    EXPECT_THAT(failed, HasError(ErrorCode::kAborted));
    EXPECT_THAT(S().Contacts().Get(kP1, contact.id), HasError(ErrorCode::kNotFound));
    EXPECT_THAT(S().Conversations().Get(kP1, conversation.id), HasError(ErrorCode::kNotFound));
    EXPECT_THAT(S().Messages().Get(kP1, message.wamid), HasError(ErrorCode::kNotFound));
    EXPECT_EQ(S().Jobs().PendingCount().value(), 0);

    ASSERT_THAT(S().Transact(record), IsOk());
    EXPECT_THAT(S().Messages().Get(kP1, message.wamid), IsOk());
    EXPECT_EQ(S().Conversations().Get(kP1, conversation.id)->messages_count, 1);
    EXPECT_EQ(S().Jobs().PendingCount().value(), 1);
    // A redelivered webhook inside a transaction fails alone; the transaction goes on.
    auto again = S().Transact([&](Store& tx) -> Result<void> {
        auto duplicate = tx.Messages().Insert(kP1, message);
        if (duplicate || duplicate.error().code != ErrorCode::kAlreadyExists) {
            return Fail(Error::Internal("duplicate not refused"));
        }
        WHARF_ASSIGN_OR_RETURN(auto leased, tx.Jobs().Lease(At(30), std::chrono::seconds(30), 10));
        return leased.size() == 1 ? tx.Jobs().Complete(leased[0].id)
                                  : Fail(Error::Internal("lease inside Transact"));
    });
    EXPECT_THAT(again, IsOk());
    EXPECT_EQ(S().Jobs().PendingCount().value(), 0);
}

// ---- Job queue --------------------------------------------------------------------------------

TEST_P(StoreConformanceTest, JobLeaseTakesDueJobsOnly) {
    Job job = MakeJob("job-1", At(100), "wamid.1", At(90));
    job.kind = "meta.inbound";
    job.payload = R"({"entry":[{"id":"1","changes":[]}],"s":"Zoë \"q\""})";
    AddJob(job);
    AddJob(MakeJob("job-later", At(200), std::nullopt, At(90)));

    WHARF_ASSERT_OK_AND_ASSIGN(auto none, S().Jobs().Lease(At(99), std::chrono::seconds(30), 10));
    EXPECT_THAT(none, IsEmpty());
    // run_at == now is due.
    WHARF_ASSERT_OK_AND_ASSIGN(auto leased,
                               S().Jobs().Lease(At(100), std::chrono::milliseconds(1500), 10));
    ASSERT_EQ(leased.size(), 1u);
    Job expected = job;
    expected.attempts = 1;
    expected.leased_until = At(100) + std::chrono::milliseconds(1500);
    EXPECT_EQ(Describe(leased[0]), Describe(expected));
    // Held: not handed out again, and later jobs are not due yet.
    WHARF_ASSERT_OK_AND_ASSIGN(none, S().Jobs().Lease(At(101), std::chrono::seconds(30), 10));
    EXPECT_THAT(none, IsEmpty());
    WHARF_ASSERT_OK_AND_ASSIGN(auto later, S().Jobs().Lease(At(200), std::chrono::seconds(30), 10));
    // By then job-1's 1.5 s lease has long ended: it comes again, first (earlier run_at).
    EXPECT_THAT(Ids(later), ElementsAre("job-1", "job-later"));
    EXPECT_EQ(later[0].attempts, 2);
    EXPECT_EQ(later[1].ordering_key, std::nullopt);
    EXPECT_EQ(S().Jobs().PendingCount().value(), 2);
}

TEST_P(StoreConformanceTest, JobLeaseExpiryMakesItLeasableAgain) {
    AddJob(MakeJob("job-1", At(100)));
    WHARF_ASSERT_OK_AND_ASSIGN(auto first, S().Jobs().Lease(At(100), std::chrono::seconds(30), 1));
    ASSERT_EQ(first.size(), 1u);
    EXPECT_EQ(first[0].attempts, 1);
    WHARF_ASSERT_OK_AND_ASSIGN(auto held, S().Jobs().Lease(At(129), std::chrono::seconds(30), 1));
    EXPECT_THAT(held, IsEmpty());
    // The lease ends at leased_until: the job is leasable from that instant.
    WHARF_ASSERT_OK_AND_ASSIGN(auto second, S().Jobs().Lease(At(130), std::chrono::seconds(10), 1));
    ASSERT_EQ(second.size(), 1u);
    EXPECT_EQ(second[0].attempts, 2);
    EXPECT_EQ(second[0].leased_until, At(140));
    EXPECT_EQ(second[0].run_at, At(100));
}

TEST_P(StoreConformanceTest, JobLeaseOrderAndLimit) {
    // Earliest run_at first, then created_at, then id; across projects.
    AddJob(MakeJob("job-c", At(30), std::nullopt, At(5)));
    AddJob(MakeJob("job-a", At(10), std::nullopt, At(5), kP2));
    AddJob(MakeJob("job-e", At(20), std::nullopt, At(6)));
    AddJob(MakeJob("job-d", At(20), std::nullopt, At(5)));
    AddJob(MakeJob("job-b", At(20), std::nullopt, At(5)));
    AddJob(MakeJob("job-f", At(40), std::nullopt, At(1)));
    WHARF_ASSERT_OK_AND_ASSIGN(auto first, S().Jobs().Lease(At(35), std::chrono::seconds(60), 3));
    EXPECT_THAT(Ids(first), ElementsAre("job-a", "job-b", "job-d"));
    EXPECT_EQ(first[0].project_id, kP2);
    WHARF_ASSERT_OK_AND_ASSIGN(auto rest, S().Jobs().Lease(At(35), std::chrono::seconds(60), 3));
    EXPECT_THAT(Ids(rest), ElementsAre("job-e", "job-c"));
    WHARF_ASSERT_OK_AND_ASSIGN(auto none, S().Jobs().Lease(At(35), std::chrono::seconds(60), 3));
    EXPECT_THAT(none, IsEmpty());
}

TEST_P(StoreConformanceTest, JobOrderingKeySerialises) {
    AddJob(MakeJob("k-1", At(10), "conv-1", At(1)));
    AddJob(MakeJob("k-2", At(20), "conv-1", At(1)));
    AddJob(MakeJob("k-3", At(30), "conv-1", At(1)));
    AddJob(MakeJob("other-1", At(25), "conv-2", At(1)));
    AddJob(MakeJob("free", At(26), std::nullopt, At(1)));
    const auto lease = std::chrono::seconds(60);

    // Only the head of each key is leased, even when the later ones are due.
    WHARF_ASSERT_OK_AND_ASSIGN(auto leased, S().Jobs().Lease(At(100), lease, 10));
    EXPECT_THAT(Ids(leased), ElementsAre("k-1", "other-1", "free"));
    // While the head is held, the key waits; when its lease expires the head comes back first.
    WHARF_ASSERT_OK_AND_ASSIGN(leased, S().Jobs().Lease(At(101), lease, 10));
    EXPECT_THAT(leased, IsEmpty());
    WHARF_ASSERT_OK_AND_ASSIGN(leased, S().Jobs().Lease(At(160), lease, 10));
    EXPECT_THAT(Ids(leased), ElementsAre("k-1", "other-1", "free"));
    EXPECT_EQ(leased[0].attempts, 2);
    // Completing the head releases the next one.
    for (const char* id : {"k-1", "other-1", "free"}) {
        ASSERT_THAT(S().Jobs().Complete(JobId(id)), IsOk());
    }
    WHARF_ASSERT_OK_AND_ASSIGN(leased, S().Jobs().Lease(At(161), lease, 10));
    EXPECT_THAT(Ids(leased), ElementsAre("k-2"));
    // A head that is rescheduled (a retry) keeps its place: k-3 still waits for it.
    ASSERT_THAT(S().Jobs().Reschedule(JobId("k-2"), At(500)), IsOk());
    WHARF_ASSERT_OK_AND_ASSIGN(leased, S().Jobs().Lease(At(300), lease, 10));
    EXPECT_THAT(leased, IsEmpty());
    WHARF_ASSERT_OK_AND_ASSIGN(leased, S().Jobs().Lease(At(500), lease, 10));
    EXPECT_THAT(Ids(leased), ElementsAre("k-2"));
    EXPECT_EQ(leased[0].run_at, At(500));
    ASSERT_THAT(S().Jobs().Complete(JobId("k-2")), IsOk());
    WHARF_ASSERT_OK_AND_ASSIGN(leased, S().Jobs().Lease(At(500), lease, 10));
    EXPECT_THAT(Ids(leased), ElementsAre("k-3"));
    EXPECT_EQ(S().Jobs().PendingCount().value(), 1);
}

TEST_P(StoreConformanceTest, JobLeaseSkipsTheKeysItIsToldTo) {
    // Keys leased with LeaseOrdered by a worker of their own: the general lease leaves them
    // alone, heads included, and still serialises the other keys.
    AddJob(MakeJob("batched-1", At(10), "batched", At(1)));
    AddJob(MakeJob("batched-2", At(11), "batched", At(2)));
    AddJob(MakeJob("also-1", At(12), "also", At(1)));
    AddJob(MakeJob("k-1", At(20), "key", At(1)));
    AddJob(MakeJob("k-2", At(21), "key", At(2)));
    AddJob(MakeJob("free", At(30), std::nullopt, At(1)));
    const auto lease = std::chrono::seconds(60);
    const std::vector<std::string> skip{"batched", "also"};
    WHARF_ASSERT_OK_AND_ASSIGN(auto leased, S().Jobs().Lease(At(100), lease, 10, skip));
    EXPECT_THAT(Ids(leased), ElementsAre("k-1", "free"));
    WHARF_ASSERT_OK_AND_ASSIGN(leased, S().Jobs().Lease(At(100), lease, 10, skip));
    EXPECT_THAT(leased, IsEmpty());
    // Without the list they are leased like any other key.
    WHARF_ASSERT_OK_AND_ASSIGN(leased, S().Jobs().Lease(At(100), lease, 10));
    EXPECT_THAT(Ids(leased), ElementsAre("batched-1", "also-1"));
    WHARF_ASSERT_OK_AND_ASSIGN(auto one_key,
                               S().Jobs().LeaseOrdered("batched", At(200), lease, 10));
    EXPECT_THAT(Ids(one_key), ElementsAre("batched-1", "batched-2"));
}

TEST_P(StoreConformanceTest, JobLeaseOrderedTakesAFreePrefixOfItsKey) {
    AddJob(MakeJob("k-1", At(10), "key", At(1)));
    AddJob(MakeJob("k-2", At(20), "key", At(2)));
    AddJob(MakeJob("k-3", At(30), "key", At(3)));
    AddJob(MakeJob("k-4", At(90), "key", At(4)));
    AddJob(MakeJob("other-1", At(5), "other", At(1)));
    AddJob(MakeJob("free", At(5), std::nullopt, At(1)));
    const auto lease = std::chrono::seconds(60);

    // In the key's order, up to the limit, stopping before a job that is not due yet.
    WHARF_ASSERT_OK_AND_ASSIGN(auto leased, S().Jobs().LeaseOrdered("key", At(50), lease, 2));
    EXPECT_THAT(Ids(leased), ElementsAre("k-1", "k-2"));
    EXPECT_EQ(leased[0].attempts, 1);
    EXPECT_EQ(leased[0].leased_until, At(50) + lease);
    // A held head holds the whole key back, here and in Lease.
    WHARF_ASSERT_OK_AND_ASSIGN(leased, S().Jobs().LeaseOrdered("key", At(51), lease, 10));
    EXPECT_THAT(leased, IsEmpty());
    WHARF_ASSERT_OK_AND_ASSIGN(leased, S().Jobs().Lease(At(51), lease, 10));
    EXPECT_THAT(Ids(leased), ElementsAre("free", "other-1"));  // same run_at and created_at: id
    ASSERT_THAT(S().Jobs().Complete(JobId("k-1")), IsOk());
    // k-2 is still held: nothing behind it is free either.
    WHARF_ASSERT_OK_AND_ASSIGN(leased, S().Jobs().LeaseOrdered("key", At(52), lease, 10));
    EXPECT_THAT(leased, IsEmpty());
    ASSERT_THAT(S().Jobs().Complete(JobId("k-2")), IsOk());
    WHARF_ASSERT_OK_AND_ASSIGN(leased, S().Jobs().LeaseOrdered("key", At(52), lease, 10));
    EXPECT_THAT(Ids(leased), ElementsAre("k-3"));
    // A released job (rescheduled to its own run_at) keeps its place at the head.
    ASSERT_THAT(S().Jobs().Reschedule(JobId("k-3"), At(30)), IsOk());
    WHARF_ASSERT_OK_AND_ASSIGN(leased, S().Jobs().LeaseOrdered("key", At(100), lease, 10));
    EXPECT_THAT(Ids(leased), ElementsAre("k-3", "k-4"));
    EXPECT_EQ(leased[0].attempts, 2);
    // An expired lease frees the prefix again.
    WHARF_ASSERT_OK_AND_ASSIGN(leased, S().Jobs().LeaseOrdered("key", At(160), lease, 10));
    EXPECT_THAT(Ids(leased), ElementsAre("k-3", "k-4"));
    WHARF_ASSERT_OK_AND_ASSIGN(leased, S().Jobs().LeaseOrdered("missing", At(160), lease, 10));
    EXPECT_THAT(leased, IsEmpty());
    EXPECT_THAT(S().Jobs().LeaseOrdered("key", At(160), lease, 0),
                HasError(ErrorCode::kInvalidArgument));
    EXPECT_THAT(S().Jobs().LeaseOrdered("key", At(160), std::chrono::milliseconds(0), 1),
                HasError(ErrorCode::kInvalidArgument));
}

TEST_P(StoreConformanceTest, JobOrderingKeyTiesOnRunAtFollowCreatedAtThenId) {
    AddJob(MakeJob("b", At(10), "key", At(2)));
    AddJob(MakeJob("a", At(10), "key", At(2)));
    AddJob(MakeJob("c", At(10), "key", At(1)));
    std::vector<std::string> order;
    for (int i = 0; i < 3; ++i) {
        WHARF_ASSERT_OK_AND_ASSIGN(auto leased,
                                   S().Jobs().Lease(At(10), std::chrono::seconds(60), 10));
        ASSERT_EQ(leased.size(), 1u);
        order.push_back(leased[0].id.value());
        ASSERT_THAT(S().Jobs().Complete(leased[0].id), IsOk());
    }
    EXPECT_THAT(order, ElementsAre("c", "a", "b"));
}

TEST_P(StoreConformanceTest, JobCompleteAndReschedule) {
    AddJob(MakeJob("job-1", At(10)));
    AddJob(MakeJob("job-2", At(10)));
    WHARF_ASSERT_OK_AND_ASSIGN(auto leased, S().Jobs().Lease(At(10), std::chrono::seconds(60), 10));
    ASSERT_EQ(leased.size(), 2u);

    ASSERT_THAT(S().Jobs().Complete(JobId("job-1")), IsOk());
    EXPECT_THAT(S().Jobs().Complete(JobId("job-1")), HasError(ErrorCode::kNotFound));
    EXPECT_EQ(S().Jobs().PendingCount().value(), 1);

    // Reschedule releases the lease at once and moves run_at; attempts are kept.
    ASSERT_THAT(S().Jobs().Reschedule(JobId("job-2"), At(40)), IsOk());
    WHARF_ASSERT_OK_AND_ASSIGN(leased, S().Jobs().Lease(At(39), std::chrono::seconds(60), 10));
    EXPECT_THAT(leased, IsEmpty());
    WHARF_ASSERT_OK_AND_ASSIGN(leased, S().Jobs().Lease(At(40), std::chrono::seconds(60), 10));
    ASSERT_EQ(leased.size(), 1u);
    EXPECT_EQ(leased[0].attempts, 2);
    EXPECT_EQ(leased[0].run_at, At(40));
    // Rescheduling to an earlier time is allowed too.
    ASSERT_THAT(S().Jobs().Reschedule(JobId("job-2"), At(5)), IsOk());
    WHARF_ASSERT_OK_AND_ASSIGN(leased, S().Jobs().Lease(At(41), std::chrono::seconds(60), 10));
    EXPECT_THAT(Ids(leased), ElementsAre("job-2"));

    EXPECT_THAT(S().Jobs().Reschedule(JobId("missing"), At(1)), HasError(ErrorCode::kNotFound));
    EXPECT_THAT(S().Jobs().Complete(JobId("missing")), HasError(ErrorCode::kNotFound));
}

TEST_P(StoreConformanceTest, JobNextRunAtAndPendingCount) {
    EXPECT_EQ(S().Jobs().NextRunAt().value(), std::nullopt);
    EXPECT_EQ(S().Jobs().PendingCount().value(), 0);
    AddJob(MakeJob("job-1", At(50)));
    AddJob(MakeJob("job-2", At(20), "key"));
    AddJob(MakeJob("job-3", At(30), "key"));
    EXPECT_EQ(S().Jobs().NextRunAt().value(), At(20));
    EXPECT_EQ(S().Jobs().PendingCount().value(), 3);

    // A held job counts as pending and is next available when its lease ends.
    WHARF_ASSERT_OK_AND_ASSIGN(auto leased, S().Jobs().Lease(At(25), std::chrono::seconds(10), 10));
    EXPECT_THAT(Ids(leased), ElementsAre("job-2"));
    EXPECT_EQ(S().Jobs().NextRunAt().value(), At(30));  // job-3's run_at (it waits on the key)
    EXPECT_EQ(S().Jobs().PendingCount().value(), 3);
    WHARF_ASSERT_OK_AND_ASSIGN(leased, S().Jobs().Lease(At(30), std::chrono::seconds(100), 10));
    EXPECT_THAT(leased, IsEmpty());  // job-3 waits for job-2
    ASSERT_THAT(S().Jobs().Complete(JobId("job-2")), IsOk());
    WHARF_ASSERT_OK_AND_ASSIGN(leased, S().Jobs().Lease(At(30), std::chrono::seconds(100), 10));
    EXPECT_THAT(Ids(leased), ElementsAre("job-3"));
    EXPECT_EQ(S().Jobs().NextRunAt().value(), At(50));
    WHARF_ASSERT_OK_AND_ASSIGN(leased, S().Jobs().Lease(At(50), std::chrono::seconds(5), 10));
    EXPECT_THAT(Ids(leased), ElementsAre("job-1"));
    EXPECT_EQ(S().Jobs().NextRunAt().value(), At(55));  // job-1's lease ends first
    ASSERT_THAT(S().Jobs().Complete(JobId("job-1")), IsOk());
    EXPECT_EQ(S().Jobs().NextRunAt().value(), At(130));  // job-3's lease
    ASSERT_THAT(S().Jobs().Complete(JobId("job-3")), IsOk());
    EXPECT_EQ(S().Jobs().NextRunAt().value(), std::nullopt);
    EXPECT_EQ(S().Jobs().PendingCount().value(), 0);
}

TEST_P(StoreConformanceTest, JobEnqueueAndLeaseErrors) {
    AddJob(MakeJob("job-1", At(10)));
    EXPECT_THAT(S().Jobs().Enqueue(MakeJob("job-1", At(20))), HasError(ErrorCode::kAlreadyExists));
    EXPECT_THAT(
        S().Jobs().Enqueue(MakeJob("job-2", At(20), std::nullopt, At(0), ProjectId("missing"))),
        HasError(ErrorCode::kNotFound));
    Job negative = MakeJob("job-3", At(20));
    negative.attempts = -1;
    EXPECT_THAT(S().Jobs().Enqueue(negative), HasError(ErrorCode::kInvalidArgument));
    EXPECT_THAT(S().Jobs().Lease(At(10), std::chrono::seconds(1), 0),
                HasError(ErrorCode::kInvalidArgument));
    EXPECT_THAT(S().Jobs().Lease(At(10), std::chrono::milliseconds(0), 1),
                HasError(ErrorCode::kInvalidArgument));
    EXPECT_EQ(S().Jobs().PendingCount().value(), 1);
}

TEST_P(StoreConformanceTest, ConcurrentLeaseFromFourThreadsNeverSharesAJob) {
    ASSERT_NO_FATAL_FAILURE(RunLeaseWorkers({&S(), &S(), &S(), &S()}));
}

TEST_P(StoreConformanceTest, ConcurrentLeaseFromTwoStoresOnOneDatabase) {
    // Two stores on one database stand for two wharf processes sharing it.
    WHARF_ASSERT_OK_AND_ASSIGN(auto second, GetParam().open(dir_));
    ASSERT_NO_FATAL_FAILURE(RunLeaseWorkers({&S(), second.get(), &S(), second.get()}));
}

TEST_P(StoreConformanceTest, LeasedJobsComeBackAfterRestart) {
    AddJob(MakeJob("job-1", At(10), "key"));
    AddJob(MakeJob("job-2", At(11), "key"));
    AddJob(MakeJob("job-3", At(12)));
    AddJob(MakeJob("job-4", At(13)));
    WHARF_ASSERT_OK_AND_ASSIGN(auto leased, S().Jobs().Lease(At(20), std::chrono::seconds(30), 2));
    EXPECT_THAT(Ids(leased), ElementsAre("job-1", "job-3"));
    ASSERT_THAT(S().Jobs().Complete(JobId("job-3")), IsOk());

    // The worker dies with job-1 leased; the server restarts.
    store_.reset();
    ASSERT_NO_FATAL_FAILURE(Open());
    EXPECT_EQ(S().Jobs().PendingCount().value(), 3);
    EXPECT_EQ(S().Jobs().NextRunAt().value(), At(11));
    WHARF_ASSERT_OK_AND_ASSIGN(leased, S().Jobs().Lease(At(30), std::chrono::seconds(30), 10));
    EXPECT_THAT(Ids(leased), ElementsAre("job-4"));  // job-1 still held, job-2 waits for it
    WHARF_ASSERT_OK_AND_ASSIGN(leased, S().Jobs().Lease(At(50), std::chrono::seconds(30), 10));
    ASSERT_EQ(Ids(leased), std::vector<std::string>{"job-1"});
    EXPECT_EQ(leased[0].attempts, 2);
    ASSERT_THAT(S().Jobs().Complete(JobId("job-1")), IsOk());
    WHARF_ASSERT_OK_AND_ASSIGN(leased, S().Jobs().Lease(At(50), std::chrono::seconds(30), 10));
    EXPECT_THAT(Ids(leased), ElementsAre("job-2"));
}

// ---- Webhooks and their deliveries ------------------------------------------------------------

domain::Webhook MakeWebhook(const std::string& id, const ProjectId& project,
                            std::optional<std::string> number, Timestamp created) {
    domain::Webhook w;
    w.id = WebhookId(id);
    w.project_id = project;
    if (number) {
        w.phone_number_id = PhoneNumberId(*number);
    }
    w.url = "https://example.com/" + id;
    w.events = {"whatsapp.message.received", "whatsapp.message.sent"};
    w.sealed_secret = "sealed-" + id;
    w.headers = {{"X-A", "1"}};
    w.buffer_events = {"whatsapp.message.received"};
    w.created_at = w.updated_at = created;
    return w;
}

domain::WebhookDelivery MakeDelivery(const std::string& id, const std::string& webhook,
                                     std::optional<std::string> key, Timestamp at) {
    domain::WebhookDelivery d;
    d.id = WebhookDeliveryId(id);
    d.project_id = kP1;
    d.webhook_id = WebhookId(webhook);
    d.event = "whatsapp.message.received";
    d.ordering_key = key;
    d.body = "{\"id\":\"" + id + "\"}";
    d.idempotency_key = "key-" + id;
    d.next_attempt_at = d.retry_from = d.event_created_at = d.created_at = at;
    return d;
}

domain::DeliveryOutcome MakeOutcome(const std::string& id, domain::DeliveryStatus status,
                                    int attempt, Timestamp at, std::optional<int> code) {
    domain::DeliveryOutcome o;
    o.id = WebhookDeliveryId(id);
    o.status = status;
    o.next_attempt_at = at + std::chrono::seconds(10);
    o.attempt = {o.id, attempt, at,
                 12,   code,    code == 200 ? std::nullopt : std::optional<std::string>("boom")};
    return o;
}

template <class T>
std::vector<std::string> DeliveryIds(const std::vector<T>& v) {
    std::vector<std::string> out;
    for (const auto& d : v) {
        out.push_back(d.id.value());
    }
    return out;
}

// ---- Message templates --------------------------------------------------------------------------

domain::TemplateRecord MakeTemplateRecord(const std::string& id, const std::string& waba,
                                          const std::string& name, const std::string& language,
                                          Timestamp at) {
    boost::json::object body{
        {"name", name},
        {"language", language},
        {"category", "UTILITY"},
        {"components", boost::json::array{
                           boost::json::object{{"type", "BODY"}, {"text", "Your order shipped"}}}}};
    auto parsed = domain::ParseTemplate(body);
    EXPECT_TRUE(parsed.has_value());
    domain::TemplateRecord r;
    r.business_account_id = BusinessAccountId(waba);
    if (parsed) {
        r.tmpl = std::move(*parsed);
    }
    r.tmpl.id = id;
    r.created_at = at;
    r.updated_at = at;
    r.review_due_at = at + std::chrono::seconds(2);
    return r;
}

std::vector<std::string> TemplateIds(const std::vector<domain::TemplateRecord>& items) {
    std::vector<std::string> out;
    for (const auto& t : items) {
        out.push_back(t.tmpl.id);
    }
    return out;
}

TEST_P(StoreConformanceTest, WebhooksRoundTripPerProject) {
    auto w = MakeWebhook("w1", kP1, "1001", At(10));
    w.kind = domain::WebhookKind::kKapso;
    w.payload_version = "v1";
    w.buffer_enabled = true;
    ASSERT_THAT(S().Webhooks().Insert(kP1, w), IsOk());
    ASSERT_THAT(S().Webhooks().Insert(kP1, MakeWebhook("w2", kP1, std::nullopt, At(20))), IsOk());
    ASSERT_THAT(S().Webhooks().Insert(kP2, MakeWebhook("w3", kP2, std::nullopt, At(5))), IsOk());
    EXPECT_THAT(S().Webhooks().Insert(ProjectId("nope"), MakeWebhook("w4", kP1, {}, At(1))),
                HasError(ErrorCode::kNotFound));

    WHARF_ASSERT_OK_AND_ASSIGN(auto got, S().Webhooks().Get(kP1, WebhookId("w1")));
    EXPECT_EQ(got.url, w.url);
    EXPECT_EQ(got.phone_number_id, w.phone_number_id);
    EXPECT_EQ(got.events, w.events);
    EXPECT_EQ(got.headers, w.headers);
    EXPECT_EQ(got.sealed_secret, w.sealed_secret);
    EXPECT_EQ(got.payload_version, "v1");
    EXPECT_TRUE(got.buffer_enabled);
    EXPECT_EQ(got.buffer_events, w.buffer_events);
    EXPECT_EQ(got.created_at, At(10));
    EXPECT_THAT(S().Webhooks().Get(kP2, WebhookId("w1")), HasError(ErrorCode::kNotFound));

    WHARF_ASSERT_OK_AND_ASSIGN(auto page, S().Webhooks().List(kP1, {}, Page(1, 10)));
    EXPECT_EQ(page.total_count, 2);
    EXPECT_THAT(DeliveryIds(page.items), ElementsAre("w1", "w2"));
    WHARF_ASSERT_OK_AND_ASSIGN(
        page,
        S().Webhooks().List(kP1, {PhoneNumberId("1001"), std::nullopt, std::nullopt}, Page(1, 10)));
    EXPECT_THAT(DeliveryIds(page.items), ElementsAre("w1"));

    got.active = false;
    got.url = "https://example.com/changed";
    got.updated_at = At(30);
    ASSERT_THAT(S().Webhooks().Update(kP1, got), IsOk());
    EXPECT_THAT(S().Webhooks().Update(kP2, got), HasError(ErrorCode::kNotFound));
    WHARF_ASSERT_OK_AND_ASSIGN(auto active, S().Webhooks().ListActiveAllProjects());
    EXPECT_THAT(DeliveryIds(active), ElementsAre("w3", "w2"));
    WHARF_ASSERT_OK_AND_ASSIGN(auto any, S().Webhooks().FindForDelivery(WebhookId("w3")));
    EXPECT_EQ(any.project_id, kP2);

    EXPECT_THAT(S().Webhooks().Delete(kP2, WebhookId("w1")), HasError(ErrorCode::kNotFound));
    ASSERT_THAT(S().Webhooks().Delete(kP1, WebhookId("w1")), IsOk());
    EXPECT_THAT(S().Webhooks().Get(kP1, WebhookId("w1")), HasError(ErrorCode::kNotFound));
}

TEST_P(StoreConformanceTest, OneMetaWebhookPerNumber) {
    auto m1 = MakeWebhook("m1", kP1, "1001", At(1));
    m1.kind = domain::WebhookKind::kMeta;
    auto m2 = MakeWebhook("m2", kP1, "1001", At(2));
    m2.kind = domain::WebhookKind::kMeta;
    ASSERT_THAT(S().Webhooks().Insert(kP1, m1), IsOk());
    EXPECT_THAT(S().Webhooks().Insert(kP1, m2), HasError(ErrorCode::kAlreadyExists));
    ASSERT_THAT(S().Webhooks().Insert(kP1, MakeWebhook("k1", kP1, "1001", At(3))), IsOk());
}

TEST_P(StoreConformanceTest, OutboxListAfterReadsEveryProjectInSeqOrder) {
    EXPECT_EQ(S().Events().LatestSeq().value(), 0);
    ASSERT_THAT(S().Events().Insert(kP1, MakeEvent("a", At(30))), IsOk());
    ASSERT_THAT(S().Events().Insert(kP2, MakeEvent("b", At(10))), IsOk());
    ASSERT_THAT(S().Events().Insert(kP1, MakeEvent("c", At(20))), IsOk());
    WHARF_ASSERT_OK_AND_ASSIGN(auto all, S().Events().ListAfter(0, 10));
    ASSERT_EQ(all.size(), 3u);
    EXPECT_EQ(all[0].event.id.value(), "a");
    EXPECT_EQ(all[1].project_id, kP2);
    EXPECT_LT(all[0].event.seq, all[1].event.seq);
    WHARF_ASSERT_OK_AND_ASSIGN(auto rest, S().Events().ListAfter(all[0].event.seq, 1));
    ASSERT_EQ(rest.size(), 1u);
    EXPECT_EQ(rest[0].event.id.value(), "b");
    EXPECT_FALSE(rest[0].event.payload.empty());
    // The routing read: the same rows and columns, without the payloads.
    WHARF_ASSERT_OK_AND_ASSIGN(auto routing, S().Events().ListRoutingAfter(0, 10));
    ASSERT_EQ(routing.size(), 3u);
    for (size_t i = 0; i < routing.size(); ++i) {
        EXPECT_EQ(routing[i].project_id, all[i].project_id);
        EXPECT_EQ(routing[i].event.id, all[i].event.id);
        EXPECT_EQ(routing[i].event.seq, all[i].event.seq);
        EXPECT_EQ(routing[i].event.type, all[i].event.type);
        EXPECT_EQ(routing[i].event.phone_number_id, all[i].event.phone_number_id);
        EXPECT_EQ(routing[i].event.created_at, all[i].event.created_at);
        EXPECT_EQ(routing[i].event.payload, "");
        EXPECT_EQ(routing[i].event.meta_payload, std::nullopt);
    }
    WHARF_ASSERT_OK_AND_ASSIGN(auto routing_rest,
                               S().Events().ListRoutingAfter(all[1].event.seq, 5));
    ASSERT_EQ(routing_rest.size(), 1u);
    EXPECT_EQ(routing_rest[0].event.id.value(), "c");
    EXPECT_EQ(S().Events().LatestSeq().value(), all[2].event.seq);
    EXPECT_EQ(S().WebhookDeliveries().FanOutCursor().value(), 0);
    ASSERT_THAT(S().WebhookDeliveries().SetFanOutCursor(all[2].event.seq), IsOk());
    EXPECT_EQ(S().WebhookDeliveries().FanOutCursor().value(), all[2].event.seq);
}

TEST_P(StoreConformanceTest, DeliveriesLeaseInOrderPerKeyAndRecordAttempts) {
    auto& repo = S().WebhookDeliveries();
    ASSERT_THAT(repo.Insert(kP1, MakeDelivery("d1", "w1", "w1/c1", At(10))), IsOk());
    ASSERT_THAT(repo.Insert(kP1, MakeDelivery("d2", "w1", "w1/c1", At(10))), IsOk());
    ASSERT_THAT(repo.Insert(kP1, MakeDelivery("d3", "w1", "w1/c2", At(10))), IsOk());
    ASSERT_THAT(repo.Insert(kP1, MakeDelivery("d4", "w2", std::nullopt, At(10))), IsOk());
    ASSERT_THAT(repo.Insert(kP1, MakeDelivery("d5", "w1", std::nullopt, At(50))), IsOk());
    EXPECT_THAT(repo.Insert(kP1, MakeDelivery("d1", "w1", std::nullopt, At(10))),
                HasError(ErrorCode::kAlreadyExists));

    // d2 waits for d1 (same key); d5 is not due yet.
    WHARF_ASSERT_OK_AND_ASSIGN(auto leased,
                               repo.Lease(At(20), std::chrono::seconds(60), 10, 10, {}, {}));
    EXPECT_THAT(DeliveryIds(leased), ElementsAre("d1", "d3", "d4"));
    // Leased ones are not handed out again; skipped webhooks are left alone.
    WHARF_ASSERT_OK_AND_ASSIGN(leased,
                               repo.Lease(At(21), std::chrono::seconds(60), 10, 10, {}, {}));
    EXPECT_THAT(leased, IsEmpty());

    ASSERT_THAT(
        repo.Complete({MakeOutcome("d1", domain::DeliveryStatus::kPending, 1, At(22), 500),
                       MakeOutcome("d3", domain::DeliveryStatus::kDelivered, 1, At(22), 200),
                       MakeOutcome("d4", domain::DeliveryStatus::kFailed, 1, At(22), 410)}),
        IsOk());
    // d1 retries at 32; d2 still waits behind it.
    WHARF_ASSERT_OK_AND_ASSIGN(leased,
                               repo.Lease(At(30), std::chrono::seconds(60), 10, 10, {}, {}));
    EXPECT_THAT(leased, IsEmpty());
    WHARF_ASSERT_OK_AND_ASSIGN(
        leased, repo.Lease(At(60), std::chrono::seconds(60), 10, 10, {WebhookId("w1")}, {}));
    EXPECT_THAT(leased, IsEmpty());
    WHARF_ASSERT_OK_AND_ASSIGN(leased, repo.Lease(At(60), std::chrono::seconds(60), 10, 1, {}, {}));
    EXPECT_THAT(DeliveryIds(leased), ElementsAre("d1"));  // one per webhook this time
    EXPECT_EQ(leased[0].attempt_count, 1);
    ASSERT_THAT(repo.Complete({MakeOutcome("d1", domain::DeliveryStatus::kFailed, 2, At(61), 500)}),
                IsOk());
    // A dead delivery no longer holds its key back.
    WHARF_ASSERT_OK_AND_ASSIGN(leased,
                               repo.Lease(At(62), std::chrono::seconds(60), 10, 10, {}, {}));
    EXPECT_THAT(DeliveryIds(leased), ElementsAre("d2", "d5"));

    WHARF_ASSERT_OK_AND_ASSIGN(auto d1, repo.Get(kP1, WebhookDeliveryId("d1")));
    EXPECT_EQ(d1.status, domain::DeliveryStatus::kFailed);
    EXPECT_EQ(d1.attempt_count, 2);
    EXPECT_EQ(d1.response_status, 500);
    EXPECT_TRUE(d1.failed_at.has_value());
    WHARF_ASSERT_OK_AND_ASSIGN(auto attempts, repo.Attempts(kP1, WebhookDeliveryId("d1")));
    ASSERT_EQ(attempts.size(), 2u);
    EXPECT_EQ(attempts[0].status_code, 500);
    EXPECT_EQ(attempts[1].attempt, 2);
    EXPECT_THAT(repo.Get(kP2, WebhookDeliveryId("d1")), HasError(ErrorCode::kNotFound));
    EXPECT_EQ(repo.CountByStatus(domain::DeliveryStatus::kDelivered).value(), 1);

    // Listing: newest first, filters, seq bounds.
    WHARF_ASSERT_OK_AND_ASSIGN(auto list, repo.List(kP1, {}, 10, std::nullopt, std::nullopt));
    EXPECT_THAT(DeliveryIds(list), ElementsAre("d5", "d4", "d3", "d2", "d1"));
    domain::DeliveryFilter failed;
    failed.status = domain::DeliveryStatus::kFailed;
    WHARF_ASSERT_OK_AND_ASSIGN(list, repo.List(kP1, failed, 10, std::nullopt, std::nullopt));
    EXPECT_THAT(DeliveryIds(list), ElementsAre("d4", "d1"));
    WHARF_ASSERT_OK_AND_ASSIGN(list, repo.List(kP1, {}, 2, d1.seq + 3, std::nullopt));
    EXPECT_THAT(DeliveryIds(list), ElementsAre("d3", "d2"));
    WHARF_ASSERT_OK_AND_ASSIGN(list, repo.List(kP1, {}, 2, std::nullopt, d1.seq));
    EXPECT_THAT(DeliveryIds(list), ElementsAre("d3", "d2"));
    WHARF_ASSERT_OK_AND_ASSIGN(list, repo.List(kP2, {}, 10, std::nullopt, std::nullopt));
    EXPECT_THAT(list, IsEmpty());

    // Replay.
    EXPECT_EQ(repo.RequeueDead(kP1, WebhookId("w1"), At(100)).value(), 1);
    WHARF_ASSERT_OK_AND_ASSIGN(d1, repo.Get(kP1, WebhookDeliveryId("d1")));
    EXPECT_EQ(d1.status, domain::DeliveryStatus::kPending);
    EXPECT_EQ(d1.retry_from, At(100));
    ASSERT_THAT(repo.Requeue(kP1, WebhookDeliveryId("d3"), At(100)), IsOk());
    EXPECT_THAT(repo.Requeue(kP2, WebhookDeliveryId("d3"), At(100)),
                HasError(ErrorCode::kNotFound));
}

TEST_P(StoreConformanceTest, LeasedDeliveriesComeBackAfterTheLeaseAndARestart) {
    ASSERT_THAT(S().WebhookDeliveries().Insert(kP1, MakeDelivery("d1", "w1", "k", At(10))), IsOk());
    WHARF_ASSERT_OK_AND_ASSIGN(auto leased, S().WebhookDeliveries().Lease(
                                                At(10), std::chrono::seconds(30), 10, 10, {}, {}));
    ASSERT_EQ(leased.size(), 1u);
    store_.reset();
    ASSERT_NO_FATAL_FAILURE(Open());
    WHARF_ASSERT_OK_AND_ASSIGN(
        leased, S().WebhookDeliveries().Lease(At(20), std::chrono::seconds(30), 10, 10, {}, {}));
    EXPECT_THAT(leased, IsEmpty());
    WHARF_ASSERT_OK_AND_ASSIGN(
        leased, S().WebhookDeliveries().Lease(At(41), std::chrono::seconds(30), 10, 10, {}, {}));
    EXPECT_THAT(DeliveryIds(leased), ElementsAre("d1"));
    EXPECT_EQ(leased[0].idempotency_key, "key-d1");
}

TEST_P(StoreConformanceTest, BuffersAndInactivityTimers) {
    auto& repo = S().WebhookDeliveries();
    domain::WebhookBuffer b;
    b.webhook_id = WebhookId("w1");
    b.conversation_id = ConversationId("c1");
    b.project_id = kP1;
    b.items = "[1]";
    b.item_count = 1;
    b.first_event_id = EventId("e1");
    b.first_created_at = At(1);
    b.flush_at = At(6);
    ASSERT_THAT(repo.PutBuffer(b), IsOk());
    b.items = "[1,2]";
    b.item_count = 2;
    b.flush_at = At(8);
    ASSERT_THAT(repo.PutBuffer(b), IsOk());
    WHARF_ASSERT_OK_AND_ASSIGN(auto got, repo.GetBuffer(WebhookId("w1"), ConversationId("c1")));
    ASSERT_TRUE(got.has_value());
    EXPECT_EQ(got->items, "[1,2]");
    EXPECT_EQ(got->item_count, 2);
    EXPECT_TRUE(repo.DueBuffers(At(7), 10)->empty());
    EXPECT_EQ(repo.DueBuffers(At(8), 10)->size(), 1u);
    ASSERT_THAT(repo.DeleteBuffer(WebhookId("w1"), ConversationId("c1")), IsOk());
    EXPECT_FALSE(repo.GetBuffer(WebhookId("w1"), ConversationId("c1"))->has_value());

    domain::InactivityTimer t{
        WebhookId("w1"), ConversationId("c1"), kP1, PhoneNumberId("1"), "{}", "{}", At(100)};
    ASSERT_THAT(repo.PutInactivity(t), IsOk());
    t.due_at = At(200);
    ASSERT_THAT(repo.PutInactivity(t), IsOk());
    EXPECT_TRUE(repo.DueInactivity(At(150), 10)->empty());
    EXPECT_EQ(repo.DueInactivity(At(200), 10)->size(), 1u);
    ASSERT_THAT(repo.DeleteInactivity(WebhookId("w1"), ConversationId("c1")), IsOk());
    EXPECT_TRUE(repo.DueInactivity(At(300), 10)->empty());
}

TEST_P(StoreConformanceTest, TemplateRoundTripAndStateFields) {
    auto t = MakeTemplateRecord("1001", "waba-1", "order_shipped", "en_US", At(10));
    ASSERT_THAT(S().Templates().Insert(kP1, t), IsOk());
    WHARF_ASSERT_OK_AND_ASSIGN(auto got, S().Templates().Get(kP1, "1001"));
    EXPECT_EQ(got.tmpl.name, "order_shipped");
    EXPECT_EQ(got.tmpl.language, "en_US");
    EXPECT_EQ(got.tmpl.category, domain::TemplateCategory::kUtility);
    EXPECT_EQ(got.tmpl.status, domain::TemplateStatus::kPending);
    EXPECT_EQ(got.tmpl.body.text, "Your order shipped");
    EXPECT_EQ(got.tmpl.components_json, t.tmpl.components_json);
    EXPECT_EQ(got.business_account_id.value(), "waba-1");
    EXPECT_EQ(got.created_at, At(10));
    EXPECT_EQ(got.review_due_at, At(12));
    EXPECT_FALSE(got.tmpl.rejected_reason.has_value());

    got.tmpl.status = domain::TemplateStatus::kRejected;
    got.tmpl.rejected_reason = "INCORRECT_CATEGORY";
    got.tmpl.category = domain::TemplateCategory::kMarketing;
    got.tmpl.previous_category = domain::TemplateCategory::kUtility;
    got.updated_at = At(20);
    got.review_due_at.reset();
    ASSERT_THAT(S().Templates().Update(kP1, got), IsOk());
    WHARF_ASSERT_OK_AND_ASSIGN(auto again, S().Templates().Get(kP1, "1001"));
    EXPECT_EQ(again.tmpl.status, domain::TemplateStatus::kRejected);
    EXPECT_EQ(again.tmpl.rejected_reason, std::optional<std::string>("INCORRECT_CATEGORY"));
    EXPECT_EQ(again.tmpl.category, domain::TemplateCategory::kMarketing);
    EXPECT_EQ(again.tmpl.previous_category, domain::TemplateCategory::kUtility);
    EXPECT_EQ(again.updated_at, At(20));
    EXPECT_EQ(again.created_at, At(10));
    EXPECT_FALSE(again.review_due_at.has_value());
}

TEST_P(StoreConformanceTest, TemplateUniquenessAndProjectScope) {
    ASSERT_THAT(S().Templates().Insert(
                    kP1, MakeTemplateRecord("1001", "waba-1", "greeting", "en_US", At(10))),
                IsOk());
    // Same name in another language or another WABA is fine; same name+language is not.
    EXPECT_THAT(S().Templates().Insert(
                    kP1, MakeTemplateRecord("1002", "waba-1", "greeting", "pt_BR", At(11))),
                IsOk());
    EXPECT_THAT(S().Templates().Insert(
                    kP1, MakeTemplateRecord("1003", "waba-2", "greeting", "en_US", At(12))),
                IsOk());
    EXPECT_THAT(S().Templates().Insert(
                    kP1, MakeTemplateRecord("1004", "waba-1", "greeting", "en_US", At(13))),
                HasError(ErrorCode::kAlreadyExists));
    EXPECT_THAT(
        S().Templates().Insert(kP2, MakeTemplateRecord("1001", "waba-9", "other", "en_US", At(13))),
        HasError(ErrorCode::kAlreadyExists));
    EXPECT_THAT(S().Templates().Insert(ProjectId("no-such-project"),
                                       MakeTemplateRecord("1005", "w", "x", "en_US", At(13))),
                HasError(ErrorCode::kNotFound));
    // Another project sees none of them.
    EXPECT_THAT(S().Templates().Get(kP2, "1001"), HasError(ErrorCode::kNotFound));
    auto other = MakeTemplateRecord("1001", "waba-1", "greeting", "en_US", At(10));
    EXPECT_THAT(S().Templates().Update(kP2, other), HasError(ErrorCode::kNotFound));
    EXPECT_THAT(S().Templates().Delete(kP2, "1001"), HasError(ErrorCode::kNotFound));
    WHARF_ASSERT_OK_AND_ASSIGN(
        auto by_name, S().Templates().FindByName(kP1, BusinessAccountId("waba-1"), "greeting"));
    EXPECT_THAT(TemplateIds(by_name), ElementsAre("1001", "1002"));
    ASSERT_THAT(S().Templates().Delete(kP1, "1001"), IsOk());
    EXPECT_THAT(S().Templates().Get(kP1, "1001"), HasError(ErrorCode::kNotFound));
    EXPECT_THAT(S().Templates().Delete(kP1, "1001"), HasError(ErrorCode::kNotFound));
}

TEST_P(StoreConformanceTest, TemplateListFiltersAndKeysetPaging) {
    for (int i = 0; i < 5; ++i) {
        auto t = MakeTemplateRecord(Numbered("200", i), "waba-1", Numbered("tpl_", i),
                                    i % 2 == 0 ? "en_US" : "de", At(10 + i));
        if (i == 3) {
            t.tmpl.status = domain::TemplateStatus::kApproved;
        }
        ASSERT_THAT(S().Templates().Insert(kP1, t), IsOk());
    }
    ASSERT_THAT(
        S().Templates().Insert(kP1, MakeTemplateRecord("3000", "waba-2", "tpl_0", "en_US", At(30))),
        IsOk());
    BusinessAccountId waba("waba-1");
    WHARF_ASSERT_OK_AND_ASSIGN(auto all, S().Templates().List(kP1, waba, {}, FirstPage(10)));
    EXPECT_THAT(TemplateIds(all.items), ElementsAre("2004", "2003", "2002", "2001", "2000"));
    domain::TemplateFilter de;
    de.language = "de";
    WHARF_ASSERT_OK_AND_ASSIGN(auto got, S().Templates().List(kP1, waba, de, FirstPage(10)));
    EXPECT_THAT(TemplateIds(got.items), ElementsAre("2003", "2001"));
    domain::TemplateFilter approved;
    approved.status = domain::TemplateStatus::kApproved;
    WHARF_ASSERT_OK_AND_ASSIGN(got, S().Templates().List(kP1, waba, approved, FirstPage(10)));
    EXPECT_THAT(TemplateIds(got.items), ElementsAre("2003"));
    domain::TemplateFilter named;
    named.name = "tpl_0";
    named.category = domain::TemplateCategory::kUtility;
    WHARF_ASSERT_OK_AND_ASSIGN(got, S().Templates().List(kP1, waba, named, FirstPage(10)));
    EXPECT_THAT(TemplateIds(got.items), ElementsAre("2000"));
    named.category = domain::TemplateCategory::kMarketing;
    WHARF_ASSERT_OK_AND_ASSIGN(got, S().Templates().List(kP1, waba, named, FirstPage(10)));
    EXPECT_THAT(got.items, IsEmpty());

    WHARF_ASSERT_OK_AND_ASSIGN(auto p1, S().Templates().List(kP1, waba, {}, FirstPage(2)));
    EXPECT_THAT(TemplateIds(p1.items), ElementsAre("2004", "2003"));
    EXPECT_TRUE(p1.has_older);
    EXPECT_FALSE(p1.has_newer);
    WHARF_ASSERT_OK_AND_ASSIGN(
        auto p2, S().Templates().List(kP1, waba, {}, After(Keyset{At(13), "2003"}, 2)));
    EXPECT_THAT(TemplateIds(p2.items), ElementsAre("2002", "2001"));
    EXPECT_TRUE(p2.has_older);
    EXPECT_TRUE(p2.has_newer);
    WHARF_ASSERT_OK_AND_ASSIGN(
        auto back, S().Templates().List(kP1, waba, {}, Before(Keyset{At(12), "2002"}, 2)));
    EXPECT_THAT(TemplateIds(back.items), ElementsAre("2004", "2003"));
    WHARF_ASSERT_OK_AND_ASSIGN(auto none, S().Templates().List(kP2, waba, {}, FirstPage(10)));
    EXPECT_THAT(none.items, IsEmpty());
}

TEST_P(StoreConformanceTest, TemplateReviewDueSpansProjectsEarliestFirst) {
    auto a = MakeTemplateRecord("1001", "waba-1", "a", "en_US", At(10));  // due At(12)
    auto b = MakeTemplateRecord("1002", "waba-9", "b", "en_US", At(5));   // due At(7)
    auto c = MakeTemplateRecord("1003", "waba-1", "c", "en_US", At(20));  // due At(22)
    auto d = MakeTemplateRecord("1004", "waba-1", "d", "en_US", At(1));
    d.review_due_at.reset();  // already reviewed
    ASSERT_THAT(S().Templates().Insert(kP1, a), IsOk());
    ASSERT_THAT(S().Templates().Insert(kP2, b), IsOk());
    ASSERT_THAT(S().Templates().Insert(kP1, c), IsOk());
    ASSERT_THAT(S().Templates().Insert(kP1, d), IsOk());
    WHARF_ASSERT_OK_AND_ASSIGN(auto due, S().Templates().ListReviewDue(At(12), 10));
    ASSERT_EQ(due.size(), 2u);
    EXPECT_EQ(due[0].first, kP2);
    EXPECT_EQ(due[0].second.tmpl.id, "1002");
    EXPECT_EQ(due[1].first, kP1);
    EXPECT_EQ(due[1].second.tmpl.id, "1001");
    WHARF_ASSERT_OK_AND_ASSIGN(due, S().Templates().ListReviewDue(At(30), 1));
    ASSERT_EQ(due.size(), 1u);
    EXPECT_EQ(due[0].second.tmpl.id, "1002");
}

TEST_P(StoreConformanceTest, TemplateReviewDueCanSkipAllProductionWabas) {
    // kP1: waba-1 has only a production number, waba-2 a production and a sandbox number, waba-3
    // only a sandbox number, waba-4 none. kP2's waba-1 number is a sandbox number.
    PhoneNumber prod = MinimalNumber("n1", "1001", At(1), "waba-1");
    PhoneNumber mixed_prod = MinimalNumber("n2", "1002", At(1), "waba-2");
    PhoneNumber mixed_sandbox = MinimalNumber("n3", "1003", At(1), "waba-2");
    mixed_sandbox.kind = PhoneNumberKind::kSandbox;
    PhoneNumber sandbox = MinimalNumber("n4", "1004", At(1), "waba-3");
    sandbox.kind = PhoneNumberKind::kSandbox;
    PhoneNumber other = MinimalNumber("n5", "1005", At(1), "waba-1");
    other.kind = PhoneNumberKind::kSandbox;
    for (const auto& n : {prod, mixed_prod, mixed_sandbox, sandbox}) {
        ASSERT_THAT(S().PhoneNumbers().Insert(kP1, n), IsOk());
    }
    ASSERT_THAT(S().PhoneNumbers().Insert(kP2, other), IsOk());
    ASSERT_THAT(
        S().Templates().Insert(kP1, MakeTemplateRecord("3001", "waba-1", "a", "en_US", At(1))),
        IsOk());
    ASSERT_THAT(
        S().Templates().Insert(kP1, MakeTemplateRecord("3002", "waba-2", "a", "en_US", At(2))),
        IsOk());
    ASSERT_THAT(
        S().Templates().Insert(kP1, MakeTemplateRecord("3003", "waba-3", "a", "en_US", At(3))),
        IsOk());
    ASSERT_THAT(
        S().Templates().Insert(kP1, MakeTemplateRecord("3004", "waba-4", "a", "en_US", At(4))),
        IsOk());
    ASSERT_THAT(
        S().Templates().Insert(kP2, MakeTemplateRecord("3005", "waba-1", "a", "en_US", At(5))),
        IsOk());
    auto ids = [](const auto& due) {
        std::vector<std::string> out;
        for (const auto& [project, t] : due) {
            out.push_back(t.tmpl.id);
        }
        return out;
    };
    WHARF_ASSERT_OK_AND_ASSIGN(auto all, S().Templates().ListReviewDue(At(100), 10, false));
    EXPECT_THAT(ids(all), ElementsAre("3001", "3002", "3003", "3004", "3005"));
    WHARF_ASSERT_OK_AND_ASSIGN(auto local, S().Templates().ListReviewDue(At(100), 10, true));
    EXPECT_THAT(ids(local), ElementsAre("3002", "3003", "3004", "3005"));
    // The limit counts only what is listed.
    WHARF_ASSERT_OK_AND_ASSIGN(auto first, S().Templates().ListReviewDue(At(100), 1, true));
    EXPECT_THAT(ids(first), ElementsAre("3002"));
}

TEST_P(StoreConformanceTest, TemplateWritesJoinTransact) {
    auto r = S().Transact([&](Store& tx) -> Result<void> {
        WHARF_TRY(
            tx.Templates().Insert(kP1, MakeTemplateRecord("1001", "waba-1", "a", "en_US", At(10))));
        return Fail(Error::Aborted("roll back"));
    });
    EXPECT_THAT(r, HasError(ErrorCode::kAborted));
    EXPECT_THAT(S().Templates().Get(kP1, "1001"), HasError(ErrorCode::kNotFound));
    ASSERT_THAT(S().Transact([&](Store& tx) -> Result<void> {
        return tx.Templates().Insert(kP1,
                                     MakeTemplateRecord("1001", "waba-1", "a", "en_US", At(10)));
    }),
                IsOk());
    EXPECT_THAT(S().Templates().Get(kP1, "1001"), IsOk());
}

// ---- Media and upload sessions ----------------------------------------------------------------

domain::Media MakeMedia(const std::string& id, const std::string& sha, Timestamp created) {
    domain::Media m;
    m.id = MediaId(id);
    m.phone_number_id = PhoneNumberId("15550001");
    m.mime_type = "image/png";
    m.sha256 = sha;
    m.file_size = 1234;
    m.filename = "photo.png";
    m.origin = domain::MediaOrigin::kUpload;
    m.created_at = created;
    m.expires_at = created + std::chrono::hours(24 * 30);
    return m;
}

TEST_P(StoreConformanceTest, MediaRoundTripScopingAndUniqueIds) {
    auto m = MakeMedia("9001", std::string(64, 'a'), At(10));
    ASSERT_THAT(S().Media().Insert(kP1, m), IsOk());
    WHARF_ASSERT_OK_AND_ASSIGN(auto got, S().Media().Get(kP1, MediaId("9001")));
    EXPECT_EQ(got.phone_number_id.value(), "15550001");
    EXPECT_EQ(got.mime_type, "image/png");
    EXPECT_EQ(got.sha256, std::string(64, 'a'));
    EXPECT_EQ(got.file_size, 1234u);
    EXPECT_EQ(got.filename, std::optional<std::string>("photo.png"));
    EXPECT_EQ(got.origin, domain::MediaOrigin::kUpload);
    EXPECT_EQ(got.created_at, At(10));
    EXPECT_EQ(got.expires_at, m.expires_at);

    auto no_name = MakeMedia("9002", std::string(64, 'b'), At(11));
    no_name.filename.reset();
    no_name.origin = domain::MediaOrigin::kInbound;
    ASSERT_THAT(S().Media().Insert(kP1, no_name), IsOk());
    WHARF_ASSERT_OK_AND_ASSIGN(auto got2, S().Media().Get(kP1, MediaId("9002")));
    EXPECT_FALSE(got2.filename.has_value());
    EXPECT_EQ(got2.origin, domain::MediaOrigin::kInbound);

    // Ids are unique across projects; another project's media is absent.
    EXPECT_THAT(S().Media().Insert(kP2, m), HasError(ErrorCode::kAlreadyExists));
    EXPECT_THAT(S().Media().Get(kP2, MediaId("9001")), HasError(ErrorCode::kNotFound));
    EXPECT_THAT(S().Media().Delete(kP2, MediaId("9001")), HasError(ErrorCode::kNotFound));
    EXPECT_THAT(S().Media().Insert(ProjectId("nope"), MakeMedia("9003", "c", At(1))),
                HasError(ErrorCode::kNotFound));

    ASSERT_THAT(S().Media().Delete(kP1, MediaId("9001")), IsOk());
    EXPECT_THAT(S().Media().Get(kP1, MediaId("9001")), HasError(ErrorCode::kNotFound));
    EXPECT_THAT(S().Media().Delete(kP1, MediaId("9001")), HasError(ErrorCode::kNotFound));
}

TEST_P(StoreConformanceTest, MediaExpiryAndBlobReferences) {
    auto a = MakeMedia("9101", "sha-shared", At(0));
    a.expires_at = At(100);
    auto b = MakeMedia("9102", "sha-shared", At(1));
    b.expires_at = At(200);
    auto c = MakeMedia("9103", "sha-c", At(2));
    c.expires_at = At(50);
    ASSERT_THAT(S().Media().Insert(kP1, a), IsOk());
    ASSERT_THAT(S().Media().Insert(kP2, b), IsOk());
    ASSERT_THAT(S().Media().Insert(kP1, c), IsOk());

    WHARF_ASSERT_OK_AND_ASSIGN(auto expired, S().Media().ListExpired(At(100), 10));
    ASSERT_EQ(expired.size(), 2u);
    EXPECT_EQ(expired[0].second.id.value(), "9103");  // earliest first
    EXPECT_EQ(expired[1].second.id.value(), "9101");
    EXPECT_EQ(expired[1].first, kP1);
    EXPECT_EQ(S().Media().ListExpired(At(100), 1)->size(), 1u);
    EXPECT_THAT(S().Media().ListExpired(At(100), 0), HasError(ErrorCode::kInvalidArgument));

    // A blob shared by two projects stays referenced until both rows are gone.
    EXPECT_TRUE(*S().Media().BlobReferenced("sha-shared"));
    ASSERT_THAT(S().Media().Delete(kP1, MediaId("9101")), IsOk());
    EXPECT_TRUE(*S().Media().BlobReferenced("sha-shared"));
    ASSERT_THAT(S().Media().Delete(kP2, MediaId("9102")), IsOk());
    EXPECT_FALSE(*S().Media().BlobReferenced("sha-shared"));
    EXPECT_FALSE(*S().Media().BlobReferenced("never"));
}

TEST_P(StoreConformanceTest, UploadSessionsAdvanceOnlyFromTheExpectedOffset) {
    domain::UploadSession u;
    u.id = "sess-1";
    u.file_name = "header.png";
    u.file_length = 100;
    u.file_type = "image/png";
    u.created_at = At(0);
    u.expires_at = At(1000);
    ASSERT_THAT(S().Media().InsertSession(kP1, u), IsOk());
    EXPECT_THAT(S().Media().InsertSession(kP2, u), HasError(ErrorCode::kAlreadyExists));
    EXPECT_THAT(S().Media().GetSession(kP2, "sess-1"), HasError(ErrorCode::kNotFound));

    u.offset = 60;
    ASSERT_THAT(S().Media().UpdateSession(kP1, u, 0), IsOk());
    // A second writer that still thinks the offset is 0 loses.
    EXPECT_THAT(S().Media().UpdateSession(kP1, u, 0), HasError(ErrorCode::kAborted));
    EXPECT_THAT(S().Media().UpdateSession(kP2, u, 60), HasError(ErrorCode::kNotFound));
    u.offset = 100;
    u.handle = "4::aGVhZGVy:xyz";
    u.sha256 = "sha-session";
    ASSERT_THAT(S().Media().UpdateSession(kP1, u, 60), IsOk());
    WHARF_ASSERT_OK_AND_ASSIGN(auto got, S().Media().GetSession(kP1, "sess-1"));
    EXPECT_EQ(got.offset, 100u);
    EXPECT_EQ(got.file_length, 100u);
    EXPECT_EQ(got.file_name, "header.png");
    EXPECT_EQ(got.file_type, "image/png");
    EXPECT_EQ(got.handle, std::optional<std::string>("4::aGVhZGVy:xyz"));
    EXPECT_TRUE(*S().Media().BlobReferenced("sha-session"));

    WHARF_ASSERT_OK_AND_ASSIGN(auto none, S().Media().TakeExpiredSessions(At(999), 10));
    EXPECT_TRUE(none.empty());
    WHARF_ASSERT_OK_AND_ASSIGN(auto taken, S().Media().TakeExpiredSessions(At(1000), 10));
    ASSERT_EQ(taken.size(), 1u);
    EXPECT_EQ(taken[0].id, "sess-1");
    EXPECT_THAT(S().Media().GetSession(kP1, "sess-1"), HasError(ErrorCode::kNotFound));
    EXPECT_FALSE(*S().Media().BlobReferenced("sha-session"));
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreConformanceTest, ::testing::ValuesIn(Backends()),
                         [](const ::testing::TestParamInfo<Backend>& info) {
                             return info.param.name;
                         });

// ---- SQLite specifics: opening, migrations and the error mapping ------------------------------

class SqliteStoreTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = MakeTempDir();
        ASSERT_FALSE(dir_.empty());
        options_.path = (dir_ / "wharf.db").string();
    }
    void TearDown() override {
        std::error_code ignored;
        fs::remove_all(dir_, ignored);
    }

    // Runs one statement on a connection of our own, outside the store.
    void RawExec(const std::string& sql) {
        sqlite3* db = nullptr;
        ASSERT_EQ(sqlite3_open(options_.path.c_str(), &db), SQLITE_OK);
        char* error = nullptr;
        int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
        std::string message = error != nullptr ? error : "";
        sqlite3_free(error);
        sqlite3_close(db);
        ASSERT_EQ(rc, SQLITE_OK) << message;
    }

    fs::path dir_;
    sqlite::SqliteOptions options_;
};

TEST_F(SqliteStoreTest, RejectsADatabaseFromANewerBinary) {
    ASSERT_THAT(sqlite::SqliteStore::Open(options_), IsOk());
    RawExec("INSERT INTO schema_migrations (version, applied_at) VALUES (9999, 0)");
    EXPECT_THAT(sqlite::SqliteStore::Open(options_), HasError(ErrorCode::kFailedPrecondition));
}

TEST_F(SqliteStoreTest, RejectsBadOptions) {
    sqlite::SqliteOptions bad = options_;
    bad.pool_size = 0;
    EXPECT_THAT(sqlite::SqliteStore::Open(bad), HasError(ErrorCode::kInvalidArgument));
    bad = options_;
    bad.path = "";
    EXPECT_THAT(sqlite::SqliteStore::Open(bad), HasError(ErrorCode::kInvalidArgument));
    bad = options_;
    bad.path = (dir_ / "no-such-dir" / "wharf.db").string();
    EXPECT_FALSE(sqlite::SqliteStore::Open(bad).has_value());
}

TEST_F(SqliteStoreTest, InMemoryDatabaseWorks) {
    options_.path = ":memory:";
    WHARF_ASSERT_OK_AND_ASSIGN(auto store, sqlite::SqliteStore::Open(options_));
    ASSERT_THAT(store->Projects().Insert({kP1, "P", At(0)}), IsOk());
    EXPECT_THAT(store->Projects().Get(kP1), IsOk());
}

TEST_F(SqliteStoreTest, WriterLockedOutIsUnavailableAfterBusyTimeout) {
    options_.busy_timeout_ms = 50;
    WHARF_ASSERT_OK_AND_ASSIGN(auto store, sqlite::SqliteStore::Open(options_));
    sqlite3* other = nullptr;
    ASSERT_EQ(sqlite3_open(options_.path.c_str(), &other), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
    EXPECT_THAT(store->Projects().Insert({kP1, "P", At(0)}), HasError(ErrorCode::kUnavailable));
    EXPECT_THAT(store->Transact([](Store&) -> Result<void> { return {}; }),
                HasError(ErrorCode::kUnavailable));
    EXPECT_THAT(store->Projects().Count(), IsOk());  // readers are not blocked (WAL)
    sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(other);
    EXPECT_THAT(store->Projects().Insert({kP1, "P", At(0)}), IsOk());
}

TEST_F(SqliteStoreTest, ExhaustedPoolIsUnavailableNotADeadlock) {
    options_.pool_size = 1;
    options_.busy_timeout_ms = 50;
    WHARF_ASSERT_OK_AND_ASSIGN(auto store, sqlite::SqliteStore::Open(options_));
    Result<void> outer_call;
    auto result = store->Transact([&](Store&) -> Result<void> {
        outer_call = store->Ping();  // needs a second connection
        return {};
    });
    EXPECT_THAT(result, IsOk());
    EXPECT_THAT(outer_call, HasError(ErrorCode::kUnavailable));
}

// The body of one worker process: leases from its own store until the queue is empty, writing
// each leased id as a line to `fd` and completing it. Returns the process's exit code.
int LeaseUntilEmpty(const sqlite::SqliteOptions& options, int fd) {
    auto store = sqlite::SqliteStore::Open(options);
    if (!store) {
        return 2;
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (std::chrono::steady_clock::now() < deadline) {
        auto leased = (*store)->Jobs().Lease(At(1000), std::chrono::minutes(10), 3);
        if (!leased) {
            return 3;
        }
        if (leased->empty()) {
            auto pending = (*store)->Jobs().PendingCount();
            if (!pending) {
                return 4;
            }
            if (*pending == 0) {
                return 0;
            }
            std::this_thread::sleep_for(std::chrono::microseconds(100));
            continue;
        }
        for (const Job& job : *leased) {
            std::string line = job.id.value() + "\n";  // one write of < PIPE_BUF: atomic
            if (write(fd, line.data(), line.size()) != static_cast<ssize_t>(line.size())) {
                return 5;
            }
            if (!(*store)->Jobs().Complete(job.id)) {
                return 6;
            }
        }
    }
    return 7;
}

TEST_F(SqliteStoreTest, JobLeaseIsAtomicAcrossProcesses) {
    constexpr int kJobs = 200;
    constexpr int kProcesses = 4;
    {
        WHARF_ASSERT_OK_AND_ASSIGN(auto store, sqlite::SqliteStore::Open(options_));
        ASSERT_THAT(store->Projects().Insert({kP1, "P", At(0)}), IsOk());
        for (int i = 0; i < kJobs; ++i) {
            std::optional<std::string> key;
            if (i % 4 == 0) {
                key = "key";
            }
            ASSERT_THAT(store->Jobs().Enqueue(MakeJob(JobName(i), At(i), key)), IsOk());
        }
    }  // closed before forking: a SQLite connection must not cross fork()
    int fds[2];
    ASSERT_EQ(pipe(fds), 0);
    std::vector<pid_t> children;
    for (int p = 0; p < kProcesses; ++p) {
        pid_t pid = fork();
        ASSERT_GE(pid, 0);
        if (pid == 0) {
            close(fds[0]);
            _exit(LeaseUntilEmpty(options_, fds[1]));
        }
        children.push_back(pid);
    }
    close(fds[1]);
    std::string output;
    char buffer[4096];
    ssize_t n = 0;
    while ((n = read(fds[0], buffer, sizeof(buffer))) > 0) {
        output.append(buffer, static_cast<size_t>(n));
    }
    close(fds[0]);
    for (pid_t pid : children) {
        int status = 0;
        ASSERT_EQ(waitpid(pid, &status, 0), pid);
        EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "wait status " << status;
    }

    std::map<std::string, int> times_leased;
    int last_keyed = -1;
    std::istringstream lines(output);
    std::string line;
    while (std::getline(lines, line)) {
        ++times_leased[line];
        int i = std::stoi(line.substr(4));
        if (i % 4 == 0) {
            EXPECT_GT(i, last_keyed) << "ordering_key order broken at " << line;
            last_keyed = i;
        }
    }
    EXPECT_EQ(times_leased.size(), static_cast<size_t>(kJobs));
    for (const auto& [id, times] : times_leased) {
        EXPECT_EQ(times, 1) << id;
    }
    WHARF_ASSERT_OK_AND_ASSIGN(auto store, sqlite::SqliteStore::Open(options_));
    EXPECT_EQ(store->Jobs().PendingCount().value(), 0);
}

TEST(SqliteErrorsTest, MapsResultCodes) {
    using sqlite::SqliteError;
    EXPECT_EQ(SqliteError(SQLITE_CONSTRAINT_UNIQUE, nullptr, "x").code, ErrorCode::kAlreadyExists);
    EXPECT_EQ(SqliteError(SQLITE_CONSTRAINT_PRIMARYKEY, nullptr, "x").code,
              ErrorCode::kAlreadyExists);
    EXPECT_EQ(SqliteError(SQLITE_BUSY, nullptr, "x").code, ErrorCode::kUnavailable);
    EXPECT_EQ(SqliteError(SQLITE_BUSY_SNAPSHOT, nullptr, "x").code, ErrorCode::kUnavailable);
    EXPECT_EQ(SqliteError(SQLITE_LOCKED, nullptr, "x").code, ErrorCode::kUnavailable);
    EXPECT_EQ(SqliteError(SQLITE_CONSTRAINT_FOREIGNKEY, nullptr, "x").code, ErrorCode::kInternal);
    EXPECT_EQ(SqliteError(SQLITE_CONSTRAINT_CHECK, nullptr, "x").code, ErrorCode::kInternal);
    EXPECT_EQ(SqliteError(SQLITE_IOERR_WRITE, nullptr, "x").code, ErrorCode::kInternal);
    EXPECT_THAT(SqliteError(SQLITE_CORRUPT, nullptr, "reading").message,
                ::testing::HasSubstr("reading"));
}

}  // namespace
}  // namespace store
}  // namespace wharf
