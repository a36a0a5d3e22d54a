#pragma once

#include <span>
#include <string>

#include <boost/json.hpp>

#include "base/result.h"
#include "domain/template/template.h"

namespace wharf::domain {

// A template message made concrete: the texts with every variable filled in.
struct RenderedTemplate {
    std::string template_id;
    std::string header;  // TEXT headers only
    std::string body;
    std::string footer;
    // header, body and footer joined by newlines (empty parts skipped): the stored message's
    // content.
    std::string text;
};

// Send-time check of a template message (the `template` object of POST /{pn}/messages, already
// shape-checked by ValidateTemplateObject) against the stored templates it may name (the caller
// passes those of the WABA with that name; any others are ignored). Pure.
//
// Errors (Graph code; `field` is the send path, e.g. "template.components[1].parameters"):
//   132001 kNotFound            no template with that name in language.code, or one that is not
//                               APPROVED (PENDING, REJECTED, ...);
//   132015 kFailedPrecondition  the template is PAUSED;  132016 the template is DISABLED;
//   132000 kInvalidArgument     parameters do not match the template: a header or body with the
//                               wrong number of parameters (POSITIONAL: one per distinct {{n}}, in
//                               order), NAMED parameters whose parameter_name is missing, unknown
//                               or repeated, parameters for a component that has none, a button
//                               component whose index is not a template button, whose sub_type
//                               does not fit that button (url: URL or OTP, quick_reply, copy_code,
//                               flow, catalog, mpm, phone_number/voice_call) or that is given
//                               twice, a URL button with a variable (or an OTP button) without its
//                               one text parameter, a COPY_CODE button without its coupon_code,
//                               parameters for a button that takes none, a carousel;
//   132012 kInvalidArgument     a parameter of the wrong type: a header/body variable filled with
//                               something other than text (currency and date_time use their
//                               fallback_value), a media header filled with another media type;
//   131008 / 131009             a media header parameter without, or with both, `id` and `link`;
//   132005 kInvalidArgument     the hydrated body is longer than 1024 characters.
// AUTHENTICATION templates render Meta's fixed text: "<code> is your verification code." plus
// " For your security, do not share this code." and the footer "This code expires in N
// minutes."; the code is the body's one parameter and the OTP button's url parameter.
Result<RenderedTemplate> RenderTemplateMessage(const boost::json::object& message_template,
                                               std::span<const Template> stored);

}  // namespace wharf::domain
