#include "domain/template/template_renderer.h"

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/message/message_field_reader.h"

namespace wharf::domain {
namespace {

namespace json = boost::json;

constexpr size_t kMaxHydratedBody = 1024;

Error Mismatch(const std::string& field, std::string details) {
    return Error::InvalidArgument(
               "Number of parameters does not match the expected number of params")
        .WithField(field)
        .WithGraph(132000, std::move(details));
}

Error WrongFormat(const std::string& field, std::string details) {
    return Error::InvalidArgument("Parameter format does not match format in the created template")
        .WithField(field)
        .WithGraph(132012, std::move(details));
}

const json::value* Get(const json::object& o, std::string_view key) {
    auto it = o.find(key);
    return it == o.end() || it->value().is_null() ? nullptr : &it->value();
}

std::string Lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return out;
}

std::string StringOf(const json::object& o, std::string_view key) {
    const json::value* v = Get(o, key);
    return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

// One send component: its path and parameters (empty when none were sent).
struct Sent {
    std::string path;
    const json::object* component = nullptr;
    const json::array* parameters = nullptr;

    size_t Count() const { return parameters == nullptr ? 0 : parameters->size(); }
    std::string ParamsPath() const { return path + ".parameters"; }
    const json::object* Param(size_t i) const {
        const json::value& v = (*parameters)[i];
        return v.is_object() ? &v.as_object() : nullptr;
    }
};

// The text a header/body parameter contributes, or 132012.
Result<std::string> TextValue(const Sent& sent, size_t i) {
    std::string path = sent.ParamsPath() + "[" + std::to_string(i) + "]";
    const json::object* p = sent.Param(i);
    std::string type = p != nullptr ? Lower(StringOf(*p, "type")) : "";
    if (type == "text") {
        return StringOf(*p, "text");
    }
    if (type == "currency" || type == "date_time") {
        const json::value* v = Get(*p, type);
        if (v != nullptr && v->is_object()) {
            return StringOf(v->as_object(), "fallback_value");
        }
    }
    return Fail(WrongFormat(path, "a text variable needs a text parameter (got " +
                                      (type.empty() ? std::string("none") : type) + ")"));
}

// Fills `text`'s variables from `sent` per the parameter format.
Result<std::string> Hydrate(const std::string& text, const Sent& sent, ParameterFormat format,
                            std::string_view what) {
    std::vector<std::string> vars = DistinctVariables(text);
    std::string field = sent.path.empty() ? std::string("template.components") : sent.ParamsPath();
    if (sent.Count() != vars.size()) {
        return Fail(Mismatch(field, std::string(what) + ": expected " +
                                        std::to_string(vars.size()) + " parameter(s), received " +
                                        std::to_string(sent.Count())));
    }
    std::map<std::string, std::string> values;
    for (size_t i = 0; i < sent.Count(); ++i) {
        WHARF_ASSIGN_OR_RETURN(std::string value, TextValue(sent, i));
        std::string name = std::to_string(i + 1);
        if (format == ParameterFormat::kNamed) {
            name = StringOf(*sent.Param(i), "parameter_name");
            std::string path = sent.ParamsPath() + "[" + std::to_string(i) + "].parameter_name";
            if (name.empty()) {
                return Fail(Mismatch(path, std::string(what) +
                                               ": NAMED templates need parameter_name on every "
                                               "parameter"));
            }
            if (std::find(vars.begin(), vars.end(), name) == vars.end()) {
                return Fail(
                    Mismatch(path, std::string(what) + ": the template has no parameter " + name));
            }
            if (values.count(name) != 0) {
                return Fail(
                    Mismatch(path, std::string(what) + ": parameter " + name + " is given twice"));
            }
        }
        values[name] = std::move(value);
    }
    std::string out;
    size_t pos = 0;
    while (true) {
        size_t open = text.find("{{", pos);
        size_t close = open == std::string::npos ? open : text.find("}}", open + 2);
        if (close == std::string::npos) {
            out += text.substr(pos);
            return out;
        }
        size_t inner = text.rfind("{{", close);
        out += text.substr(pos, inner - pos);
        out += values[text.substr(inner + 2, close - inner - 2)];
        pos = close + 2;
    }
}

Result<void> CheckMediaHeader(const Template& t, const Sent& sent) {
    std::string want = Lower(ToString(t.header->format));
    if (sent.Count() != 1) {
        return Fail(Mismatch(sent.path.empty() ? "template.components" : sent.ParamsPath(),
                             "header: a " + want + " header takes exactly 1 parameter, received " +
                                 std::to_string(sent.Count())));
    }
    std::string path = sent.ParamsPath() + "[0]";
    const json::object* p = sent.Param(0);
    std::string type = p != nullptr ? Lower(StringOf(*p, "type")) : "";
    const json::value* value = p != nullptr ? Get(*p, want) : nullptr;
    if (type != want || value == nullptr || !value->is_object()) {
        return Fail(WrongFormat(path, "header: the template's header is " + want + ", got " +
                                          (type.empty() ? std::string("none") : type)));
    }
    if (t.header->format == HeaderFormat::kLocation) {
        return {};
    }
    return CheckMediaReference(MessageFieldReader(value->as_object(), path + "." + want));
}

// Which send sub_types fit a template button.
bool SubTypeFits(ButtonType type, std::string_view sub_type) {
    switch (type) {
        case ButtonType::kUrl:
        case ButtonType::kOtp:
            return sub_type == "url";
        case ButtonType::kQuickReply:
            return sub_type == "quick_reply";
        case ButtonType::kCopyCode:
            return sub_type == "copy_code";
        case ButtonType::kFlow:
            return sub_type == "flow";
        case ButtonType::kCatalog:
            return sub_type == "catalog";
        case ButtonType::kMpm:
            return sub_type == "mpm";
        case ButtonType::kPhoneNumber:
            return sub_type == "phone_number" || sub_type == "voice_call";
    }
    return false;
}

// Returns the OTP code when the button carries it.
Result<std::optional<std::string>> CheckButton(const TemplateButton& b, size_t index,
                                               const Sent* sent) {
    std::string label = "button " + std::to_string(index) + " (" + ToString(b.type) + ")";
    bool needs_text = b.HasUrlVariable() || b.type == ButtonType::kOtp;
    bool needs_coupon = b.type == ButtonType::kCopyCode;
    if (sent == nullptr) {
        if (needs_text || needs_coupon) {
            return Fail(Mismatch("template.components", label + ": a button component with index " +
                                                            std::to_string(index) +
                                                            " and its parameter is required"));
        }
        return std::optional<std::string>();
    }
    std::string field = sent->ParamsPath();
    auto one_of = [&](std::string_view type) -> Result<std::string> {
        if (sent->Count() != 1) {
            return Fail(Mismatch(field, label + ": expected 1 parameter, received " +
                                            std::to_string(sent->Count())));
        }
        const json::object* p = sent->Param(0);
        std::string got = p != nullptr ? Lower(StringOf(*p, "type")) : "";
        std::string value = p != nullptr ? StringOf(*p, type) : "";
        if (got != type || value.empty()) {
            return Fail(WrongFormat(
                field + "[0]", label + ": needs a non-empty " + std::string(type) + " parameter"));
        }
        return value;
    };
    if (needs_text) {
        WHARF_ASSIGN_OR_RETURN(std::string value, one_of("text"));
        return std::optional<std::string>(std::move(value));
    }
    if (needs_coupon) {
        WHARF_TRY(one_of("coupon_code"));
        return std::optional<std::string>();
    }
    bool takes_none = b.type == ButtonType::kUrl || b.type == ButtonType::kPhoneNumber;
    if (takes_none && sent->Count() != 0) {
        return Fail(Mismatch(
            field, label + ": takes no parameters, received " + std::to_string(sent->Count())));
    }
    if (b.type == ButtonType::kQuickReply && sent->Count() > 1) {
        return Fail(Mismatch(field, label + ": takes at most 1 payload parameter"));
    }
    return std::optional<std::string>();
}

Result<const Template*> Find(const json::object& message, std::span<const Template> stored) {
    std::string name = StringOf(message, "name");
    std::string code;
    if (const json::value* lang = Get(message, "language"); lang && lang->is_object()) {
        code = StringOf(lang->as_object(), "code");
    }
    auto it = std::find_if(stored.begin(), stored.end(),
                           [&](const Template& t) { return t.name == name && t.language == code; });
    if (it == stored.end()) {
        return Fail(
            Error::NotFound("Template name does not exist in the translation")
                .WithField("template.name")
                .WithGraph(132001, "template name (" + name + ") does not exist in " + code));
    }
    switch (it->status) {
        case TemplateStatus::kApproved:
            return &*it;
        case TemplateStatus::kPaused:
            return Fail(Error::FailedPrecondition("Template is paused")
                            .WithField("template.name")
                            .WithGraph(132015, "template " + name + " (" + code +
                                                   ") is paused because of low quality"));
        case TemplateStatus::kDisabled:
            return Fail(Error::FailedPrecondition("Template is disabled")
                            .WithField("template.name")
                            .WithGraph(132016, "template " + name + " (" + code +
                                                   ") is disabled because of low quality"));
        default:
            return Fail(Error::NotFound("Template name does not exist in the translation")
                            .WithField("template.name")
                            .WithGraph(132001, "template name (" + name + ") in " + code +
                                                   " is not approved (status " +
                                                   ToString(it->status) + ")"));
    }
}

}  // namespace

Result<RenderedTemplate> RenderTemplateMessage(const boost::json::object& message,
                                               std::span<const Template> stored) {
    WHARF_ASSIGN_OR_RETURN(const Template* found, Find(message, stored));
    const Template& t = *found;

    // Sort the send components by kind.
    std::optional<Sent> header;
    std::optional<Sent> body;
    std::map<size_t, Sent> buttons;
    const json::value* components = Get(message, "components");
    const json::array empty;
    const json::array& list =
        components != nullptr && components->is_array() ? components->as_array() : empty;
    for (size_t i = 0; i < list.size(); ++i) {
        std::string path = "template.components[" + std::to_string(i) + "]";
        if (!list[i].is_object()) {
            return Fail(Mismatch(path, "components must be objects"));
        }
        const json::object& c = list[i].as_object();
        Sent sent{path, &c, nullptr};
        if (const json::value* p = Get(c, "parameters"); p && p->is_array()) {
            sent.parameters = &p->as_array();
        }
        std::string type = Lower(StringOf(c, "type"));
        if (type == "header" || type == "body") {
            std::optional<Sent>& slot = type == "header" ? header : body;
            if (slot) {
                return Fail(Mismatch(path, type + " is given twice"));
            }
            slot = sent;
        } else if (type == "button") {
            const json::value* index = Get(c, "index");
            long long n = -1;
            if (index != nullptr && index->is_int64()) {
                n = index->as_int64();
            } else if (index != nullptr && index->is_string() && !index->as_string().empty() &&
                       index->as_string().size() < 4 &&
                       std::all_of(index->as_string().begin(), index->as_string().end(),
                                   [](char ch) { return ch >= '0' && ch <= '9'; })) {
                n = std::stoll(std::string(index->as_string()));
            }
            std::string sub_type = Lower(StringOf(c, "sub_type"));
            if (n < 0 || static_cast<size_t>(n) >= t.buttons.size()) {
                return Fail(Mismatch(path + ".index",
                                     "the template has " + std::to_string(t.buttons.size()) +
                                         " button(s); index " +
                                         (n < 0 ? std::string("missing") : std::to_string(n)) +
                                         " does not name one"));
            }
            const TemplateButton& b = t.buttons[static_cast<size_t>(n)];
            if (!SubTypeFits(b.type, sub_type)) {
                return Fail(Mismatch(path + ".sub_type", "button " + std::to_string(n) + " is " +
                                                             ToString(b.type) + ", sub_type " +
                                                             sub_type + " does not fit it"));
            }
            if (!buttons.emplace(static_cast<size_t>(n), sent).second) {
                return Fail(
                    Mismatch(path + ".index", "button " + std::to_string(n) + " is given twice"));
            }
        } else {
            return Fail(Mismatch(path + ".type", "the template has no " + type + " component"));
        }
    }

    RenderedTemplate out;
    out.template_id = t.id;
    const Sent none{};
    // Header.
    if (!t.header || t.header->format == HeaderFormat::kText) {
        std::string text = t.header ? t.header->text : std::string();
        WHARF_ASSIGN_OR_RETURN(
            out.header, Hydrate(text, header ? *header : none, t.parameter_format, "header"));
    } else {
        WHARF_TRY(CheckMediaHeader(t, header ? *header : none));
    }
    // Buttons: each one's parameters must fit it (an OTP button carries the code, which the
    // body's {{1}} repeats).
    for (size_t i = 0; i < t.buttons.size(); ++i) {
        auto it = buttons.find(i);
        WHARF_TRY(CheckButton(t.buttons[i], i, it == buttons.end() ? nullptr : &it->second));
    }
    // Body and footer.
    if (t.category == TemplateCategory::kAuthentication) {
        std::string fixed = "{{1}} is your verification code.";
        if (t.body.add_security_recommendation) {
            fixed += " For your security, do not share this code.";
        }
        WHARF_ASSIGN_OR_RETURN(
            out.body, Hydrate(fixed, body ? *body : none, ParameterFormat::kPositional, "body"));
        if (t.footer && t.footer->code_expiration_minutes) {
            int n = *t.footer->code_expiration_minutes;
            out.footer =
                "This code expires in " + std::to_string(n) + (n == 1 ? " minute." : " minutes.");
        }
    } else {
        WHARF_ASSIGN_OR_RETURN(
            out.body, Hydrate(t.body.text, body ? *body : none, t.parameter_format, "body"));
        out.footer = t.footer ? t.footer->text : std::string();
    }
    size_t chars = CodePointCount(out.body);
    if (chars > kMaxHydratedBody) {
        return Fail(Error::InvalidArgument("Translated text too long")
                        .WithField(body ? body->ParamsPath() : "template.components")
                        .WithGraph(132005, "the hydrated body is " + std::to_string(chars) +
                                               " characters; the limit is 1024"));
    }
    for (const std::string* part : {&out.header, &out.body, &out.footer}) {
        if (!part->empty()) {
            out.text += (out.text.empty() ? "" : "\n") + *part;
        }
    }
    return out;
}

}  // namespace wharf::domain
