#include "api/json/setup_link_json.h"

#include "base/json.h"
#include "base/time_format.h"

namespace wharf::api {

namespace bj = boost::json;

std::string SetupLinkUrl(const std::string& public_url, const domain::SetupLink& l) {
    return public_url + "/whatsapp/setup/" + l.slug;
}

bj::object SetupLinkToJson(const domain::SetupLink& l, const std::string& public_url) {
    bj::array types;
    for (auto t : l.allowed_connection_types) {
        types.emplace_back(domain::ConnectionTypeName(t));
    }
    bj::array origins(l.allowed_origins.begin(), l.allowed_origins.end());
    bj::array isos(l.phone_number_country_isos.begin(), l.phone_number_country_isos.end());
    bj::value theme = nullptr;
    if (l.theme_config) {
        bj::object t;
        for (const auto& [k, v] : *l.theme_config) {
            t[k] = v;
        }
        theme = std::move(t);
    }
    bj::value provisioned = nullptr;
    if (l.provisioned_phone_number) {
        const auto& p = *l.provisioned_phone_number;
        provisioned = bj::object{{"id", p.id},
                                 {"phone_number", p.phone_number},
                                 {"status", p.status},
                                 {"area_code", json::OrNull(p.area_code)},
                                 {"country_iso", p.country_iso},
                                 {"country_dial_code", p.country_dial_code},
                                 {"display_number", json::OrNull(p.display_number)}};
    }
    return bj::object{
        {"id", l.id.value()},
        {"status", domain::SetupLinkStatusName(l.status)},
        {"created_at", FormatIso8601(l.created_at)},
        {"updated_at", FormatIso8601(l.updated_at)},
        {"expires_at", l.expires_at ? bj::value(FormatIso8601(*l.expires_at)) : bj::value(nullptr)},
        {"url", SetupLinkUrl(public_url, l)},
        {"customer_id", l.customer_id.value()},
        {"success_redirect_url", json::OrNull(l.success_redirect_url)},
        {"failure_redirect_url", json::OrNull(l.failure_redirect_url)},
        {"allowed_origins", std::move(origins)},
        {"allowed_connection_types", std::move(types)},
        {"meta_billing_mode", domain::MetaBillingModeName(l.meta_billing_mode)},
        {"provision_phone_number", l.provision_phone_number},
        {"phone_number_area_code", json::OrNull(l.phone_number_area_code)},
        {"phone_number_country_isos", std::move(isos)},
        {"reconnect_phone_number", json::OrNull(l.reconnect_phone_number)},
        {"theme_config", std::move(theme)},
        {"language", json::OrNull(l.language)},
        {"whatsapp_setup_status", domain::SetupStatusName(l.whatsapp_setup_status)},
        {"whatsapp_setup_error", json::OrNull(l.whatsapp_setup_error)},
        {"provisioned_phone_number", std::move(provisioned)},
        {"phone_number_id",
         l.phone_number_id ? bj::value(l.phone_number_id->value()) : bj::value(nullptr)},
    };
}

namespace {

// theme_config: an object of strings (colours are checked by the domain rules).
Result<Field<std::map<std::string, std::string>>> ReadTheme(const json::ObjectReader& r,
                                                            const bj::object& o) {
    Field<std::map<std::string, std::string>> f;
    auto it = o.find("theme_config");
    if (it == o.end()) {
        return f;
    }
    if (it->value().is_null()) {
        f.state = Field<std::map<std::string, std::string>>::State::kNull;
        return f;
    }
    WHARF_ASSIGN_OR_RETURN(const bj::object* theme, r.Object("theme_config"));
    for (const auto& [k, v] : *theme) {
        if (!v.is_string() || v.get_string().size() > 64) {
            return Fail(Error::InvalidArgument("setup_link.theme_config." + std::string(k) +
                                               " must be a colour string like #22c55e")
                            .WithField("setup_link.theme_config." + std::string(k)));
        }
        f.value[std::string(k)] = std::string(v.get_string());
    }
    f.state = Field<std::map<std::string, std::string>>::State::kValue;
    return f;
}

struct Common {
    Field<std::string> success_redirect_url, failure_redirect_url, phone_number_area_code, language;
    Field<std::vector<std::string>> allowed_origins, allowed_connection_types,
        phone_number_country_isos;
    Field<bool> provision_phone_number;
    Field<std::map<std::string, std::string>> theme_config;
};

Result<Common> ReadCommon(const json::ObjectReader& r, const bj::object& o) {
    Common c;
    WHARF_ASSIGN_OR_RETURN(c.success_redirect_url, r.String("success_redirect_url", 4096));
    WHARF_ASSIGN_OR_RETURN(c.failure_redirect_url, r.String("failure_redirect_url", 4096));
    WHARF_ASSIGN_OR_RETURN(c.allowed_origins, r.StringArray("allowed_origins", 50, 2048));
    WHARF_ASSIGN_OR_RETURN(c.provision_phone_number, r.Bool("provision_phone_number"));
    WHARF_ASSIGN_OR_RETURN(c.phone_number_area_code, r.String("phone_number_area_code", 16));
    WHARF_ASSIGN_OR_RETURN(c.allowed_connection_types,
                           r.StringArray("allowed_connection_types", 10, 64));
    WHARF_ASSIGN_OR_RETURN(c.phone_number_country_isos,
                           r.StringArray("phone_number_country_isos", 300, 8));
    WHARF_ASSIGN_OR_RETURN(c.language, r.String("language", 16));
    WHARF_ASSIGN_OR_RETURN(c.theme_config, ReadTheme(r, o));
    return c;
}

}  // namespace

Result<domain::SetupLinkCreate> ParseSetupLinkCreate(const bj::value& body) {
    WHARF_ASSIGN_OR_RETURN(const bj::object* o, json::Envelope(body, "setup_link"));
    json::ObjectReader r(*o, "setup_link");
    WHARF_ASSIGN_OR_RETURN(Common c, ReadCommon(r, *o));
    domain::SetupLinkCreate in;
    in.success_redirect_url = c.success_redirect_url.AsOptional();
    in.failure_redirect_url = c.failure_redirect_url.AsOptional();
    in.allowed_origins = c.allowed_origins.AsOptional();
    in.provision_phone_number = c.provision_phone_number.AsOptional();
    in.phone_number_area_code = c.phone_number_area_code.AsOptional();
    in.allowed_connection_types = c.allowed_connection_types.AsOptional();
    in.phone_number_country_isos = c.phone_number_country_isos.AsOptional();
    in.language = c.language.AsOptional();
    in.theme_config = c.theme_config.AsOptional();
    WHARF_ASSIGN_OR_RETURN(auto billing, r.String("meta_billing_mode", 64));
    in.meta_billing_mode = billing.AsOptional();
    WHARF_ASSIGN_OR_RETURN(auto reconnect, r.String("reconnect_phone_number", 64));
    in.reconnect_phone_number = reconnect.AsOptional();
    return in;
}

Result<domain::SetupLinkPatch> ParseSetupLinkPatch(const bj::value& body) {
    WHARF_ASSIGN_OR_RETURN(const bj::object* o, json::Envelope(body, "setup_link"));
    json::ObjectReader r(*o, "setup_link");
    WHARF_ASSIGN_OR_RETURN(Common c, ReadCommon(r, *o));
    domain::SetupLinkPatch p;
    p.success_redirect_url = c.success_redirect_url;
    p.failure_redirect_url = c.failure_redirect_url;
    p.allowed_origins = c.allowed_origins;
    p.provision_phone_number = c.provision_phone_number;
    p.phone_number_area_code = c.phone_number_area_code;
    p.allowed_connection_types = c.allowed_connection_types;
    p.phone_number_country_isos = c.phone_number_country_isos;
    p.language = c.language;
    p.theme_config = c.theme_config;
    WHARF_ASSIGN_OR_RETURN(p.expires_at, r.String("expires_at", 64));
    WHARF_ASSIGN_OR_RETURN(p.status, r.String("status", 32));
    return p;
}

}  // namespace wharf::api
