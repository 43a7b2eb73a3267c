// The Rosenbrock steppers satisfy Boost.Odeint's Controlled Stepper and Dense Output Stepper
// concepts: odeint's integrate functions drive them on Eigen::VectorXd, the state type that
// odeint's explicit steppers use through its Eigen algebra.
#include <cmath>
#include <functional>
#include <vector>

#include <doctest/doctest.h>

#include <boost/numeric/odeint.hpp>
#include <boost/numeric/odeint/external/eigen/eigen.hpp>

#include "myofatigue/problems/stiff_test_set.hpp"
#include "myofatigue/solvers/odeint.hpp"
#include "test_support.hpp"

using namespace myofatigue;
namespace odeint = boost::numeric::odeint;

namespace {
const problems::Hires hires;
void hires_rhs(const Vector& x, Vector& dxdt, double t) { hires.rhs(t, x, dxdt); }
void hires_jac(const Vector& x, Matrix& J, double t, Vector& dfdt) {
  hires.jacobian(t, x, J, dfdt);
}
}  // namespace

TEST_CASE("odeint: integrate_adaptive with RosenbrockControlledStepper reaches 6 digits on HIRES") {
  SolverOptions o;
  o.rtol = 1e-8;
  o.atol = 1e-12;
  Vector x = hires.initial_state();
  RosenbrockControlledStepper stepper(o);
  // odeint copies steppers passed by value; std::ref keeps the statistics in ours.
  const std::size_t steps = odeint::integrate_adaptive(
      std::ref(stepper), std::make_pair(hires_rhs, hires_jac), x, 0.0, hires.t_end, 1e-6);
  CHECK(steps > 10);
  CHECK(test::correct_digits(x, test::stiff_reference().at("HIRES")) >= 6.0);
  CHECK(stepper.stats().jacobian_evals >= steps);
}

TEST_CASE(
    "odeint: integrate_times with RosenbrockDenseOutputStepper interpolates at the requested "
    "times") {
  SolverOptions o;
  o.rtol = 1e-8;
  o.atol = 1e-12;
  Vector x = hires.initial_state();
  std::vector<double> times{0.0, 5.0, 100.0, hires.t_end};
  std::vector<double> seen;
  Vector last;
  odeint::integrate_times(RosenbrockDenseOutputStepper(o), std::make_pair(hires_rhs, hires_jac), x,
                          times.begin(), times.end(), 1e-6, [&](const Vector& s, double t) {
                            seen.push_back(t);
                            last = s;
                          });
  CHECK(seen == times);
  CHECK(test::correct_digits(last, test::stiff_reference().at("HIRES")) >= 6.0);
}

TEST_CASE(
    "odeint: a single rhs callable works (finite-difference Jacobian) with integrate_adaptive") {
  SolverOptions o;
  o.rtol = 1e-7;
  o.atol = 1e-10;
  Vector x{{1.0}};
  auto decay = [](const Vector& y, Vector& dydt, double) { dydt = -y; };
  odeint::integrate_adaptive(RosenbrockControlledStepper(o), decay, x, 0.0, 2.0, 0.1);
  CHECK(std::abs(x[0] - std::exp(-2.0)) < 1e-6);
}

TEST_CASE("odeint: dopri5 runs on the same Eigen::VectorXd state through odeint's Eigen algebra") {
  Vector x{{1.0}};
  auto decay = [](const Vector& y, Vector& dydt, double) { dydt = -y; };
  odeint::integrate_adaptive(
      odeint::make_controlled<odeint::runge_kutta_dopri5<Vector>>(1e-10, 1e-10), decay, x, 0.0, 2.0,
      0.1);
  CHECK(std::abs(x[0] - std::exp(-2.0)) < 1e-8);
}
