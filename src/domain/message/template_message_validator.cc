#include "domain/message/template_message_validator.h"

#include <string>

#include "domain/message/message_field_reader.h"

namespace wharf::domain {
namespace {

constexpr size_t kMaxTemplateName = 512;
constexpr size_t kMaxLanguageCode = 15;
constexpr size_t kMaxComponents = 20;
constexpr size_t kMaxCarouselCards = 10;
constexpr long long kMaxButtonIndex = 9;

bool IsMediaParameter(std::string_view type) {
    return type == "image" || type == "video" || type == "document";
}

bool IsStringParameter(std::string_view type) {
    return type == "text" || type == "payload" || type == "coupon_code";
}

Result<void> ValidateParameter(const MessageFieldReader& parameter) {
    WHARF_ASSIGN_OR_RETURN(std::string_view type, parameter.RequiredString("type"));
    if (IsStringParameter(type)) {
        // Body text parameters may be empty strings in Meta's docs; the renderer decides.
        WHARF_TRY(parameter.RequiredString(type, 0));
        return {};
    }
    if (IsMediaParameter(type)) {
        WHARF_ASSIGN_OR_RETURN(const boost::json::object* media, parameter.RequiredObject(type));
        return CheckMediaReference(parameter.Child(type, *media));
    }
    if (!parameter.Has(type)) {
        return Fail(MissingParameterError(parameter.PathOf(type)));
    }
    return {};
}

Result<void> ValidateParameters(const MessageFieldReader& component, bool required) {
    WHARF_ASSIGN_OR_RETURN(const boost::json::array* parameters,
                           required ? component.RequiredArray("parameters", 0)
                                    : component.OptionalArray("parameters"));
    if (parameters == nullptr) {
        return {};
    }
    std::string path = component.PathOf("parameters");
    for (size_t i = 0; i < parameters->size(); ++i) {
        WHARF_ASSIGN_OR_RETURN(MessageFieldReader parameter,
                               MessageFieldReader::Element(*parameters, path, i));
        WHARF_TRY(ValidateParameter(parameter));
    }
    return {};
}

Result<void> ValidateComponents(const MessageFieldReader& parent, bool allow_carousel);

Result<void> ValidateCarousel(const MessageFieldReader& component) {
    WHARF_ASSIGN_OR_RETURN(const boost::json::array* cards,
                           component.RequiredArray("cards", 1, kMaxCarouselCards));
    std::string path = component.PathOf("cards");
    for (size_t i = 0; i < cards->size(); ++i) {
        WHARF_ASSIGN_OR_RETURN(MessageFieldReader card,
                               MessageFieldReader::Element(*cards, path, i));
        WHARF_ASSIGN_OR_RETURN(long long index, card.RequiredIndex("card_index"));
        if (index >= static_cast<long long>(kMaxCarouselCards)) {
            return Fail(InvalidValueError(card.PathOf("card_index"), "must be between 0 and 9"));
        }
        WHARF_TRY(ValidateComponents(card, /*allow_carousel=*/false));
    }
    return {};
}

Result<void> ValidateComponent(const MessageFieldReader& component, bool allow_carousel) {
    WHARF_ASSIGN_OR_RETURN(std::string_view sent, component.RequiredString("type"));
    // Meta's examples write component types in lower case; accept any case, as Meta does for
    // button sub_types.
    std::string type;
    for (char c : sent) {
        type += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    bool known = type == "header" || type == "body" || type == "button" ||
                 (allow_carousel && (type == "carousel" || type == "limited_time_offer"));
    if (!known) {
        return Fail(InvalidValueError(
            component.PathOf("type"),
            allow_carousel ? "must be one of header, body, button, carousel, limited_time_offer"
                           : "must be one of header, body, button (inside a carousel card)"));
    }
    if (type == "carousel") {
        return ValidateCarousel(component);
    }
    if (type == "button") {
        WHARF_TRY(component.RequiredString("sub_type"));
        WHARF_ASSIGN_OR_RETURN(long long index, component.RequiredIndex("index"));
        if (index > kMaxButtonIndex) {
            return Fail(InvalidValueError(component.PathOf("index"), "must be between 0 and 9"));
        }
        return ValidateParameters(component, /*required=*/false);
    }
    return ValidateParameters(component, /*required=*/true);
}

Result<void> ValidateComponents(const MessageFieldReader& parent, bool allow_carousel) {
    WHARF_ASSIGN_OR_RETURN(const boost::json::array* components,
                           parent.OptionalArray("components", 0, kMaxComponents));
    if (components == nullptr) {
        return {};
    }
    std::string path = parent.PathOf("components");
    for (size_t i = 0; i < components->size(); ++i) {
        WHARF_ASSIGN_OR_RETURN(MessageFieldReader component,
                               MessageFieldReader::Element(*components, path, i));
        WHARF_TRY(ValidateComponent(component, allow_carousel));
    }
    return {};
}

}  // namespace

Result<void> ValidateTemplateObject(const boost::json::object& tmpl) {
    MessageFieldReader reader(tmpl, "template");
    WHARF_TRY(reader.RequiredString("name", 1, kMaxTemplateName));
    WHARF_ASSIGN_OR_RETURN(const boost::json::object* language, reader.RequiredObject("language"));
    MessageFieldReader lang = reader.Child("language", *language);
    WHARF_TRY(lang.RequiredString("code", 1, kMaxLanguageCode));
    WHARF_TRY(lang.OptionalEnum("policy", {"deterministic"}));
    return ValidateComponents(reader, /*allow_carousel=*/true);
}

}  // namespace wharf::domain
