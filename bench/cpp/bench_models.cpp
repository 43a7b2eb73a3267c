// The published fatigue models as users run them: a 3CC hold to task failure (Xia & Frey-Law
// 2008 with the FreyLaw2012.knee set, 40 % MVC, rtol 1e-6, atol 1e-9, endurance_time's
// defaults), by myofatigue::endurance_time and simulate, against SUNDIALS CVODE (BDF, dense LU,
// analytic Jacobian, root finding on MA + MR - TL) integrating the same equations, in one binary.
// Counters: et_s (endurance time), rel_err (against endurance_time at rtol 1e-12), steps,
// rejected. The Python-side figure is bench/python/bench_vs_solve_ivp.py.
#include <cmath>
#include <limits>
#include <string>

#include <benchmark/benchmark.h>

#include "cvode_peer.hpp"
#include "myofatigue/model/registry.hpp"
#include "myofatigue/simulation/simulate.hpp"

namespace mf = myofatigue;
namespace mb = myofatigue::bench;

namespace {

constexpr double target_fraction = 0.4;

mf::Model knee() {
  return mf::ModelBuilder()
      .add("three_compartment", mf::ParameterSet::named("FreyLaw2012.knee"))
      .build();
}

double reference_endurance_s() {
  static const double et = [] {
    mf::SimulationOptions tight;
    tight.solver.rtol = 1e-12;
    tight.solver.atol = 1e-15;
    return mf::endurance_time(knee(), target_fraction, tight);
  }();
  return et;
}

void report(benchmark::State& state, double et_s, std::size_t steps, std::size_t rejected) {
  state.counters["et_s"] = et_s;
  state.counters["rel_err"] = std::abs(et_s / reference_endurance_s() - 1.0);
  state.counters["steps"] = double(steps);
  state.counters["rejected"] = double(rejected);
}

void bm_endurance_time(benchmark::State& state) {
  const mf::Model model = knee();
  double et = 0.0;
  for (auto _ : state) {
    et = mf::endurance_time(model, target_fraction);
    benchmark::DoNotOptimize(&et);  // not (et): garbled doubles, google/benchmark#903
  }
  const mf::Result r = mf::simulate(
      model, mf::Protocol::parse(std::vector<std::string>{"Hold at 40% MVC until task failure"}));
  report(state, et, r.stats().steps, r.stats().rejected);
}

void bm_simulate(benchmark::State& state) {
  const mf::Model model = knee();
  const mf::Protocol hold =
      mf::Protocol::parse(std::vector<std::string>{"Hold at 40% MVC until task failure"});
  double et = 0.0;
  std::size_t steps = 0, rejected = 0;
  for (auto _ : state) {
    const mf::Result r = mf::simulate(model, hold);
    et = r.steps().front().end_s;
    steps = r.stats().steps;
    rejected = r.stats().rejected;
    benchmark::DoNotOptimize(r.data().data());
  }
  report(state, et, steps, rejected);
}

// The intermittent protocol of issue 9: 2 constant-input phases per 10 s cycle, all on one
// Integrator (before: a solver built per phase). Reported per cycle.
void bm_intermittent(benchmark::State& state) {
  const mf::Model model = knee();
  const mf::Protocol protocol = mf::Protocol::parse(
      std::vector<std::string>{"Intermittent 50% MVC 6 s on 4 s off until task failure"});
  double cycles = 0.0;
  std::size_t steps = 0;
  for (auto _ : state) {
    const mf::Result r = mf::simulate(model, protocol);
    cycles = r.steps().front().end_s / 10.0;
    steps = r.stats().steps;
    benchmark::DoNotOptimize(r.data().data());
  }
  state.counters["cycles"] = cycles;
  state.counters["steps"] = double(steps);
  state.counters["s_per_cycle"] = benchmark::Counter(
      cycles, benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

#ifdef MYOFATIGUE_HAVE_SUNDIALS

// Xia & Frey-Law 2008 Eqs. 1-4 at constant TL, with the Jacobian of the branch the state is in
// (CVODE integrates the piecewise rhs as written: it has no switching functions).
struct ThreeCompartmentOde {
  double F, R, LD, LR, TL;

  double controller(const mf::Vector& x, double& dc_ma, double& dc_mr) const {
    const double ma = x[0], mr = x[1];
    dc_ma = 0.0, dc_mr = 0.0;
    if (ma < TL) {
      if (mr > TL - ma) {
        dc_ma = -LD;
        return LD * (TL - ma);
      }
      dc_mr = LD;
      return LD * mr;
    }
    dc_ma = -LR;
    return LR * (TL - ma);
  }
  void rhs(double, const mf::Vector& x, mf::Vector& f) const {
    double dc_ma, dc_mr;
    const double c = controller(x, dc_ma, dc_mr);
    f[0] = c - F * x[0];
    f[1] = -c + R * x[2];
    f[2] = F * x[0] - R * x[2];
  }
  void jacobian(double, const mf::Vector& x, mf::Matrix& J, mf::Vector& dfdt) const {
    double dc_ma, dc_mr;
    (void)controller(x, dc_ma, dc_mr);
    J << dc_ma - F, dc_mr, 0.0,  //
        -dc_ma, -dc_mr, R,       //
        F, 0.0, -R;
    dfdt.setZero();
  }
};

int capacity_below_target(sunrealtype, N_Vector y, sunrealtype* g, void* user_data) {
  const auto* d = static_cast<mb::CvodeUserData<ThreeCompartmentOde>*>(user_data);
  const sunrealtype* x = N_VGetArrayPointer(y);
  g[0] = x[0] + x[1] - d->problem->TL;
  return 0;
}

void bm_cvode(benchmark::State& state) {
  const mf::ParameterSet p = knee().parameters();
  const ThreeCompartmentOde ode{p.at("fatigue.F"), p.at("fatigue.R"), p.at("fatigue.LD"),
                                p.at("fatigue.LR"), target_fraction};
  mb::CvodeUserData<ThreeCompartmentOde> data{&ode, mf::Vector(3), mf::Vector(3), mf::Vector(3),
                                              mf::Matrix(3, 3)};
  const double t_max = mf::SimulationOptions{}.max_task_duration_s;
  double et = std::numeric_limits<double>::quiet_NaN();
  long steps = 0, err_fails = 0, conv_fails = 0;
  for (auto _ : state) {
    mb::CvodeRun run;
    run.y = N_VNew_Serial(3, run.ctx);
    sunrealtype* y = N_VGetArrayPointer(run.y);
    y[0] = 0.0, y[1] = 1.0, y[2] = 0.0;
    run.mem = CVodeCreate(CV_BDF, run.ctx);
    int flag = CVodeInit(run.mem, mb::cvode_rhs<ThreeCompartmentOde>, 0.0, run.y);
    flag |= CVodeSetUserData(run.mem, &data);
    flag |= CVodeSStolerances(run.mem, 1e-6, 1e-9);
    run.A = SUNDenseMatrix(3, 3, run.ctx);
    run.ls = SUNLinSol_Dense(run.y, run.A, run.ctx);
    flag |= CVodeSetLinearSolver(run.mem, run.ls, run.A);
    flag |= CVodeSetJacFn(run.mem, mb::cvode_jac<ThreeCompartmentOde>);
    flag |= CVodeRootInit(run.mem, 1, capacity_below_target);
    int falling = -1;
    flag |= CVodeSetRootDirection(run.mem, &falling);
    flag |= CVodeSetStopTime(run.mem, t_max);
    flag |= CVodeSetErrHandlerFn(run.mem, mb::cvode_silent, nullptr);
    sunrealtype t = 0.0;
    const int rc = CVode(run.mem, t_max, run.y, &t, CV_NORMAL);
    if (flag != CV_SUCCESS || rc != CV_ROOT_RETURN) {
      state.SkipWithError("CVODE did not stop at task failure");
      return;
    }
    et = t;
    benchmark::DoNotOptimize(&et);  // not (et): garbled doubles, google/benchmark#903
    CVodeGetNumSteps(run.mem, &steps);
    CVodeGetNumErrTestFails(run.mem, &err_fails);
    CVodeGetNumNonlinSolvConvFails(run.mem, &conv_fails);
  }
  report(state, et, std::size_t(steps), std::size_t(err_fails + conv_fails));
}

#endif  // MYOFATIGUE_HAVE_SUNDIALS

}  // namespace

BENCHMARK(bm_endurance_time)->Name("3CC-knee-40%/endurance_time")->Unit(benchmark::kMicrosecond);
BENCHMARK(bm_simulate)->Name("3CC-knee-40%/simulate")->Unit(benchmark::kMicrosecond);
BENCHMARK(bm_intermittent)
    ->Name("3CC-knee-50%-6s-on-4s-off/simulate")
    ->Unit(benchmark::kMicrosecond);
#ifdef MYOFATIGUE_HAVE_SUNDIALS
BENCHMARK(bm_cvode)->Name("3CC-knee-40%/CVODE-BDF")->Unit(benchmark::kMicrosecond);
#endif

BENCHMARK_MAIN();
