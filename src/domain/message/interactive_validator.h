#pragma once

#include <boost/json.hpp>

#include "base/result.h"
#include "domain/message/outbound_message.h"

namespace wharf::domain {

// Checks a send request's `interactive` object and returns its type (errors and codes as in
// message_validator.h, paths under "interactive"). Limits in characters (code points).
//
// Common to all: `type` required (an unknown one is 131051); `action` object required;
//   body.text ≤ 1024 (≤ 4096 for list, as Meta's list docs allow), required except for product,
//   catalog_message, call_permission_request and location_request_message (the spec and the
//   SDK send those without a body); footer.text 1..60; header {type: text|image|video|document}
//   with text 1..60 or a media reference (id xor link) under the type's key.
// Per type:
//   button            action.buttons 1..3 of {type "reply", reply {id 1..256, title 1..20}};
//                     ids unique, titles unique.
//   list              header text only; action.button 1..20; action.sections 1..10, each with
//                     rows (≥ 1), 10 rows in total; row id 1..200 unique across sections, title
//                     1..24, description ≤ 72; section title ≤ 24, required with > 1 section.
//   cta_url           action.name "cta_url"; parameters.display_text 1..20, parameters.url http(s).
//   location_request_message  action.name "send_location".
//   flow              action.name "flow"; parameters.flow_message_version "3"; flow_cta 1..20;
//                     exactly one of flow_id / flow_name; flow_token string; flow_action
//                     navigate|data_exchange; flow_action_payload object (screen string, data
//                     object); mode draft|published.
//   product           no header; action.catalog_id and action.product_retailer_id.
//   product_list      header required, text; action.catalog_id; action.sections 1..10, each
//                     title 1..24 and product_items (≥ 1) of {product_retailer_id}, 30 in total.
//   catalog_message   action.name "catalog_message"; parameters.thumbnail_product_retailer_id
//                     string when sent.
//   address_message   action.name "address_message"; parameters.country "IN" (Meta offers address
//                     messages in India only); values, validation_errors objects; saved_addresses
//                     array of {id, value object}.
//   call_permission_request   action.name "call_permission_request".
//   request_contact_info      action.name "request_contact_info".
//   order_details     action.name "review_and_pay"; parameters.reference_id.
//   order_status      action.name "review_order"; parameters.reference_id.
//   carousel          no top-level header or footer; body required; action.cards 2..10, each
//                     with card_index (0..n-1, each once), header {type image|video, media
//                     reference}, body.text ≤ 160 with ≤ 2 line breaks, and an action that is
//                     either cta_url (name "cta_url", display_text 1..20, url) or buttons (1..3
//                     of {type "quick_reply", quick_reply {id 1..256, title 1..20}}); every card
//                     uses the same structure as cards[0]; quick-reply ids unique across cards.
Result<InteractiveType> ValidateInteractiveObject(const boost::json::object& interactive);

}  // namespace wharf::domain
