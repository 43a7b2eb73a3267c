# ASan + UBSan for our own targets when MYOFATIGUE_SANITIZE is ON (PRIVATE flags only).
# Applied to the library (so UB inside src/ is caught) and to every executable that links it
# (tests, benchmarks), because an instrumented static library needs the sanitizer runtime at link.
# -fno-sanitize-recover=all turns every UBSan report into a test failure.
set(
  MYOFATIGUE_SANITIZER_FLAGS
  -fsanitize=address,undefined
  -fno-sanitize-recover=all
  -fno-omit-frame-pointer
)

function(myofatigue_enable_sanitizers target)
  if(NOT MYOFATIGUE_SANITIZE)
    return()
  endif()
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    message(FATAL_ERROR "MYOFATIGUE_SANITIZE needs GCC or Clang")
  endif()
  target_compile_options(${target} PRIVATE ${MYOFATIGUE_SANITIZER_FLAGS})
  get_target_property(_type ${target} TYPE)
  if(NOT _type STREQUAL "STATIC_LIBRARY" AND NOT _type STREQUAL "OBJECT_LIBRARY")
    target_link_options(${target} PRIVATE ${MYOFATIGUE_SANITIZER_FLAGS})
  endif()
endfunction()
