#include "domain/template/template_reviewer.h"

#include <gtest/gtest.h>

namespace wharf::domain {
namespace {

Template Utility(std::string body) {
    Template t;
    t.name = "t";
    t.language = "en_US";
    t.category = TemplateCategory::kUtility;
    t.body.text = std::move(body);
    return t;
}

void ExpectRejected(const Template& t, const std::string& reason) {
    TemplateReview r = ReviewTemplate(t);
    EXPECT_EQ(r.status, TemplateStatus::kRejected) << t.body.text;
    EXPECT_EQ(r.reason, reason) << t.body.text;
    EXPECT_TRUE(r.recommendation);
}

void ExpectApproved(const Template& t) {
    TemplateReview r = ReviewTemplate(t);
    EXPECT_EQ(r.status, TemplateStatus::kApproved) << t.body.text;
    EXPECT_FALSE(r.reason);
}

TEST(TemplateReviewer, ApprovesPlainTemplates) {
    ExpectApproved(Utility("Hi {{1}}, your order {{2}} has shipped."));
    ExpectApproved(Utility("Your wholesale account is ready."));  // "sale" inside a word
    ExpectApproved(Utility("Ideal for your trip."));              // "deal" inside a word
    ExpectApproved(Utility("Battery at 20%, turn it off soon."));
}

TEST(TemplateReviewer, PromotionalUtilityIsIncorrectCategory) {
    for (const char* body :
         {"Big SALE today", "Our summer sale ends soon", "Sales start Monday", "Get a discount",
          "Use this promo", "A promotion for you", "Your coupon: X", "Deal of the day",
          "Limited time only!", "Buy now and save", "Shop now", "A special offer",
          "Free shipping on all orders", "Get 20% off", "Get 20 %off", "20% OFF."}) {
        ExpectRejected(Utility(body), "INCORRECT_CATEGORY");
    }
}

TEST(TemplateReviewer, PromotionalWordingIsFineForMarketing) {
    Template t = Utility("Big sale: 20% off, limited time!");
    t.category = TemplateCategory::kMarketing;
    ExpectApproved(t);
}

TEST(TemplateReviewer, EveryTextIsExamined) {
    Template header = Utility("Order update");
    header.header = TemplateHeader{HeaderFormat::kText, "Flash sale"};
    ExpectRejected(header, "INCORRECT_CATEGORY");
    Template footer = Utility("Order update");
    footer.footer = TemplateFooter{"Discount inside", std::nullopt};
    ExpectRejected(footer, "INCORRECT_CATEGORY");
    Template button = Utility("Order update");
    button.buttons.push_back(TemplateButton{.type = ButtonType::kQuickReply, .text = "Buy now"});
    ExpectRejected(button, "INCORRECT_CATEGORY");
}

TEST(TemplateReviewer, ReservedWords) {
    ExpectRejected(Utility("please Reject-Me now"), "INVALID_FORMAT");
    Template marketing = Utility("reject-me");
    marketing.category = TemplateCategory::kMarketing;
    ExpectRejected(marketing, "INVALID_FORMAT");
    ExpectRejected(Utility("abuse-me"), "ABUSIVE_CONTENT");
    // The reserved word wins over the category rule.
    ExpectRejected(Utility("sale reject-me"), "INVALID_FORMAT");
}

TEST(TemplateReviewer, AuthenticationIsApprovedUnlessAButtonSaysOtherwise) {
    Template t;
    t.category = TemplateCategory::kAuthentication;
    t.buttons.push_back(TemplateButton{.type = ButtonType::kOtp, .text = "Copy code"});
    ExpectApproved(t);
    t.buttons[0].text = "reject-me";
    ExpectRejected(t, "INVALID_FORMAT");
}

}  // namespace
}  // namespace wharf::domain
