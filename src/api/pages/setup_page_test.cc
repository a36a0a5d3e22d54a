#include "api/pages/setup_page.h"

#include <set>

#include <gtest/gtest.h>

namespace wharf::api::pages {
namespace {

using domain::ConnectionType;

bool Has(const std::string& html, std::string_view needle) {
    return html.find(needle) != std::string::npos;
}

size_t Count(const std::string& html, std::string_view needle) {
    size_t n = 0;
    for (size_t at = html.find(needle); at != std::string::npos;
         at = html.find(needle, at + needle.size())) {
        ++n;
    }
    return n;
}

SetupPageView BasicView() {
    SetupPageView v;
    v.form_action = "/whatsapp/setup/abc123";
    v.customer_name = "Acme Corp";
    v.connection_types = {ConnectionType::kCoexistence, ConnectionType::kDedicated};
    return v;
}

// ---- HtmlEscape ----

TEST(HtmlEscape, EscapesTheFiveSpecialCharacters) {
    EXPECT_EQ(HtmlEscape(R"(<a href="x" title='y'>&</a>)"),
              "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
    EXPECT_EQ(HtmlEscape("plain text ñ"), "plain text ñ");
    EXPECT_EQ(HtmlEscape(""), "");
}

// ---- RenderSetupPage ----

TEST(RenderSetupPage, IsACompleteDocumentWithoutScriptsOrExternalAssets) {
    std::string html = RenderSetupPage(BasicView());
    EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
    EXPECT_TRUE(Has(html, "<html lang=\"en\" dir=\"ltr\">"));
    EXPECT_TRUE(Has(html, "<meta charset=\"utf-8\">"));
    EXPECT_TRUE(Has(html, "name=\"viewport\""));
    EXPECT_TRUE(Has(html, "<style>"));
    EXPECT_TRUE(Has(html, "</html>"));
    EXPECT_FALSE(Has(html, "<script"));
    EXPECT_FALSE(Has(html, "<link"));
    EXPECT_FALSE(Has(html, "src=\"http"));
    EXPECT_FALSE(Has(html, "url("));
}

TEST(RenderSetupPage, RendersTheFormWithStableHooks) {
    std::string html = RenderSetupPage(BasicView());
    EXPECT_TRUE(Has(html, "<form method=\"post\" action=\"/whatsapp/setup/abc123\""));
    EXPECT_TRUE(Has(html, "data-testid=\"setup-form\""));
    EXPECT_TRUE(Has(html, "id=\"connection-type-coexistence\""));
    EXPECT_TRUE(Has(html, "data-testid=\"connection-type-coexistence\""));
    EXPECT_TRUE(Has(html, "data-testid=\"connection-type-dedicated\""));
    EXPECT_TRUE(Has(html, "name=\"connection_type\" value=\"coexistence\""));
    EXPECT_TRUE(Has(html, "name=\"connection_type\" value=\"dedicated\""));
    EXPECT_TRUE(Has(html, "<button type=\"submit\""));
    EXPECT_TRUE(Has(html, "data-testid=\"submit\""));
    EXPECT_TRUE(Has(html, "Connect WhatsApp"));
    EXPECT_TRUE(Has(html, "Up to 5 messages per second"));
    EXPECT_TRUE(Has(html, "Up to 1,000 messages per second"));
    EXPECT_TRUE(Has(html, "Acme Corp"));
    EXPECT_FALSE(Has(html, " checked"));  // two choices: the customer picks
    EXPECT_FALSE(Has(html, "error-banner"));
}

TEST(RenderSetupPage, EscapesUserControlledText) {
    SetupPageView v = BasicView();
    v.customer_name = "<script>alert('x')</script> & Co";
    v.form_action = "/setup/\"><script>";
    v.error_message = "<img src=x onerror=alert(1)>";
    v.reconnect_phone_number = "<b>15551234567</b>";
    v.area_code = "<i>";
    v.provision_phone_number = true;
    v.country_isos = {"US", "<x>"};
    std::string html = RenderSetupPage(v);
    EXPECT_FALSE(Has(html, "<script"));
    EXPECT_FALSE(Has(html, "<img"));
    EXPECT_FALSE(Has(html, "<b>"));
    EXPECT_FALSE(Has(html, "<i>"));
    EXPECT_FALSE(Has(html, "<x>"));
    EXPECT_TRUE(Has(html, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Co"));
    EXPECT_TRUE(Has(html, "action=\"/setup/&quot;&gt;&lt;script&gt;\""));
    EXPECT_TRUE(Has(html, "&lt;img src=x onerror=alert(1)&gt;"));
}

TEST(RenderSetupPage, UsesDefaultThemeColours) {
    std::string html = RenderSetupPage(BasicView());
    for (const char* decl :
         {"--primary:#22c55e;", "--primary-foreground:#ffffff;", "--background:#ffffff;",
          "--text:#0f172a;", "--muted-text:#64748b;", "--card:#ffffff;", "--muted:#f1f5f9;",
          "--border:#e2e8f0;", "--secondary:#f1f5f9;", "--secondary-foreground:#0f172a;",
          "--destructive:#ef4444;", "--destructive-foreground:#fef2f2;"}) {
        EXPECT_TRUE(Has(html, decl)) << decl;
    }
}

TEST(RenderSetupPage, ThemeOverridesDefaults) {
    SetupPageView v = BasicView();
    v.theme = domain::ThemeConfig{{"primary_color", "#123ABC"}, {"background_color", "#000000"}};
    std::string html = RenderSetupPage(v);
    EXPECT_TRUE(Has(html, "--primary:#123ABC;"));
    EXPECT_FALSE(Has(html, "--primary:#22c55e;"));
    EXPECT_TRUE(Has(html, "--background:#000000;"));
    EXPECT_TRUE(Has(html, "--card:#000000;"));  // card follows the themed background
    EXPECT_TRUE(Has(html, "--text:#0f172a;"));  // untouched keys keep their default
}

TEST(RenderSetupPage, ExplicitCardColourWins) {
    SetupPageView v = BasicView();
    v.theme = domain::ThemeConfig{{"background_color", "#000000"}, {"card_color", "#111111"}};
    EXPECT_TRUE(Has(RenderSetupPage(v), "--card:#111111;"));
}

TEST(RenderSetupPage, IgnoresThemeValuesThatAreNotColours) {
    SetupPageView v = BasicView();
    v.theme = domain::ThemeConfig{{"primary_color", "red;}</style><script>alert(1)</script>"}};
    std::string html = RenderSetupPage(v);
    EXPECT_FALSE(Has(html, "<script"));
    EXPECT_TRUE(Has(html, "--primary:#22c55e;"));
}

TEST(RenderSetupPage, ArabicIsRightToLeft) {
    SetupPageView v = BasicView();
    v.language = "ar";
    std::string html = RenderSetupPage(v);
    EXPECT_TRUE(Has(html, "<html lang=\"ar\" dir=\"rtl\">"));
    EXPECT_TRUE(Has(html, "ربط واتساب"));
    for (const char* lang : {"en", "es", "pt", "hi", "id"}) {
        v.language = lang;
        EXPECT_TRUE(Has(RenderSetupPage(v), "dir=\"ltr\"")) << lang;
    }
}

TEST(RenderSetupPage, UnknownLanguageFallsBackToEnglish) {
    SetupPageView v = BasicView();
    v.language = "fr";
    std::string html = RenderSetupPage(v);
    EXPECT_TRUE(Has(html, "<html lang=\"en\""));
    EXPECT_TRUE(Has(html, "Connect WhatsApp"));
}

std::string SubmitLabel(const std::string& html) {
    size_t start = html.find("data-testid=\"submit\">");
    EXPECT_NE(start, std::string::npos);
    start += std::string_view("data-testid=\"submit\">").size();
    return html.substr(start, html.find("</button>", start) - start);
}

TEST(RenderSetupPage, EachLanguageHasItsOwnButtonLabel) {
    std::set<std::string> labels;
    std::set<std::string> meta_labels;
    for (const char* lang : {"en", "es", "pt", "hi", "id", "ar"}) {
        SetupPageView v = BasicView();
        v.language = lang;
        std::string html = RenderSetupPage(v);
        EXPECT_TRUE(Has(html, std::string("lang=\"") + lang + "\"")) << lang;
        labels.insert(SubmitLabel(html));
        v.meta_mode = true;
        v.meta_app_id = "123";
        v.meta_config_id = "456";
        meta_labels.insert(SubmitLabel(RenderSetupPage(v)));
    }
    EXPECT_EQ(labels.size(), 6u);
    EXPECT_EQ(meta_labels.size(), 6u);
    EXPECT_TRUE(labels.count("Conectar mi WhatsApp"));
    EXPECT_TRUE(labels.count("Hubungkan WhatsApp saya"));
}

TEST(RenderSetupPage, TranslatesTheChoices) {
    SetupPageView v = BasicView();
    v.language = "es";
    std::string html = RenderSetupPage(v);
    EXPECT_TRUE(Has(html, "¿Cómo usarás este número?"));
    EXPECT_TRUE(Has(html, "Hasta 1.000 mensajes por segundo"));
    EXPECT_FALSE(Has(html, "messages per second"));
    v.language = "hi";
    EXPECT_TRUE(Has(RenderSetupPage(v), "आप इस नंबर का उपयोग कैसे करेंगे?"));
}

TEST(RenderSetupPage, SingleConnectionTypeIsPreselectedAndAlone) {
    SetupPageView v = BasicView();
    v.connection_types = {ConnectionType::kDedicated};
    std::string html = RenderSetupPage(v);
    EXPECT_TRUE(Has(html,
                    "value=\"dedicated\" id=\"connection-type-dedicated\" "
                    "data-testid=\"connection-type-dedicated\" checked>"));
    EXPECT_FALSE(Has(html, "connection-type-coexistence"));
    EXPECT_EQ(Count(html, "type=\"radio\""), 1u);
}

TEST(RenderSetupPage, ErrorBannerOnReRender) {
    SetupPageView v = BasicView();
    v.error_message = "Choose how you will use the number.";
    std::string html = RenderSetupPage(v);
    EXPECT_TRUE(Has(html, "role=\"alert\""));
    EXPECT_TRUE(Has(html, "data-testid=\"error-banner\">Choose how you will use the number.<"));
    EXPECT_TRUE(Has(html, "data-testid=\"setup-form\""));  // the form is still there
}

TEST(RenderSetupPage, ReconnectShowsTheFormattedNumber) {
    SetupPageView v = BasicView();
    v.reconnect_phone_number = "15551234567";
    v.connection_types = {ConnectionType::kCoexistence};
    std::string html = RenderSetupPage(v);
    EXPECT_TRUE(Has(html, "data-testid=\"reconnect\""));
    EXPECT_TRUE(Has(html, "Reconnect <bdi dir=\"ltr\">+1 555-123-4567</bdi>"));
    v.reconnect_phone_number = "447911123456";
    EXPECT_TRUE(Has(RenderSetupPage(v), "+447911123456"));
}

TEST(RenderSetupPage, ProvisioningShowsCountriesWithNames) {
    SetupPageView v = BasicView();
    v.provision_phone_number = true;
    v.country_isos = {"US", "BR"};
    std::string html = RenderSetupPage(v);
    EXPECT_TRUE(Has(html, "data-testid=\"provision\""));
    EXPECT_TRUE(Has(html, "<select name=\"country_iso\""));
    EXPECT_TRUE(Has(html, "<option value=\"US\">United States (+1)</option>"));
    EXPECT_TRUE(Has(html, "<option value=\"BR\">Brazil (+55)</option>"));
}

TEST(RenderSetupPage, ProvisioningInOneCountryWithAreaCode) {
    SetupPageView v = BasicView();
    v.provision_phone_number = true;
    v.country_isos = {"US"};
    v.area_code = "415";
    std::string html = RenderSetupPage(v);
    EXPECT_FALSE(Has(html, "<select"));
    EXPECT_TRUE(Has(html, "United States (+1)"));
    EXPECT_TRUE(Has(html,
                    "name=\"country_iso\" id=\"country-iso\" data-testid=\"country-iso\" "
                    "value=\"US\""));
    EXPECT_TRUE(Has(html, "Area code: <strong>415</strong>"));
}

TEST(RenderSetupPage, NoProvisioningSectionByDefault) {
    EXPECT_FALSE(Has(RenderSetupPage(BasicView()), "data-testid=\"provision\""));
}

TEST(RenderSetupPage, MetaModeWithoutIdsExplainsWhatIsMissing) {
    SetupPageView v = BasicView();
    v.meta_mode = true;
    std::string html = RenderSetupPage(v);
    EXPECT_TRUE(Has(html, "data-testid=\"meta-config-missing\""));
    EXPECT_TRUE(Has(html, "Meta app ID and configuration ID"));
    EXPECT_TRUE(Has(html, "<li><code>--meta-app-id</code>"));
    EXPECT_TRUE(Has(html, "<li><code>--meta-config-id</code>"));
    EXPECT_FALSE(Has(html, "<form"));  // no sandbox form in meta mode

    v.meta_app_id = "1234567890";
    html = RenderSetupPage(v);
    EXPECT_FALSE(Has(html, "<li><code>--meta-app-id</code>"));
    EXPECT_TRUE(Has(html, "<li><code>--meta-config-id</code>"));

    v.meta_app_id.reset();
    v.meta_config_id = "987";
    html = RenderSetupPage(v);
    EXPECT_TRUE(Has(html, "<li><code>--meta-app-id</code>"));
    EXPECT_FALSE(Has(html, "<li><code>--meta-config-id</code>"));

    v.meta_app_id = "";  // empty counts as missing
    EXPECT_TRUE(Has(RenderSetupPage(v), "<li><code>--meta-app-id</code>"));
}

TEST(RenderSetupPage, MetaModeTextIsTranslated) {
    SetupPageView v = BasicView();
    v.meta_mode = true;
    v.language = "pt";
    std::string html = RenderSetupPage(v);
    EXPECT_TRUE(Has(html, "O cadastro da Meta não está configurado"));
    EXPECT_TRUE(Has(html, "--meta-app-id"));
}

TEST(RenderSetupPage, MetaModeWithIdsContinuesToFacebook) {
    SetupPageView v = BasicView();
    v.meta_mode = true;
    v.meta_app_id = "1234567890";
    v.meta_config_id = "987";
    std::string html = RenderSetupPage(v);
    EXPECT_FALSE(Has(html, "meta-config-missing"));
    EXPECT_TRUE(Has(html, "data-mode=\"meta\""));
    EXPECT_EQ(SubmitLabel(html), "Continue with Facebook");
    EXPECT_FALSE(Has(html, "Sandbox"));
}

TEST(RenderSetupPage, SandboxModeSaysSo) {
    std::string html = RenderSetupPage(BasicView());
    EXPECT_TRUE(Has(html, "data-mode=\"sandbox\""));
    EXPECT_TRUE(Has(html, "Sandbox: no Meta account is needed."));
}

// ---- RenderSetupResult ----

TEST(RenderSetupResult, SuccessShowsTheConnectedNumber) {
    SetupResultView v;
    v.success = true;
    v.display_phone_number = "+1 555-123-4567";
    v.phone_number_id = "106540352242922";
    v.business_account_id = "102290129340398";
    std::string html = RenderSetupResult(v);
    EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
    EXPECT_TRUE(Has(html, "data-testid=\"result-success\""));
    EXPECT_FALSE(Has(html, "result-error"));
    EXPECT_TRUE(Has(html, "WhatsApp is connected"));
    EXPECT_TRUE(Has(html, "data-testid=\"phone-number-id\">106540352242922</code>"));
    EXPECT_TRUE(Has(html, "102290129340398"));
    EXPECT_TRUE(Has(html, "+1 555-123-4567"));
    EXPECT_FALSE(Has(html, "<script"));
}

TEST(RenderSetupResult, SuccessIsTranslatedAndThemed) {
    SetupResultView v;
    v.success = true;
    v.language = "ar";
    v.theme = domain::ThemeConfig{{"primary_color", "#0000ff"}};
    std::string html = RenderSetupResult(v);
    EXPECT_TRUE(Has(html, "dir=\"rtl\""));
    EXPECT_TRUE(Has(html, "تم ربط واتساب"));
    EXPECT_TRUE(Has(html, "--primary:#0000ff;"));
}

TEST(RenderSetupResult, EachErrorCodeHasItsMessage) {
    struct Case {
        const char* code;
        const char* title;
    };
    for (const Case& c : {Case{"link_expired", "This link has expired"},
                          Case{"already_used", "This link was already used"},
                          Case{"link_revoked", "This link was cancelled"},
                          Case{"link_not_found", "This link is not valid"},
                          Case{"facebook_auth_failed", "WhatsApp could not be connected"},
                          Case{"phone_verification_failed", "WhatsApp could not be connected"},
                          Case{"waba_limit_reached", "WhatsApp could not be connected"},
                          Case{"token_exchange_failed", "WhatsApp could not be connected"}}) {
        SetupResultView v;
        v.error_code = c.code;
        std::string html = RenderSetupResult(v);
        EXPECT_TRUE(Has(html, "data-testid=\"result-error\"")) << c.code;
        EXPECT_FALSE(Has(html, "result-success")) << c.code;
        EXPECT_TRUE(Has(html, std::string("data-testid=\"error-code\">") + c.code + "</code>"))
            << c.code;
        EXPECT_TRUE(Has(html, std::string("<h1>") + c.title + "</h1>")) << c.code;
    }
}

TEST(RenderSetupResult, ErrorMessagesAreTranslated) {
    SetupResultView v;
    v.error_code = "link_expired";
    v.language = "es";
    EXPECT_TRUE(Has(RenderSetupResult(v), "Este enlace ha caducado"));
    v.language = "id";
    EXPECT_TRUE(Has(RenderSetupResult(v), "Tautan ini sudah kedaluwarsa"));
    v.error_code = "already_used";
    v.language = "hi";
    EXPECT_TRUE(Has(RenderSetupResult(v), "यह लिंक पहले ही इस्तेमाल हो चुका है"));
}

TEST(RenderSetupResult, EscapesErrorCodeAndIds) {
    SetupResultView v;
    v.error_code = "<script>x</script>";
    std::string html = RenderSetupResult(v);
    EXPECT_FALSE(Has(html, "<script"));
    EXPECT_TRUE(Has(html, "&lt;script&gt;x&lt;/script&gt;"));

    SetupResultView ok;
    ok.success = true;
    ok.phone_number_id = "\"><script>";
    EXPECT_FALSE(Has(RenderSetupResult(ok), "<script"));
}

TEST(RenderSetupResult, FailureWithoutCodeIsGeneric) {
    std::string html = RenderSetupResult({});
    EXPECT_TRUE(Has(html, "data-testid=\"result-error\""));
    EXPECT_TRUE(Has(html, "WhatsApp could not be connected"));
    EXPECT_FALSE(Has(html, "error-code"));
}

TEST(Translations, NoLanguageLeavesAStringEmptyOrEnglish) {
    for (const char* lang : {"en", "es", "pt", "hi", "id", "ar"}) {
        std::string all;
        SetupPageView v = BasicView();
        v.language = lang;
        v.provision_phone_number = true;
        v.country_isos = {"US", "MX"};
        v.area_code = "415";
        v.reconnect_phone_number = "15551234567";
        v.error_message = "x";
        all += RenderSetupPage(v);
        v.country_isos = {"US"};
        all += RenderSetupPage(v);
        v.meta_mode = true;
        all += RenderSetupPage(v);
        v.meta_app_id = "1";
        v.meta_config_id = "2";
        all += RenderSetupPage(v);
        v.customer_name.clear();
        all += RenderSetupPage(v);
        SetupResultView r;
        r.language = lang;
        for (const char* code : {"link_expired", "already_used", "link_revoked", "link_not_found",
                                 "waba_limit_reached"}) {
            r.error_code = code;
            all += RenderSetupResult(r);
        }
        r.success = true;
        r.display_phone_number = "+1 555-123-4567";
        r.phone_number_id = "1";
        r.business_account_id = "2";
        all += RenderSetupResult(r);

        for (const char* empty :
             {"<title></title>", "<h1></h1>", "<h2></h2>", "<p></p>", "\"lead\"></p>",
              "\"note\"></p>", "<legend></legend>", "\"></button>", "\"choice-title\"></span>",
              "\"choice-desc\"></span>", "<dt></dt>", "<strong></strong>", "\">: ", " ()", "{name}",
              "{number}"}) {
            EXPECT_FALSE(Has(all, empty)) << lang << ": " << empty;
        }
        if (std::string_view(lang) != "en") {
            for (const char* english :
                 {"Connect WhatsApp", "messages per second", "How will you use", "Reconnect",
                  "Missing:", "Meta app ID", "has expired", "already used", "Phone number",
                  "Error code", "could not be connected", "Country", "Area code"}) {
                EXPECT_FALSE(Has(all, english)) << lang << ": " << english;
            }
        }
    }
}

// ---- PickLanguage ----

TEST(PickLanguage, LinkLanguageWins) {
    EXPECT_EQ(PickLanguage(std::string("pt"), "es-MX,es;q=0.9"), "pt");
    EXPECT_EQ(PickLanguage(std::string("ar"), ""), "ar");
}

TEST(PickLanguage, UnsupportedLinkLanguageIsIgnored) {
    EXPECT_EQ(PickLanguage(std::string("fr"), "es"), "es");
}

TEST(PickLanguage, UsesTheAcceptLanguageHeader) {
    EXPECT_EQ(PickLanguage(std::nullopt, "es-MX,es;q=0.9,en;q=0.8"), "es");
    EXPECT_EQ(PickLanguage(std::nullopt, "pt-BR"), "pt");
    EXPECT_EQ(PickLanguage(std::nullopt, "hi-IN, en;q=0.5"), "hi");
    EXPECT_EQ(PickLanguage(std::nullopt, "AR-eg"), "ar");
    EXPECT_EQ(PickLanguage(std::nullopt, "id"), "id");
}

TEST(PickLanguage, SkipsUnsupportedLanguages) {
    EXPECT_EQ(PickLanguage(std::nullopt, "fr-FR,fr;q=0.9,id;q=0.7,en;q=0.5"), "id");
    EXPECT_EQ(PickLanguage(std::nullopt, "de,ja"), "en");
}

TEST(PickLanguage, HonoursQValues) {
    EXPECT_EQ(PickLanguage(std::nullopt, "en;q=0.3, es;q=0.8"), "es");
    EXPECT_EQ(PickLanguage(std::nullopt, "es;q=0.5,pt;q=0.5"), "es");  // ties: first wins
    EXPECT_EQ(PickLanguage(std::nullopt, "es;q=0,de"), "en");          // q=0: not acceptable
    EXPECT_EQ(PickLanguage(std::nullopt, "pt;q=1.0,es"), "pt");
    EXPECT_EQ(PickLanguage(std::nullopt, "es;q=abc,pt;q=0.2"), "pt");  // malformed q skipped
}

TEST(PickLanguage, DefaultsToEnglish) {
    EXPECT_EQ(PickLanguage(std::nullopt, ""), "en");
    EXPECT_EQ(PickLanguage(std::nullopt, "*"), "en");
    EXPECT_EQ(PickLanguage(std::nullopt, ",,;"), "en");
}

}  // namespace
}  // namespace wharf::api::pages
