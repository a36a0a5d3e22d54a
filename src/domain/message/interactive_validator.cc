#include "domain/message/interactive_validator.h"

#include <map>
#include <set>
#include <string>
#include <vector>

#include "domain/message/message_field_reader.h"

namespace wharf::domain {
namespace {

constexpr size_t kMaxBody = 1024;
constexpr size_t kMaxListBody = 4096;
constexpr size_t kMaxFooter = 60;
constexpr size_t kMaxHeaderText = 60;
constexpr size_t kMaxReplyButtons = 3;
constexpr size_t kMaxButtonId = 256;
constexpr size_t kMaxButtonTitle = 20;
constexpr size_t kMaxListButton = 20;
constexpr size_t kMaxListSections = 10;
constexpr size_t kMaxListRows = 10;
constexpr size_t kMaxRowId = 200;
constexpr size_t kMaxRowTitle = 24;
constexpr size_t kMaxRowDescription = 72;
constexpr size_t kMaxSectionTitle = 24;
constexpr size_t kMaxCtaDisplayText = 20;
constexpr size_t kMaxFlowCta = 20;
constexpr size_t kMaxProductSections = 10;
constexpr size_t kMaxProducts = 30;
constexpr size_t kMinCarouselCards = 2;
constexpr size_t kMaxCarouselCards = 10;
constexpr size_t kMaxCardBody = 160;
constexpr size_t kMaxCardBodyLineBreaks = 2;

enum class HeaderRule { kAny, kTextOnly, kRequiredText, kForbidden };

struct Shape {
    HeaderRule header = HeaderRule::kAny;
    bool body_required = true;
    size_t body_max = kMaxBody;
    bool footer_allowed = true;
};

Shape ShapeOf(InteractiveType type) {
    Shape s;
    switch (type) {
        case InteractiveType::kList:
            s.header = HeaderRule::kTextOnly;
            s.body_max = kMaxListBody;
            break;
        case InteractiveType::kProduct:
            s.header = HeaderRule::kForbidden;
            s.body_required = false;
            break;
        case InteractiveType::kProductList:
            s.header = HeaderRule::kRequiredText;
            break;
        case InteractiveType::kLocationRequestMessage:
        case InteractiveType::kCatalogMessage:
        case InteractiveType::kCallPermissionRequest:
            s.body_required = false;
            break;
        case InteractiveType::kCarousel:
            s.header = HeaderRule::kForbidden;
            s.footer_allowed = false;
            break;
        default:
            break;
    }
    return s;
}

std::string ForType(InteractiveType type) {
    return std::string("for ") + InteractiveTypeName(type) + " messages";
}

// A string-valued key that must be unique among its siblings: remembers the first path.
class UniqueValues {
public:
    explicit UniqueValues(std::string what) : what_(std::move(what)) {}
    Result<void> Add(std::string_view value, const std::string& path) {
        auto [it, inserted] = first_.emplace(std::string(value), path);
        if (!inserted) {
            return Fail(InvalidValueError(
                path, "must be unique (" + it->second + " has the same " + what_ + ")"));
        }
        return {};
    }

private:
    std::string what_;
    std::map<std::string, std::string> first_;
};

Result<void> ValidateMediaUnder(const MessageFieldReader& parent, std::string_view key) {
    WHARF_ASSIGN_OR_RETURN(const boost::json::object* media, parent.RequiredObject(key));
    return CheckMediaReference(parent.Child(key, *media));
}

Result<void> ValidateHeader(const MessageFieldReader& interactive, InteractiveType type,
                            HeaderRule rule) {
    if (rule == HeaderRule::kForbidden) {
        return interactive.Forbid("header", ForType(type));
    }
    WHARF_ASSIGN_OR_RETURN(const boost::json::object* object,
                           rule == HeaderRule::kRequiredText
                               ? interactive.RequiredObject("header")
                               : interactive.OptionalObject("header"));
    if (object == nullptr) {
        return {};
    }
    MessageFieldReader header = interactive.Child("header", *object);
    WHARF_ASSIGN_OR_RETURN(std::string_view header_type,
                           rule == HeaderRule::kAny
                               ? header.RequiredEnum("type", {"text", "image", "video", "document"})
                               : header.RequiredEnum("type", {"text"}));
    if (header_type == "text") {
        WHARF_TRY(header.RequiredString("text", 1, kMaxHeaderText));
        return {};
    }
    return ValidateMediaUnder(header, header_type);
}

Result<void> ValidateBodyAndFooter(const MessageFieldReader& interactive, InteractiveType type,
                                   const Shape& shape) {
    WHARF_ASSIGN_OR_RETURN(const boost::json::object* body,
                           shape.body_required ? interactive.RequiredObject("body")
                                               : interactive.OptionalObject("body"));
    if (body != nullptr) {
        WHARF_TRY(interactive.Child("body", *body).RequiredString("text", 1, shape.body_max));
    }
    if (!shape.footer_allowed) {
        return interactive.Forbid("footer", ForType(type));
    }
    WHARF_ASSIGN_OR_RETURN(const boost::json::object* footer, interactive.OptionalObject("footer"));
    if (footer != nullptr) {
        WHARF_TRY(interactive.Child("footer", *footer).RequiredString("text", 1, kMaxFooter));
    }
    return {};
}

// {id, title} of a reply or quick-reply button, ids and titles checked for uniqueness.
Result<void> ValidateButtonLabel(const MessageFieldReader& label, UniqueValues& ids,
                                 UniqueValues* titles) {
    WHARF_ASSIGN_OR_RETURN(std::string_view id, label.RequiredString("id", 1, kMaxButtonId));
    WHARF_ASSIGN_OR_RETURN(std::string_view title,
                           label.RequiredString("title", 1, kMaxButtonTitle));
    WHARF_TRY(ids.Add(id, label.PathOf("id")));
    if (titles != nullptr) {
        WHARF_TRY(titles->Add(title, label.PathOf("title")));
    }
    return {};
}

Result<void> ValidateReplyButtons(const MessageFieldReader& action) {
    WHARF_ASSIGN_OR_RETURN(const boost::json::array* buttons,
                           action.RequiredArray("buttons", 1, kMaxReplyButtons));
    UniqueValues ids("id");
    UniqueValues titles("title");
    for (size_t i = 0; i < buttons->size(); ++i) {
        WHARF_ASSIGN_OR_RETURN(MessageFieldReader button,
                               MessageFieldReader::Element(*buttons, action.PathOf("buttons"), i));
        WHARF_TRY(button.RequiredEnum("type", {"reply"}));
        WHARF_ASSIGN_OR_RETURN(const boost::json::object* reply, button.RequiredObject("reply"));
        WHARF_TRY(ValidateButtonLabel(button.Child("reply", *reply), ids, &titles));
    }
    return {};
}

Result<void> ValidateList(const MessageFieldReader& action) {
    WHARF_TRY(action.RequiredString("button", 1, kMaxListButton));
    WHARF_ASSIGN_OR_RETURN(const boost::json::array* sections,
                           action.RequiredArray("sections", 1, kMaxListSections));
    std::string sections_path = action.PathOf("sections");
    UniqueValues row_ids("row id");
    size_t total_rows = 0;
    for (size_t i = 0; i < sections->size(); ++i) {
        WHARF_ASSIGN_OR_RETURN(MessageFieldReader section,
                               MessageFieldReader::Element(*sections, sections_path, i));
        if (sections->size() > 1) {
            WHARF_TRY(section.RequiredString("title", 1, kMaxSectionTitle));
        } else {
            WHARF_TRY(section.OptionalString("title", 0, kMaxSectionTitle));
        }
        WHARF_ASSIGN_OR_RETURN(const boost::json::array* rows,
                               section.RequiredArray("rows", 1, kMaxListRows));
        total_rows += rows->size();
        if (total_rows > kMaxListRows) {
            return Fail(InvalidValueError(sections_path,
                                          "must have at most 10 rows in total across sections"));
        }
        for (size_t j = 0; j < rows->size(); ++j) {
            WHARF_ASSIGN_OR_RETURN(MessageFieldReader row,
                                   MessageFieldReader::Element(*rows, section.PathOf("rows"), j));
            WHARF_ASSIGN_OR_RETURN(std::string_view id, row.RequiredString("id", 1, kMaxRowId));
            WHARF_TRY(row_ids.Add(id, row.PathOf("id")));
            WHARF_TRY(row.RequiredString("title", 1, kMaxRowTitle));
            WHARF_TRY(row.OptionalString("description", 0, kMaxRowDescription));
        }
    }
    return {};
}

Result<void> ValidateCtaUrlParameters(const MessageFieldReader& action) {
    WHARF_ASSIGN_OR_RETURN(const boost::json::object* object, action.RequiredObject("parameters"));
    MessageFieldReader parameters = action.Child("parameters", *object);
    WHARF_TRY(parameters.RequiredString("display_text", 1, kMaxCtaDisplayText));
    WHARF_ASSIGN_OR_RETURN(std::string_view url, parameters.RequiredString("url"));
    if (!IsHttpUrl(url)) {
        return Fail(InvalidValueError(parameters.PathOf("url"), "must be an http(s) URL"));
    }
    return {};
}

Result<void> ValidateFlow(const MessageFieldReader& action) {
    WHARF_ASSIGN_OR_RETURN(const boost::json::object* object, action.RequiredObject("parameters"));
    MessageFieldReader parameters = action.Child("parameters", *object);
    WHARF_TRY(parameters.RequiredEnum("flow_message_version", {"3"}));
    WHARF_TRY(parameters.RequiredString("flow_cta", 1, kMaxFlowCta));
    bool has_id = parameters.Has("flow_id");
    bool has_name = parameters.Has("flow_name");
    if (!has_id && !has_name) {
        return Fail(MissingOneOfError(parameters.path(), "flow_id", "flow_name"));
    }
    if (has_id && has_name) {
        return Fail(InvalidValueError(parameters.path(),
                                      "must have exactly one of flow_id or flow_name, not both"));
    }
    WHARF_TRY(parameters.RequiredString(has_id ? "flow_id" : "flow_name"));
    WHARF_TRY(parameters.OptionalString("flow_token"));
    WHARF_TRY(parameters.OptionalEnum("flow_action", {"navigate", "data_exchange"}));
    WHARF_TRY(parameters.OptionalEnum("mode", {"draft", "published"}));
    WHARF_ASSIGN_OR_RETURN(const boost::json::object* payload,
                           parameters.OptionalObject("flow_action_payload"));
    if (payload != nullptr) {
        MessageFieldReader p = parameters.Child("flow_action_payload", *payload);
        WHARF_TRY(p.OptionalString("screen", 1));
        WHARF_TRY(p.OptionalObject("data"));
    }
    return {};
}

Result<void> ValidateProductList(const MessageFieldReader& action) {
    WHARF_TRY(action.RequiredString("catalog_id"));
    WHARF_ASSIGN_OR_RETURN(const boost::json::array* sections,
                           action.RequiredArray("sections", 1, kMaxProductSections));
    std::string sections_path = action.PathOf("sections");
    size_t total = 0;
    for (size_t i = 0; i < sections->size(); ++i) {
        WHARF_ASSIGN_OR_RETURN(MessageFieldReader section,
                               MessageFieldReader::Element(*sections, sections_path, i));
        WHARF_TRY(section.RequiredString("title", 1, kMaxSectionTitle));
        WHARF_ASSIGN_OR_RETURN(const boost::json::array* items,
                               section.RequiredArray("product_items", 1, kMaxProducts));
        total += items->size();
        if (total > kMaxProducts) {
            return Fail(InvalidValueError(
                sections_path, "must have at most 30 product_items in total across sections"));
        }
        for (size_t j = 0; j < items->size(); ++j) {
            WHARF_ASSIGN_OR_RETURN(
                MessageFieldReader item,
                MessageFieldReader::Element(*items, section.PathOf("product_items"), j));
            WHARF_TRY(item.RequiredString("product_retailer_id"));
        }
    }
    return {};
}

Result<void> ValidateAddress(const MessageFieldReader& action) {
    WHARF_ASSIGN_OR_RETURN(const boost::json::object* object, action.RequiredObject("parameters"));
    MessageFieldReader parameters = action.Child("parameters", *object);
    WHARF_TRY(parameters.RequiredEnum("country", {"IN"}));
    WHARF_TRY(parameters.OptionalObject("values"));
    WHARF_TRY(parameters.OptionalObject("validation_errors"));
    WHARF_ASSIGN_OR_RETURN(const boost::json::array* saved,
                           parameters.OptionalArray("saved_addresses"));
    if (saved != nullptr) {
        for (size_t i = 0; i < saved->size(); ++i) {
            WHARF_ASSIGN_OR_RETURN(
                MessageFieldReader address,
                MessageFieldReader::Element(*saved, parameters.PathOf("saved_addresses"), i));
            WHARF_TRY(address.RequiredString("id"));
            WHARF_TRY(address.RequiredObject("value"));
        }
    }
    return {};
}

Result<void> ValidateOrder(const MessageFieldReader& action, std::string_view name) {
    WHARF_TRY(action.RequiredEnum("name", {name}));
    WHARF_ASSIGN_OR_RETURN(const boost::json::object* object, action.RequiredObject("parameters"));
    WHARF_TRY(action.Child("parameters", *object).RequiredString("reference_id"));
    return {};
}

// "cta_url" or "quick_reply:<n>": every card of a carousel must have the same.
Result<std::string> ValidateCardAction(const MessageFieldReader& card, UniqueValues& reply_ids) {
    WHARF_ASSIGN_OR_RETURN(const boost::json::object* object, card.RequiredObject("action"));
    MessageFieldReader action = card.Child("action", *object);
    if (!action.Has("buttons")) {
        WHARF_TRY(action.RequiredEnum("name", {"cta_url"}));
        WHARF_TRY(ValidateCtaUrlParameters(action));
        return std::string("cta_url");
    }
    WHARF_ASSIGN_OR_RETURN(const boost::json::array* buttons,
                           action.RequiredArray("buttons", 1, kMaxReplyButtons));
    for (size_t i = 0; i < buttons->size(); ++i) {
        WHARF_ASSIGN_OR_RETURN(MessageFieldReader button,
                               MessageFieldReader::Element(*buttons, action.PathOf("buttons"), i));
        WHARF_TRY(button.RequiredEnum("type", {"quick_reply"}));
        WHARF_ASSIGN_OR_RETURN(const boost::json::object* reply,
                               button.RequiredObject("quick_reply"));
        WHARF_TRY(ValidateButtonLabel(button.Child("quick_reply", *reply), reply_ids, nullptr));
    }
    return "quick_reply:" + std::to_string(buttons->size());
}

Result<void> ValidateCarousel(const MessageFieldReader& action) {
    WHARF_ASSIGN_OR_RETURN(const boost::json::array* cards,
                           action.RequiredArray("cards", kMinCarouselCards, kMaxCarouselCards));
    std::string cards_path = action.PathOf("cards");
    std::vector<bool> seen(cards->size(), false);
    UniqueValues reply_ids("quick-reply id");
    std::string first_structure;
    for (size_t i = 0; i < cards->size(); ++i) {
        WHARF_ASSIGN_OR_RETURN(MessageFieldReader card,
                               MessageFieldReader::Element(*cards, cards_path, i));
        WHARF_ASSIGN_OR_RETURN(long long index, card.RequiredIndex("card_index"));
        if (index >= static_cast<long long>(cards->size()) || seen[index]) {
            return Fail(InvalidValueError(
                card.PathOf("card_index"),
                "must number the cards 0.." + std::to_string(cards->size() - 1) + ", each once"));
        }
        seen[index] = true;
        WHARF_ASSIGN_OR_RETURN(const boost::json::object* header_object,
                               card.RequiredObject("header"));
        MessageFieldReader header = card.Child("header", *header_object);
        WHARF_ASSIGN_OR_RETURN(std::string_view media,
                               header.RequiredEnum("type", {"image", "video"}));
        WHARF_TRY(ValidateMediaUnder(header, media));
        WHARF_ASSIGN_OR_RETURN(const boost::json::object* body, card.OptionalObject("body"));
        if (body != nullptr) {
            MessageFieldReader card_body = card.Child("body", *body);
            WHARF_ASSIGN_OR_RETURN(std::optional<std::string_view> text,
                                   card_body.OptionalString("text", 0, kMaxCardBody));
            size_t breaks = 0;
            for (size_t k = 0; text && k < text->size(); ++k) {
                char c = (*text)[k];
                if (c == '\n' || (c == '\r' && (k + 1 == text->size() || (*text)[k + 1] != '\n'))) {
                    ++breaks;
                }
            }
            if (breaks > kMaxCardBodyLineBreaks) {
                return Fail(
                    InvalidValueError(card_body.PathOf("text"), "must have at most 2 line breaks"));
            }
        }
        WHARF_ASSIGN_OR_RETURN(std::string structure, ValidateCardAction(card, reply_ids));
        if (i == 0) {
            first_structure = structure;
        } else if (structure != first_structure) {
            return Fail(InvalidValueError(
                card.PathOf("action"),
                "must use the same button structure as " + cards_path + "[0].action"));
        }
    }
    return {};
}

Result<void> ValidateAction(const MessageFieldReader& interactive, InteractiveType type) {
    WHARF_ASSIGN_OR_RETURN(const boost::json::object* object, interactive.RequiredObject("action"));
    MessageFieldReader action = interactive.Child("action", *object);
    switch (type) {
        case InteractiveType::kButton:
            return ValidateReplyButtons(action);
        case InteractiveType::kList:
            return ValidateList(action);
        case InteractiveType::kCtaUrl:
            WHARF_TRY(action.RequiredEnum("name", {"cta_url"}));
            return ValidateCtaUrlParameters(action);
        case InteractiveType::kLocationRequestMessage:
            WHARF_TRY(action.RequiredEnum("name", {"send_location"}));
            WHARF_TRY(action.OptionalObject("parameters"));
            return {};
        case InteractiveType::kFlow:
            WHARF_TRY(action.RequiredEnum("name", {"flow"}));
            return ValidateFlow(action);
        case InteractiveType::kProduct:
            WHARF_TRY(action.RequiredString("catalog_id"));
            WHARF_TRY(action.RequiredString("product_retailer_id"));
            return {};
        case InteractiveType::kProductList:
            return ValidateProductList(action);
        case InteractiveType::kCatalogMessage: {
            WHARF_TRY(action.RequiredEnum("name", {"catalog_message"}));
            WHARF_ASSIGN_OR_RETURN(const boost::json::object* parameters,
                                   action.OptionalObject("parameters"));
            if (parameters != nullptr) {
                WHARF_TRY(action.Child("parameters", *parameters)
                              .OptionalString("thumbnail_product_retailer_id", 1));
            }
            return {};
        }
        case InteractiveType::kAddressMessage:
            WHARF_TRY(action.RequiredEnum("name", {"address_message"}));
            return ValidateAddress(action);
        case InteractiveType::kCallPermissionRequest:
            WHARF_TRY(action.RequiredEnum("name", {"call_permission_request"}));
            WHARF_TRY(action.OptionalObject("parameters"));
            return {};
        case InteractiveType::kRequestContactInfo:
            WHARF_TRY(action.RequiredEnum("name", {"request_contact_info"}));
            return {};
        case InteractiveType::kOrderDetails:
            return ValidateOrder(action, "review_and_pay");
        case InteractiveType::kOrderStatus:
            return ValidateOrder(action, "review_order");
        case InteractiveType::kCarousel:
            return ValidateCarousel(action);
    }
    return {};
}

}  // namespace

Result<InteractiveType> ValidateInteractiveObject(const boost::json::object& object) {
    MessageFieldReader interactive(object, "interactive");
    WHARF_ASSIGN_OR_RETURN(std::string_view type_name, interactive.RequiredString("type", 0));
    auto type = ParseInteractiveType(type_name);
    if (!type) {
        return Fail(UnsupportedTypeError(interactive.PathOf("type"), type_name));
    }
    Shape shape = ShapeOf(*type);
    WHARF_TRY(ValidateHeader(interactive, *type, shape.header));
    WHARF_TRY(ValidateBodyAndFooter(interactive, *type, shape));
    WHARF_TRY(ValidateAction(interactive, *type));
    return *type;
}

}  // namespace wharf::domain
