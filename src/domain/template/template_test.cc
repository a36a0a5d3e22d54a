#include "domain/template/template.h"

#include <gtest/gtest.h>

namespace wharf::domain {
namespace {

using Names = std::vector<std::string>;

TEST(TemplateVariables, ExtractsInOrder) {
    EXPECT_EQ(ExtractVariables("Hi {{1}}, order {{2}} ({{1}})"), (Names{"1", "2", "1"}));
    EXPECT_EQ(ExtractVariables("Hi {{first_name}}!"), (Names{"first_name"}));
    EXPECT_EQ(ExtractVariables("no variables"), Names{});
    EXPECT_EQ(ExtractVariables("broken {{1"), Names{});
    EXPECT_EQ(ExtractVariables("{{{1}}}"), (Names{"1"}));
    EXPECT_EQ(ExtractVariables("{{ 1 }}"), (Names{" 1 "}));
    EXPECT_EQ(ExtractVariables("{{}}"), (Names{""}));
}

TEST(TemplateVariables, DistinctKeepsFirstAppearance) {
    EXPECT_EQ(DistinctVariables("{{2}} {{1}} {{2}}"), (Names{"2", "1"}));
}

TEST(TemplateEnums, RoundTripEveryValue) {
    for (auto v : {TemplateCategory::kMarketing, TemplateCategory::kUtility,
                   TemplateCategory::kAuthentication}) {
        EXPECT_EQ(ParseTemplateCategory(ToString(v)), v);
    }
    for (int i = 0; i <= static_cast<int>(TemplateStatus::kDeleted); ++i) {
        auto v = static_cast<TemplateStatus>(i);
        EXPECT_EQ(ParseTemplateStatus(ToString(v)), v) << ToString(v);
    }
    for (auto v : {ParameterFormat::kNamed, ParameterFormat::kPositional}) {
        EXPECT_EQ(ParseParameterFormat(ToString(v)), v);
    }
    for (auto v : {TemplateQuality::kUnknown, TemplateQuality::kGreen, TemplateQuality::kYellow,
                   TemplateQuality::kRed}) {
        EXPECT_EQ(ParseTemplateQuality(ToString(v)), v);
    }
    for (int i = 0; i <= static_cast<int>(HeaderFormat::kLocation); ++i) {
        auto v = static_cast<HeaderFormat>(i);
        EXPECT_EQ(ParseHeaderFormat(ToString(v)), v);
    }
    for (int i = 0; i <= static_cast<int>(ButtonType::kMpm); ++i) {
        auto v = static_cast<ButtonType>(i);
        EXPECT_EQ(ParseButtonType(ToString(v)), v);
    }
    for (auto v : {OtpType::kCopyCode, OtpType::kOneTap, OtpType::kZeroTap}) {
        EXPECT_EQ(ParseOtpType(ToString(v)), v);
    }
}

TEST(TemplateEnums, ParsingIgnoresCaseAndRejectsUnknown) {
    EXPECT_EQ(ParseParameterFormat("named"), ParameterFormat::kNamed);
    EXPECT_EQ(ParseTemplateCategory("utility"), TemplateCategory::kUtility);
    EXPECT_EQ(ParseButtonType("quick_reply"), ButtonType::kQuickReply);
    EXPECT_EQ(ParseTemplateCategory("TRANSACTIONAL"), std::nullopt);
    EXPECT_EQ(ParseTemplateStatus(""), std::nullopt);
}

TEST(TemplateButton, UrlVariable) {
    TemplateButton b{.type = ButtonType::kUrl, .text = "Track", .url = "https://x.io/{{1}}"};
    EXPECT_TRUE(b.HasUrlVariable());
    b.url = "https://x.io/";
    EXPECT_FALSE(b.HasUrlVariable());
    b.type = ButtonType::kQuickReply;
    b.url = "{{1}}";
    EXPECT_FALSE(b.HasUrlVariable());
}

}  // namespace
}  // namespace wharf::domain
