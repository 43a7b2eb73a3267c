// Each method shows its classical order on a smooth non-autonomous problem with a known
// solution (problems::ProtheroRobinson): fixed steps h = T/N, N doubling, error at T.
#include <cmath>

#include <doctest/doctest.h>

#include "myofatigue/problems/stiff_test_set.hpp"
#include "myofatigue/solvers/rosenbrock.hpp"

using namespace myofatigue;

namespace {

struct Errors {
  double end = 0.0;    // max-norm error of y at T
  double dense = 0.0;  // max-norm error of the interpolant at every step's midpoint
};

Errors fixed_step_errors(Method method, int steps) {
  const problems::ProtheroRobinson p;
  SolverOptions o;
  o.method = method;
  RosenbrockCore<problems::ProtheroRobinson> core(p, 2, o);
  SolverStats stats;
  const double h = p.t_end / steps;
  Vector y = p.initial_state(), mid(2);
  Errors e;
  for (int k = 0; k < steps; ++k) {
    const double t = k * h;
    REQUIRE(core.set_point(p, t, y, stats));
    REQUIRE(core.attempt(p, h, stats) == RosenbrockCore<problems::ProtheroRobinson>::Attempt::Ok);
    core.interpolate(t + 0.5 * h, mid);
    e.dense = std::max(e.dense, (mid - p.exact(t + 0.5 * h)).cwiseAbs().maxCoeff());
    core.accept();
    core.forget_fsal();
    y = core.y_new();
  }
  e.end = (y - p.exact(p.t_end)).cwiseAbs().maxCoeff();
  return e;
}

double observed_order(double e_coarse, double e_fine) { return std::log2(e_coarse / e_fine); }

}  // namespace

// Tolerance 0.3 on the order: the asymptotic regime is reached at these step sizes (the ratio
// between successive observed orders changes by < 0.1), and 0.3 still separates p from p-1.
TEST_CASE(
    "Rosenbrock: observed convergence order equals the classical order (Rodas5P 5, Rodas4 4, "
    "Rosenbrock23 2)") {
  struct Case {
    Method method;
    int order;
    int n0;
  };
  for (const Case c : {Case{Method::Rodas5P, 5, 16}, Case{Method::Rodas4, 4, 16},
                       Case{Method::Rosenbrock23, 2, 32}}) {
    CAPTURE(to_string(c.method));
    const Errors e1 = fixed_step_errors(c.method, c.n0);
    const Errors e2 = fixed_step_errors(c.method, 2 * c.n0);
    const Errors e3 = fixed_step_errors(c.method, 4 * c.n0);
    CHECK(observed_order(e1.end, e2.end) == doctest::Approx(c.order).epsilon(0.3 / c.order));
    CHECK(observed_order(e2.end, e3.end) == doctest::Approx(c.order).epsilon(0.3 / c.order));
  }
}

// The interpolant's error is O(h^(q+1)) locally on top of the O(h^p) global error, so the
// midpoint error converges with order min(p, q+1) - at least the dense order q.
TEST_CASE(
    "Rosenbrock: dense output converges with at least its stated order (Rodas5P 4, Rodas4 3, "
    "Rosenbrock23 2)") {
  struct Case {
    Method method;
    int dense_order;
  };
  for (const Case c :
       {Case{Method::Rodas5P, 4}, Case{Method::Rodas4, 3}, Case{Method::Rosenbrock23, 2}}) {
    CAPTURE(to_string(c.method));
    const Errors e1 = fixed_step_errors(c.method, 32);
    const Errors e2 = fixed_step_errors(c.method, 64);
    CHECK(observed_order(e1.dense, e2.dense) >= c.dense_order - 0.3);
  }
}
