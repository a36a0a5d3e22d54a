# wharf_cc_library(NAME <n> SRCS ... DEPS ...): a static library named wharf_<n>.
# Includes are absolute from src/ ("store/store.h"). The DEPS list is the layering rule: a module
# links only what docs/architecture.md allows; scripts/check-layers enforces the includes.
function(wharf_cc_library)
  cmake_parse_arguments(W "" "NAME" "SRCS;DEPS" ${ARGN})
  add_library(wharf_${W_NAME} STATIC ${W_SRCS})
  target_include_directories(wharf_${W_NAME} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_compile_options(wharf_${W_NAME} PRIVATE ${WHARF_WARNINGS})
  target_compile_definitions(wharf_${W_NAME} PUBLIC BOOST_ASIO_NO_DEPRECATED OPENSSL_API_COMPAT=30000 OPENSSL_NO_DEPRECATED)
  target_link_libraries(wharf_${W_NAME} PUBLIC ${W_DEPS})
endfunction()

# wharf_cc_test(NAME <n> SRCS ... DEPS ... LABELS ...): a gtest binary wharf_<n>_test registered
# with CTest under the given labels (unit, integration, postgres).
function(wharf_cc_test)
  cmake_parse_arguments(W "" "NAME" "SRCS;DEPS;LABELS" ${ARGN})
  if(NOT WHARF_BUILD_TESTS)
    return()
  endif()
  add_executable(wharf_${W_NAME}_test ${W_SRCS})
  target_compile_options(wharf_${W_NAME}_test PRIVATE ${WHARF_WARNINGS})
  target_link_libraries(wharf_${W_NAME}_test PRIVATE ${W_DEPS} GTest::gmock GTest::gtest_main)
  gtest_discover_tests(wharf_${W_NAME}_test
    PROPERTIES LABELS "${W_LABELS}"
    DISCOVERY_TIMEOUT 30)
endfunction()
