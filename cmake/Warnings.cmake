# Warnings for OUR targets only. Always PRIVATE: never leak flags to users through INTERFACE.
# Third-party headers (Eigen, Boost, doctest, pybind11) come from imported targets and are
# therefore -isystem, so their warnings stay silent.
function(myofatigue_set_warnings target)
  if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wnon-virtual-dtor)
    if(MYOFATIGUE_WERROR)
      target_compile_options(${target} PRIVATE -Werror)
    endif()
  elseif(MSVC)
    target_compile_options(${target} PRIVATE /W4 /permissive-)
    if(MYOFATIGUE_WERROR)
      target_compile_options(${target} PRIVATE /WX)
    endif()
  endif()
endfunction()
