# Warning flags for every wharf target (wharf_cc_library / wharf_cc_test add them).
# -Wno-restrict: GCC 12 reports false positives on std::string concatenation (GCC bug 105329).
set(WHARF_WARNINGS -Wall -Wextra -Wpedantic -Wno-missing-field-initializers -Wno-restrict)
if(WHARF_WERROR)
  list(APPEND WHARF_WARNINGS -Werror)
endif()
