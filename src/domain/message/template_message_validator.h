#pragma once

#include <boost/json.hpp>

#include "base/result.h"

namespace wharf::domain {

// Checks the structure of a send request's `template` object (errors and codes as in
// message_validator.h, paths under "template"). Matching against the stored templates (names,
// languages, parameter counts: 132000/132001) is the templates module's job, not this one's.
//   name       required, 1..512.
//   language   required object; code required (1..15); policy, if sent, "deterministic".
//   components optional array (≤ 20); each an object whose `type` is header, body, button,
//              carousel or limited_time_offer:
//                header, body, limited_time_offer: `parameters` array required;
//                button: sub_type required (any case: "url", "QUICK_REPLY", ...), index required
//                  (0..9, an integer or a digit string), `parameters` optional (phone_number and
//                  flow buttons carry none);
//                carousel: `cards` array (1..10) of {card_index, components} (components checked
//                  the same way, without nested carousels).
//              Each parameter is an object with a string `type` that carries a value under the
//              key of the same name ({"type":"text","text":"Alex"}, {"type":"image","image":
//              {"link":...}}); text, payload and coupon_code values are strings and media values
//              are media references (id xor link).
Result<void> ValidateTemplateObject(const boost::json::object& tmpl);

}  // namespace wharf::domain
