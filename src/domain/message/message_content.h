#pragma once

#include <string>

#include "domain/message/outbound_message.h"

namespace wharf::domain {

// A one-line, plain-text rendering of an outbound message for history (`kapso.content`,
// conversation `last_message_text`). Pure and total: fields missing from the payload are left
// out rather than failing. The forms:
//   text                 the body
//   image|video|sticker  "[image]", then " <caption>" when there is one
//   audio                "[audio]" ("[voice]" when voice is true)
//   document             "[document] <filename>", then " - <caption>" ("[document] <caption>"
//                        without a filename)
//   location             "[location] <name>, <address> (<lat>, <lng>)", name/address when sent;
//                        coordinates as sent
//   contacts             "[contacts] <formatted_name>, <formatted_name>"
//   reaction             "[reaction 👍 to <wamid>]", "[reaction removed from <wamid>]"
//   template             "[template <name>]"
//   interactive          the body text, then one bracketed summary of what the user can do:
//                        button "[Yes] [No]"; list "[<button>: <row title>, ...]"; cta_url
//                        "[<display_text>: <url>]"; flow "[<flow_cta>]"; location_request_message
//                        "[send location]"; product "[product <retailer id>]"; product_list
//                        "[products: <retailer id>, ...]"; catalog_message "[catalog]";
//                        address_message "[address request]"; call_permission_request "[call
//                        permission request]"; request_contact_info "[contact info request]";
//                        order_details "[order <reference_id>]"; order_status "[order
//                        <reference_id> status]"; carousel "[carousel: <n> cards]".
// Parts are joined with one space, so a message with an empty body starts with its summary.
std::string RenderContent(const OutboundMessage& message);

}  // namespace wharf::domain
