#include "domain/message/message_content.h"

#include <charconv>
#include <string_view>
#include <vector>

namespace wharf::domain {
namespace {

// The string at object[key], or "" (absent, null or not a string).
std::string_view Str(const boost::json::object& object, std::string_view key) {
    const auto* v = object.if_contains(key);
    if (v == nullptr || !v->is_string()) {
        return {};
    }
    return v->get_string();
}

const boost::json::object& Obj(const boost::json::object& object, std::string_view key) {
    static const boost::json::object kEmpty;
    const auto* v = object.if_contains(key);
    if (v == nullptr || !v->is_object()) {
        return kEmpty;
    }
    return v->get_object();
}

const boost::json::array& Arr(const boost::json::object& object, std::string_view key) {
    static const boost::json::array kEmpty;
    const auto* v = object.if_contains(key);
    if (v == nullptr || !v->is_array()) {
        return kEmpty;
    }
    return v->get_array();
}

// A number as sent: strings verbatim, doubles in their shortest round-trip form.
std::string Number(const boost::json::value* v) {
    if (v == nullptr) {
        return "?";
    }
    if (v->is_string()) {
        return std::string(v->get_string());
    }
    if (v->is_int64()) {
        return std::to_string(v->get_int64());
    }
    if (v->is_uint64()) {
        return std::to_string(v->get_uint64());
    }
    if (v->is_double()) {
        char buf[64];
        auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), v->get_double());
        if (ec == std::errc()) {
            return std::string(buf, end);
        }
    }
    return "?";
}

// Joins the non-empty parts with `sep`.
std::string Join(const std::vector<std::string>& parts, std::string_view sep) {
    std::string out;
    for (const auto& p : parts) {
        if (p.empty()) {
            continue;
        }
        if (!out.empty()) {
            out += sep;
        }
        out += p;
    }
    return out;
}

std::string Bracket(std::string_view s) {
    return "[" + std::string(s) + "]";
}

std::string Media(MessageType type, const boost::json::object& media) {
    std::string_view caption = Str(media, "caption");
    if (type == MessageType::kDocument) {
        std::string_view filename = Str(media, "filename");
        if (!filename.empty() && !caption.empty()) {
            return "[document] " + std::string(filename) + " - " + std::string(caption);
        }
        return Join({"[document]", std::string(filename), std::string(caption)}, " ");
    }
    if (type == MessageType::kAudio) {
        const auto* voice = media.if_contains("voice");
        return voice != nullptr && voice->is_bool() && voice->get_bool() ? "[voice]" : "[audio]";
    }
    return Join({Bracket(MessageTypeName(type)), std::string(caption)}, " ");
}

std::string Location(const boost::json::object& location) {
    std::string place =
        Join({std::string(Str(location, "name")), std::string(Str(location, "address"))}, ", ");
    std::string coordinates = "(" + Number(location.if_contains("latitude")) + ", " +
                              Number(location.if_contains("longitude")) + ")";
    return Join({"[location]", place, coordinates}, " ");
}

std::string Contacts(const boost::json::object& payload) {
    std::vector<std::string> names;
    for (const auto& card : Arr(payload, "contacts")) {
        if (card.is_object()) {
            names.emplace_back(Str(Obj(card.get_object(), "name"), "formatted_name"));
        }
    }
    return Join({"[contacts]", Join(names, ", ")}, " ");
}

std::string Reaction(const boost::json::object& reaction) {
    std::string_view emoji = Str(reaction, "emoji");
    std::string id(Str(reaction, "message_id"));
    if (emoji.empty()) {
        return "[reaction removed from " + id + "]";
    }
    return "[reaction " + std::string(emoji) + " to " + id + "]";
}

// The titles of an array of objects whose `wrapper` object carries `key`.
std::vector<std::string> Labels(const boost::json::array& items, std::string_view wrapper,
                                std::string_view key) {
    std::vector<std::string> out;
    for (const auto& item : items) {
        if (!item.is_object()) {
            continue;
        }
        const auto& o = wrapper.empty() ? item.get_object() : Obj(item.get_object(), wrapper);
        out.emplace_back(Str(o, key));
    }
    return out;
}

std::string InteractiveSummary(InteractiveType type, const boost::json::object& interactive) {
    const auto& action = Obj(interactive, "action");
    const auto& parameters = Obj(action, "parameters");
    switch (type) {
        case InteractiveType::kButton: {
            std::vector<std::string> titles;
            for (const auto& t : Labels(Arr(action, "buttons"), "reply", "title")) {
                titles.push_back(Bracket(t));
            }
            return Join(titles, " ");
        }
        case InteractiveType::kList: {
            std::vector<std::string> rows;
            for (const auto& section : Arr(action, "sections")) {
                if (section.is_object()) {
                    for (auto& t : Labels(Arr(section.get_object(), "rows"), "", "title")) {
                        rows.push_back(std::move(t));
                    }
                }
            }
            return Bracket(Join({std::string(Str(action, "button")), Join(rows, ", ")}, ": "));
        }
        case InteractiveType::kCtaUrl:
            return Bracket(Join(
                {std::string(Str(parameters, "display_text")), std::string(Str(parameters, "url"))},
                ": "));
        case InteractiveType::kFlow:
            return Bracket(Str(parameters, "flow_cta"));
        case InteractiveType::kLocationRequestMessage:
            return "[send location]";
        case InteractiveType::kProduct:
            return Bracket("product " + std::string(Str(action, "product_retailer_id")));
        case InteractiveType::kProductList: {
            std::vector<std::string> ids;
            for (const auto& section : Arr(action, "sections")) {
                if (section.is_object()) {
                    for (auto& id : Labels(Arr(section.get_object(), "product_items"), "",
                                           "product_retailer_id")) {
                        ids.push_back(std::move(id));
                    }
                }
            }
            return Bracket("products: " + Join(ids, ", "));
        }
        case InteractiveType::kCatalogMessage:
            return "[catalog]";
        case InteractiveType::kAddressMessage:
            return "[address request]";
        case InteractiveType::kCallPermissionRequest:
            return "[call permission request]";
        case InteractiveType::kRequestContactInfo:
            return "[contact info request]";
        case InteractiveType::kOrderDetails:
            return Bracket("order " + std::string(Str(parameters, "reference_id")));
        case InteractiveType::kOrderStatus:
            return Bracket("order " + std::string(Str(parameters, "reference_id")) + " status");
        case InteractiveType::kCarousel:
            return "[carousel: " + std::to_string(Arr(action, "cards").size()) + " cards]";
    }
    return {};
}

}  // namespace

std::string RenderContent(const OutboundMessage& message) {
    const auto& p = message.payload;
    switch (message.type) {
        case MessageType::kText:
            return std::string(Str(p, "body"));
        case MessageType::kImage:
        case MessageType::kVideo:
        case MessageType::kAudio:
        case MessageType::kDocument:
        case MessageType::kSticker:
            return Media(message.type, p);
        case MessageType::kLocation:
            return Location(p);
        case MessageType::kContacts:
            return Contacts(p);
        case MessageType::kReaction:
            return Reaction(p);
        case MessageType::kTemplate:
            return Bracket("template " + std::string(Str(p, "name")));
        case MessageType::kInteractive: {
            std::string body(Str(Obj(p, "body"), "text"));
            if (!message.interactive_type) {
                return body;
            }
            return Join({body, InteractiveSummary(*message.interactive_type, p)}, " ");
        }
    }
    return {};
}

}  // namespace wharf::domain
