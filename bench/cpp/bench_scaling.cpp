// Scaling with the number of blocks of the block-bordered system (problems::BlockBordered: N
// motor-unit-like 3-state blocks + 2 shared states, n = 3N + 2): myofatigue Rodas5P with the
// analytic sparse Jacobian and Eigen::SparseLU (LinearSolverKind::Sparse, the path Automatic
// picks at n >= sparse_threshold) against the same solve on the dense path
// (LinearSolverKind::Dense, PartialPivLU). Same rtol/atol, same method, same Jacobian.
//
// Two families:
//   Solve/<path>/N:<N>  one full solve over [0, 10] s; counter us_per_unit = CPU time / N.
//   Step/<path>/N:<N>   one Jacobian evaluation + one step attempt (factorisation and 8 stages)
//                       at the initial state; this is how the dense path at N = 1000 (n = 3002,
//                       ~1e10 flops per LU) is measured without minutes per solve.
#include <string>

#include <benchmark/benchmark.h>

#include "fixture.hpp"

namespace mf = myofatigue;
namespace mb = myofatigue::bench;

namespace {

constexpr double scaling_rtol = 1e-6;
constexpr double scaling_atol = 1e-8;

mf::SolverOptions scaling_options(mf::LinearSolverKind kind) {
  mf::SolverOptions o;
  o.rtol = scaling_rtol;
  o.atol = scaling_atol;
  o.jacobian = mf::JacobianMode::Analytic;
  o.linear_solver = kind;
  return o;
}

void set_per_unit(benchmark::State& state, mf::Index units) {
  state.counters["N"] = double(units);
  state.counters["n_states"] = double(3 * units + 2);
  // Iteration-invariant rate, inverted: CPU seconds per iteration per block.
  state.counters["s_per_unit"] = benchmark::Counter(
      double(units), benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

void bm_solve(benchmark::State& state, mf::LinearSolverKind kind) {
  mf::problems::BlockBordered p;
  p.units = state.range(0);
  const mf::Vector y0 = p.initial_state();
  const mf::SolverOptions o = scaling_options(kind);
  mb::SolveOutcome out;
  for (auto _ : state) {
    out = mb::solve_myofatigue(p, p.t_end, y0, o);
    benchmark::DoNotOptimize(out.y_end.data());
  }
  mb::report(state, out, nullptr);
  set_per_unit(state, p.units);
}

void bm_step(benchmark::State& state, mf::LinearSolverKind kind) {
  using Core = mf::RosenbrockCore<mf::problems::BlockBordered>;
  mf::problems::BlockBordered p;
  p.units = state.range(0);
  const mf::Vector y0 = p.initial_state();
  Core core(p, p.n_states(), scaling_options(kind));
  mf::SolverStats stats;
  for (auto _ : state) {
    core.forget_fsal();
    const bool ok =
        core.set_point(p, 0.0, y0, stats) && core.attempt(p, 1e-4, stats) == Core::Attempt::Ok;
    if (!ok) state.SkipWithError("step failed");
    benchmark::DoNotOptimize(core.y_new().data());
  }
  set_per_unit(state, p.units);
}

}  // namespace

BENCHMARK_CAPTURE(bm_solve, Sparse, mf::LinearSolverKind::Sparse)
    ->Name("Solve/Sparse")
    ->ArgName("N")
    ->Arg(10)
    ->Arg(30)
    ->Arg(100)
    ->Arg(300)
    ->Arg(1000)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(bm_solve, BlockBordered, mf::LinearSolverKind::BlockBordered)
    ->Name("Solve/BlockBordered")
    ->ArgName("N")
    ->Arg(30)
    ->Arg(100)
    ->Arg(300)
    ->Arg(1000)
    ->Unit(benchmark::kMillisecond);
// Dense full solves stop at N = 300 (n = 902); N = 1000 is in Step/Dense below.
BENCHMARK_CAPTURE(bm_solve, Dense, mf::LinearSolverKind::Dense)
    ->Name("Solve/Dense")
    ->ArgName("N")
    ->Arg(10)
    ->Arg(30)
    ->Arg(100)
    ->Arg(300)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(bm_step, Sparse, mf::LinearSolverKind::Sparse)
    ->Name("Step/Sparse")
    ->ArgName("N")
    ->Arg(10)
    ->Arg(100)
    ->Arg(1000)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(bm_step, BlockBordered, mf::LinearSolverKind::BlockBordered)
    ->Name("Step/BlockBordered")
    ->ArgName("N")
    ->Arg(30)
    ->Arg(100)
    ->Arg(1000)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(bm_step, Dense, mf::LinearSolverKind::Dense)
    ->Name("Step/Dense")
    ->ArgName("N")
    ->Arg(10)
    ->Arg(100)
    ->Arg(1000)
    ->Unit(benchmark::kMicrosecond);

BENCHMARK_MAIN();
