#include "domain/message/message_validator.h"

#include "domain/message/interactive_validator.h"
#include "domain/message/message_field_reader.h"
#include "domain/message/template_message_validator.h"

namespace wharf::domain {
namespace {

constexpr size_t kMaxTextBody = 4096;
constexpr size_t kMaxCaption = 1024;
constexpr size_t kMaxFilename = 240;
constexpr size_t kMaxBizOpaqueCallbackData = 512;
constexpr size_t kMaxContacts = 257;
constexpr size_t kMaxReactionEmoji = 2;
constexpr size_t kMaxGroupId = 128;
constexpr size_t kMinPhoneDigits = 7;
constexpr size_t kMaxPhoneDigits = 15;

Result<std::string> ReadRecipient(const MessageFieldReader& body, std::string_view recipient_type) {
    if (!body.Has("to") && body.Has("recipient")) {
        return Fail(MissingParameterError("to"));
    }
    WHARF_ASSIGN_OR_RETURN(std::string_view to, body.RequiredString("to"));
    if (recipient_type == "group") {
        if (to.size() > kMaxGroupId || to.find_first_of(" \t\r\n") != std::string_view::npos) {
            return Fail(
                InvalidValueError("to", "must be a group id (1 to 128 characters, no spaces)"));
        }
        return std::string(to);
    }
    auto digits = NormalizeRecipientPhone(to);
    if (!digits) {
        return Fail(InvalidValueError("to",
                                      "must be a phone number: 7 to 15 digits, optionally with "
                                      "a leading +, spaces, dashes and parentheses"));
    }
    return std::move(*digits);
}

Result<void> ValidateText(const MessageFieldReader& text) {
    WHARF_TRY(text.RequiredString("body", 1, kMaxTextBody));
    WHARF_TRY(text.OptionalBool("preview_url"));
    return {};
}

Result<void> ValidateMedia(MessageType type, const MessageFieldReader& media) {
    WHARF_TRY(CheckMediaReference(media));
    const char* name = MessageTypeName(type);
    if (type == MessageType::kAudio || type == MessageType::kSticker) {
        WHARF_TRY(media.Forbid("caption", std::string("for ") + name + " messages"));
    } else {
        WHARF_TRY(media.OptionalString("caption", 0, kMaxCaption));
    }
    if (type == MessageType::kDocument) {
        WHARF_TRY(media.OptionalString("filename", 0, kMaxFilename));
    } else {
        WHARF_TRY(media.Forbid("filename", std::string("for ") + name + " messages"));
    }
    if (type == MessageType::kAudio) {
        WHARF_TRY(media.OptionalBool("voice"));
    }
    return {};
}

Result<void> ValidateLocation(const MessageFieldReader& location) {
    WHARF_TRY(location.RequiredCoordinate("latitude", -90, 90));
    WHARF_TRY(location.RequiredCoordinate("longitude", -180, 180));
    WHARF_TRY(location.OptionalString("name"));
    WHARF_TRY(location.OptionalString("address"));
    return {};
}

Result<void> ValidateContacts(const MessageFieldReader& body) {
    WHARF_ASSIGN_OR_RETURN(const boost::json::array* contacts,
                           body.RequiredArray("contacts", 1, kMaxContacts));
    for (size_t i = 0; i < contacts->size(); ++i) {
        WHARF_ASSIGN_OR_RETURN(MessageFieldReader card,
                               MessageFieldReader::Element(*contacts, "contacts", i));
        WHARF_ASSIGN_OR_RETURN(const boost::json::object* name, card.RequiredObject("name"));
        WHARF_TRY(card.Child("name", *name).RequiredString("formatted_name"));
        for (const char* list : {"phones", "emails", "urls", "addresses"}) {
            WHARF_ASSIGN_OR_RETURN(const boost::json::array* items, card.OptionalArray(list));
            if (items == nullptr) {
                continue;
            }
            for (size_t j = 0; j < items->size(); ++j) {
                WHARF_TRY(MessageFieldReader::Element(*items, card.PathOf(list), j));
            }
        }
        WHARF_TRY(card.OptionalObject("org"));
        WHARF_TRY(card.OptionalString("birthday"));
    }
    return {};
}

Result<void> ValidateReaction(const MessageFieldReader& reaction) {
    WHARF_TRY(reaction.RequiredString("message_id"));
    // "" removes a previous reaction, so the emoji may be empty but not absent.
    WHARF_TRY(reaction.RequiredString("emoji", 0, kMaxReactionEmoji));
    return {};
}

Result<ReadReceipt> ValidateReadReceipt(const MessageFieldReader& body) {
    WHARF_TRY(body.RequiredEnum("status", {"read"}));
    WHARF_ASSIGN_OR_RETURN(std::string_view message_id, body.RequiredString("message_id"));
    ReadReceipt receipt;
    receipt.message_id = std::string(message_id);
    WHARF_ASSIGN_OR_RETURN(const boost::json::object* typing,
                           body.OptionalObject("typing_indicator"));
    if (typing != nullptr) {
        WHARF_TRY(body.Child("typing_indicator", *typing).RequiredEnum("type", {"text"}));
        receipt.typing_indicator = true;
    }
    return receipt;
}

// The type's object (or, for contacts, array) checked by its own rules; fills out.payload.
Result<void> ValidateTypeObject(const MessageFieldReader& body, OutboundMessage& out) {
    const char* key = MessageTypeName(out.type);
    if (out.type == MessageType::kContacts) {
        WHARF_TRY(ValidateContacts(body));
        out.payload = boost::json::object{{"contacts", body.object().at("contacts")}};
        return {};
    }
    WHARF_ASSIGN_OR_RETURN(const boost::json::object* object, body.RequiredObject(key));
    MessageFieldReader reader = body.Child(key, *object);
    switch (out.type) {
        case MessageType::kText:
            WHARF_TRY(ValidateText(reader));
            break;
        case MessageType::kImage:
        case MessageType::kVideo:
        case MessageType::kAudio:
        case MessageType::kDocument:
        case MessageType::kSticker:
            WHARF_TRY(ValidateMedia(out.type, reader));
            break;
        case MessageType::kLocation:
            WHARF_TRY(ValidateLocation(reader));
            break;
        case MessageType::kReaction:
            WHARF_TRY(ValidateReaction(reader));
            break;
        case MessageType::kTemplate:
            WHARF_TRY(ValidateTemplateObject(*object));
            break;
        case MessageType::kInteractive: {
            WHARF_ASSIGN_OR_RETURN(InteractiveType interactive_type,
                                   ValidateInteractiveObject(*object));
            out.interactive_type = interactive_type;
            break;
        }
        case MessageType::kContacts:
            break;
    }
    out.payload = *object;
    return {};
}

Result<OutboundMessage> ValidateMessage(const MessageFieldReader& body) {
    OutboundMessage out;
    WHARF_ASSIGN_OR_RETURN(std::optional<std::string_view> recipient_type,
                           body.OptionalEnum("recipient_type", {"individual", "group"}));
    out.recipient_type = std::string(recipient_type.value_or("individual"));
    WHARF_ASSIGN_OR_RETURN(out.to_wa_id, ReadRecipient(body, out.recipient_type));
    out.to_input = std::string(body.object().at("to").get_string());

    WHARF_ASSIGN_OR_RETURN(std::string_view type_name, body.RequiredString("type", 0));
    auto type = ParseMessageType(type_name);
    if (!type) {
        return Fail(UnsupportedTypeError("type", type_name));
    }
    out.type = *type;
    WHARF_TRY(ValidateTypeObject(body, out));

    WHARF_ASSIGN_OR_RETURN(const boost::json::object* context, body.OptionalObject("context"));
    if (context != nullptr) {
        WHARF_ASSIGN_OR_RETURN(std::string_view message_id,
                               body.Child("context", *context).RequiredString("message_id"));
        out.context_message_id = std::string(message_id);
    }
    WHARF_ASSIGN_OR_RETURN(
        std::optional<std::string_view> opaque,
        body.OptionalString("biz_opaque_callback_data", 0, kMaxBizOpaqueCallbackData));
    if (opaque) {
        out.biz_opaque_callback_data = std::string(*opaque);
    }
    return out;
}

}  // namespace

std::optional<std::string> NormalizeRecipientPhone(std::string_view to) {
    std::string digits;
    bool seen_plus = false;
    for (char c : to) {
        if (c >= '0' && c <= '9') {
            digits += c;
        } else if (c == '+') {
            // Only one '+', before any digit.
            if (seen_plus || !digits.empty()) {
                return std::nullopt;
            }
            seen_plus = true;
        } else if (c != ' ' && c != '-' && c != '(' && c != ')') {
            return std::nullopt;
        }
    }
    if (digits.size() < kMinPhoneDigits || digits.size() > kMaxPhoneDigits) {
        return std::nullopt;
    }
    return digits;
}

Result<std::variant<OutboundMessage, ReadReceipt>> ValidateSendRequest(
    const boost::json::value& body) {
    using Out = std::variant<OutboundMessage, ReadReceipt>;
    if (!body.is_object()) {
        return Fail(Error::InvalidArgument("Invalid parameter")
                        .WithGraph(100, "The request body must be a JSON object."));
    }
    MessageFieldReader reader(body.get_object(), "");
    WHARF_TRY(reader.RequiredEnum("messaging_product", {"whatsapp"}));
    if (reader.Has("status")) {
        WHARF_ASSIGN_OR_RETURN(ReadReceipt receipt, ValidateReadReceipt(reader));
        return Out(std::move(receipt));
    }
    WHARF_ASSIGN_OR_RETURN(OutboundMessage message, ValidateMessage(reader));
    return Out(std::move(message));
}

}  // namespace wharf::domain
