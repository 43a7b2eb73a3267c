// Work-precision benchmark on the stiff test set (ROBER, HIRES, VDPOL, VDPOLM): myofatigue's
// Rosenbrock methods against SUNDIALS CVODE (BDF, dense LU, analytic Jacobian) and Boost.Odeint's
// rosenbrock4 (uBLAS, analytic Jacobian), all in this one binary, at rtol = 1e-4 ... 1e-10 with
// atol = atol_per_rtol * rtol (fixture.hpp). Each benchmark is one full solve from t0 to t_end;
// counters: scd (significant correct digits at t_end), steps, rejected, rhs, jac.
// Ratios and the work-precision table: bench/cpp/work_precision.py on the JSON output.
#include <cstddef>
#include <functional>
#include <string>
#include <utility>

#include <benchmark/benchmark.h>

#include <boost/numeric/odeint/integrate/integrate_adaptive.hpp>

#include "fixture.hpp"
#include "myofatigue/solvers/odeint.hpp"
#include "odeint_rosenbrock4_peer.hpp"

#include "cvode_peer.hpp"

namespace mf = myofatigue;
namespace mb = myofatigue::bench;
namespace odeint = boost::numeric::odeint;

namespace {

// ---- myofatigue: solve_ivp -------------------------------------------------------------------

template <class Case>
void bm_myofatigue(
    benchmark::State& state, const Case& c, mf::Method method, mf::JacobianMode jac, double rtol) {
  mf::SolverOptions o;
  o.method = method;
  o.jacobian = jac;
  o.rtol = rtol;
  o.atol = c.atol(rtol);
  const mf::Vector y0 = c.initial_state();
  mb::SolveOutcome out;
  for (auto _ : state) {
    out = mb::solve_myofatigue(c.problem, c.t_end(), y0, o);
    benchmark::DoNotOptimize(out.y_end.data());
  }
  mb::report(state, out, &c.reference());
}

// ---- myofatigue through odeint's integrate_adaptive (the adapter's overhead) ------------------

template <class Case>
void bm_myofatigue_odeint(benchmark::State& state, const Case& c, double rtol) {
  mf::SolverOptions o;
  o.rtol = rtol;
  o.atol = c.atol(rtol);
  const auto& p = c.problem;
  auto rhs = [&p](const mf::Vector& x, mf::Vector& dxdt, double t) { p.rhs(t, x, dxdt); };
  auto jac = [&p](const mf::Vector& x, mf::Matrix& J, double t, mf::Vector& dfdt) {
    p.jacobian(t, x, J, dfdt);
  };
  mb::SolveOutcome out;
  for (auto _ : state) {
    mf::RosenbrockDenseOutputStepper stepper(o);
    mf::Vector x = c.initial_state();
    const std::size_t steps = odeint::integrate_adaptive(
        std::ref(stepper), std::make_pair(rhs, jac), x, 0.0, c.t_end(), 1e-6);
    benchmark::DoNotOptimize(x.data());
    out.ok = true;
    out.y_end = x;
    out.steps = steps;
    out.rejected = stepper.stats().rejected;
    out.rhs_evals = stepper.stats().rhs_evals;
    out.jac_evals = stepper.stats().jacobian_evals;
  }
  mb::report(state, out, &c.reference());
}

// ---- Boost.Odeint rosenbrock4 (uBLAS; its own C++17 translation unit) ----------------------

template <class Case>
void bm_rosenbrock4(benchmark::State& state, const Case& c, mb::PeerProblem which, double rtol) {
  mb::SolveOutcome out;
  for (auto _ : state) {
    const mb::Rosenbrock4Outcome r = mb::solve_rosenbrock4(which, rtol, c.atol(rtol));
    benchmark::DoNotOptimize(r.y_end.data());
    out.ok = true;
    out.y_end = r.y_end;
    out.steps = r.steps;
    // rosenbrock4 evaluates the Jacobian once per attempted step: rejected = attempts - accepted.
    out.rejected = r.jac_evals > r.steps ? r.jac_evals - r.steps : 0;
    out.rhs_evals = r.rhs_evals;
    out.jac_evals = r.jac_evals;
  }
  mb::report(state, out, &c.reference());
}

// ---- SUNDIALS CVODE (BDF, SUNLinSol_Dense, analytic Jacobian) -------------------------------

#ifdef MYOFATIGUE_HAVE_SUNDIALS

template <class Case>
void bm_cvode(benchmark::State& state, const Case& c, double rtol) {
  using Problem = std::decay_t<decltype(c.problem)>;
  const mf::Vector y0 = c.initial_state();
  const Eigen::Index n = y0.size();
  mb::CvodeUserData<Problem> data{&c.problem, mf::Vector(n), mf::Vector(n), mf::Vector(n),
                                  mf::Matrix(n, n)};
  mb::SolveOutcome out;
  for (auto _ : state) {
    // Everything but the context is created per solve, as solve_ivp builds its workspace per call.
    mb::CvodeRun run;
    run.y = N_VNew_Serial(n, run.ctx);
    Eigen::Map<mf::Vector>(N_VGetArrayPointer(run.y), n) = y0;
    run.mem = CVodeCreate(CV_BDF, run.ctx);
    int flag = CVodeInit(run.mem, mb::cvode_rhs<Problem>, 0.0, run.y);
    flag |= CVodeSetUserData(run.mem, &data);
    flag |= CVodeSStolerances(run.mem, rtol, c.atol(rtol));
    run.A = SUNDenseMatrix(n, n, run.ctx);
    run.ls = SUNLinSol_Dense(run.y, run.A, run.ctx);
    flag |= CVodeSetLinearSolver(run.mem, run.ls, run.A);
    flag |= CVodeSetJacFn(run.mem, mb::cvode_jac<Problem>);
    flag |= CVodeSetMaxNumSteps(run.mem, 10'000'000);
    flag |= CVodeSetStopTime(run.mem, c.t_end());
    flag |= CVodeSetErrHandlerFn(run.mem, mb::cvode_silent, nullptr);
    sunrealtype t = 0.0;
    const int rc = CVode(run.mem, c.t_end(), run.y, &t, CV_NORMAL);
    out.ok = flag == CV_SUCCESS && rc >= 0 && t == c.t_end();
    out.y_end = Eigen::Map<const mf::Vector>(N_VGetArrayPointer(run.y), n);
    benchmark::DoNotOptimize(out.y_end.data());
    long steps = 0, rhs = 0, jac = 0, err_fails = 0, conv_fails = 0;
    CVodeGetNumSteps(run.mem, &steps);
    CVodeGetNumRhsEvals(run.mem, &rhs);
    CVodeGetNumJacEvals(run.mem, &jac);
    CVodeGetNumErrTestFails(run.mem, &err_fails);
    CVodeGetNumNonlinSolvConvFails(run.mem, &conv_fails);
    out.steps = std::size_t(steps);
    out.rejected = std::size_t(err_fails + conv_fails);
    out.rhs_evals = std::size_t(rhs);
    out.jac_evals = std::size_t(jac);
  }
  mb::report(state, out, &c.reference());
}

#endif  // MYOFATIGUE_HAVE_SUNDIALS

// ---- Registration ----------------------------------------------------------------------------

template <class Case>
void register_problem(const Case& c, mb::PeerProblem which) {
  const std::string p = c.reference_key;
  const std::string name = p.substr(0, p.find('_'));
  for (double rtol : mb::rtol_sweep()) {
    const std::string tol = mb::rtol_label(rtol);
    auto add = [&](const std::string& solver, auto fn) {
      benchmark::RegisterBenchmark((name + "/" + solver + "/" + tol).c_str(), fn)
          ->Unit(benchmark::kMicrosecond);
    };
    using mf::JacobianMode;
    using mf::Method;
    add("Rodas5P", [c, rtol](benchmark::State& s) {
      bm_myofatigue(s, c, Method::Rodas5P, JacobianMode::Analytic, rtol);
    });
    add("Rodas5P-AD", [c, rtol](benchmark::State& s) {
      bm_myofatigue(s, c, Method::Rodas5P, JacobianMode::AutoDiff, rtol);
    });
    add("Rodas4", [c, rtol](benchmark::State& s) {
      bm_myofatigue(s, c, Method::Rodas4, JacobianMode::Analytic, rtol);
    });
    add("Rosenbrock23", [c, rtol](benchmark::State& s) {
      bm_myofatigue(s, c, Method::Rosenbrock23, JacobianMode::Analytic, rtol);
    });
    add("Rodas5P-odeint", [c, rtol](benchmark::State& s) { bm_myofatigue_odeint(s, c, rtol); });
#ifdef MYOFATIGUE_HAVE_SUNDIALS
    add("CVODE-BDF", [c, rtol](benchmark::State& s) { bm_cvode(s, c, rtol); });
#endif
    add("rosenbrock4",
        [c, which, rtol](benchmark::State& s) { bm_rosenbrock4(s, c, which, rtol); });
  }
}

}  // namespace

int main(int argc, char** argv) {
  register_problem(mb::hires_case(), mb::PeerProblem::Hires);
  register_problem(mb::rober_case(), mb::PeerProblem::Rober);
  register_problem(mb::vdpol_case(), mb::PeerProblem::VdPol);
  register_problem(mb::vdpolm_case(), mb::PeerProblem::VdPolM);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
