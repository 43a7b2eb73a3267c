// Motor-unit pool (Potvin & Fuglevand 2017, motor_unit_pool.hpp): a hold at 20 % MVC to task
// failure, myofatigue::endurance_time(model, 0.2) (what Python calls with the GIL released), for
// N = 120 ... 1000 units (n = 2N states), on the default path (LinearSolverKind::Automatic) and
// on the dense path (LinearSolverKind::Dense: the n x n Jacobian and PartialPivLU).
//
//   ET/<path>/N:<N>     endurance_time at 20 % MVC with SimulationOptions defaults, i.e. at the
//                       pool's endurance tolerance (MotorUnitPool::endurance_rtol = 1e-3, atol
//                       1e-6; SimulationOptions::model_tolerance); counters: ET [s], steps,
//                       rejected, rhs evaluations, LU factorisations, Jacobians and switches of
//                       the same hold (from one simulate() at that tolerance, outside the timed
//                       loop), and vs_N120 = time(N) / time(120) on that path, both timed in
//                       this benchmark (process CPU time).
//   ET/Automatic/rtol:6/N:<N>  the same at the simulate default rtol 1e-6, atol 1e-9
//                       (model_tolerance = false), as before the pool declared its tolerance.
//   ET/Automatic/N:120/rtol:<k>  at rtol = 10^-k, atol = 1e-3 rtol (the 5 % validation band
//                       against what the looser endurance tolerance saves); ET_dev is
//                       ET / ET(rtol 1e-6) - 1, both computed here.
//   Step/<path>/N:<N>   one Jacobian evaluation + one Rodas5P step attempt at the rested state
//                       (the dense path's growth at N = 1000 without minutes per hold).
//
// Run: build/release/bench/bench_pool --benchmark_min_time=0.2
#include <algorithm>
#include <cmath>
#include <ctime>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "myofatigue/algorithm/model_system.hpp"
#include "myofatigue/model/registry.hpp"
#include "myofatigue/simulation/simulate.hpp"
#include "myofatigue/solvers/rosenbrock.hpp"

namespace mf = myofatigue;

namespace {

constexpr double load = 0.2;

mf::Model pool(mf::Index units) {
  return mf::ModelBuilder().add("motor_unit_pool", {}, {.units = units}).build();
}

mf::SimulationOptions options(mf::LinearSolverKind kind, bool model_tolerance = true) {
  mf::SimulationOptions o;
  o.solver.linear_solver = kind;
  o.model_tolerance = model_tolerance;
  return o;
}

// The tolerance endurance_time() integrates at with these options (simulate() takes them as given).
mf::SimulationOptions as_endurance_time(const mf::Model& m, mf::SimulationOptions o) {
  if (!o.model_tolerance) return o;
  double rtol = 1.0;
  for (const auto& c : m.components()) rtol = std::min(rtol, c->endurance_rtol());
  if (rtol > o.solver.rtol) {
    o.solver.rtol = rtol;
    o.solver.atol = 1e-3 * rtol;
  }
  return o;
}

double seconds_of(const mf::Model& m, const mf::SimulationOptions& o, int repeats) {
  // Process CPU time (std::clock): steadier than the wall clock on a shared machine.
  const std::clock_t t0 = std::clock();
  double sum = 0.0;
  for (int k = 0; k < repeats; ++k) sum += mf::endurance_time(m, load, o);
  benchmark::DoNotOptimize(sum);
  return double(std::clock() - t0) / CLOCKS_PER_SEC / repeats;
}

void bm_endurance(benchmark::State& state, mf::LinearSolverKind kind, bool model_tolerance) {
  const mf::Index units = state.range(0);
  const mf::Model m = pool(units);
  const mf::SimulationOptions o = options(kind, model_tolerance);
  double et = 0.0;
  for (auto _ : state) {
    et = mf::endurance_time(m, load, o);
    benchmark::DoNotOptimize(et);
  }
  const mf::Result r = mf::simulate(
      m, mf::Protocol::parse(std::vector<std::string>{"Hold at 20% MVC until task failure"}),
      as_endurance_time(m, o));
  const mf::SolverStats& s = r.stats();
  state.counters["ET_s"] = et;
  state.counters["steps"] = double(s.steps);
  state.counters["rejected"] = double(s.rejected);
  state.counters["rhs"] = double(s.rhs_evals);
  state.counters["jac"] = double(s.jacobian_evals);
  state.counters["lu"] = double(s.factorizations);
  state.counters["switches"] = double(s.switches);
  if (units != 120) {
    // Both timed here, with the same number of calls, so the ratio shares the machine's state.
    const int repeats = 3;
    const double t_n = seconds_of(m, o, repeats);
    const double t_120 = seconds_of(pool(120), o, repeats);
    state.counters["vs_N120"] = t_n / t_120;
  }
}

void bm_endurance_rtol(benchmark::State& state) {
  const mf::Model m = pool(120);
  mf::SimulationOptions o;
  o.solver.rtol = std::pow(10.0, -double(state.range(0)));
  o.solver.atol = 1e-3 * o.solver.rtol;
  double et = 0.0;
  for (auto _ : state) {
    et = mf::endurance_time(m, load, o);
    benchmark::DoNotOptimize(et);
  }
  const mf::Result r = mf::simulate(
      m, mf::Protocol::parse(std::vector<std::string>{"Hold at 20% MVC until task failure"}), o);
  const mf::SolverStats& s = r.stats();
  state.counters["ET_s"] = et;
  state.counters["ET_dev"] =
      et / mf::endurance_time(m, load, options(mf::LinearSolverKind::Automatic, false)) - 1.0;
  state.counters["steps"] = double(s.steps);
  state.counters["rejected"] = double(s.rejected);
  state.counters["rhs"] = double(s.rhs_evals);
  state.counters["switches"] = double(s.switches);
}

void bm_step(benchmark::State& state, mf::LinearSolverKind kind) {
  const mf::Model m = pool(state.range(0));
  mf::ModelSystem system(m);
  system.target_fraction = load;
  mf::SolverOptions o = mf::SimulationOptions::default_solver();
  o.linear_solver = kind;
  using Core = mf::RosenbrockCore<mf::ModelSystem>;
  const mf::Vector x0 = m.initial_state();
  Core core(system, m.n_states(), o);
  mf::SolverStats stats;
  for (auto _ : state) {
    core.forget_fsal();
    const bool ok = core.set_point(system, 0.0, x0, stats) &&
                    core.attempt(system, 1e-3, stats) == Core::Attempt::Ok;
    if (!ok) state.SkipWithError("step failed");
    benchmark::DoNotOptimize(core.y_new().data());
  }
}

}  // namespace

BENCHMARK_CAPTURE(bm_endurance, Automatic, mf::LinearSolverKind::Automatic, true)
    ->Name("ET/Automatic")
    ->ArgName("N")
    ->Arg(120)
    ->Arg(240)
    ->Arg(480)
    ->Arg(1000)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(bm_endurance, AutomaticTight, mf::LinearSolverKind::Automatic, false)
    ->Name("ET/Automatic/rtol:6")
    ->ArgName("N")
    ->Arg(120)
    ->Arg(240)
    ->Arg(480)
    ->Arg(1000)
    ->Unit(benchmark::kMillisecond);
// The dense path's full holds stop at N = 240 (n = 480); its growth to N = 1000 is in Step/Dense.
BENCHMARK_CAPTURE(bm_endurance, Dense, mf::LinearSolverKind::Dense, true)
    ->Name("ET/Dense")
    ->ArgName("N")
    ->Arg(120)
    ->Arg(240)
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);
BENCHMARK(bm_endurance_rtol)
    ->Name("ET/Automatic/N:120")
    ->ArgName("rtol")
    ->Arg(3)
    ->Arg(4)
    ->Arg(5)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(bm_step, Automatic, mf::LinearSolverKind::Automatic)
    ->Name("Step/Automatic")
    ->ArgName("N")
    ->Arg(120)
    ->Arg(240)
    ->Arg(480)
    ->Arg(1000)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(bm_step, Dense, mf::LinearSolverKind::Dense)
    ->Name("Step/Dense")
    ->ArgName("N")
    ->Arg(120)
    ->Arg(240)
    ->Arg(480)
    ->Arg(1000)
    ->Unit(benchmark::kMicrosecond);

BENCHMARK_MAIN();
