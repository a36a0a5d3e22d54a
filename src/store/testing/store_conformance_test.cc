// The store conformance suite: every repository contract from src/store/*.h, run against each
// backend in Backends(). A backend passes this suite and needs no repository tests of its own.

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <sstream>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "base/result.h"
#include "base/secret_box.h"
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
