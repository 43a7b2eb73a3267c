// The doctest runner, compiled once into the static library myofatigue_doctest_main
// that every test executable links (tests/cpp/CMakeLists.txt).
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
