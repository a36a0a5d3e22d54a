#include "domain/template/template_reviewer.h"

#include <array>
#include <string_view>

namespace wharf::domain {
namespace {

constexpr std::string_view kRejectWord = "reject-me";
constexpr std::string_view kAbuseWord = "abuse-me";

constexpr std::array<std::string_view, 9> kPromotionalWords{
    "sale", "sales", "discount", "discounts", "promo", "promotion", "coupon", "deal", "deals"};
constexpr std::array<std::string_view, 5> kPromotionalPhrases{"limited time", "buy now", "shop now",
                                                              "special offer", "free shipping"};

std::string Lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return out;
}

bool IsWordChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

bool HasWord(std::string_view text, std::string_view word) {
    for (size_t pos = text.find(word); pos != std::string_view::npos;
         pos = text.find(word, pos + 1)) {
        bool left = pos == 0 || !IsWordChar(text[pos - 1]);
        size_t end = pos + word.size();
        bool right = end == text.size() || !IsWordChar(text[end]);
        if (left && right) {
            return true;
        }
    }
    return false;
}

// "% off", "%off", "20 % off".
bool HasPercentOff(std::string_view text) {
    for (size_t pos = text.find('%'); pos != std::string_view::npos;
         pos = text.find('%', pos + 1)) {
        size_t i = pos + 1;
        while (i < text.size() && text[i] == ' ') {
            ++i;
        }
        if (text.substr(i, 3) == "off" && (i + 3 == text.size() || !IsWordChar(text[i + 3]))) {
            return true;
        }
    }
    return false;
}

bool IsPromotional(std::string_view text) {
    for (std::string_view w : kPromotionalWords) {
        if (HasWord(text, w)) {
            return true;
        }
    }
    for (std::string_view p : kPromotionalPhrases) {
        if (HasWord(text, p)) {
            return true;
        }
    }
    return HasPercentOff(text);
}

// Every reviewable text of the template, lower-cased and joined by newlines.
std::string ReviewedText(const Template& t) {
    std::string all;
    auto add = [&](std::string_view s) {
        all += Lower(s);
        all += '\n';
    };
    if (t.header) {
        add(t.header->text);
    }
    add(t.body.text);
    if (t.footer) {
        add(t.footer->text);
    }
    for (const TemplateButton& b : t.buttons) {
        add(b.text);
    }
    return all;
}

TemplateReview Rejected(std::string reason, std::string recommendation) {
    return {TemplateStatus::kRejected, std::move(reason), std::move(recommendation)};
}

}  // namespace

TemplateReview ReviewTemplate(const Template& tmpl) {
    std::string text = ReviewedText(tmpl);
    if (text.find(kRejectWord) != std::string::npos) {
        return Rejected("INVALID_FORMAT",
                        "The template contains the sandbox's reserved word \"reject-me\".");
    }
    if (text.find(kAbuseWord) != std::string::npos) {
        return Rejected("ABUSIVE_CONTENT",
                        "The template contains the sandbox's reserved word \"abuse-me\".");
    }
    if (tmpl.category == TemplateCategory::kUtility && IsPromotional(text)) {
        return Rejected("INCORRECT_CATEGORY",
                        "The template promotes a product or offer: submit it as MARKETING.");
    }
    return {};
}

}  // namespace wharf::domain
