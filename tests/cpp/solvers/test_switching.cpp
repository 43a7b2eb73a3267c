// Switching functions (solvers/switching.hpp): branches held for whole steps, restarts exactly
// where a switching function changes sign, and the release on sliding modes.
#include <cmath>
#include <cstdint>

#include <doctest/doctest.h>

#include "myofatigue/solvers/solve_ivp.hpp"

using namespace myofatigue;

namespace {

// y' = 1 while y < 1, then 2: the rhs jumps at y = 1. Exact: y = t up to t = 1, then
// y = 1 + 2 (t - 1). With branches held, every piece is integrated exactly (constant rates).
struct RateStep {
  bool below(double y) const { return held ? held[0] != 0 : 1.0 - y > 0.0; }
  template <class T, class S>
  void rhs(const T&, const VectorX<S>& y, VectorX<S>& f) const {
    f[0] = S(below(value_of(y[0])) ? 1.0 : 2.0);
  }
  Index switch_count() const { return 1; }
  void switch_values(double, const Vector& y, double* g) const { g[0] = 1.0 - y[0]; }
  void hold_branches(const std::uint8_t* h) const { held = h; }
  mutable const std::uint8_t* held = nullptr;
};

// The same right-hand side without switching functions: the solver steps across the jump.
struct RateStepUnswitched {
  template <class T, class S>
  void rhs(const T&, const VectorX<S>& y, VectorX<S>& f) const {
    f[0] = S(value_of(y[0]) < 1.0 ? 1.0 : 2.0);
  }
};

// y' = -1 while y > 0, else +1, from y = 1: y = 1 - t reaches 0 at t = 1, where both sides
// point into the surface. The Filippov solution then slides along y = 0.
struct Relay {
  bool positive(double y) const { return held ? held[0] != 0 : y > 0.0; }
  template <class T, class S>
  void rhs(const T&, const VectorX<S>& y, VectorX<S>& f) const {
    f[0] = S(positive(value_of(y[0])) ? -1.0 : 1.0);
  }
  Index switch_count() const { return 1; }
  void switch_values(double, const Vector& y, double* g) const { g[0] = y[0]; }
  void hold_branches(const std::uint8_t* h) const { held = h; }
  mutable const std::uint8_t* held = nullptr;
};

double rate_step_exact(double t) { return t <= 1.0 ? t : 1.0 + 2.0 * (t - 1.0); }

}  // namespace

TEST_CASE(
    "switching: a jump of the rhs is integrated to round-off with one restart at the switch and no "
    "rejected step") {
  IvpOptions o;
  o.solver.rtol = 1e-8;
  o.solver.atol = 1e-10;
  o.dense_output = true;
  const RateStep system;
  const IvpResult r = solve_ivp(system, {0.0, 3.0}, Vector::Zero(1), o);
  REQUIRE(r.status == Status::Completed);
  CHECK(r.stats.switches == 1);
  CHECK(r.stats.rejected == 0);
  // Both pieces are polynomials of degree 1, which Rodas5P integrates exactly: what is left is
  // round-off (a few ulp of the values) and the switch location (4 eps |t|).
  CHECK(std::abs(r.y(0, r.t.size() - 1) - 5.0) < 1e-12);
  bool sample_at_switch = false;
  for (Index k = 0; k < r.t.size(); ++k) sample_at_switch |= std::abs(r.t[k] - 1.0) < 1e-12;
  CHECK(sample_at_switch);
  for (double t : {0.5, 0.999, 1.001, 2.0})
    CHECK(std::abs((*r.sol)(t)[0] - rate_step_exact(t)) < 1e-12);
  // The branches are released when the solve returns.
  CHECK(system.held == nullptr);
}

TEST_CASE(
    "switching: without switching functions the same jump costs rejected steps and accuracy") {
  IvpOptions o;
  o.solver.rtol = 1e-8;
  o.solver.atol = 1e-10;
  const IvpResult r = solve_ivp(RateStepUnswitched{}, {0.0, 3.0}, Vector::Zero(1), o);
  REQUIRE(r.status == Status::Completed);
  CHECK(r.stats.switches == 0);
  CHECK(r.stats.rejected > 0);
  // Still within the tolerance (error control shrinks the step onto the jump).
  CHECK(std::abs(r.y(0, r.t.size() - 1) - 5.0) < 1e-6);
}

TEST_CASE("switching: an event at the switch is taken with the switch and ends the solve there") {
  IvpOptions o;
  o.solver.rtol = 1e-8;
  o.solver.atol = 1e-10;
  // The same surface as the switching function, as a terminal event (how task failure coincides
  // with the 3CC controller's second kink).
  o.events.push_back({[](double, const Vector& y) { return 1.0 - y[0]; }, true, -1});
  const IvpResult r = solve_ivp(RateStep{}, {0.0, 3.0}, Vector::Zero(1), o);
  REQUIRE(r.status == Status::StoppedByEvent);
  REQUIRE(r.t_events[0].size() == 1);
  CHECK(std::abs(r.t_events[0][0] - 1.0) < 1e-12);
  CHECK(r.t[r.t.size() - 1] == r.t_events[0][0]);
  CHECK(r.stats.switches == 0);  // the solve ended at the event, before restarting
}

TEST_CASE("switching: a sliding mode releases the branches, and the failure it leads to names it") {
  IvpOptions o;
  o.solver.rtol = 1e-6;
  o.solver.atol = 1e-8;
  o.solver.max_steps = 20000;
  const Relay system;
  const IvpResult r = solve_ivp(system, {0.0, 3.0}, Vector::Ones(1), o);
  // The relay's rhs jumps across y = 0 and both sides point into it: after a few switches
  // without progress the branches are released, and the rhs as written chatters around y = 0
  // with the step size collapsing to the tolerance's scale. No hang: the solve fails with its
  // partial result, at or after the sliding onset t = 1, and the message says why.
  REQUIRE_FALSE(r.success());
  REQUIRE(r.failure);
  CHECK(r.failure->t_s >= 1.0 - 1e-6);
  CHECK(std::abs(r.failure->state[0]) < 1e-6);
  CHECK(r.message.find("sliding mode at t = 1") != std::string::npos);
  CHECK(r.stats.switches >= 4);
  CHECK(system.held == nullptr);
}
