// Event location on the dense output: y' = -y, y(0) = 1 crosses 0.5 exactly at t = ln 2.
#include <cmath>

#include <doctest/doctest.h>

#include "myofatigue/solvers/solve_ivp.hpp"

using namespace myofatigue;

namespace {
struct Decay {
  template <class T, class S>
  void rhs(const T&, const VectorX<S>& y, VectorX<S>& f) const {
    f[0] = -y[0];
  }
};
// A harmonic oscillator y1' = y2, y2' = -y1 from (0, 1): y1 = sin t crosses zero at k*pi.
struct Oscillator {
  template <class T, class S>
  void rhs(const T&, const VectorX<S>& y, VectorX<S>& f) const {
    f[0] = y[1];
    f[1] = -y[0];
  }
};
}  // namespace

// The root is found on the interpolant to 4 eps |t|, so the event-time error is the
// interpolation error, bounded by the tolerance: at rtol 1e-8 it must be well below 1e-6.
TEST_CASE(
    "events: a terminal event at y = 0.5 of y' = -y is located at ln 2 within the tolerance") {
  IvpOptions o;
  o.solver.rtol = 1e-8;
  o.solver.atol = 1e-10;
  o.events.push_back({[](double, const Vector& y) { return y[0] - 0.5; }, true, 0});
  const IvpResult r = solve_ivp(Decay{}, {0.0, 10.0}, Vector::Ones(1), o);
  CHECK(r.status == Status::StoppedByEvent);
  CHECK(r.success());
  REQUIRE(r.t_events[0].size() == 1);
  CHECK(std::abs(r.t_events[0][0] - std::log(2.0)) < 1e-6);
  CHECK(std::abs(r.y_events[0](0, 0) - 0.5) < 1e-7);
  // The solution ends at the event.
  CHECK(r.t[r.t.size() - 1] == doctest::Approx(r.t_events[0][0]).epsilon(1e-15));
}

TEST_CASE("events: direction filters crossings and non-terminal events record every occurrence") {
  IvpOptions o;
  o.solver.rtol = 1e-9;
  o.solver.atol = 1e-12;
  auto y1 = [](double, const Vector& y) { return y[0]; };
  o.events.push_back({y1, false, 0});   // every zero of sin t
  o.events.push_back({y1, false, +1});  // rising: 2 pi, 4 pi
  o.events.push_back({y1, false, -1});  // falling: pi, 3 pi
  const IvpResult r = solve_ivp(Oscillator{}, {0.0, 13.0}, Vector{{0.0, 1.0}}, o);
  REQUIRE(r.status == Status::Completed);
  // g(t0) = 0 is the starting value, not a crossing (unless Event::zero_at_start_counts).
  REQUIRE(r.t_events[0].size() == 4);
  for (int k = 0; k < 4; ++k)
    CHECK(std::abs(r.t_events[0][std::size_t(k)] - (k + 1) * M_PI) < 1e-6);
  REQUIRE(r.t_events[1].size() == 2);
  CHECK(std::abs(r.t_events[1][0] - 2 * M_PI) < 1e-6);
  REQUIRE(r.t_events[2].size() == 2);
  CHECK(std::abs(r.t_events[2][1] - 3 * M_PI) < 1e-6);
}

TEST_CASE("solve_ivp: t_eval and dense output interpolate the solution to the tolerance") {
  IvpOptions o;
  o.solver.rtol = 1e-9;
  o.solver.atol = 1e-12;
  o.t_eval = {0.0, 0.5, 1.0, 2.5, 4.0};
  o.dense_output = true;
  const IvpResult r = solve_ivp(Decay{}, {0.0, 4.0}, Vector::Ones(1), o);
  REQUIRE(r.t.size() == 5);
  for (Index k = 0; k < 5; ++k) CHECK(std::abs(r.y(0, k) - std::exp(-r.t[k])) < 1e-8);
  REQUIRE(r.sol.has_value());
  for (double t : {0.1, 1.234, 3.9}) CHECK(std::abs((*r.sol)(t)[0] - std::exp(-t)) < 1e-8);
  CHECK(r.sol->t_min() == 0.0);
  CHECK(r.sol->t_max() == 4.0);
}

TEST_CASE(
    "events: record_steps = false keeps only the first and last points, and the same events") {
  IvpOptions o;
  o.solver.rtol = 1e-9;
  o.solver.atol = 1e-12;
  o.events.push_back({[](double, const Vector& y) { return y[0]; }, false, 0});
  const IvpResult every = solve_ivp(Oscillator{}, {0.0, 13.0}, Vector{{0.0, 1.0}}, o);
  o.record_steps = false;
  const IvpResult ends = solve_ivp(Oscillator{}, {0.0, 13.0}, Vector{{0.0, 1.0}}, o);
  REQUIRE(ends.t.size() == 2);
  CHECK(ends.t[0] == 0.0);
  CHECK(ends.t[1] == 13.0);
  // Same steps, so the same end state and events to the last bit.
  CHECK(ends.y.col(1) == every.y.col(every.y.cols() - 1));
  CHECK(ends.t_events[0] == every.t_events[0]);
  CHECK(ends.stats.steps == every.stats.steps);
}

TEST_CASE(
    "events: regression issue 14: a terminal event with stop_after = 3 stops at its third "
    "occurrence") {
  IvpOptions o;
  o.solver.rtol = 1e-9;
  o.solver.atol = 1e-12;
  o.events.push_back({[](double, const Vector& y) { return y[0]; }, true, 0, 3});
  const IvpResult r = solve_ivp(Oscillator{}, {0.0, 20.0}, Vector{{0.0, 1.0}}, o);
  CHECK(r.status == Status::StoppedByEvent);
  REQUIRE(r.t_events[0].size() == 3);  // pi, 2 pi, 3 pi (sin 0 = 0 at the start does not count)
  CHECK(std::abs(r.t_events[0][2] - 3 * M_PI) < 1e-6);
  CHECK(r.t[r.t.size() - 1] == doctest::Approx(3 * M_PI).epsilon(1e-8));
}

TEST_CASE(
    "events: regression issue 14: with zero_at_start_counts a g that starts at 0 occurs at t0 in "
    "its direction") {
  IvpOptions o;
  o.solver.rtol = 1e-9;
  o.solver.atol = 1e-12;
  auto y1 = [](double, const Vector& y) { return y[0]; };
  o.events.push_back({y1, false, +1, 1, true});  // sin t leaves 0 upwards: occurs at 0
  o.events.push_back({y1, false, -1, 1, true});  // not downwards
  o.events.push_back({y1, true, 0, 1, true});    // terminal, either way: stops at t0
  const IvpResult r = solve_ivp(Oscillator{}, {0.0, 1.0}, Vector{{0.0, 1.0}}, o);
  CHECK(r.status == Status::StoppedByEvent);
  REQUIRE(r.t_events[0].size() == 1);
  CHECK(r.t_events[0][0] == 0.0);
  CHECK(r.t_events[1].empty());
  REQUIRE(r.t_events[2].size() == 1);
  CHECK(r.t_events[2][0] == 0.0);
  CHECK(r.t[r.t.size() - 1] == 0.0);
}
