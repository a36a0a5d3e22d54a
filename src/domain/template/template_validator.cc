#include "domain/template/template_validator.h"

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/message/message_field_reader.h"
#include "domain/template/template_languages.h"

namespace wharf::domain {
namespace {

namespace json = boost::json;

constexpr int kGraphInvalidParameter = 100;
constexpr int kSubcodeCharLimit = 2388040;
constexpr size_t kMaxName = 512;
constexpr size_t kMaxHeaderText = 60;
constexpr size_t kMaxBodyText = 1024;
constexpr size_t kMaxFooterText = 60;
constexpr size_t kMaxButtons = 10;
constexpr size_t kMaxButtonText = 25;
constexpr size_t kMaxUrl = 2000;
constexpr size_t kMaxPhoneDigits = 20;
constexpr size_t kMaxCouponCode = 15;
constexpr long long kMinCodeExpiration = 1;
constexpr long long kMaxCodeExpiration = 90;

// The component being read: its label for details ("BUTTONS") and its JSON path.
struct Where {
    std::string label;  // "" for top-level fields
    std::string path;

    std::string Field(std::string_view key) const {
        return path.empty() ? std::string(key) : path + "." + std::string(key);
    }
};

Error Invalid(const std::string& field, std::string_view label, std::string_view rule,
              std::optional<int> subcode = std::nullopt) {
    std::string details = label.empty() ? field : std::string(label) + " " + field;
    details += ": ";
    details += rule;
    Error e = Error::InvalidArgument("Invalid parameter")
                  .WithField(field)
                  .WithGraph(kGraphInvalidParameter, std::move(details));
    e.graph->subcode = subcode;
    return e;
}

const json::value* Get(const json::object& o, std::string_view key) {
    auto it = o.find(key);
    return it == o.end() || it->value().is_null() ? nullptr : &it->value();
}

Result<std::optional<std::string_view>> OptString(const json::object& o, const Where& w,
                                                  std::string_view key, size_t max_chars) {
    const json::value* v = Get(o, key);
    if (v == nullptr) {
        return std::optional<std::string_view>();
    }
    if (!v->is_string()) {
        return Fail(Invalid(w.Field(key), w.label, "must be a string"));
    }
    std::string_view s = v->as_string();
    if (s.empty()) {
        return Fail(Invalid(w.Field(key), w.label, "must not be empty"));
    }
    if (CodePointCount(s) > max_chars) {
        return Fail(Invalid(w.Field(key), w.label,
                            "must be at most " + std::to_string(max_chars) + " characters",
                            kSubcodeCharLimit));
    }
    return std::optional<std::string_view>(s);
}

Result<std::string_view> ReqString(const json::object& o, const Where& w, std::string_view key,
                                   size_t max_chars) {
    WHARF_ASSIGN_OR_RETURN(auto s, OptString(o, w, key, max_chars));
    if (!s) {
        return Fail(Invalid(w.Field(key), w.label, "is required"));
    }
    return *s;
}

Result<void> Forbid(const json::object& o, const Where& w, std::string_view key,
                    std::string_view why) {
    if (Get(o, key) != nullptr) {
        return Fail(Invalid(w.Field(key), w.label, why));
    }
    return {};
}

bool IsLowerSnake(std::string_view s, bool allow_leading_digit) {
    if (s.empty() || (!allow_leading_digit && !(s[0] >= 'a' && s[0] <= 'z'))) {
        return false;
    }
    return std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    });
}

bool IsPositionalName(std::string_view s) {
    return !s.empty() && s[0] != '0' && s.size() <= 3 &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The distinct variables of `text`, checked against the parameter format.
Result<std::vector<std::string>> CheckVariables(std::string_view text, ParameterFormat format,
                                                const std::string& field, std::string_view label) {
    std::vector<std::string> all = ExtractVariables(text);
    // What is left once the variables are cut out must hold no braces pair.
    std::string rest(text);
    for (const std::string& v : all) {
        rest.erase(rest.find("{{" + v + "}}"), v.size() + 4);
    }
    if (rest.find("{{") != std::string::npos || rest.find("}}") != std::string::npos) {
        return Fail(Invalid(field, label, "has a malformed variable (unbalanced {{ or }})"));
    }
    std::vector<std::string> distinct = DistinctVariables(text);
    for (const std::string& v : distinct) {
        if (format == ParameterFormat::kPositional && !IsPositionalName(v)) {
            return Fail(Invalid(field, label,
                                "variable {{" + v +
                                    "}} is not positional: use {{1}}, {{2}}, ... or set "
                                    "parameter_format NAMED"));
        }
        if (format == ParameterFormat::kNamed && !IsLowerSnake(v, /*allow_leading_digit=*/false)) {
            return Fail(Invalid(field, label,
                                "variable {{" + v +
                                    "}} is not a valid named parameter: lowercase letters, digits "
                                    "and underscores, starting with a letter"));
        }
    }
    if (format == ParameterFormat::kPositional) {
        for (size_t i = 1; i <= distinct.size(); ++i) {
            if (std::find(distinct.begin(), distinct.end(), std::to_string(i)) == distinct.end()) {
                return Fail(Invalid(field, label,
                                    "positional variables must be sequential from {{1}}: {{" +
                                        std::to_string(i) + "}} is missing"));
            }
        }
    }
    return distinct;
}

// example.<positional_key> / example.<named_key> for a text with `vars`; `nested` is the body's
// [[...]] shape, the header's is [...].
Result<void> CheckExamples(const json::object& component, const Where& w,
                           const std::vector<std::string>& vars, ParameterFormat format,
                           std::string_view positional_key, std::string_view named_key,
                           bool nested) {
    if (vars.empty()) {
        return {};
    }
    std::string_view key = format == ParameterFormat::kNamed ? named_key : positional_key;
    std::string field = w.Field("example") + "." + std::string(key);
    const json::value* example = Get(component, "example");
    const json::value* values =
        example != nullptr && example->is_object() ? Get(example->as_object(), key) : nullptr;
    if (values == nullptr) {
        return Fail(Invalid(field, w.label,
                            "is required: the text has " + std::to_string(vars.size()) +
                                " variable(s) and each needs an example value"));
    }
    std::string count_rule =
        "must hold exactly " + std::to_string(vars.size()) + " example value(s), one per variable";
    if (format == ParameterFormat::kPositional) {
        const json::value* list = values;
        if (nested) {
            if (!values->is_array() || values->as_array().size() != 1) {
                return Fail(Invalid(field, w.label, "must be an array holding one array"));
            }
            list = &values->as_array()[0];
        }
        if (!list->is_array()) {
            return Fail(Invalid(field, w.label, "must be an array of strings"));
        }
        if (list->as_array().size() != vars.size()) {
            return Fail(Invalid(field, w.label, count_rule));
        }
        for (const json::value& v : list->as_array()) {
            if (!v.is_string() || v.as_string().empty()) {
                return Fail(Invalid(field, w.label, "example values must be non-empty strings"));
            }
        }
        return {};
    }
    if (!values->is_array()) {
        return Fail(Invalid(field, w.label, "must be an array of {param_name, example}"));
    }
    if (values->as_array().size() != vars.size()) {
        return Fail(Invalid(field, w.label, count_rule));
    }
    std::vector<std::string> seen;
    for (const json::value& v : values->as_array()) {
        const json::value* name = v.is_object() ? Get(v.as_object(), "param_name") : nullptr;
        const json::value* value = v.is_object() ? Get(v.as_object(), "example") : nullptr;
        if (name == nullptr || !name->is_string() || value == nullptr || !value->is_string() ||
            value->as_string().empty()) {
            return Fail(Invalid(field, w.label,
                                "each entry needs a param_name and a non-empty example string"));
        }
        std::string n(name->as_string());
        if (std::find(vars.begin(), vars.end(), n) == vars.end()) {
            return Fail(
                Invalid(field, w.label, "param_name " + n + " is not a variable of the text"));
        }
        if (std::find(seen.begin(), seen.end(), n) != seen.end()) {
            return Fail(Invalid(field, w.label, "param_name " + n + " is given twice"));
        }
        seen.push_back(std::move(n));
    }
    return {};
}

Result<std::optional<int>> CodeExpiration(const json::object& component, const Where& w) {
    const json::value* v = Get(component, "code_expiration_minutes");
    if (v == nullptr) {
        return std::optional<int>();
    }
    if (!v->is_int64() || v->as_int64() < kMinCodeExpiration ||
        v->as_int64() > kMaxCodeExpiration) {
        return Fail(Invalid(w.Field("code_expiration_minutes"), w.label,
                            "must be an integer between 1 and 90"));
    }
    return std::optional<int>(static_cast<int>(v->as_int64()));
}

Result<TemplateHeader> ParseHeader(const json::object& c, const Where& w, const Template& t) {
    if (t.category == TemplateCategory::kAuthentication) {
        return Fail(Invalid(w.path, w.label, "AUTHENTICATION templates have no header"));
    }
    WHARF_ASSIGN_OR_RETURN(std::string_view format_name, ReqString(c, w, "format", 32));
    std::optional<HeaderFormat> format = ParseHeaderFormat(format_name);
    if (!format) {
        return Fail(Invalid(w.Field("format"), w.label,
                            "must be one of TEXT, IMAGE, VIDEO, DOCUMENT, LOCATION"));
    }
    TemplateHeader header{*format, {}};
    if (*format == HeaderFormat::kText) {
        WHARF_ASSIGN_OR_RETURN(std::string_view text, ReqString(c, w, "text", kMaxHeaderText));
        WHARF_ASSIGN_OR_RETURN(auto vars,
                               CheckVariables(text, t.parameter_format, w.Field("text"), w.label));
        if (vars.size() > 1) {
            return Fail(
                Invalid(w.Field("text"), w.label, "a header may have at most one variable"));
        }
        WHARF_TRY(CheckExamples(c, w, vars, t.parameter_format, "header_text",
                                "header_text_named_params", /*nested=*/false));
        header.text = std::string(text);
        return header;
    }
    WHARF_TRY(Forbid(c, w, "text", "only TEXT headers have text"));
    if (*format == HeaderFormat::kLocation) {
        return header;
    }
    std::string field = w.Field("example") + ".header_handle";
    const json::value* example = Get(c, "example");
    const json::value* handles = example != nullptr && example->is_object()
                                     ? Get(example->as_object(), "header_handle")
                                     : nullptr;
    bool ok = handles != nullptr && handles->is_array() && !handles->as_array().empty();
    if (ok) {
        for (const json::value& h : handles->as_array()) {
            ok = ok && h.is_string() && !h.as_string().empty();
        }
    }
    if (!ok) {
        return Fail(Invalid(field, w.label,
                            std::string("is required for a ") + ToString(*format) +
                                " header: an array with the uploaded sample's handle"));
    }
    return header;
}

Result<TemplateBody> ParseBody(const json::object& c, const Where& w, const Template& t) {
    TemplateBody body;
    if (t.category == TemplateCategory::kAuthentication) {
        WHARF_TRY(Forbid(c, w, "text",
                         "AUTHENTICATION bodies have Meta's fixed text; use "
                         "add_security_recommendation"));
        if (const json::value* v = Get(c, "add_security_recommendation")) {
            if (!v->is_bool()) {
                return Fail(
                    Invalid(w.Field("add_security_recommendation"), w.label, "must be a boolean"));
            }
            body.add_security_recommendation = v->as_bool();
        }
        return body;
    }
    WHARF_TRY(Forbid(c, w, "add_security_recommendation", "is for AUTHENTICATION templates only"));
    WHARF_TRY(Forbid(c, w, "code_expiration_minutes", "is for AUTHENTICATION templates only"));
    WHARF_ASSIGN_OR_RETURN(std::string_view text, ReqString(c, w, "text", kMaxBodyText));
    WHARF_ASSIGN_OR_RETURN(auto vars,
                           CheckVariables(text, t.parameter_format, w.Field("text"), w.label));
    WHARF_TRY(CheckExamples(c, w, vars, t.parameter_format, "body_text", "body_text_named_params",
                            /*nested=*/true));
    body.text = std::string(text);
    return body;
}

Result<TemplateFooter> ParseFooter(const json::object& c, const Where& w, const Template& t) {
    TemplateFooter footer;
    if (t.category == TemplateCategory::kAuthentication) {
        WHARF_TRY(Forbid(c, w, "text", "AUTHENTICATION footers have Meta's fixed text"));
        WHARF_ASSIGN_OR_RETURN(footer.code_expiration_minutes, CodeExpiration(c, w));
        return footer;
    }
    WHARF_TRY(Forbid(c, w, "code_expiration_minutes", "is for AUTHENTICATION templates only"));
    WHARF_ASSIGN_OR_RETURN(std::string_view text, ReqString(c, w, "text", kMaxFooterText));
    if (text.find("{{") != std::string_view::npos) {
        return Fail(Invalid(w.Field("text"), w.label, "a footer cannot have variables"));
    }
    footer.text = std::string(text);
    return footer;
}

bool IsPhoneNumber(std::string_view s) {
    if (!s.empty() && s[0] == '+') {
        s.remove_prefix(1);
    }
    return !s.empty() && s.size() <= kMaxPhoneDigits &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

Result<void> CheckUrlButton(const json::object& b, const Where& w, TemplateButton& button) {
    WHARF_ASSIGN_OR_RETURN(std::string_view url, ReqString(b, w, "url", kMaxUrl));
    std::vector<std::string> vars = ExtractVariables(url);
    std::string probe(url);
    if (!vars.empty()) {
        if (vars.size() > 1 || vars[0] != "1" || !url.ends_with("{{1}}")) {
            return Fail(Invalid(w.Field("url"), w.label,
                                "a URL may have one variable, {{1}}, at the very end"));
        }
        probe = probe.substr(0, probe.size() - 5) + "x";
    }
    if (!IsHttpUrl(probe) || probe.find("{{") != std::string::npos ||
        probe.find("}}") != std::string::npos) {
        return Fail(Invalid(w.Field("url"), w.label, "must be an http(s) URL"));
    }
    button.url = std::string(url);
    const json::value* example = Get(b, "example");
    if (vars.empty()) {
        return {};
    }
    std::string field = w.Field("example");
    if (example == nullptr) {
        return Fail(Invalid(field, w.label, "is required: the URL has a variable"));
    }
    if (example->is_string()) {
        button.example.emplace_back(example->as_string());
    } else if (example->is_array() && !example->as_array().empty()) {
        for (const json::value& e : example->as_array()) {
            if (!e.is_string()) {
                return Fail(Invalid(field, w.label, "must be an array of URLs"));
            }
            button.example.emplace_back(e.as_string());
        }
    }
    if (button.example.size() != 1 || !IsHttpUrl(button.example[0])) {
        return Fail(Invalid(field, w.label, "must hold one full example URL"));
    }
    return {};
}

Result<void> CheckOtpButton(const json::object& b, const Where& w, TemplateButton& button) {
    WHARF_ASSIGN_OR_RETURN(std::string_view otp, ReqString(b, w, "otp_type", 32));
    button.otp_type = ParseOtpType(otp);
    if (!button.otp_type) {
        return Fail(
            Invalid(w.Field("otp_type"), w.label, "must be one of COPY_CODE, ONE_TAP, ZERO_TAP"));
    }
    if (*button.otp_type != OtpType::kOneTap) {
        return {};
    }
    const json::value* apps = Get(b, "supported_apps");
    bool ok = apps != nullptr && apps->is_array() && !apps->as_array().empty();
    if (ok) {
        for (const json::value& a : apps->as_array()) {
            ok = ok && a.is_object() && Get(a.as_object(), "package_name") != nullptr &&
                 Get(a.as_object(), "signature_hash") != nullptr;
        }
    }
    if (!ok) {
        return Fail(Invalid(w.Field("supported_apps"), w.label,
                            "is required for ONE_TAP: [{package_name, signature_hash}]"));
    }
    return {};
}

Result<TemplateButton> ParseButton(const json::object& b, const Where& w, const Template& t) {
    WHARF_ASSIGN_OR_RETURN(std::string_view type_name, ReqString(b, w, "type", 32));
    std::optional<ButtonType> type = ParseButtonType(type_name);
    if (!type) {
        return Fail(Invalid(w.Field("type"), w.label,
                            "must be one of QUICK_REPLY, URL, PHONE_NUMBER, COPY_CODE, OTP, FLOW, "
                            "CATALOG, MPM"));
    }
    bool auth = t.category == TemplateCategory::kAuthentication;
    if (auth != (*type == ButtonType::kOtp)) {
        return Fail(Invalid(w.Field("type"), w.label,
                            auth ? "AUTHENTICATION templates take only an OTP button"
                                 : "OTP buttons are for AUTHENTICATION templates only"));
    }
    TemplateButton button;
    button.type = *type;
    bool text_optional = *type == ButtonType::kCopyCode || *type == ButtonType::kOtp;
    WHARF_ASSIGN_OR_RETURN(auto text, OptString(b, w, "text", kMaxButtonText));
    if (!text && !text_optional) {
        return Fail(Invalid(w.Field("text"), w.label, "is required"));
    }
    button.text = text ? std::string(*text) : std::string();
    switch (*type) {
        case ButtonType::kUrl:
            WHARF_TRY(CheckUrlButton(b, w, button));
            break;
        case ButtonType::kPhoneNumber: {
            WHARF_ASSIGN_OR_RETURN(std::string_view phone, ReqString(b, w, "phone_number", 21));
            if (!IsPhoneNumber(phone)) {
                return Fail(Invalid(w.Field("phone_number"), w.label,
                                    "must be a phone number: an optional + and 1..20 digits"));
            }
            button.phone_number = std::string(phone);
            break;
        }
        case ButtonType::kCopyCode: {
            const json::value* e = Get(b, "example");
            if (e != nullptr && e->is_array() && e->as_array().size() == 1) {
                e = &e->as_array()[0];
            }
            if (e == nullptr || !e->is_string() || e->as_string().empty() ||
                CodePointCount(e->as_string()) > kMaxCouponCode) {
                return Fail(Invalid(w.Field("example"), w.label,
                                    "is required: the offer code, 1..15 characters"));
            }
            button.example.emplace_back(e->as_string());
            break;
        }
        case ButtonType::kOtp:
            WHARF_TRY(CheckOtpButton(b, w, button));
            break;
        case ButtonType::kFlow:
            if (Get(b, "flow_id") == nullptr && Get(b, "flow_name") == nullptr &&
                Get(b, "flow_json") == nullptr) {
                return Fail(Invalid(w.Field("flow_id"), w.label,
                                    "one of flow_id, flow_name or flow_json is required"));
            }
            break;
        case ButtonType::kQuickReply:
        case ButtonType::kCatalog:
        case ButtonType::kMpm:
            break;
    }
    return button;
}

size_t MaxOfType(ButtonType type) {
    switch (type) {
        case ButtonType::kQuickReply:
            return kMaxButtons;
        case ButtonType::kUrl:
            return 2;
        default:
            return 1;
    }
}

Result<std::vector<TemplateButton>> ParseButtons(const json::object& c, const Where& w,
                                                 const Template& t) {
    const json::value* v = Get(c, "buttons");
    std::string field = w.Field("buttons");
    if (v == nullptr || !v->is_array() || v->as_array().empty()) {
        return Fail(Invalid(field, w.label, "must be a non-empty array of buttons"));
    }
    const json::array& list = v->as_array();
    if (list.size() > kMaxButtons) {
        return Fail(Invalid(field, w.label, "a template may have at most 10 buttons"));
    }
    std::vector<TemplateButton> buttons;
    for (size_t i = 0; i < list.size(); ++i) {
        Where bw{w.label, field + "[" + std::to_string(i) + "]"};
        if (!list[i].is_object()) {
            return Fail(Invalid(bw.path, bw.label, "must be an object"));
        }
        WHARF_ASSIGN_OR_RETURN(TemplateButton b, ParseButton(list[i].as_object(), bw, t));
        size_t same = 1 + std::count_if(buttons.begin(), buttons.end(),
                                        [&](const TemplateButton& o) { return o.type == b.type; });
        if (same > MaxOfType(b.type)) {
            return Fail(Invalid(bw.Field("type"), bw.label,
                                "at most " + std::to_string(MaxOfType(b.type)) + " " +
                                    ToString(b.type) + " button(s) per template"));
        }
        bool alone = b.type == ButtonType::kCatalog || b.type == ButtonType::kMpm;
        if ((alone || (!buttons.empty() && (buttons[0].type == ButtonType::kCatalog ||
                                            buttons[0].type == ButtonType::kMpm))) &&
            !buttons.empty()) {
            return Fail(Invalid(bw.path, bw.label,
                                "CATALOG and MPM buttons cannot be combined with other buttons"));
        }
        // Quick replies form one group: a quick reply after a quick reply that was followed by
        // another type (or the reverse) interleaves the groups.
        if (buttons.size() >= 2) {
            bool qr = b.type == ButtonType::kQuickReply;
            bool prev_qr = buttons.back().type == ButtonType::kQuickReply;
            bool seen_same_before = std::any_of(buttons.begin(), buttons.end() - 1, [&](auto& o) {
                return (o.type == ButtonType::kQuickReply) == qr;
            });
            if (qr != prev_qr && seen_same_before) {
                return Fail(Invalid(bw.path, bw.label,
                                    "QUICK_REPLY buttons must be grouped together, not "
                                    "interleaved with URL, PHONE_NUMBER or other buttons"));
            }
        }
        buttons.push_back(std::move(b));
    }
    return buttons;
}

Result<void> ParseComponents(const json::value* v, Template& t) {
    if (v == nullptr || !v->is_array() || v->as_array().empty()) {
        return Fail(Invalid("components", "", "must be a non-empty array"));
    }
    t.components_json = v->as_array();
    bool has_body = false;
    bool has_buttons = false;
    std::optional<int> body_expiration;
    const json::array& list = v->as_array();
    for (size_t i = 0; i < list.size(); ++i) {
        std::string path = "components[" + std::to_string(i) + "]";
        if (!list[i].is_object()) {
            return Fail(Invalid(path, "", "must be an object"));
        }
        const json::object& c = list[i].as_object();
        const json::value* type = Get(c, "type");
        if (type == nullptr || !type->is_string()) {
            return Fail(Invalid(path + ".type", "", "is required"));
        }
        std::string label = ToUpperAscii(type->as_string());
        Where w{label, path};
        auto duplicate = [&](bool seen) -> Result<void> {
            if (seen) {
                return Fail(Invalid(w.Field("type"), label, "may appear only once"));
            }
            return {};
        };
        if (label == "HEADER") {
            WHARF_TRY(duplicate(t.header.has_value()));
            WHARF_ASSIGN_OR_RETURN(t.header, ParseHeader(c, w, t));
        } else if (label == "BODY") {
            WHARF_TRY(duplicate(has_body));
            has_body = true;
            WHARF_ASSIGN_OR_RETURN(t.body, ParseBody(c, w, t));
            if (t.category == TemplateCategory::kAuthentication) {
                WHARF_ASSIGN_OR_RETURN(body_expiration, CodeExpiration(c, w));
            }
        } else if (label == "FOOTER") {
            WHARF_TRY(duplicate(t.footer.has_value()));
            WHARF_ASSIGN_OR_RETURN(t.footer, ParseFooter(c, w, t));
        } else if (label == "BUTTONS") {
            WHARF_TRY(duplicate(has_buttons));
            has_buttons = true;
            WHARF_ASSIGN_OR_RETURN(t.buttons, ParseButtons(c, w, t));
        } else {
            return Fail(Invalid(
                w.Field("type"), "",
                "must be one of HEADER, BODY, FOOTER, BUTTONS (" + label + " is not supported)"));
        }
    }
    if (!has_body) {
        return Fail(Invalid("components", "", "a template needs exactly one BODY component"));
    }
    if (t.category == TemplateCategory::kAuthentication) {
        if (body_expiration) {
            if (t.footer && t.footer->code_expiration_minutes) {
                return Fail(Invalid("components", "AUTHENTICATION",
                                    "give code_expiration_minutes once (FOOTER or BODY)"));
            }
            if (!t.footer) {
                t.footer = TemplateFooter{};
            }
            t.footer->code_expiration_minutes = body_expiration;
        }
        if (t.buttons.empty()) {
            return Fail(Invalid("components", "AUTHENTICATION",
                                "a BUTTONS component with one OTP button is required"));
        }
    }
    return {};
}

Result<Template> Parse(const json::object& request, std::optional<Template> base) {
    Template t = base ? std::move(*base) : Template{};
    Where top{"", ""};
    WHARF_ASSIGN_OR_RETURN(std::string_view name, ReqString(request, top, "name", kMaxName));
    if (!IsLowerSnake(name, /*allow_leading_digit=*/true)) {
        return Fail(
            Invalid("name", "", "may contain only lowercase letters, digits and underscores"));
    }
    t.name = std::string(name);
    WHARF_ASSIGN_OR_RETURN(std::string_view language, ReqString(request, top, "language", 16));
    if (!IsTemplateLanguage(language)) {
        return Fail(Invalid("language", "",
                            "is not a supported template language code (e.g. en_US, pt_BR, de)"));
    }
    t.language = std::string(language);
    WHARF_ASSIGN_OR_RETURN(std::string_view category, ReqString(request, top, "category", 32));
    std::optional<TemplateCategory> parsed = ParseTemplateCategory(category);
    if (!parsed) {
        return Fail(Invalid("category", "", "must be one of MARKETING, UTILITY, AUTHENTICATION"));
    }
    t.category = *parsed;
    t.parameter_format = ParameterFormat::kPositional;
    WHARF_ASSIGN_OR_RETURN(auto format, OptString(request, top, "parameter_format", 32));
    if (format) {
        std::optional<ParameterFormat> f = ParseParameterFormat(*format);
        if (!f) {
            return Fail(Invalid("parameter_format", "", "must be NAMED or POSITIONAL"));
        }
        t.parameter_format = *f;
    }
    if (const json::value* v = Get(request, "allow_category_change"); v && !v->is_bool()) {
        return Fail(Invalid("allow_category_change", "", "must be a boolean"));
    }
    t.header.reset();
    t.body = TemplateBody{};
    t.footer.reset();
    t.buttons.clear();
    WHARF_TRY(ParseComponents(Get(request, "components"), t));
    t.status = TemplateStatus::kPending;
    t.rejected_reason.reset();
    return t;
}

}  // namespace

Result<Template> ParseTemplate(const boost::json::object& request) {
    return Parse(request, std::nullopt);
}

Result<void> CheckEditable(const Template& current) {
    if (current.status == TemplateStatus::kApproved ||
        current.status == TemplateStatus::kRejected || current.status == TemplateStatus::kPaused) {
        return {};
    }
    return Fail(Error::FailedPrecondition("Invalid parameter")
                    .WithField("status")
                    .WithGraph(kGraphInvalidParameter,
                               std::string("a template with status ") + ToString(current.status) +
                                   " cannot be edited: only APPROVED, REJECTED or PAUSED ones"));
}

Result<Template> ApplyTemplateEdit(const Template& current, const boost::json::object& edit) {
    WHARF_TRY(CheckEditable(current));
    // Build the full template the edit describes: unchanged fields come from `current`.
    json::object merged = edit;
    for (std::string_view key : {"name", "language"}) {
        const json::value* v = Get(edit, key);
        std::string_view now = key == "name" ? current.name : current.language;
        if (v != nullptr && (!v->is_string() || v->as_string() != now)) {
            return Fail(Invalid(std::string(key), "", "cannot be changed by an edit"));
        }
        merged[key] = now;
    }
    if (Get(edit, "category") == nullptr) {
        merged["category"] = ToString(current.category);
    }
    if (Get(edit, "parameter_format") == nullptr) {
        merged["parameter_format"] = ToString(current.parameter_format);
    }
    if (Get(edit, "components") == nullptr) {
        merged["components"] = current.components_json;
    }
    WHARF_ASSIGN_OR_RETURN(Template t, Parse(merged, current));
    if (current.status == TemplateStatus::kApproved && t.category != current.category) {
        return Fail(
            Invalid("category", "", "the category of an APPROVED template cannot be changed"));
    }
    if (t.category != current.category) {
        t.previous_category = current.category;
    }
    return t;
}

}  // namespace wharf::domain
