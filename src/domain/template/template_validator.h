#pragma once

#include <boost/json.hpp>

#include "base/result.h"
#include "domain/template/template.h"

namespace wharf::domain {

// Creation-time validation of a template (the body of POST /{waba}/message_templates) with
// Meta's rules, and Meta's edit rules. Pure functions; no state.
//
// Every violation is kInvalidArgument with Graph code 100 ("Invalid parameter"), `field` set to
// the JSON path of the offending value ("components[1].buttons[0].url") and details naming the
// component and the rule ("BUTTONS components[1].buttons[0].url: the variable must be {{1}} at
// the end of the URL"). Length limits carry Meta's subcode 2388040 (character limit exceeded).
// The first violation found is reported, in document order.
//
// Rules (meta-facts §3.6, Meta's template docs, openapi-whatsapp.yaml):
//   name              required, 1..512 of [a-z0-9_].
//   language          required, one of Meta's codes (template_languages.h).
//   category          required, MARKETING | UTILITY | AUTHENTICATION (any case).
//   parameter_format  optional, NAMED | POSITIONAL (any case; default POSITIONAL).
//   components        required array of objects; `type` HEADER | BODY | FOOTER | BUTTONS (any
//                     case), each at most once; exactly one BODY. Other Meta types (CAROUSEL,
//                     LIMITED_TIME_OFFER, ...) are answered "not supported".
//   variables         POSITIONAL: {{1}}, {{2}}, ... (repeats allowed) whose distinct numbers are
//                     exactly 1..n, no gaps; NAMED: {{name}} with [a-z][a-z0-9_]*. Mixing, empty or
//                     malformed variables ("{{ 1 }}", a stray "{{") are errors.
//   examples          required whenever a text has variables, with exactly one value per distinct
//                     variable: POSITIONAL body `example.body_text: [[v1, v2, ...]]`, header
//                     `example.header_text: [v1]`; NAMED `example.body_text_named_params` /
//                     `header_text_named_params: [{param_name, example}]` naming each variable
//                     once.
//   HEADER            `format` TEXT | IMAGE | VIDEO | DOCUMENT | LOCATION. TEXT: text 1..60 chars,
//                     at most one variable. IMAGE/VIDEO/DOCUMENT: `example.header_handle`
//                     (non-empty array of non-empty strings) required, no text. LOCATION: nothing
//                     else.
//   BODY              text 1..1024 chars.
//   FOOTER            text 1..60 chars, no variables.
//   BUTTONS           `buttons` 1..10; at most 2 URL, 1 PHONE_NUMBER, 1 COPY_CODE, 1 OTP, 1 FLOW,
//                     1 CATALOG, 1 MPM (QUICK_REPLY up to 10); CATALOG and MPM stand alone;
//                     QUICK_REPLY buttons form one contiguous group (never interleaved with the
//                     others). Button text 1..25 chars (optional for COPY_CODE and OTP).
//                     URL: url http(s) ≤ 2000 chars, at most one variable, which must be {{1}}
//                     (positional even in NAMED templates) at the very end, with `example`
//                     (a full URL) required then. PHONE_NUMBER: phone_number, '+' and 1..20
//                     digits. COPY_CODE: `example` (string or [string]) 1..15 chars. FLOW: one of
//                     flow_id, flow_name, flow_json. OTP: see AUTHENTICATION.
//   AUTHENTICATION    no HEADER; BODY has no text (Meta supplies "<code> is your verification
//                     code.") and may set `add_security_recommendation` (bool); FOOTER has no
//                     text; `code_expiration_minutes` 1..90 on the FOOTER (Meta's docs) or the BODY
//                     (Kapso's asset), not both; BUTTONS required, exactly one OTP button with
//                     otp_type COPY_CODE | ONE_TAP | ZERO_TAP (ONE_TAP needs `supported_apps`
//                     [{package_name, signature_hash}]); add_security_recommendation,
//                     code_expiration_minutes and OTP buttons are refused in other categories.
//
// Not enforced (documented by Meta but absent from or contradicted by our spec assets): the
// "variables can't start or end the body" rule (Kapso's order_status_update ends with
// {{details}}) and the variables-to-length ratio.

// Validates a creation request and returns the template it describes: status PENDING, quality
// UNKNOWN, no id (the caller assigns it), `components_json` = the request's components.
Result<Template> ParseTemplate(const boost::json::object& request);

// Meta's edit rules: only APPROVED, REJECTED or PAUSED templates can be edited
// (kFailedPrecondition, Graph 100, field "status" otherwise).
Result<void> CheckEditable(const Template& current);

// Applies an edit (POST/PUT ?hsm_id=...; the body carries the fields to change, scripts send a
// full template): `components` replace all components, `category` may change unless the template
// is APPROVED (kInvalidArgument, Graph 100, field "category"), `parameter_format` may change;
// `name` and `language`, if sent, must be unchanged. The result is revalidated as a creation
// and goes back to PENDING review with no rejected_reason; id is kept.
Result<Template> ApplyTemplateEdit(const Template& current, const boost::json::object& edit);

}  // namespace wharf::domain
