# WHARF_SANITIZE=address,undefined turns on ASan + UBSan for the whole tree (preset asan-ubsan).
set(WHARF_SANITIZE "" CACHE STRING "Comma-separated -fsanitize= list (empty: none)")
if(WHARF_SANITIZE)
  add_compile_options(-fsanitize=${WHARF_SANITIZE} -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  # GCC's -Wmaybe-uninitialized gives false positives under the sanitizers' instrumentation (it
  # flagged boost::none in Beast's response parser, instantiated by http/server_test.cc); the
  # release build keeps the warning.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    add_compile_options(-Wno-maybe-uninitialized)
  endif()
  add_link_options(-fsanitize=${WHARF_SANITIZE})
endif()
