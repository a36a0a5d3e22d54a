#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include <boost/json.hpp>

#include "base/result.h"
#include "domain/message/outbound_message.h"

namespace wharf::domain {

// Validates the body of POST /{phone_number_id}/messages before anything is sent, with Meta's
// limits (docs/meta-facts.md §3.3, spec/openapi-whatsapp.yaml WhatsappMessage/MarkReadRequest).
// A body carrying `status` is a mark-as-read request and yields a ReadReceipt; anything else is
// a message and yields an OutboundMessage whose payload is the type's object exactly as sent.
//
// Errors are Error::InvalidArgument with `field` set to the JSON path of the offending parameter
// ("to", "text.body", "interactive.action.buttons[1].reply.title"), `message` set to Meta's
// title and `graph` to Meta's code, chosen by ONE rule, in this order:
//   131051 "Unsupported message type"      `type` or `interactive.type` is a string that names
//                                           no type Meta sends.
//   131008 "Required parameter is missing" a required parameter is absent or null (also the
//                                           type's object, e.g. `text` for type "text", and
//                                           `id`/`link` when a media object has neither).
//   100    "Invalid parameter"             the parameter is present but has the wrong JSON shape
//                                           (a string where an object belongs, ...), or is a key
//                                           Meta does not accept in that place (caption on audio,
//                                           a header on a product message): Meta's "(#100) Param
//                                           ... must be ..." / "Unexpected key" family.
//   131009 "Parameter value is not valid"  the shape is right but the value breaks a rule: a
//                                           length, count, range, enum, URL, uniqueness or
//                                           either-or rule.
// The details string (Graph `error_data.details`) always names the path, e.g. "Param
// interactive.action.buttons[1].reply.title must be at most 20 characters long (got 23).".
// A body that is not a JSON object is code 100 with no field. Lengths are counted in Unicode
// code points. Unknown keys are ignored (Meta adds fields faster than we follow), except the
// few documented as unsupported in a place.
//
// What is checked, per type (limits in characters):
//  envelope   messaging_product "whatsapp"; recipient_type individual|group (default
//             individual); `to`: for individual, digits with optional + - ( ) and spaces, 7..15
//             digits (to_wa_id = the digits); for group, a group id of 1..128 characters without
//             spaces (to_wa_id = the id); context.message_id string; biz_opaque_callback_data ≤
//             512. Sends by BSUID (`recipient` without `to`) are not supported: `to` is required.
//  text       body 1..4096, preview_url boolean.
//  media      exactly one of id xor link (link http(s)); caption ≤ 1024 (image, video, document;
//             not audio or sticker); filename ≤ 240 (document only); audio voice boolean.
//  location   latitude -90..90 and longitude -180..180 (numbers, or decimal strings as in
//             Meta's examples); name, address strings.
//  contacts   a non-empty array (≤ 257) of cards, each with name.formatted_name; phones, emails,
//             urls, addresses arrays when present.
//  reaction   message_id; emoji required, ≤ 2 code points ("" removes a reaction).
//  template   see template_message_validator.h (structure only).
//  interactive see interactive_validator.h.
// Mark-as-read: messaging_product "whatsapp", status "read", message_id, optional
// typing_indicator {"type":"text"}.
Result<std::variant<OutboundMessage, ReadReceipt>> ValidateSendRequest(
    const boost::json::value& body);

// The digits of a recipient phone number as Meta accepts it in `to`: digits with optional
// leading '+', '-', '(', ')' and spaces, 7..15 digits. nullopt when it is not one.
std::optional<std::string> NormalizeRecipientPhone(std::string_view to);

}  // namespace wharf::domain
