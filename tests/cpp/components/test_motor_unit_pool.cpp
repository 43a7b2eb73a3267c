// Potvin & Fuglevand 2017 motor-unit pool: the front end at time zero, endurance times against
// the reference port and the Frey-Law & Avin 2010 curve, where fatigue falls in the pool, the
// optional recovery, and the per-unit result block.
#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "myofatigue/algorithm/model_system.hpp"
#include "myofatigue/components/motor_unit_pool.hpp"
#include "myofatigue/model/registry.hpp"
#include "myofatigue/simulation/simulate.hpp"
#include "myofatigue/solvers/rosenbrock.hpp"

using namespace myofatigue;

namespace {

Model pool(Index units = 120, const ParameterSet& p = {}) {
  return ModelBuilder().add("motor_unit_pool", p, {.units = units}).build();
}
const MotorUnitPool& component(const Model& m) {
  return dynamic_cast<const MotorUnitPool&>(*m.components().front());
}

struct EtRow {
  double load, et_s;
};
std::vector<EtRow> reference_et() {
  std::ifstream in(std::string(MYOFATIGUE_TEST_DATA_DIR) + "/potvin_fuglevand_2017_et.csv");
  REQUIRE(in);
  std::vector<EtRow> rows;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::stringstream ss(line);
    std::string load, et;
    std::getline(ss, load, ',');
    std::getline(ss, et, ',');
    rows.push_back({std::stod(load), std::stod(et)});
  }
  return rows;
}

Result run(const Model& m, std::vector<std::string> steps) {
  return simulate(m, Protocol::parse(steps));
}

}  // namespace

TEST_CASE("MotorUnitPool: the front end follows Potvin & Fuglevand 2017 exactly at rest") {
  const Model m = pool();
  const MotorUnitPool& c = component(m);
  const std::size_t n = 120;
  // Thresholds exp((i-1) ln(RR)/(n-1)): exactly 1 .. RR = 50 (the paper's change to Fuglevand
  // 1993).
  CHECK(c.threshold(0) == 1.0);
  CHECK(c.threshold(n - 1) == doctest::Approx(50.0).epsilon(1e-14));
  CHECK(c.threshold(60) == doctest::Approx(std::exp(60.0 * std::log(50.0) / 119.0)).epsilon(1e-14));
  // Peak rates 35 -> 25 Hz, linear in the threshold; maximal excitation thr_n + (25 - 8)/1 = 67.
  CHECK(c.peak_rate(0) == 35.0);
  CHECK(c.peak_rate(n - 1) == doctest::Approx(25.0).epsilon(1e-14));
  CHECK(c.max_excitation() == doctest::Approx(67.0).epsilon(1e-14));
  // Twitch forces span RP = 100; contraction times 90 ms -> 30 ms (RT = 3).
  CHECK(c.twitch_force(n - 1) / c.twitch_force(0) == doctest::Approx(100.0).epsilon(1e-12));
  CHECK(c.contraction_time(0) == doctest::Approx(0.090).epsilon(1e-14));
  CHECK(c.contraction_time(n - 1) == doctest::Approx(0.030).epsilon(1e-12));
  // Fatigue rates: FatFac = 0.0225/s for the last unit, FatFac/fat for the first (fat = 180).
  CHECK(c.fatigue_rate(n - 1) == doctest::Approx(0.0225).epsilon(1e-12));
  CHECK(c.fatigue_rate(0) == doctest::Approx(0.0225 / 180.0).epsilon(1e-12));
  // Fusion curve: linear to S(0.4) = 1 - exp(-2 0.4^3), then 1 - exp(-2 x^3).
  CHECK(MotorUnitPool::fusion(0.2) ==
        doctest::Approx(0.5 * (1.0 - std::exp(-0.128))).epsilon(1e-15));
  CHECK(MotorUnitPool::fusion(0.8) == doctest::Approx(1.0 - std::exp(-2.0 * 0.512)).epsilon(1e-15));

  // At t = 0 for a 30 % target: the rate of each unit is min(E - thr + 8, PFR) once recruited
  // (no adaptation yet), 0 below threshold, and the pool's force equals the target.
  ModelSystem system(m);
  system.target_fraction = 0.3;
  const Vector x0 = m.initial_state();
  std::vector<double> obs(m.observable_keys().size()), fr(n);
  system.observe(0.0, x0, obs.data());
  system.observe_units(0.0, x0, fr.data());
  REQUIRE(m.observable_keys()[0] == "pool.capacity");
  CHECK(obs[0] == doctest::Approx(1.0).epsilon(1e-14));  // capacity of the fresh pool
  CHECK(obs[1] == doctest::Approx(0.3).epsilon(1e-13));  // force holds the target
  CHECK(obs[2] == 0.3);
  const double E = obs[3] * c.max_excitation();
  int recruited = 0;
  for (std::size_t i = 0; i < n; ++i) {
    CAPTURE(i);
    if (E >= c.threshold(i)) {
      ++recruited;
      CHECK(fr[i] ==
            doctest::Approx(std::min(E - c.threshold(i) + 8.0, c.peak_rate(i))).epsilon(1e-13));
    } else if (E <= c.threshold(i) - 0.01) {
      CHECK(fr[i] == 0.0);
    }
  }
  CHECK(obs[4] >= recruited);
  CHECK(obs[4] <= recruited + 1);  // at most one unit inside its recruitment ramp
  // Full excitation gives the fresh maximal force exactly.
  system.target_fraction = 1.0;
  system.observe(0.0, x0, obs.data());
  CHECK(obs[1] == doctest::Approx(1.0).epsilon(1e-14));
  CHECK(obs[3] == doctest::Approx(1.0).epsilon(1e-14));
}

// The reference is a 10 Hz port of the authors' code: its ET is quantised to 0.1 s (1.5 % of
// the 6.5 s at 90 % MVC), its fatigue starts one sample late and adaptation one sample early,
// it steps P by explicit Euler at 0.1 s and recruits units in whole steps at an excitation
// resolution of 0.01 (here: a ramp of that width). 5 % covers these discretisation effects;
// the largest deviation measured is 2.2 % (at 90 % MVC).
TEST_CASE(
    "MotorUnitPool: endurance times at 10-90 % MVC are within 5 % of the Potvin & Fuglevand 2017 "
    "code") {
  const Model m = pool();
  for (const auto& row : reference_et()) {
    CAPTURE(row.load);
    const double et = endurance_time(m, row.load);
    CHECK(et == doctest::Approx(row.et_s).epsilon(0.05));
  }
}

// Frey-Law & Avin 2010 (general): ET = 21.92 f^-1.98 s. The acceptance band of the shared
// reference is a factor 2 (published model fits lie at 0.54-1.39x the curve). At 80 and 90 %
// the published model gives 0.43x and 0.24x (its fatigue rates were not fitted there), so those
// loads are not pinned to the curve; the port comparison above covers them.
TEST_CASE(
    "MotorUnitPool: endurance times at 10-70 % MVC lie within 0.5x-2x of the Frey-Law & Avin 2010 "
    "general curve") {
  const Model m = pool();
  for (double f : {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7}) {
    CAPTURE(f);
    const double ratio = endurance_time(m, f) / (21.92 * std::pow(f, -1.98));
    CHECK(ratio >= 0.5);
    CHECK(ratio <= 2.0);
  }
}

TEST_CASE(
    "MotorUnitPool: a hold to failure fatigues high-threshold units faster than low-threshold "
    "ones") {
  const Model m = pool();
  const Result r = run(m, {"Hold at 50% MVC until task failure"});
  REQUIRE(r.ok());
  REQUIRE(r.steps().front().end_reason == EndReason::TaskFailure);
  const auto P = r.units_of("pool.P");
  REQUIRE(P.cols() == 120);
  const Index last = P.rows() - 1;
  // Capacity lost per unit, averaged over each third of the pool (thresholds ascending).
  double low = 0.0, high = 0.0;
  for (Index u = 0; u < 40; ++u) low += (1.0 - P(last, u)) / 40.0;
  for (Index u = 80; u < 120; ++u) high += (1.0 - P(last, u)) / 40.0;
  CHECK(high > 10.0 * low);
  CHECK(P(last, 119) < P(last, 0));
  // Task failure: the capacity observable reached the target.
  CHECK(r["pool.capacity"][last] == doctest::Approx(0.5).epsilon(1e-6));
}

TEST_CASE(
    "MotorUnitPool: without recovery (the published model) rest restores nothing, and with R the "
    "lost capacity decays as exp(-R t)") {
  const std::vector<std::string> protocol{"Hold at 60% MVC for 30 s", "Rest for 10 min"};
  const Result plain = run(pool(20), protocol);
  REQUIRE(plain.ok());
  const auto P = plain.units_of("pool.P");
  const Index end_hold = plain.steps()[0].last_sample, end = P.rows() - 1;
  for (Index u = 0; u < 20; ++u) CHECK(P(end, u) == doctest::Approx(P(end_hold, u)).epsilon(1e-12));
  CHECK(P.row(end_hold).minCoeff() < 0.9);  // the hold did fatigue the pool

  const double R = 0.002;
  const Result rec = run(pool(20, {{"pool.R", R}}), protocol);
  REQUIRE(rec.ok());
  const auto Q = rec.units_of("pool.P");
  const Index e0 = rec.steps()[0].last_sample, e1 = Q.rows() - 1;
  // At rest no unit fires, so dP/dt = R (1 - P) exactly.
  const double decay = std::exp(-R * (rec.t()[e1] - rec.t()[e0]));
  for (Index u = 0; u < 20; ++u)
    CHECK(1.0 - Q(e1, u) == doctest::Approx((1.0 - Q(e0, u)) * decay).epsilon(1e-5));
}

TEST_CASE(
    "MotorUnitPool: the unit count is an option, and the tables span the same ranges for any "
    "count") {
  const Model m = pool(30);
  CHECK(m.n_states() == 60);
  CHECK(m.states()[59].key == "pool.A[29]");
  const MotorUnitPool& c = component(m);
  CHECK(c.threshold(29) == doctest::Approx(50.0).epsilon(1e-14));
  CHECK(c.twitch_force(29) / c.twitch_force(0) == doctest::Approx(100.0).epsilon(1e-12));
  CHECK_THROWS_AS((void)pool(1), ParameterError);
  // Parameters rebuild the tables.
  const Model wide = m.with_parameters({{"pool.RR", 100.0}});
  CHECK(component(wide).threshold(29) == doctest::Approx(100.0).epsilon(1e-14));
  CHECK_THROWS_AS((void)m.with_parameters({{"pool.PFRL", 7.0}}), ParameterError);
}

TEST_CASE(
    "MotorUnitPool: the solvers get its own rank-one-structured Jacobian instead of whole-state "
    "AD") {
  const Model m = pool();
  ModelSystem system(m);
  CHECK(m.components().front()->provides_own_jacobian());
  CHECK(system.assembled_passes() == 0);
  CHECK(system.provides_jacobian());
}

TEST_CASE("MotorUnitPool: its Jacobian in block-diagonal plus rank-one form equals the dense one") {
  const Model m = pool(30);
  ModelSystem system(m);
  system.target_fraction = 0.3;
  const LowRankStructure& s = system.low_rank_structure();
  REQUIRE_FALSE(s.empty());
  CHECK(s.block_sizes == std::vector<Index>(30, 2));
  CHECK(s.rank == 1);
  // A fatigued, partly adapted state, so that every term is non-zero.
  Vector x = m.initial_state();
  for (Index u = 0; u < 30; ++u) {
    x[2 * u] = 1.0 - 0.01 * double(u);
    x[2 * u + 1] = 0.02 * double(u);
  }
  const Index n = m.n_states();
  Matrix J(n, n);
  Vector dfdt(n), dfdt_low(n);
  system.assembled_jacobian(0.0, x, J, dfdt);
  BlockLowRankJacobian Jl(s);
  system.jacobian(0.0, x, Jl, dfdt_low);
  CHECK((Jl.to_dense() - J).norm() <= 1e-14 * J.norm());
  CHECK((dfdt_low - dfdt).norm() == 0.0);
}

// The pool's rhs has kinks (fusion curve, rate saturation, recruitment ramps), so a step whose
// error estimate is within round-off of 1 can go either way: over a whole hold the two paths may
// differ by a step. Each step attempt itself agrees to round-off, which is what is checked first.
TEST_CASE(
    "MotorUnitPool: Automatic solves it by Woodbury (O(N)): each Rodas5P attempt equals the dense "
    "LU's to round-off, and a hold ends at the same state") {
  const Model m = pool(60);
  ModelSystem system(m);
  system.target_fraction = 0.4;
  SolverOptions o = SimulationOptions::default_solver();
  using Core = RosenbrockCore<ModelSystem>;
  Core automatic(system, m.n_states(), o);
  o.linear_solver = LinearSolverKind::Dense;
  Core dense(system, m.n_states(), o);
  CHECK(automatic.low_rank());
  CHECK_FALSE(dense.low_rank());
  Vector x = m.initial_state();
  for (Index u = 0; u < 60; ++u) {
    x[2 * u] = 1.0 - 0.005 * double(u);
    x[2 * u + 1] = 0.01 * double(u);
  }
  SolverStats stats;
  for (double h : {1e-3, 0.1, 10.0}) {
    CAPTURE(h);
    REQUIRE(automatic.set_point(system, 0.0, x, stats));
    REQUIRE(dense.set_point(system, 0.0, x, stats));
    REQUIRE(automatic.attempt(system, h, stats) == Core::Attempt::Ok);
    REQUIRE(dense.attempt(system, h, stats) == Core::Attempt::Ok);
    CHECK((automatic.y_new() - dense.y_new()).norm() <= 1e-13 * dense.y_new().norm());
    CHECK(automatic.error() == doctest::Approx(dense.error()).epsilon(1e-8));
  }

  SimulationOptions by_dense;
  by_dense.solver.linear_solver = LinearSolverKind::Dense;
  const auto protocol = Protocol::parse(std::vector<std::string>{"Hold at 40% MVC for 20 s"});
  const Result a = simulate(m, protocol);
  const Result d = simulate(m, protocol, by_dense);
  REQUIRE(a.ok());
  REQUIRE(d.ok());
  CHECK(double(a.stats().steps) == doctest::Approx(double(d.stats().steps)).epsilon(0.05));
  const Index la = a.t().size() - 1, ld = d.t().size() - 1;
  for (const auto& st : m.states())
    CHECK(a[st.key][la] == doctest::Approx(d[st.key][ld]).epsilon(1e-6));
}
