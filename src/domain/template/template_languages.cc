#include "domain/template/template_languages.h"

#include <algorithm>
#include <array>

namespace wharf::domain {
namespace {

// Sorted (std::binary_search). Meta's list of template languages, with the regional variants
// added since 2023 (ar_*, en_*, es_*, fr_*).
constexpr std::array<std::string_view, 106> kLanguages{
    "af",    "ar",    "ar_AE", "ar_EG", "ar_LB", "ar_MA", "ar_QA", "ar_SA", "az",    "be_BY",
    "bg",    "bn",    "bn_IN", "ca",    "cs",    "cy_GB", "da",    "de",    "de_AT", "de_CH",
    "el",    "en",    "en_AE", "en_AU", "en_CA", "en_GB", "en_GH", "en_IE", "en_IN", "en_JM",
    "en_MY", "en_NZ", "en_QA", "en_SG", "en_UG", "en_US", "en_ZA", "es",    "es_AR", "es_CL",
    "es_CO", "es_CR", "es_DO", "es_EC", "es_ES", "es_HN", "es_MX", "es_PA", "es_PE", "es_UY",
    "et",    "fa",    "fi",    "fil",   "fr",    "fr_BE", "fr_CA", "fr_CH", "fr_CI", "fr_SN",
    "ga",    "gu",    "ha",    "he",    "hi",    "hr",    "hu",    "hy",    "id",    "is",
    "it",    "ja",    "ka",    "kk",    "kn",    "ko",    "ky_KG", "lo",    "lt",    "lv",
    "mk",    "ml",    "mr",    "ms",    "nb",    "nl",    "nl_BE", "pa",    "pl",    "pt_BR",
    "pt_PT", "ro",    "ru",    "rw_RW", "sk",    "sl",    "sq",    "sr",    "sv",    "sw",
    "ta",    "te",    "th",    "tr",    "uk",    "ur",
};
// Not in the table above to keep it at one screen: the rest of Meta's list.
constexpr std::array<std::string_view, 6> kMoreLanguages{"uz",    "vi",    "zh_CN",
                                                         "zh_HK", "zh_TW", "zu"};

constexpr auto kAll = [] {
    std::array<std::string_view, kLanguages.size() + kMoreLanguages.size()> all{};
    std::copy(kLanguages.begin(), kLanguages.end(), all.begin());
    std::copy(kMoreLanguages.begin(), kMoreLanguages.end(), all.begin() + kLanguages.size());
    return all;
}();

}  // namespace

bool IsTemplateLanguage(std::string_view code) {
    return std::binary_search(kAll.begin(), kAll.end(), code);
}

std::span<const std::string_view> TemplateLanguages() {
    return kAll;
}

}  // namespace wharf::domain
