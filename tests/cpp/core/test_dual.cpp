// Forward-mode dual numbers: derivatives of elementary functions match their closed forms.
#include <cmath>

#include <doctest/doctest.h>

#include "myofatigue/core/dual.hpp"

using namespace myofatigue;

TEST_CASE("Dual: arithmetic and elementary functions carry exact first derivatives") {
  Dual<2> x(0.7), y(1.9);
  x.d = {1.0, 0.0};
  y.d = {0.0, 1.0};
  const Dual<2> f = x * y / (1.0 + x) - exp(x) * sin(y) + sqrt(y) * log(x) + pow(x, 2.5) - tanh(y);
  const double df_dx = y.v / ((1 + x.v) * (1 + x.v)) - std::exp(x.v) * std::sin(y.v) +
                       std::sqrt(y.v) / x.v + 2.5 * std::pow(x.v, 1.5);
  const double df_dy = x.v / (1 + x.v) - std::exp(x.v) * std::cos(y.v) +
                       0.5 / std::sqrt(y.v) * std::log(x.v) - (1 - std::pow(std::tanh(y.v), 2));
  CHECK(f.d[0] == doctest::Approx(df_dx).epsilon(1e-14));
  CHECK(f.d[1] == doctest::Approx(df_dy).epsilon(1e-14));
  CHECK(value_of(f) ==
        doctest::Approx(x.v * y.v / (1 + x.v) - std::exp(x.v) * std::sin(y.v) +
                        std::sqrt(y.v) * std::log(x.v) + std::pow(x.v, 2.5) - std::tanh(y.v)));
}

TEST_CASE("Dual: comparisons use the value and max/min pick the branch's derivative") {
  Dual<1> a(2.0), b(3.0);
  a.d = {1.0};
  b.d = {-1.0};
  CHECK(a < b);
  CHECK(max(a, b).d[0] == -1.0);
  CHECK(min(a, b).d[0] == 1.0);
  CHECK(abs(-a).d[0] == 1.0);
}
