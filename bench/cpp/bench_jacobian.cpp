// Cost of the Jacobian modes (STYLE.md open question: AD duals or coloured finite differences
// as the default once n_states reaches the hundreds). Two families, on HIRES (n = 8, dense
// pattern of 27 nonzeros) and BlockBordered N = 100 (n = 302, block-bordered):
//   Eval/<problem>/<mode>   one evaluation of df/dy and df/dt through JacobianEvaluator at a
//                           generic state; counters: rhs (rhs calls, AD passes for AD), colours.
//   Solve/<problem>/<mode>  a whole solve (Rodas5P, rtol 1e-6) with that mode; counters as in
//                           bench_stiff_solvers (scd for HIRES).
// Modes: Analytic, AutoDiff (dense: n + 1 directions, 8 per pass), AutoDiff-coloured (pattern
// given: colours + 1 directions), FD (n + 1 rhs calls), FD-coloured (colours + 1 rhs calls).
#include <string>

#include <benchmark/benchmark.h>

#include "fixture.hpp"

namespace mf = myofatigue;
namespace mb = myofatigue::bench;

namespace {

/// Structural pattern of HIRES's df/dy: the nonzeros of its analytic Jacobian at a state with
/// every component nonzero (HIRES has no sparsity() member).
mf::SparseMatrix hires_pattern() {
  const mf::problems::Hires p;
  mf::Matrix J(8, 8);
  mf::Vector dfdt(8);
  p.jacobian(0.0, mf::Vector::Constant(8, 0.5), J, dfdt);
  return J.sparseView();
}

struct ModeSpec {
  const char* name;
  mf::JacobianMode mode;
  bool coloured;
};

const ModeSpec modes[] = {
    {"Analytic", mf::JacobianMode::Analytic, false},
    {"AutoDiff", mf::JacobianMode::AutoDiff, false},
    {"AutoDiff-coloured", mf::JacobianMode::AutoDiff, true},
    {"FD", mf::JacobianMode::FiniteDifference, false},
    {"FD-coloured", mf::JacobianMode::FiniteDifference, true},
};

/// One Jacobian evaluation. Coloured modes (and the sparse analytic Jacobian of BlockBordered)
/// fill the sparse storage the sparse LU path uses; the others a dense matrix.
template <class Problem>
void bm_eval(benchmark::State& state,
             const Problem& p,
             mf::Index n,
             const mf::SparseMatrix& pattern,
             ModeSpec spec,
             bool sparse_analytic) {
  const bool sparse_storage =
      spec.coloured || (spec.mode == mf::JacobianMode::Analytic && sparse_analytic);
  mf::JacobianEvaluator<Problem> jac(p, n, spec.mode,
                                     sparse_storage ? pattern : mf::SparseMatrix());
  const mf::Vector y = mf::Vector::LinSpaced(n, 0.2, 1.3);
  mf::Vector f0(n), dfdt(n);
  p.rhs(0.3, y, f0);
  mf::Matrix J_dense(n, n);
  mf::SparseMatrix J_sparse;
  mf::SolverStats stats;
  for (auto _ : state) {
    if (sparse_storage) {
      jac.evaluate(p, 0.3, y, f0, J_sparse, dfdt, stats);
      benchmark::DoNotOptimize(J_sparse.valuePtr());
    } else {
      jac.evaluate(p, 0.3, y, f0, J_dense, dfdt, stats);
      benchmark::DoNotOptimize(J_dense.data());
    }
    benchmark::ClobberMemory();
  }
  const double evals = double(stats.jacobian_evals);
  state.counters["rhs"] = evals > 0 ? double(stats.rhs_evals) / evals : 0.0;
  state.counters["colours"] = double(jac.colours());
  state.counters["n_states"] = double(n);
}

template <class Problem>
void bm_solve(benchmark::State& state,
              const Problem& p,
              const mf::Vector& y0,
              const mf::SparseMatrix& pattern,
              ModeSpec spec,
              mf::LinearSolverKind kind,
              const mf::Vector* reference) {
  mf::SolverOptions o;
  o.rtol = 1e-6;
  o.atol = reference ? 1e-10 : 1e-8;  // HIRES: the fixture's 1e-4 * rtol; BlockBordered: O(1)
  o.jacobian = spec.mode;
  o.linear_solver = kind;
  if (spec.coloured) o.jac_sparsity = pattern;
  mb::SolveOutcome out;
  for (auto _ : state) {
    out = mb::solve_myofatigue(p, p.t_end, y0, o);
    benchmark::DoNotOptimize(out.y_end.data());
  }
  mb::report(state, out, reference);
}

}  // namespace

int main(int argc, char** argv) {
  const mf::problems::Hires hires;
  const mf::SparseMatrix hires_sp = hires_pattern();
  mf::problems::BlockBordered block;
  block.units = 100;
  const mf::SparseMatrix block_sp = block.sparsity();
  static const mf::Vector hires_ref = mb::stiff_reference().at("HIRES");

  for (const ModeSpec& m : modes) {
    const std::string mode = m.name;
    benchmark::RegisterBenchmark(("Eval/HIRES/" + mode).c_str(), [=](benchmark::State& s) {
      bm_eval(s, hires, 8, hires_sp, m, false);
    })->Unit(benchmark::kMicrosecond);
    benchmark::RegisterBenchmark(("Eval/BLOCK100/" + mode).c_str(), [=](benchmark::State& s) {
      bm_eval(s, block, block.n_states(), block_sp, m, true);
    })->Unit(benchmark::kMicrosecond);
  }
  for (const ModeSpec& m : modes) {
    const std::string mode = m.name;
    benchmark::RegisterBenchmark(("Solve/HIRES/" + mode).c_str(), [=](benchmark::State& s) {
      bm_solve(s, hires, hires.initial_state(), hires_sp, m, mf::LinearSolverKind::Dense,
               &hires_ref);
    })->Unit(benchmark::kMicrosecond);
    // BlockBordered always carries its pattern (sparsity()), so every mode runs on SparseLU here;
    // "coloured" differs from the plain mode only for the Jacobian, which the system's pattern
    // colours anyway, so the BLOCK100 solves list Analytic, AutoDiff and FD once each.
    if (m.coloured) continue;
    benchmark::RegisterBenchmark(("Solve/BLOCK100/" + mode).c_str(), [=](benchmark::State& s) {
      bm_solve(s, block, block.initial_state(), block_sp, m, mf::LinearSolverKind::Sparse, nullptr);
    })->Unit(benchmark::kMillisecond);
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
