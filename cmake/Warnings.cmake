# Warning flags for every wharf target (wharf_cc_library / wharf_cc_test add them).
set(WHARF_WARNINGS -Wall -Wextra -Wpedantic -Wno-missing-field-initializers)
if(WHARF_WERROR)
  list(APPEND WHARF_WARNINGS -Werror)
endif()
