#pragma once
/// \file
/// \brief Shared benchmark fixture (in the spirit of Pinocchio's ModelFixture): the stiff
/// test-set problems with their tolerance convention, the published reference solutions, the
/// accuracy measure and the counters every solver benchmark reports.
///
/// Reference end values are read once from tests/data/stiff_testset.csv (the "Test Set for IVP
/// Solvers", Mazzia, Magherini et al., Univ. Bari, RADAU at ~1e-18; see tests/data/README.md).
/// The directory is compiled in as MYOFATIGUE_TEST_DATA_DIR by bench/cpp/CMakeLists.txt.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "myofatigue/problems/stiff_test_set.hpp"
#include "myofatigue/solvers/solve_ivp.hpp"

#include "test_support.hpp"

namespace myofatigue::bench {

/// \brief Reference end values keyed by the CSV's problem name ("ROBER", "HIRES",
/// "VDPOL_eps1e-6", "VDPOLM_mu1000"), read once with the tests' reader; throws when the file is
/// missing so that a misconfigured build fails loudly instead of reporting nonsense digits.
inline const std::map<std::string, Vector>& stiff_reference() {
  static const std::map<std::string, Vector> table = test::stiff_reference();
  return table;
}

/// \brief Significant correct digits: the tests' measure, so bench and test numbers compare.
using test::correct_digits;

/// \brief A test-set problem with its reference key and tolerance convention.
///
/// atol = atol_per_rtol * rtol. The factors are chosen so that at rtol = 1e-8 atol equals what
/// the accuracy test uses (tests/cpp/solvers/test_stiff_test_set.cpp: ROBER 1e-14, HIRES 1e-12,
/// VDPOL/VDPOLM 1e-8), and scale with rtol like the test set's own work-precision runs, so
/// atol never caps the achievable accuracy: ROBER's y2 ~ 1e-13 needs atol far below it, HIRES
/// has components ~1e-4..1e-3, the van der Pol states are O(1).
template <class Problem>
struct StiffCase {
  Problem problem;
  const char* reference_key;
  double atol_per_rtol;

  double atol(double rtol) const { return atol_per_rtol * rtol; }
  double t_end() const { return problem.t_end; }
  Vector initial_state() const { return problem.initial_state(); }
  const Vector& reference() const { return stiff_reference().at(reference_key); }
};

inline StiffCase<problems::Rober> rober_case() { return {problems::Rober{}, "ROBER", 1e-6}; }
inline StiffCase<problems::Hires> hires_case() { return {problems::Hires{}, "HIRES", 1e-4}; }
inline StiffCase<problems::VdPol> vdpol_case() { return {problems::VdPol{}, "VDPOL_eps1e-6", 1.0}; }
inline StiffCase<problems::VdPolM> vdpolm_case() {
  return {problems::VdPolM{}, "VDPOLM_mu1000", 1.0};
}

/// \brief The tolerance sweep of the work-precision runs: 1e-4 ... 1e-10, one per decade.
inline const std::vector<double>& rtol_sweep() {
  static const std::vector<double> r{1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9, 1e-10};
  return r;
}

/// \brief What one solve returns, whichever library did it.
struct SolveOutcome {
  Vector y_end;
  std::size_t steps = 0;     ///< accepted steps
  std::size_t rejected = 0;  ///< rejected steps (error test or convergence failures)
  std::size_t rhs_evals = 0;
  std::size_t jac_evals = 0;
  bool ok = false;
};

/// \brief Benchmark counters of the last solve: accuracy beside time, and the work counters.
/// scd is set only when a reference is given (problems without one report the counters only).
inline void report(benchmark::State& state, const SolveOutcome& out, const Vector* reference) {
  if (!out.ok) {
    state.SkipWithError("solver did not reach t_end");
    return;
  }
  if (reference) state.counters["scd"] = correct_digits(out.y_end, *reference);
  state.counters["steps"] = double(out.steps);
  state.counters["rejected"] = double(out.rejected);
  state.counters["rhs"] = double(out.rhs_evals);
  state.counters["jac"] = double(out.jac_evals);
}

/// \brief myofatigue::solve_ivp to t_end, recording only the final state (t_eval = {t_end}), so
/// the timing is the integrator's and not the output buffer's.
template <class Problem>
SolveOutcome solve_myofatigue(const Problem& problem,
                              double t_end,
                              const Vector& y0,
                              const SolverOptions& solver) {
  IvpOptions o;
  o.solver = solver;
  o.t_eval = {t_end};
  const IvpResult r = solve_ivp(problem, {0.0, t_end}, y0, o);
  SolveOutcome out;
  out.ok = r.status == Status::Completed && r.y.cols() == 1;
  if (out.ok) out.y_end = r.y.col(0);
  out.steps = r.stats.steps;
  out.rejected = r.stats.rejected;
  out.rhs_evals = r.stats.rhs_evals;
  out.jac_evals = r.stats.jacobian_evals;
  return out;
}

/// \brief Benchmark name fragment for a tolerance, e.g. "rtol:1e-06".
inline std::string rtol_label(double rtol) {
  std::ostringstream s;
  s << "rtol:" << rtol;
  return s.str();
}

}  // namespace myofatigue::bench
