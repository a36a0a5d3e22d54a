# WHARF_SANITIZE=address,undefined turns on ASan + UBSan for the whole tree (preset asan-ubsan).
set(WHARF_SANITIZE "" CACHE STRING "Comma-separated -fsanitize= list (empty: none)")
if(WHARF_SANITIZE)
  add_compile_options(-fsanitize=${WHARF_SANITIZE} -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  add_link_options(-fsanitize=${WHARF_SANITIZE})
endif()
