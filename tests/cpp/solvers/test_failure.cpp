// Numerical failures give a status, the time, step size and state, and keep the partial result.
#include <cmath>
#include <limits>

#include <doctest/doctest.h>

#include "myofatigue/problems/stiff_test_set.hpp"
#include "myofatigue/solvers/solve_ivp.hpp"

using namespace myofatigue;

namespace {
// y' = y^2, y(0) = 1 blows up at t = 1.
struct BlowUp {
  template <class T, class S>
  void rhs(const T&, const VectorX<S>& y, VectorX<S>& f) const { f[0] = y[0] * y[0]; }
};
// f becomes NaN after t = 1.
struct NanAfterOne {
  void rhs(double t, const Vector& y, Vector& f) const {
    f[0] = t > 1.0 ? std::numeric_limits<double>::quiet_NaN() : -y[0];
  }
};
// J = 0 and f = 0 with a singular iteration matrix forced by an infinite-stiffness Jacobian.
struct SingularJacobian {
  void rhs(double, const Vector&, Vector& f) const { f.setZero(); }
  void jacobian(double, const Vector&, Matrix& J, Vector& dfdt) const {
    J.setConstant(std::numeric_limits<double>::infinity());
    dfdt.setZero();
  }
};
}  // namespace

TEST_CASE("failure: MaxStepsReached keeps the partial solution and reports t, step and state") {
  IvpOptions o;
  o.solver.max_steps = 20;
  const problems::VdPol p;
  const IvpResult r = solve_ivp(p, {0.0, p.t_end}, p.initial_state(), o);
  CHECK(r.status == Status::MaxStepsReached);
  CHECK_FALSE(r.success());
  REQUIRE(r.failure.has_value());
  CHECK(r.failure->t_s > 0.0);
  CHECK(r.failure->t_s < p.t_end);
  CHECK(r.failure->step_s > 0.0);
  CHECK(r.failure->state.size() == 2);
  // Partial trajectory: every accepted step up to the failure time, ending at its state.
  REQUIRE(r.t.size() >= 2);
  CHECK(r.t[r.t.size() - 1] == r.failure->t_s);
  CHECK(r.y.col(r.y.cols() - 1) == r.failure->state);
  CHECK(r.message.find("max_steps") != std::string::npos);
}

// A linearly implicit method can take a step across the pole (the discrete map stays finite),
// so the failure is reported within 1 % of t = 1 rather than strictly before it.
TEST_CASE("failure: a finite-time blow-up at t = 1 ends in a failure status within 1 % of t = 1") {
  const IvpResult r = solve_ivp(BlowUp{}, {0.0, 2.0}, Vector::Ones(1));
  CHECK_FALSE(r.success());
  REQUIRE(r.failure.has_value());
  CHECK(r.failure->t_s < 1.01);
  CHECK(r.failure->t_s > 0.9);
  CHECK(r.y.allFinite());
}

TEST_CASE("failure: a NaN right-hand side gives NonFiniteState at the last finite time") {
  const IvpResult r = solve_ivp(NanAfterOne{}, {0.0, 3.0}, Vector::Ones(1));
  CHECK(r.status == Status::NonFiniteState);
  REQUIRE(r.failure.has_value());
  CHECK(r.failure->t_s <= 1.0);
  CHECK(r.failure->t_s > 0.99);
  CHECK(r.failure->state.allFinite());
}

TEST_CASE("failure: a singular iteration matrix gives SingularJacobian, not a crash") {
  const IvpResult r = solve_ivp(SingularJacobian{}, {0.0, 1.0}, Vector::Ones(2));
  CHECK(r.status == Status::SingularJacobian);
  REQUIRE(r.failure.has_value());
  CHECK(r.failure->t_s == 0.0);
}

TEST_CASE("failure: OnFailure::Raise throws SolverError carrying the same record") {
  IvpOptions o;
  o.solver.max_steps = 5;
  o.solver.on_failure = OnFailure::Raise;
  const problems::VdPol p;
  try {
    (void)solve_ivp(p, {0.0, p.t_end}, p.initial_state(), o);
    FAIL("expected SolverError");
  } catch (const SolverError& e) {
    CHECK(e.status() == Status::MaxStepsReached);
    CHECK(e.failure().state.size() == 2);
  }
}
