#include "domain/template/template_languages.h"

#include <algorithm>

#include <gtest/gtest.h>

namespace wharf::domain {
namespace {

TEST(TemplateLanguages, ListIsSortedAndUnique) {
    auto all = TemplateLanguages();
    EXPECT_TRUE(std::is_sorted(all.begin(), all.end()));
    EXPECT_EQ(std::adjacent_find(all.begin(), all.end()), all.end());
    EXPECT_GT(all.size(), 100u);
}

TEST(TemplateLanguages, AcceptsMetaCodes) {
    for (const char* code : {"en_US", "en_GB", "en", "pt_BR", "pt_PT", "es_MX", "de", "fil",
                             "zh_CN", "zh_TW", "ar", "zu", "af", "ky_KG", "rw_RW"}) {
        EXPECT_TRUE(IsTemplateLanguage(code)) << code;
    }
}

TEST(TemplateLanguages, RejectsOthers) {
    for (const char* code : {"", "en_us", "EN_US", "en-US", "pt", "xx", "en_XX", "klingon"}) {
        EXPECT_FALSE(IsTemplateLanguage(code)) << code;
    }
}

}  // namespace
}  // namespace wharf::domain
