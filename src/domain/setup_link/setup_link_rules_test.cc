#include "domain/setup_link/setup_link_rules.h"

#include <gtest/gtest.h>

#include "base/time_format.h"

namespace wharf::domain {
namespace {

using std::chrono::hours;
using std::chrono::seconds;

const Timestamp kNow{seconds(1'767'225'600)};  // 2026-01-01T00:00:00Z

using Types = std::vector<ConnectionType>;
constexpr auto kCoex = ConnectionType::kCoexistence;
constexpr auto kDedicated = ConnectionType::kDedicated;

PhoneNumber Number(std::string digits, PhoneNumberKind kind, bool coexistence) {
    PhoneNumber n;
    n.phone_number_id = PhoneNumberId("1234567890" + digits.substr(digits.size() - 2));
    n.kind = kind;
    n.is_coexistence = coexistence;
    n.display_phone_number_normalized = std::move(digits);
    return n;
}

// Expects an kInvalidArgument naming `field` (without the "setup_link." prefix).
void ExpectInvalid(const Result<SetupLink>& r, const std::string& field) {
    ASSERT_FALSE(r) << "expected an error on " << field;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument) << r.error().message;
    EXPECT_EQ(r.error().field, "setup_link." + field) << r.error().message;
    EXPECT_FALSE(r.error().message.empty());
}

Result<SetupLink> Build(const SetupLinkCreate& in, const std::vector<PhoneNumber>& numbers = {}) {
    return BuildSetupLink(in, numbers, kNow);
}

template <class T>
Field<T> Value(T v) {
    Field<T> f;
    f.state = Field<T>::State::kValue;
    f.value = std::move(v);
    return f;
}

template <class T>
Field<T> Null() {
    Field<T> f;
    f.state = Field<T>::State::kNull;
    return f;
}

// ---- NormalizePhoneDigits ----

TEST(NormalizePhoneDigits, KeepsOnlyDigits) {
    EXPECT_EQ(NormalizePhoneDigits("+1 (555) 123-4567"), "15551234567");
    EXPECT_EQ(NormalizePhoneDigits("15551234567"), "15551234567");
    EXPECT_EQ(NormalizePhoneDigits("+44 7911.123.456"), "447911123456");
}

TEST(NormalizePhoneDigits, NeedsEightToFifteenDigits) {
    EXPECT_EQ(NormalizePhoneDigits("1234567"), std::nullopt);
    EXPECT_EQ(NormalizePhoneDigits("12345678"), "12345678");
    EXPECT_EQ(NormalizePhoneDigits("123456789012345"), "123456789012345");
    EXPECT_EQ(NormalizePhoneDigits("1234567890123456"), std::nullopt);
    EXPECT_EQ(NormalizePhoneDigits(""), std::nullopt);
}

TEST(NormalizePhoneDigits, RefusesLetters) {
    EXPECT_EQ(NormalizePhoneDigits("call 15551234567"), std::nullopt);
    EXPECT_EQ(NormalizePhoneDigits("1555123456x7"), std::nullopt);
}

// ---- create: defaults ----

TEST(BuildSetupLink, EmptyRequestGetsKapsoDefaults) {
    auto r = Build({});
    ASSERT_TRUE(r) << r.error().message;
    const SetupLink& l = *r;
    EXPECT_EQ(l.status, SetupLinkStatus::kActive);
    EXPECT_EQ(l.whatsapp_setup_status, SetupStatus::kPending);
    EXPECT_EQ(l.created_at, kNow);
    EXPECT_EQ(l.updated_at, kNow);
    ASSERT_TRUE(l.expires_at);
    EXPECT_EQ(*l.expires_at, kNow + hours(24 * 30));
    EXPECT_EQ(l.allowed_connection_types, (Types{kCoex, kDedicated}));
    EXPECT_EQ(l.meta_billing_mode, MetaBillingMode::kCustomerManaged);
    EXPECT_EQ(l.phone_number_country_isos, std::vector<std::string>{"US"});
    EXPECT_FALSE(l.provision_phone_number);
    EXPECT_FALSE(l.theme_config);
    EXPECT_FALSE(l.language);
    EXPECT_FALSE(l.success_redirect_url);
    EXPECT_FALSE(l.failure_redirect_url);
    EXPECT_TRUE(l.allowed_origins.empty());
    EXPECT_FALSE(l.phone_number_area_code);
    EXPECT_FALSE(l.reconnect_phone_number);
    EXPECT_FALSE(l.provisioned_phone_number);
    EXPECT_FALSE(l.whatsapp_setup_error);
}

TEST(BuildSetupLink, AcceptsAFullValidRequest) {
    SetupLinkCreate in;
    in.success_redirect_url = "https://example.com/done?x=1";
    in.failure_redirect_url = "http://localhost:3000/failed";
    in.allowed_origins =
        std::vector<std::string>{"https://App.Example.com/", "http://localhost:5173"};
    in.provision_phone_number = true;
    in.phone_number_area_code = "415";
    in.allowed_connection_types = std::vector<std::string>{"dedicated"};
    in.meta_billing_mode = "partner_managed";
    in.theme_config =
        std::map<std::string, std::string>{{"primary_color", "#FF0000"}, {"card_color", "#0a0b0c"}};
    in.phone_number_country_isos = std::vector<std::string>{"US"};
    in.language = "pt";
    auto r = Build(in);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->success_redirect_url, "https://example.com/done?x=1");
    EXPECT_EQ(r->failure_redirect_url, "http://localhost:3000/failed");
    EXPECT_EQ(r->allowed_origins,
              (std::vector<std::string>{"https://app.example.com", "http://localhost:5173"}));
    EXPECT_TRUE(r->provision_phone_number);
    EXPECT_EQ(r->phone_number_area_code, "415");
    EXPECT_EQ(r->allowed_connection_types, Types{kDedicated});
    EXPECT_EQ(r->meta_billing_mode, MetaBillingMode::kPartnerManaged);
    ASSERT_TRUE(r->theme_config);
    EXPECT_EQ(r->theme_config->at("primary_color"), "#FF0000");
    EXPECT_EQ(r->language, "pt");
}

TEST(BuildSetupLink, EmptyThemeObjectIsAnEmptyTheme) {
    SetupLinkCreate in;
    in.theme_config = std::map<std::string, std::string>{};
    auto r = Build(in);
    ASSERT_TRUE(r);
    ASSERT_TRUE(r->theme_config);
    EXPECT_TRUE(r->theme_config->empty());
}

TEST(BuildSetupLink, AcceptsAllTwelveThemeKeys) {
    std::map<std::string, std::string> theme;
    for (const char* key :
         {"primary_color", "primary_foreground_color", "background_color", "text_color",
          "muted_text_color", "card_color", "muted_color", "border_color", "secondary_color",
          "secondary_foreground_color", "destructive_color", "destructive_foreground_color"}) {
        theme[key] = "#abcdef";
    }
    SetupLinkCreate in;
    in.theme_config = theme;
    auto r = Build(in);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->theme_config->size(), 12u);
}

TEST(BuildSetupLink, AcceptsEveryLanguage) {
    for (const char* lang : {"en", "es", "pt", "hi", "id", "ar"}) {
        SetupLinkCreate in;
        in.language = lang;
        EXPECT_TRUE(Build(in)) << lang;
    }
}

// ---- create: field errors ----

TEST(BuildSetupLink, RefusesBadColourForms) {
    for (const char* colour : {"22c55e", "#22c55", "#fff", "#22c55eff", "#GGGGGG", "red", "",
                               " #22c55e", "#22c55e ", "rgb(0,0,0)", "##22c55"}) {
        SetupLinkCreate in;
        in.theme_config = std::map<std::string, std::string>{{"primary_color", colour}};
        ExpectInvalid(Build(in), "theme_config");
    }
}

TEST(BuildSetupLink, RefusesUnknownThemeKey) {
    SetupLinkCreate in;
    in.theme_config = std::map<std::string, std::string>{{"accent_color", "#000000"}};
    auto r = Build(in);
    ExpectInvalid(r, "theme_config");
    EXPECT_NE(r.error().message.find("accent_color"), std::string::npos);
}

TEST(BuildSetupLink, RefusesBadLanguage) {
    for (const char* lang : {"fr", "EN", "en-US", "", "english"}) {
        SetupLinkCreate in;
        in.language = lang;
        ExpectInvalid(Build(in), "language");
    }
}

TEST(BuildSetupLink, RefusesUnknownConnectionType) {
    SetupLinkCreate in;
    in.allowed_connection_types = std::vector<std::string>{"coexistence", "shared"};
    auto r = Build(in);
    ExpectInvalid(r, "allowed_connection_types");
    EXPECT_NE(r.error().message.find("shared"), std::string::npos);
}

TEST(BuildSetupLink, RefusesDuplicateConnectionTypes) {
    SetupLinkCreate in;
    in.allowed_connection_types = std::vector<std::string>{"dedicated", "dedicated"};
    ExpectInvalid(Build(in), "allowed_connection_types");
}

TEST(BuildSetupLink, RefusesEmptyConnectionTypes) {
    SetupLinkCreate in;
    in.allowed_connection_types = std::vector<std::string>{};
    ExpectInvalid(Build(in), "allowed_connection_types");
}

TEST(BuildSetupLink, KeepsConnectionTypeOrder) {
    SetupLinkCreate in;
    in.allowed_connection_types = std::vector<std::string>{"dedicated", "coexistence"};
    EXPECT_EQ(Build(in)->allowed_connection_types, (Types{kDedicated, kCoex}));
}

TEST(BuildSetupLink, RefusesUnknownBillingMode) {
    SetupLinkCreate in;
    in.meta_billing_mode = "kapso_managed";
    ExpectInvalid(Build(in), "meta_billing_mode");
}

TEST(BuildSetupLink, RefusesLowercaseCountryIso) {
    SetupLinkCreate in;
    in.phone_number_country_isos = std::vector<std::string>{"us"};
    ExpectInvalid(Build(in), "phone_number_country_isos");
}

TEST(BuildSetupLink, RefusesMalformedCountryIso) {
    for (const char* iso : {"USA", "U", "", "U1", "U S"}) {
        SetupLinkCreate in;
        in.phone_number_country_isos = std::vector<std::string>{iso};
        ExpectInvalid(Build(in), "phone_number_country_isos");
    }
}

TEST(BuildSetupLink, RefusesUnknownCountryIso) {
    SetupLinkCreate in;
    in.phone_number_country_isos = std::vector<std::string>{"US", "ZZ"};
    auto r = Build(in);
    ExpectInvalid(r, "phone_number_country_isos");
    EXPECT_NE(r.error().message.find("ZZ"), std::string::npos);
}

TEST(BuildSetupLink, RefusesEmptyAndDuplicateCountries) {
    SetupLinkCreate in;
    in.phone_number_country_isos = std::vector<std::string>{};
    ExpectInvalid(Build(in), "phone_number_country_isos");
    in.phone_number_country_isos = std::vector<std::string>{"BR", "BR"};
    ExpectInvalid(Build(in), "phone_number_country_isos");
}

TEST(BuildSetupLink, AcceptsSeveralCountries) {
    SetupLinkCreate in;
    in.provision_phone_number = true;
    in.phone_number_country_isos = std::vector<std::string>{"BR", "MX", "US"};
    auto r = Build(in);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->phone_number_country_isos, (std::vector<std::string>{"BR", "MX", "US"}));
}

TEST(BuildSetupLink, RefusesMalformedAreaCodes) {
    for (const char* code : {"41", "4155", "abc", "", "015", "115", " 415"}) {
        SetupLinkCreate in;
        in.phone_number_area_code = code;
        ExpectInvalid(Build(in), "phone_number_area_code");
    }
}

TEST(BuildSetupLink, AreaCodeOnlyForUsOnly) {
    SetupLinkCreate in;
    in.provision_phone_number = true;
    in.phone_number_area_code = "212";
    in.phone_number_country_isos = std::vector<std::string>{"US", "CA"};
    auto r = Build(in);
    ExpectInvalid(r, "phone_number_area_code");
    EXPECT_NE(r.error().message.find("US"), std::string::npos);

    in.phone_number_country_isos = std::vector<std::string>{"US"};
    EXPECT_TRUE(Build(in));
}

TEST(BuildSetupLink, RefusesBadRedirectUrls) {
    for (const char* url :
         {"javascript:alert(1)", "ftp://example.com/x", "example.com/done", "/relative", "https://",
          "https:///path", "https://exa mple.com", "https://example.com/a b",
          "https://example.com/\x01", "http://example.com:0/", "http://example.com:99999/",
          "http://example.com:/", "https://<script>/", "mailto:a@example.com", "",
          "data:text/html,hi", "https://.example.com", "https://a..b/"}) {
        SetupLinkCreate in;
        in.success_redirect_url = url;
        ExpectInvalid(Build(in), "success_redirect_url");
        SetupLinkCreate in2;
        in2.failure_redirect_url = url;
        ExpectInvalid(Build(in2), "failure_redirect_url");
    }
}

TEST(BuildSetupLink, RefusesOverlongRedirectUrl) {
    SetupLinkCreate in;
    in.success_redirect_url = "https://example.com/" + std::string(2048, 'a');
    ExpectInvalid(Build(in), "success_redirect_url");
    in.success_redirect_url = "https://example.com/" + std::string(2048 - 20, 'a');
    EXPECT_TRUE(Build(in));
}

TEST(BuildSetupLink, AcceptsReasonableRedirectUrls) {
    for (const char* url :
         {"https://example.com", "HTTPS://Example.com/Done", "http://127.0.0.1:8080/cb",
          "https://[::1]:8443/cb", "https://sub.example.co.uk/path?a=1&b=2#frag",
          "https://my_host.internal/x"}) {
        SetupLinkCreate in;
        in.success_redirect_url = url;
        auto r = Build(in);
        EXPECT_TRUE(r) << url << ": " << (r ? "" : r.error().message);
        if (r) {
            EXPECT_EQ(r->success_redirect_url, url);  // stored as given
        }
    }
}

TEST(BuildSetupLink, RefusesBadOrigins) {
    for (const char* origin :
         {"http://example.com", "https://example.com/path", "https://example.com?q=1",
          "https://user@example.com", "example.com", "javascript:alert(1)", "ftp://example.com",
          "https://example.com#x", ""}) {
        SetupLinkCreate in;
        in.allowed_origins = std::vector<std::string>{origin};
        ExpectInvalid(Build(in), "allowed_origins");
    }
}

TEST(BuildSetupLink, RefusesDuplicateOriginsAfterNormalizing) {
    SetupLinkCreate in;
    in.allowed_origins =
        std::vector<std::string>{"https://a.example.com", "HTTPS://A.example.com/"};
    ExpectInvalid(Build(in), "allowed_origins");
}

TEST(BuildSetupLink, DropsDefaultPortsFromOrigins) {
    SetupLinkCreate in;
    in.allowed_origins = std::vector<std::string>{"https://example.com:443", "http://localhost:80"};
    auto r = Build(in);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->allowed_origins,
              (std::vector<std::string>{"https://example.com", "http://localhost"}));
}

TEST(BuildSetupLink, AllowsHttpOriginsForLoopbackOnly) {
    SetupLinkCreate in;
    in.allowed_origins = std::vector<std::string>{"http://localhost:3000", "http://127.0.0.1",
                                                  "http://[::1]:8080", "https://example.com:8443"};
    auto r = Build(in);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->allowed_origins.back(), "https://example.com:8443");
}

// ---- create: reconnect ----

TEST(BuildSetupLink, ReconnectLocksTypesToTheExistingNumber) {
    std::vector<PhoneNumber> numbers{Number("15551234567", PhoneNumberKind::kProduction, true),
                                     Number("15559876543", PhoneNumberKind::kProduction, false)};
    SetupLinkCreate in;
    in.reconnect_phone_number = "+1 (555) 123-4567";
    auto r = Build(in, numbers);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->reconnect_phone_number, "15551234567");
    EXPECT_EQ(r->allowed_connection_types, Types{kCoex});
    EXPECT_FALSE(r->provision_phone_number);

    in.reconnect_phone_number = "15559876543";
    r = Build(in, numbers);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->allowed_connection_types, Types{kDedicated});
}

TEST(BuildSetupLink, ReconnectMatchesDisplayNumberWhenNormalizedIsMissing) {
    PhoneNumber n;
    n.kind = PhoneNumberKind::kProduction;
    n.display_phone_number = "+1 555-123-4567";
    SetupLinkCreate in;
    in.reconnect_phone_number = "15551234567";
    EXPECT_TRUE(Build(in, {n}));
}

TEST(BuildSetupLink, ReconnectAcceptsMatchingTypes) {
    SetupLinkCreate in;
    in.reconnect_phone_number = "15551234567";
    in.allowed_connection_types = std::vector<std::string>{"dedicated"};
    auto r = Build(in, {Number("15551234567", PhoneNumberKind::kProduction, false)});
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->allowed_connection_types, Types{kDedicated});
}

TEST(BuildSetupLink, ReconnectRefusesMismatchedTypes) {
    std::vector<PhoneNumber> numbers{Number("15551234567", PhoneNumberKind::kProduction, false)};
    SetupLinkCreate in;
    in.reconnect_phone_number = "15551234567";
    in.allowed_connection_types = std::vector<std::string>{"coexistence"};
    ExpectInvalid(Build(in, numbers), "allowed_connection_types");
    in.allowed_connection_types = std::vector<std::string>{"coexistence", "dedicated"};
    auto r = Build(in, numbers);
    ExpectInvalid(r, "allowed_connection_types");
    EXPECT_NE(r.error().message.find("dedicated"), std::string::npos);
}

TEST(BuildSetupLink, ReconnectRefusesUnknownNumber) {
    SetupLinkCreate in;
    in.reconnect_phone_number = "15550000000";
    ExpectInvalid(Build(in, {Number("15551234567", PhoneNumberKind::kProduction, true)}),
                  "reconnect_phone_number");
    ExpectInvalid(Build(in, {}), "reconnect_phone_number");
}

TEST(BuildSetupLink, ReconnectIgnoresSandboxNumbers) {
    SetupLinkCreate in;
    in.reconnect_phone_number = "15551234567";
    auto r = Build(in, {Number("15551234567", PhoneNumberKind::kSandbox, true)});
    ExpectInvalid(r, "reconnect_phone_number");
    EXPECT_NE(r.error().message.find("sandbox"), std::string::npos);
}

TEST(BuildSetupLink, ReconnectPrefersTheProductionNumberOverASandboxTwin) {
    SetupLinkCreate in;
    in.reconnect_phone_number = "15551234567";
    auto r = Build(in, {Number("15551234567", PhoneNumberKind::kSandbox, true),
                        Number("15551234567", PhoneNumberKind::kProduction, false)});
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->allowed_connection_types, Types{kDedicated});
}

TEST(BuildSetupLink, ReconnectRefusesProvisioning) {
    SetupLinkCreate in;
    in.reconnect_phone_number = "15551234567";
    in.provision_phone_number = true;
    ExpectInvalid(Build(in, {Number("15551234567", PhoneNumberKind::kProduction, true)}),
                  "provision_phone_number");
    in.provision_phone_number = false;
    EXPECT_TRUE(Build(in, {Number("15551234567", PhoneNumberKind::kProduction, true)}));
}

TEST(BuildSetupLink, ReconnectRefusesNonNumbers) {
    SetupLinkCreate in;
    for (const char* text : {"", "12345", "not a number", "+1 555 CALL NOW"}) {
        in.reconnect_phone_number = text;
        ExpectInvalid(Build(in, {Number("15551234567", PhoneNumberKind::kProduction, true)}),
                      "reconnect_phone_number");
    }
}

// ---- patch ----

SetupLink ActiveLink() {
    auto r = BuildSetupLink({}, {}, kNow - hours(24));
    EXPECT_TRUE(r);
    return *r;
}

TEST(ApplySetupLinkPatch, EmptyPatchChangesNothing) {
    SetupLink link = ActiveLink();
    auto r = ApplySetupLinkPatch(link, {}, kNow);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->updated_at, link.updated_at);
}

TEST(ApplySetupLinkPatch, SetsFieldsAndTouchesUpdatedAt) {
    SetupLinkPatch p;
    p.success_redirect_url = Value<std::string>("https://example.com/ok");
    p.language = Value<std::string>("hi");
    p.theme_config = Value<std::map<std::string, std::string>>({{"text_color", "#111111"}});
    p.provision_phone_number = Value(true);
    p.phone_number_country_isos = Value<std::vector<std::string>>({"IN"});
    auto r = ApplySetupLinkPatch(ActiveLink(), p, kNow);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->success_redirect_url, "https://example.com/ok");
    EXPECT_EQ(r->language, "hi");
    EXPECT_EQ(r->theme_config->at("text_color"), "#111111");
    EXPECT_TRUE(r->provision_phone_number);
    EXPECT_EQ(r->phone_number_country_isos, std::vector<std::string>{"IN"});
    EXPECT_EQ(r->updated_at, kNow);
    EXPECT_EQ(r->created_at, kNow - hours(24));
}

TEST(ApplySetupLinkPatch, NullClearsFields) {
    SetupLink link = ActiveLink();
    link.success_redirect_url = "https://example.com/ok";
    link.failure_redirect_url = "https://example.com/fail";
    link.allowed_origins = {"https://example.com"};
    link.provision_phone_number = true;
    link.phone_number_area_code = "415";
    link.theme_config = ThemeConfig{{"primary_color", "#000000"}};
    link.language = "es";
    link.allowed_connection_types = {kDedicated};
    link.phone_number_country_isos = {"US"};
    SetupLinkPatch p;
    p.success_redirect_url = Null<std::string>();
    p.failure_redirect_url = Null<std::string>();
    p.allowed_origins = Null<std::vector<std::string>>();
    p.provision_phone_number = Null<bool>();
    p.phone_number_area_code = Null<std::string>();
    p.theme_config = Null<std::map<std::string, std::string>>();
    p.language = Null<std::string>();
    p.expires_at = Null<std::string>();
    p.allowed_connection_types = Null<std::vector<std::string>>();
    p.phone_number_country_isos = Null<std::vector<std::string>>();
    auto r = ApplySetupLinkPatch(link, p, kNow);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_FALSE(r->success_redirect_url);
    EXPECT_FALSE(r->failure_redirect_url);
    EXPECT_TRUE(r->allowed_origins.empty());
    EXPECT_FALSE(r->provision_phone_number);
    EXPECT_FALSE(r->phone_number_area_code);
    EXPECT_FALSE(r->theme_config);
    EXPECT_FALSE(r->language);
    EXPECT_FALSE(r->expires_at);
    EXPECT_EQ(r->allowed_connection_types, (Types{kCoex, kDedicated}));
    EXPECT_EQ(r->phone_number_country_isos, std::vector<std::string>{"US"});
    EXPECT_EQ(EffectiveStatus(*r, kNow + hours(24 * 365)), SetupLinkStatus::kActive);
}

TEST(ApplySetupLinkPatch, RunsTheCreateRulesOnValues) {
    SetupLink link = ActiveLink();
    SetupLinkPatch p;
    p.failure_redirect_url = Value<std::string>("javascript:alert(1)");
    ExpectInvalid(ApplySetupLinkPatch(link, p, kNow), "failure_redirect_url");

    p = {};
    p.theme_config = Value<std::map<std::string, std::string>>({{"border_color", "#12345"}});
    ExpectInvalid(ApplySetupLinkPatch(link, p, kNow), "theme_config");

    p = {};
    p.language = Value<std::string>("de");
    ExpectInvalid(ApplySetupLinkPatch(link, p, kNow), "language");

    p = {};
    p.allowed_connection_types = Value<std::vector<std::string>>({});
    ExpectInvalid(ApplySetupLinkPatch(link, p, kNow), "allowed_connection_types");

    p = {};
    p.phone_number_country_isos = Value<std::vector<std::string>>({"gb"});
    ExpectInvalid(ApplySetupLinkPatch(link, p, kNow), "phone_number_country_isos");

    p = {};
    p.allowed_origins = Value<std::vector<std::string>>({"http://example.com"});
    ExpectInvalid(ApplySetupLinkPatch(link, p, kNow), "allowed_origins");

    p = {};
    p.phone_number_area_code = Value<std::string>("12");
    ExpectInvalid(ApplySetupLinkPatch(link, p, kNow), "phone_number_area_code");
}

TEST(ApplySetupLinkPatch, AreaCodeChecksTheResultingCountries) {
    SetupLink link = ActiveLink();
    link.phone_number_area_code = "415";
    SetupLinkPatch p;
    p.phone_number_country_isos = Value<std::vector<std::string>>({"MX"});
    ExpectInvalid(ApplySetupLinkPatch(link, p, kNow), "phone_number_area_code");
    p.phone_number_area_code = Null<std::string>();
    EXPECT_TRUE(ApplySetupLinkPatch(link, p, kNow));
}

TEST(ApplySetupLinkPatch, RefusesStatusUsed) {
    SetupLinkPatch p;
    p.status = Value<std::string>("used");
    ExpectInvalid(ApplySetupLinkPatch(ActiveLink(), p, kNow), "status");
}

TEST(ApplySetupLinkPatch, RefusesUnknownOrNullStatus) {
    SetupLinkPatch p;
    p.status = Value<std::string>("paused");
    ExpectInvalid(ApplySetupLinkPatch(ActiveLink(), p, kNow), "status");
    p.status = Null<std::string>();
    ExpectInvalid(ApplySetupLinkPatch(ActiveLink(), p, kNow), "status");
}

TEST(ApplySetupLinkPatch, UsedLinkIsImmutable) {
    SetupLink link = ActiveLink();
    link.status = SetupLinkStatus::kUsed;
    SetupLinkPatch p;
    p.language = Value<std::string>("es");
    auto r = ApplySetupLinkPatch(link, p, kNow);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::kFailedPrecondition);
    EXPECT_NE(r.error().message.find("used"), std::string::npos);

    p = {};
    p.status = Value<std::string>("active");
    EXPECT_FALSE(ApplySetupLinkPatch(link, p, kNow));
    EXPECT_TRUE(ApplySetupLinkPatch(link, {}, kNow));  // nothing asked, nothing changed
}

TEST(ApplySetupLinkPatch, ActiveLinkCanBeRevokedOrExpired) {
    for (const char* target : {"revoked", "expired"}) {
        SetupLinkPatch p;
        p.status = Value<std::string>(target);
        auto r = ApplySetupLinkPatch(ActiveLink(), p, kNow);
        ASSERT_TRUE(r) << r.error().message;
        EXPECT_STREQ(SetupLinkStatusName(r->status), target);
        EXPECT_STREQ(SetupLinkStatusName(EffectiveStatus(*r, kNow)), target);
    }
}

TEST(ApplySetupLinkPatch, RevokedLinkCannotBecomeExpiredOrTheOtherWay) {
    SetupLink link = ActiveLink();
    link.status = SetupLinkStatus::kRevoked;
    SetupLinkPatch p;
    p.status = Value<std::string>("expired");
    auto r = ApplySetupLinkPatch(link, p, kNow);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::kFailedPrecondition);
    EXPECT_EQ(r.error().field, "setup_link.status");

    link.status = SetupLinkStatus::kExpired;
    p.status = Value<std::string>("revoked");
    EXPECT_FALSE(ApplySetupLinkPatch(link, p, kNow));
}

TEST(ApplySetupLinkPatch, SameStatusIsANoOp) {
    SetupLinkPatch p;
    p.status = Value<std::string>("active");
    auto r = ApplySetupLinkPatch(ActiveLink(), p, kNow);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->status, SetupLinkStatus::kActive);
}

TEST(ApplySetupLinkPatch, ReactivatingARevokedLinkKeepsAFutureExpiry) {
    SetupLink link = ActiveLink();
    link.status = SetupLinkStatus::kRevoked;
    SetupLinkPatch p;
    p.status = Value<std::string>("active");
    auto r = ApplySetupLinkPatch(link, p, kNow);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->status, SetupLinkStatus::kActive);
    EXPECT_EQ(r->expires_at, link.expires_at);
}

TEST(ApplySetupLinkPatch, ReactivatingAnExpiredLinkExtendsIt) {
    SetupLink link = ActiveLink();
    link.expires_at = kNow - hours(1);  // active in storage, expired in effect
    SetupLinkPatch p;
    p.status = Value<std::string>("active");
    auto r = ApplySetupLinkPatch(link, p, kNow);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->expires_at, kNow + hours(24 * 30));
    EXPECT_EQ(EffectiveStatus(*r, kNow), SetupLinkStatus::kActive);

    link.status = SetupLinkStatus::kExpired;
    r = ApplySetupLinkPatch(link, p, kNow);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->status, SetupLinkStatus::kActive);
    EXPECT_EQ(r->expires_at, kNow + hours(24 * 30));
}

TEST(ApplySetupLinkPatch, ReactivatingWithAGivenExpiryUsesIt) {
    SetupLink link = ActiveLink();
    link.status = SetupLinkStatus::kExpired;
    link.expires_at = kNow - hours(1);
    SetupLinkPatch p;
    p.status = Value<std::string>("active");
    p.expires_at = Value<std::string>("2026-02-01T00:00:00Z");
    auto r = ApplySetupLinkPatch(link, p, kNow);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(FormatIso8601(*r->expires_at), "2026-02-01T00:00:00Z");
}

TEST(ApplySetupLinkPatch, ReactivatingWithAPastExpiryIsRefused) {
    SetupLink link = ActiveLink();
    link.status = SetupLinkStatus::kRevoked;
    SetupLinkPatch p;
    p.status = Value<std::string>("active");
    p.expires_at = Value<std::string>("2025-12-31T00:00:00Z");
    ExpectInvalid(ApplySetupLinkPatch(link, p, kNow), "expires_at");
}

TEST(ApplySetupLinkPatch, ExpiresAtMustParse) {
    for (const char* text : {"tomorrow", "2026-13-01", "2026-01-01T25:00:00Z", "", "1767225600"}) {
        SetupLinkPatch p;
        p.expires_at = Value<std::string>(text);
        ExpectInvalid(ApplySetupLinkPatch(ActiveLink(), p, kNow), "expires_at");
    }
}

TEST(ApplySetupLinkPatch, ExpiresAtCanBeMoved) {
    SetupLinkPatch p;
    p.expires_at = Value<std::string>("2026-03-01T12:00:00+02:00");
    auto r = ApplySetupLinkPatch(ActiveLink(), p, kNow);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(FormatIso8601(*r->expires_at), "2026-03-01T10:00:00Z");
}

TEST(ApplySetupLinkPatch, ReconnectLinkKeepsItsLockedTypes) {
    SetupLinkCreate in;
    in.reconnect_phone_number = "15551234567";
    auto link = BuildSetupLink(in, {Number("15551234567", PhoneNumberKind::kProduction, true)},
                               kNow - hours(1));
    ASSERT_TRUE(link);
    SetupLinkPatch p;
    p.allowed_connection_types = Value<std::vector<std::string>>({"dedicated"});
    ExpectInvalid(ApplySetupLinkPatch(*link, p, kNow), "allowed_connection_types");
    p.allowed_connection_types = Null<std::vector<std::string>>();
    ExpectInvalid(ApplySetupLinkPatch(*link, p, kNow), "allowed_connection_types");
    p.allowed_connection_types = Value<std::vector<std::string>>({"coexistence"});
    EXPECT_TRUE(ApplySetupLinkPatch(*link, p, kNow));

    p = {};
    p.provision_phone_number = Value(true);
    ExpectInvalid(ApplySetupLinkPatch(*link, p, kNow), "provision_phone_number");
}

}  // namespace
}  // namespace wharf::domain
