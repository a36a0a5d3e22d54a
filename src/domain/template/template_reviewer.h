#pragma once

#include <optional>
#include <string>

#include "domain/template/template.h"

namespace wharf::domain {

// The outcome of a review: APPROVED, or REJECTED with Meta's rejection reason and a
// recommendation (the `rejection_info` of the message_template_status_update webhook).
struct TemplateReview {
    TemplateStatus status = TemplateStatus::kApproved;
    std::optional<std::string> reason;          // "INCORRECT_CATEGORY", "INVALID_FORMAT", ...
    std::optional<std::string> recommendation;  // for humans
};

// The sandbox's template reviewer: stands in for Meta's review so that a create answers PENDING
// and a later status update says APPROVED or REJECTED, deterministically, from the template alone.
// Pure and stateless. The rules, first match wins; every text of the template is examined
// (header text, body text, footer text and button texts), case-insensitively:
//   1. A reserved word "reject-me" anywhere          -> REJECTED, INVALID_FORMAT.
//   2. A reserved word "abuse-me" anywhere           -> REJECTED, ABUSIVE_CONTENT.
//   3. A UTILITY template with promotional wording   -> REJECTED, INCORRECT_CATEGORY
//      (Meta's rule: utility templates may not promote). Promotional wording is any of the
//      words "sale", "sales", "discount", "discounts", "promo", "promotion", "coupon", "deal",
//      "deals" (whole words), the phrases "limited time", "buy now", "shop now", "special offer",
//      "free shipping", or a percentage off ("20% off", "% off").
//   4. Otherwise                                     -> APPROVED.
// AUTHENTICATION templates carry Meta's fixed text, so only their button texts are examined.
TemplateReview ReviewTemplate(const Template& tmpl);

}  // namespace wharf::domain
