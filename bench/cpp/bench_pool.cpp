// Motor-unit pool (Potvin & Fuglevand 2017, motor_unit_pool.hpp): a hold at 20 % MVC to task
// failure, myofatigue::endurance_time(model, 0.2) (what Python calls with the GIL released), for
// N = 120 ... 1000 units (n = 2N states), on the default path (LinearSolverKind::Automatic) and
// on the dense path (LinearSolverKind::Dense: the n x n Jacobian and PartialPivLU).
//
//   ET/<path>/N:<N>     endurance_time at 20 % MVC; counters: ET [s], steps, rejected, rhs
//                       evaluations, LU factorisations and Jacobians of the same hold (from one
//                       simulate() of the same protocol, outside the timed loop), and
//                       vs_N120 = time(N) / time(120) on that path, both timed in this benchmark.
//   ET/Automatic/N:120/rtol:<k>  at rtol = 10^-k, atol = 1e-3 rtol (the 5 % validation band
//                       against what a looser endurance_time default would save); ET_dev is
//                       ET / ET(rtol 1e-6) - 1, both computed here.
//   Step/<path>/N:<N>   one Jacobian evaluation + one Rodas5P step attempt at the rested state
//                       (the dense path's growth at N = 1000 without minutes per hold).
//
// Run: build/release/bench/bench_pool --benchmark_min_time=0.2
#include <chrono>
#include <cmath>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "myofatigue/algorithm/model_system.hpp"
#include "myofatigue/model/registry.hpp"
#include "myofatigue/solvers/rosenbrock.hpp"
#include "myofatigue/simulation/simulate.hpp"

namespace mf = myofatigue;

namespace {

constexpr double load = 0.2;

mf::Model pool(mf::Index units) {
  return mf::ModelBuilder().add("motor_unit_pool", {}, {.units = units}).build();
}

mf::SimulationOptions options(mf::LinearSolverKind kind) {
  mf::SimulationOptions o;
  o.solver.linear_solver = kind;
  return o;
}

double seconds_of(const mf::Model& m, const mf::SimulationOptions& o, int repeats) {
  const auto t0 = std::chrono::steady_clock::now();
  double sum = 0.0;
  for (int k = 0; k < repeats; ++k) sum += mf::endurance_time(m, load, o);
  benchmark::DoNotOptimize(sum);
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() / repeats;
}

void bm_endurance(benchmark::State& state, mf::LinearSolverKind kind) {
  const mf::Index units = state.range(0);
  const mf::Model m = pool(units);
  const mf::SimulationOptions o = options(kind);
  double et = 0.0;
  for (auto _ : state) {
    et = mf::endurance_time(m, load, o);
    benchmark::DoNotOptimize(et);
  }
  const mf::Result r = mf::simulate(m, mf::Protocol::parse(std::vector<std::string>{"Hold at 20% MVC until task failure"}), o);
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
  const mf::Result r = mf::simulate(m, mf::Protocol::parse(std::vector<std::string>{"Hold at 20% MVC until task failure"}), o);
  const mf::SolverStats& s = r.stats();
  state.counters["ET_s"] = et;
  state.counters["ET_dev"] = et / mf::endurance_time(m, load) - 1.0;
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

BENCHMARK_CAPTURE(bm_endurance, Automatic, mf::LinearSolverKind::Automatic)
    ->Name("ET/Automatic")
    ->ArgName("N")
    ->Arg(120)->Arg(240)->Arg(480)->Arg(1000)
    ->Unit(benchmark::kMillisecond);
// The dense path's full holds stop at N = 240 (n = 480); its growth to N = 1000 is in Step/Dense.
BENCHMARK_CAPTURE(bm_endurance, Dense, mf::LinearSolverKind::Dense)
    ->Name("ET/Dense")
    ->ArgName("N")
    ->Arg(120)->Arg(240)
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);
BENCHMARK(bm_endurance_rtol)
    ->Name("ET/Automatic/N:120")
    ->ArgName("rtol")
    ->Arg(3)->Arg(4)->Arg(5)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(bm_step, Automatic, mf::LinearSolverKind::Automatic)
    ->Name("Step/Automatic")
    ->ArgName("N")
    ->Arg(120)->Arg(240)->Arg(480)->Arg(1000)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(bm_step, Dense, mf::LinearSolverKind::Dense)
    ->Name("Step/Dense")
    ->ArgName("N")
    ->Arg(120)->Arg(240)->Arg(480)->Arg(1000)
    ->Unit(benchmark::kMicrosecond);

BENCHMARK_MAIN();
