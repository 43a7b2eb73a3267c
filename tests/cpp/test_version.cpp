// The generated version header agrees with the CMake project version.
#include <doctest/doctest.h>

#include <myofatigue/version.hpp>

#include <string>

TEST_CASE("version: version_string matches the MYOFATIGUE_VERSION_* macros") {
  const std::string expected = std::to_string(MYOFATIGUE_VERSION_MAJOR) + "." +
                               std::to_string(MYOFATIGUE_VERSION_MINOR) + "." +
                               std::to_string(MYOFATIGUE_VERSION_PATCH);
  CHECK(std::string(myofatigue::version_string) == expected);
  CHECK(MYOFATIGUE_VERSION == MYOFATIGUE_VERSION_MAJOR * 10000 + MYOFATIGUE_VERSION_MINOR * 100 +
                                  MYOFATIGUE_VERSION_PATCH);
}

TEST_CASE("version: MYOFATIGUE_TEST_DATA_DIR names a directory, with a comma, in the name") {
  CHECK(std::string(MYOFATIGUE_TEST_DATA_DIR).find("tests/data") != std::string::npos);
}
