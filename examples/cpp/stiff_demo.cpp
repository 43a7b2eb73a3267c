// Solve the stiff HIRES and ROBER test problems with myofatigue's default Rosenbrock method and
// print the accuracy against the published reference solutions and the solver statistics.
// Built against the installed package: find_package(myofatigue) -> myofatigue::myofatigue.
#include <cmath>
#include <cstdio>
#include <string>

#include <myofatigue/myofatigue.hpp>
#include <myofatigue/problems/stiff_test_set.hpp>

namespace mf = myofatigue;

namespace {

// Final-time reference values: Test Set for IVP Solvers (Mazzia & Magherini, Univ. Bari).
const mf::Vector hires_reference{{0.7371312573325668e-03, 0.1442485726316185e-03,
                                  0.5888729740967575e-04, 0.1175651343283149e-02,
                                  0.2386356198831331e-02, 0.6238968252742796e-02,
                                  0.2849998395185769e-02, 0.2850001604814231e-02}};
const mf::Vector rober_reference{
    {0.2083340149701255e-07, 0.8333360770334713e-13, 0.9999999791665050e+00}};

double correct_digits(const mf::Vector& y, const mf::Vector& ref) {
  double worst = 0.0;
  for (mf::Index i = 0; i < ref.size(); ++i)
    worst = std::max(worst, std::abs(y[i] - ref[i]) / std::max(std::abs(ref[i]), 1e-10));
  return -std::log10(worst);
}

template <class Problem>
int report(const Problem& problem, const mf::Vector& reference, double rtol, double atol) {
  mf::IvpOptions options;
  options.solver.rtol = rtol;
  options.solver.atol = atol;
  options.t_eval = {problem.t_end};
  const mf::IvpResult r =
      mf::solve_ivp(problem, {0.0, problem.t_end}, problem.initial_state(), options);
  const auto& s = r.stats;
  std::printf(
      "%-6s %-8s rtol=%.0e  digits=%5.2f  steps=%zu rejected=%zu nfev=%zu njev=%zu nlu=%zu  %.2f "
      "ms  [%s]\n",
      std::string(Problem::name).c_str(), std::string(mf::to_string(r.method)).c_str(), rtol,
      correct_digits(r.y.col(0), reference), s.steps, s.rejected, s.rhs_evals, s.jacobian_evals,
      s.factorizations, 1e3 * s.wall_s, std::string(mf::to_string(r.status)).c_str());
  return r.success() ? 0 : 1;
}

}  // namespace

int main() {
  int failures = 0;
  for (double rtol : {1e-4, 1e-6, 1e-8}) {
    failures += report(mf::problems::Hires{}, hires_reference, rtol, 1e-4 * rtol);
    failures += report(mf::problems::Rober{}, rober_reference, rtol, 1e-6 * rtol);
  }
  return failures;
}
