#pragma once

#include <span>
#include <string_view>

namespace wharf::domain {

// The language codes Meta accepts for message templates (Cloud API "Supported languages" page):
// a language ("de") or a language_REGION ("en_US", "pt_BR"), exactly as Meta spells them
// (case-sensitive: "en_us" is rejected, as Meta does).
bool IsTemplateLanguage(std::string_view code);
// The whole list, sorted, for error details and tests.
std::span<const std::string_view> TemplateLanguages();

}  // namespace wharf::domain
