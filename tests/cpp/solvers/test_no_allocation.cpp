// A dense Rosenbrock step (factorisation, stages, error estimate, interpolation) allocates no
// heap memory once the workspace is sized: checked with Eigen's runtime malloc guard.
#define EIGEN_RUNTIME_NO_MALLOC
#include <doctest/doctest.h>

#include "myofatigue/problems/stiff_test_set.hpp"
#include "myofatigue/solvers/rosenbrock.hpp"

using namespace myofatigue;

TEST_CASE("Rosenbrock: a dense step with an analytic Jacobian performs no heap allocation") {
  const problems::Hires p;
  for (Method m : {Method::Rodas5P, Method::Rodas4, Method::Rosenbrock23}) {
    CAPTURE(to_string(m));
    SolverOptions o;
    o.method = m;
    RosenbrockCore<problems::Hires> core(p, 8, o);
    SolverStats stats;
    Vector y = p.initial_state(), mid(8);
    REQUIRE(core.set_point(p, 0.0, y, stats));
    Eigen::internal::set_is_malloc_allowed(false);
    bool ok = core.attempt(p, 1e-3, stats) == RosenbrockCore<problems::Hires>::Attempt::Ok;
    core.interpolate(5e-4, mid);
    core.accept();
    ok = ok && core.set_point(p, 1e-3, core.y_new(), stats);
    ok = ok && core.attempt(p, 1e-3, stats) == RosenbrockCore<problems::Hires>::Attempt::Ok;
    Eigen::internal::set_is_malloc_allowed(true);
    CHECK(ok);
  }
}

TEST_CASE("Rosenbrock: a dense step with the AD Jacobian performs no heap allocation") {
  const problems::Hires p;
  SolverOptions o;
  o.jacobian = JacobianMode::AutoDiff;
  RosenbrockCore<problems::Hires> core(p, 8, o);
  SolverStats stats;
  Vector y = p.initial_state();
  Eigen::internal::set_is_malloc_allowed(false);
  bool ok = core.set_point(p, 0.0, y, stats);
  ok = ok && core.attempt(p, 1e-3, stats) == RosenbrockCore<problems::Hires>::Attempt::Ok;
  Eigen::internal::set_is_malloc_allowed(true);
  CHECK(ok);
}
