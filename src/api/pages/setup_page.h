#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/setup_link/setup_link.h"

namespace wharf::api::pages {

// What the hosted onboarding page shows for one setup link. The HTTP handler fills it from the
// link and the server's mode; RenderSetupPage turns it into a complete HTML5 document (inline CSS,
// no scripts, every user-controlled string escaped).
struct SetupPageView {
    std::string form_action;  // URL the form POSTs to (the page's own URL)
    std::string customer_name;
    std::string language = "en";               // en|es|pt|hi|id|ar; ar is right-to-left
    std::optional<domain::ThemeConfig> theme;  // colours override Kapso's defaults
    std::vector<domain::ConnectionType>
        connection_types;  // one entry: preselected, the only choice
    bool provision_phone_number = false;
    std::vector<std::string> country_isos;  // shown with country names when provisioning
    std::optional<std::string> area_code;
    std::optional<std::string> reconnect_phone_number;  // shown as "Reconnect +1 555…" when set
    bool meta_mode = false;  // real Meta embedded signup instead of the sandbox
    std::optional<std::string> meta_app_id, meta_config_id;  // in meta mode: what is missing
    std::optional<std::string> error_message;                // re-render with an error banner
};

// The setup form. Form fields posted back: `connection_type` (coexistence|dedicated) and, when
// provisioning, `country_iso`. Stable hooks for browser tests: ids/data-testids `setup-form`,
// `connection-type-coexistence`, `connection-type-dedicated`, `submit`, `error-banner`,
// `reconnect`, `provision`, `country-iso`, `meta-config-missing`.
std::string RenderSetupPage(const SetupPageView& v);

// The page after a setup attempt, or instead of the form for a link that can no longer be used.
struct SetupResultView {
    std::string language = "en";
    std::optional<domain::ThemeConfig> theme;
    bool success = false;
    std::optional<std::string> error_code;  // link_expired, already_used, link_revoked, ...
    std::optional<std::string> display_phone_number, phone_number_id, business_account_id;
};

// The "connected" page (`result-success`, `phone-number-id`) or an error page (`result-error`,
// `error-code`) with a message for the code: link_expired, already_used, link_revoked,
// link_not_found; any other code gets a generic "could not be connected" message.
std::string RenderSetupResult(const SetupResultView& v);

// Picks the page language: the link's language if set (and supported), else the supported
// language with the highest q-value in an Accept-Language header ("es-MX,es;q=0.9,en;q=0.8" ->
// "es"; ties go to the earlier entry), else "en".
std::string PickLanguage(const std::optional<std::string>& link_language,
                         std::string_view accept_language);

// Escapes & < > " ' for use in HTML text and quoted attribute values.
std::string HtmlEscape(std::string_view s);

}  // namespace wharf::api::pages
