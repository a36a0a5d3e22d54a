#include "domain/setup_link/setup_link_rules.h"

#include <algorithm>
#include <array>
#include <string_view>

#include "base/time_format.h"
#include "domain/phone_number/country.h"

namespace wharf::domain {
namespace {

inline constexpr size_t kMaxUrlLength = 2048;

inline constexpr std::array<std::string_view, 12> kThemeKeys = {
    "primary_color",     "primary_foreground_color",
    "background_color",  "text_color",
    "muted_text_color",  "card_color",
    "muted_color",       "border_color",
    "secondary_color",   "secondary_foreground_color",
    "destructive_color", "destructive_foreground_color",
};

inline constexpr std::array<std::string_view, 6> kLanguages = {"en", "es", "pt", "hi", "id", "ar"};

Error Invalid(std::string_view name, std::string message) {
    return Error::InvalidArgument(std::move(message)).WithField("setup_link." + std::string(name));
}

Error BadState(std::string_view name, std::string message) {
    return Error::FailedPrecondition(std::move(message))
        .WithField("setup_link." + std::string(name));
}

char Lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool IsDigit(char c) {
    return c >= '0' && c <= '9';
}

bool IsHexDigit(char c) {
    return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

std::string ToLower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), Lower);
    return out;
}

std::string Quoted(std::string_view s) {
    std::string out;  // not "'" + ...: GCC 12 reports a false -Wrestrict on that at -O2
    out.reserve(s.size() + 2);
    out += '\'';
    out.append(s);
    out += '\'';
    return out;
}

// The parts of an absolute http(s) URL that the rules look at.
struct HttpUrl {
    std::string scheme;  // "http" | "https", lower case
    std::string host;    // lower case; IPv6 literals keep their brackets
    std::string port;    // digits, or empty
    std::string rest;    // path, query and fragment ("" or starting with '/', '?' or '#')
    bool has_userinfo = false;
};

// A small pure URL check, not a full RFC 3986 parser: scheme http/https, a non-empty host of
// letters, digits, '-', '.', '_' (or non-ASCII, for IDNs) or a bracketed IPv6 literal, an optional
// port of 1..65535, no white space, control characters or characters that are never legal
// unencoded in a URL (which also keeps the value harmless when echoed into HTML).
std::optional<HttpUrl> ParseHttpUrl(std::string_view s) {
    if (s.empty() || s.size() > kMaxUrlLength) {
        return std::nullopt;
    }
    for (char c : s) {
        auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u == 0x7f ||
            std::string_view("\"<>\\^`{|}").find(c) != std::string_view::npos) {
            return std::nullopt;
        }
    }
    size_t colon = s.find("://");
    if (colon == std::string_view::npos) {
        return std::nullopt;
    }
    HttpUrl url;
    url.scheme = ToLower(s.substr(0, colon));
    if (url.scheme != "http" && url.scheme != "https") {
        return std::nullopt;
    }
    std::string_view after = s.substr(colon + 3);
    size_t end = after.find_first_of("/?#");
    std::string_view authority = after.substr(0, end);
    url.rest = end == std::string_view::npos ? "" : std::string(after.substr(end));
    size_t at = authority.rfind('@');
    if (at != std::string_view::npos) {
        url.has_userinfo = true;
        authority = authority.substr(at + 1);
    }
    std::string_view host = authority;
    std::string_view port;
    if (!authority.empty() && authority.front() == '[') {
        size_t close = authority.find(']');
        if (close == std::string_view::npos || close == 1) {
            return std::nullopt;
        }
        for (char c : authority.substr(1, close - 1)) {
            if (!IsHexDigit(c) && c != ':' && c != '.') {
                return std::nullopt;
            }
        }
        host = authority.substr(0, close + 1);
        std::string_view tail = authority.substr(close + 1);
        if (!tail.empty()) {
            if (tail.front() != ':') {
                return std::nullopt;
            }
            port = tail.substr(1);
            if (port.empty()) {
                return std::nullopt;
            }
        }
    } else {
        size_t pc = authority.find(':');
        if (pc != std::string_view::npos) {
            host = authority.substr(0, pc);
            port = authority.substr(pc + 1);
            if (port.empty()) {
                return std::nullopt;
            }
        }
        for (char c : host) {
            bool ok = IsDigit(c) || (Lower(c) >= 'a' && Lower(c) <= 'z') || c == '-' || c == '.' ||
                      c == '_' || static_cast<unsigned char>(c) >= 0x80;
            if (!ok) {
                return std::nullopt;
            }
        }
        if (host.empty() || host.front() == '.' || host.find("..") != std::string_view::npos) {
            return std::nullopt;
        }
    }
    if (!port.empty()) {
        if (port.size() > 5 || !std::all_of(port.begin(), port.end(), IsDigit)) {
            return std::nullopt;
        }
        long value = 0;
        for (char c : port) {
            value = value * 10 + (c - '0');
        }
        if (value < 1 || value > 65535) {
            return std::nullopt;
        }
    }
    url.host = ToLower(host);
    url.port = std::string(port);
    return url;
}

Result<void> CheckRedirectUrl(std::string_view name, const std::string& url) {
    if (url.size() > kMaxUrlLength) {
        return Fail(Invalid(name, std::string(name) + " is too long (maximum is 2048 characters)"));
    }
    if (!ParseHttpUrl(url)) {
        return Fail(Invalid(name, std::string(name) +
                                      " must be an absolute http or https URL with a host, "
                                      "e.g. https://example.com/done"));
    }
    return {};
}

bool IsLoopbackHost(const std::string& host) {
    return host == "localhost" || host == "127.0.0.1" || host == "[::1]";
}

// Origins are compared with the browser's Origin header, which is always lower-case
// "scheme://host[:port]" without a default port, so they are stored in that form (a single
// trailing '/' is dropped).
Result<std::vector<std::string>> NormalizeOrigins(const std::vector<std::string>& origins) {
    std::vector<std::string> out;
    for (const auto& text : origins) {
        auto bad = [&](const std::string& why) {
            return Fail(Invalid("allowed_origins",
                                "allowed_origins entry " + Quoted(text) + " is not valid: " + why));
        };
        auto url = ParseHttpUrl(text);
        if (!url) {
            return bad("expected an origin like https://app.example.com");
        }
        if (url->has_userinfo) {
            return bad("an origin has no user name or password");
        }
        if (!url->rest.empty() && url->rest != "/") {
            return bad("an origin is scheme://host[:port] with no path, query or fragment");
        }
        if (url->scheme != "https" && !IsLoopbackHost(url->host)) {
            return bad("origins must use https (http is allowed only for localhost)");
        }
        std::string origin = url->scheme + "://" + url->host;
        bool default_port = (url->scheme == "https" && url->port == "443") ||
                            (url->scheme == "http" && url->port == "80");
        if (!url->port.empty() && !default_port) {  // browsers leave default ports out
            origin += ':';
            origin += url->port;
        }
        if (std::find(out.begin(), out.end(), origin) != out.end()) {
            return Fail(
                Invalid("allowed_origins", "allowed_origins lists " + Quoted(origin) + " twice"));
        }
        out.push_back(std::move(origin));
    }
    return out;
}

Result<std::vector<ConnectionType>> ParseConnectionTypes(const std::vector<std::string>& names) {
    if (names.empty()) {
        return Fail(
            Invalid("allowed_connection_types",
                    "allowed_connection_types can't be empty (use coexistence, dedicated or "
                    "both)"));
    }
    std::vector<ConnectionType> out;
    for (const auto& name : names) {
        auto type = ParseConnectionType(name);
        if (!type) {
            return Fail(Invalid("allowed_connection_types",
                                "allowed_connection_types has an unknown type " + Quoted(name) +
                                    " (allowed: coexistence, dedicated)"));
        }
        if (std::find(out.begin(), out.end(), *type) != out.end()) {
            return Fail(Invalid("allowed_connection_types",
                                "allowed_connection_types lists " + Quoted(name) + " twice"));
        }
        out.push_back(*type);
    }
    return out;
}

Result<MetaBillingMode> CheckBillingMode(const std::string& name) {
    auto mode = ParseMetaBillingMode(name);
    if (!mode) {
        return Fail(Invalid("meta_billing_mode",
                            "meta_billing_mode must be customer_managed or "
                            "partner_managed, not " +
                                Quoted(name)));
    }
    return *mode;
}

bool IsHexColor(const std::string& s) {
    return s.size() == 7 && s[0] == '#' && std::all_of(s.begin() + 1, s.end(), IsHexDigit);
}

Result<ThemeConfig> CheckTheme(const std::map<std::string, std::string>& theme) {
    for (const auto& [key, value] : theme) {
        if (std::find(kThemeKeys.begin(), kThemeKeys.end(), key) == kThemeKeys.end()) {
            return Fail(Invalid("theme_config",
                                "theme_config has an unknown key " + Quoted(key) +
                                    " (allowed: primary_color, primary_foreground_color, "
                                    "background_color, text_color, muted_text_color, card_color, "
                                    "muted_color, border_color, secondary_color, "
                                    "secondary_foreground_color, destructive_color, "
                                    "destructive_foreground_color)"));
        }
        if (!IsHexColor(value)) {
            return Fail(Invalid("theme_config", "theme_config." + key +
                                                    " must be a hex colour like #22c55e, not " +
                                                    Quoted(value)));
        }
    }
    return theme;
}

Result<std::vector<std::string>> CheckCountries(const std::vector<std::string>& isos) {
    if (isos.empty()) {
        return Fail(Invalid("phone_number_country_isos",
                            "phone_number_country_isos can't be empty (e.g. [\"US\"])"));
    }
    for (size_t i = 0; i < isos.size(); ++i) {
        const auto& iso = isos[i];
        bool upper2 = iso.size() == 2 && std::all_of(iso.begin(), iso.end(),
                                                     [](char c) { return c >= 'A' && c <= 'Z'; });
        if (!upper2) {
            return Fail(Invalid("phone_number_country_isos",
                                "phone_number_country_isos must hold upper-case two-letter ISO "
                                "3166-1 codes like \"US\", not " +
                                    Quoted(iso)));
        }
        if (FindCountry(iso) == nullptr) {
            return Fail(
                Invalid("phone_number_country_isos",
                        "phone_number_country_isos has an unknown country code " + Quoted(iso)));
        }
        if (std::find(isos.begin(), isos.begin() + static_cast<long>(i), iso) !=
            isos.begin() + static_cast<long>(i)) {
            return Fail(Invalid("phone_number_country_isos",
                                "phone_number_country_isos lists " + Quoted(iso) + " twice"));
        }
    }
    return isos;
}

Result<void> CheckAreaCodeForm(const std::string& code) {
    bool ok = code.size() == 3 && std::all_of(code.begin(), code.end(), IsDigit) && code[0] >= '2';
    if (!ok) {
        return Fail(Invalid("phone_number_area_code",
                            "phone_number_area_code must be a US area code of 3 digits not "
                            "starting with 0 or 1, e.g. \"415\", not " +
                                Quoted(code)));
    }
    return {};
}

Result<void> CheckLanguage(const std::string& language) {
    if (std::find(kLanguages.begin(), kLanguages.end(), language) == kLanguages.end()) {
        return Fail(Invalid(
            "language", "language must be one of en, es, pt, hi, id, ar, not " + Quoted(language)));
    }
    return {};
}

std::string TypeList(const std::vector<ConnectionType>& types) {
    std::string out = "[";
    for (size_t i = 0; i < types.size(); ++i) {
        out += (i ? ", \"" : "\"") + std::string(ConnectionTypeName(types[i])) + "\"";
    }
    return out + "]";
}

// Rules that tie fields together; run on the finished link by both create and patch.
Result<void> CheckCombination(const SetupLink& link) {
    if (link.phone_number_area_code) {
        bool only_us = std::all_of(link.phone_number_country_isos.begin(),
                                   link.phone_number_country_isos.end(),
                                   [](const std::string& iso) { return iso == "US"; });
        if (!only_us) {
            return Fail(Invalid("phone_number_area_code",
                                "phone_number_area_code is supported only for US numbers: set "
                                "phone_number_country_isos to [\"US\"] or drop the area code"));
        }
    }
    if (link.reconnect_phone_number && link.provision_phone_number) {
        return Fail(Invalid("provision_phone_number",
                            "provision_phone_number must be false when reconnect_phone_number is "
                            "set (a reconnect keeps the existing number)"));
    }
    return {};
}

// The existing number a reconnect link targets: a production number of the customer whose
// digits match. Sandbox numbers are never reconnected.
Result<const PhoneNumber*> FindReconnectTarget(const std::string& digits,
                                               const std::vector<PhoneNumber>& numbers) {
    bool sandbox_match = false;
    for (const auto& number : numbers) {
        std::optional<std::string> have = number.display_phone_number_normalized;
        if (!have && number.display_phone_number) {
            have = NormalizePhoneDigits(*number.display_phone_number);
        }
        if (!have || *have != digits) {
            continue;
        }
        if (number.kind == PhoneNumberKind::kSandbox) {
            sandbox_match = true;
            continue;
        }
        return &number;
    }
    return Fail(Invalid("reconnect_phone_number",
                        sandbox_match
                            ? "reconnect_phone_number " + digits +
                                  " is a sandbox number; only production numbers can be reconnected"
                            : "reconnect_phone_number " + digits +
                                  " does not match any production WhatsApp number of this "
                                  "customer"));
}

}  // namespace

std::optional<std::string> NormalizePhoneDigits(const std::string& text) {
    std::string digits;
    for (char c : text) {
        if (IsDigit(c)) {
            digits += c;
        } else if (std::string_view(" +-().\t").find(c) == std::string_view::npos) {
            return std::nullopt;  // letters and the like: not a phone number we should guess at
        }
    }
    if (digits.size() < 8 || digits.size() > 15) {
        return std::nullopt;
    }
    return digits;
}

Result<SetupLink> BuildSetupLink(const SetupLinkCreate& in,
                                 const std::vector<PhoneNumber>& customer_numbers, Timestamp now) {
    SetupLink link;
    link.status = SetupLinkStatus::kActive;
    link.whatsapp_setup_status = SetupStatus::kPending;
    link.created_at = now;
    link.updated_at = now;
    link.expires_at = now + kSetupLinkLifetime;

    if (in.success_redirect_url) {
        WHARF_TRY(CheckRedirectUrl("success_redirect_url", *in.success_redirect_url));
        link.success_redirect_url = in.success_redirect_url;
    }
    if (in.failure_redirect_url) {
        WHARF_TRY(CheckRedirectUrl("failure_redirect_url", *in.failure_redirect_url));
        link.failure_redirect_url = in.failure_redirect_url;
    }
    if (in.allowed_origins) {
        WHARF_ASSIGN_OR_RETURN(link.allowed_origins, NormalizeOrigins(*in.allowed_origins));
    }
    link.provision_phone_number = in.provision_phone_number.value_or(false);
    if (in.phone_number_area_code) {
        WHARF_TRY(CheckAreaCodeForm(*in.phone_number_area_code));
        link.phone_number_area_code = in.phone_number_area_code;
    }
    if (in.allowed_connection_types) {
        WHARF_ASSIGN_OR_RETURN(link.allowed_connection_types,
                               ParseConnectionTypes(*in.allowed_connection_types));
    }
    if (in.meta_billing_mode) {
        WHARF_ASSIGN_OR_RETURN(link.meta_billing_mode, CheckBillingMode(*in.meta_billing_mode));
    }
    if (in.theme_config) {
        WHARF_ASSIGN_OR_RETURN(link.theme_config, CheckTheme(*in.theme_config));
    }
    if (in.phone_number_country_isos) {
        WHARF_ASSIGN_OR_RETURN(link.phone_number_country_isos,
                               CheckCountries(*in.phone_number_country_isos));
    }
    if (in.language) {
        WHARF_TRY(CheckLanguage(*in.language));
        link.language = in.language;
    }
    if (in.reconnect_phone_number) {
        link.reconnect_phone_number = NormalizePhoneDigits(*in.reconnect_phone_number);
        if (!link.reconnect_phone_number) {
            return Fail(Invalid("reconnect_phone_number",
                                "reconnect_phone_number must be a phone number of 8 to 15 digits "
                                "in international form, e.g. +1 555 123 4567"));
        }
    }
    WHARF_TRY(CheckCombination(link));  // before the lookup: provision=true is refused first
    if (link.reconnect_phone_number) {
        WHARF_ASSIGN_OR_RETURN(const PhoneNumber* target,
                               FindReconnectTarget(*link.reconnect_phone_number, customer_numbers));
        std::vector<ConnectionType> locked{target->is_coexistence ? ConnectionType::kCoexistence
                                                                  : ConnectionType::kDedicated};
        if (in.allowed_connection_types && link.allowed_connection_types != locked) {
            return Fail(Invalid("allowed_connection_types",
                                "allowed_connection_types must be " + TypeList(locked) +
                                    " to match the existing number being reconnected (or be "
                                    "omitted)"));
        }
        link.allowed_connection_types = std::move(locked);
    }
    return link;
}

Result<SetupLink> ApplySetupLinkPatch(const SetupLink& link, const SetupLinkPatch& patch,
                                      Timestamp now) {
    bool any = patch.success_redirect_url.present() || patch.failure_redirect_url.present() ||
               patch.allowed_origins.present() || patch.provision_phone_number.present() ||
               patch.phone_number_area_code.present() || patch.expires_at.present() ||
               patch.status.present() || patch.allowed_connection_types.present() ||
               patch.theme_config.present() || patch.phone_number_country_isos.present() ||
               patch.language.present();
    if (!any) {
        return link;
    }
    if (link.status == SetupLinkStatus::kUsed) {
        return Fail(
            BadState("status", "this setup link has been used and can no longer be changed"));
    }
    SetupLink out = link;
    out.updated_at = now;

    if (patch.success_redirect_url.has_value()) {
        WHARF_TRY(CheckRedirectUrl("success_redirect_url", patch.success_redirect_url.value));
    }
    if (patch.success_redirect_url.present()) {
        out.success_redirect_url = patch.success_redirect_url.AsOptional();
    }
    if (patch.failure_redirect_url.has_value()) {
        WHARF_TRY(CheckRedirectUrl("failure_redirect_url", patch.failure_redirect_url.value));
    }
    if (patch.failure_redirect_url.present()) {
        out.failure_redirect_url = patch.failure_redirect_url.AsOptional();
    }
    if (patch.allowed_origins.is_null()) {
        out.allowed_origins.clear();
    } else if (patch.allowed_origins.has_value()) {
        WHARF_ASSIGN_OR_RETURN(out.allowed_origins, NormalizeOrigins(patch.allowed_origins.value));
    }
    if (patch.provision_phone_number.present()) {
        out.provision_phone_number = patch.provision_phone_number.AsOptional().value_or(false);
    }
    if (patch.phone_number_area_code.has_value()) {
        WHARF_TRY(CheckAreaCodeForm(patch.phone_number_area_code.value));
    }
    if (patch.phone_number_area_code.present()) {
        out.phone_number_area_code = patch.phone_number_area_code.AsOptional();
    }
    if (patch.allowed_connection_types.is_null()) {
        out.allowed_connection_types = SetupLink{}.allowed_connection_types;
    } else if (patch.allowed_connection_types.has_value()) {
        WHARF_ASSIGN_OR_RETURN(out.allowed_connection_types,
                               ParseConnectionTypes(patch.allowed_connection_types.value));
    }
    if (link.reconnect_phone_number &&
        out.allowed_connection_types != link.allowed_connection_types) {
        return Fail(Invalid("allowed_connection_types",
                            "allowed_connection_types is locked to " +
                                TypeList(link.allowed_connection_types) +
                                " because this link reconnects an existing number"));
    }
    if (patch.theme_config.is_null()) {
        out.theme_config.reset();
    } else if (patch.theme_config.has_value()) {
        WHARF_ASSIGN_OR_RETURN(out.theme_config, CheckTheme(patch.theme_config.value));
    }
    if (patch.phone_number_country_isos.is_null()) {
        out.phone_number_country_isos = SetupLink{}.phone_number_country_isos;
    } else if (patch.phone_number_country_isos.has_value()) {
        WHARF_ASSIGN_OR_RETURN(out.phone_number_country_isos,
                               CheckCountries(patch.phone_number_country_isos.value));
    }
    if (patch.language.has_value()) {
        WHARF_TRY(CheckLanguage(patch.language.value));
    }
    if (patch.language.present()) {
        out.language = patch.language.AsOptional();
    }

    std::optional<Timestamp> new_expiry;
    if (patch.expires_at.has_value()) {
        auto parsed = ParseIso8601(patch.expires_at.value);
        if (!parsed) {
            return Fail(Invalid("expires_at",
                                "expires_at must be an ISO 8601 time like 2025-01-15T10:00:00Z, "
                                "not " +
                                    Quoted(patch.expires_at.value)));
        }
        new_expiry = *parsed;
    }
    if (patch.expires_at.present()) {
        out.expires_at = new_expiry;
    }

    if (patch.status.is_null()) {
        return Fail(Invalid("status", "status can't be null"));
    }
    if (patch.status.has_value()) {
        auto target = ParseSetupLinkStatus(patch.status.value);
        if (!target) {
            return Fail(Invalid("status", "status must be one of active, expired, revoked, not " +
                                              Quoted(patch.status.value)));
        }
        if (*target == SetupLinkStatus::kUsed) {
            return Fail(Invalid("status",
                                "status can't be set to used: a link becomes used only "
                                "when a customer completes the setup"));
        }
        SetupLinkStatus current = EffectiveStatus(link, now);
        if (*target == current) {
            // Asking for the status the link already has changes nothing (an active link past its
            // expiry is stored as expired from now on).
            out.status = *target;
        } else if (*target == SetupLinkStatus::kActive) {
            // Reactivating a revoked or expired link: it must not be born expired.
            if (new_expiry && *new_expiry <= now) {
                return Fail(Invalid("expires_at",
                                    "expires_at must be in the future to reactivate the link"));
            }
            if (!patch.expires_at.present() && out.expires_at && *out.expires_at <= now) {
                out.expires_at = now + kSetupLinkLifetime;
            }
            out.status = SetupLinkStatus::kActive;
        } else if (current == SetupLinkStatus::kActive) {
            out.status = *target;
        } else {
            return Fail(BadState("status", std::string("a ") + SetupLinkStatusName(current) +
                                               " link can't become " +
                                               SetupLinkStatusName(*target) +
                                               "; only an active link can be expired or revoked"));
        }
    }
    WHARF_TRY(CheckCombination(out));
    return out;
}

}  // namespace wharf::domain
