// Boost.Odeint rosenbrock4 peer, compiled as C++17 (see odeint_rosenbrock4_peer.hpp for why).
// The state crosses between uBLAS and Eigen by element copies of n <= 8 doubles per call, which
// is noise next to rosenbrock4's own uBLAS LU per step.
#include "odeint_rosenbrock4_peer.hpp"

#include <boost/numeric/odeint.hpp>
#include <boost/numeric/ublas/matrix.hpp>
#include <boost/numeric/ublas/vector.hpp>

#include "myofatigue/problems/stiff_test_set.hpp"

namespace myofatigue::bench {

namespace {

namespace odeint = boost::numeric::odeint;
using UblasVector = boost::numeric::ublas::vector<double>;
using UblasMatrix = boost::numeric::ublas::matrix<double>;

/// Scratch shared by the rhs and Jacobian functors (odeint copies systems by value).
template <class Problem>
struct Scratch {
  const Problem* problem;
  Vector y, f, dfdt;
  Matrix J;
  std::size_t rhs_evals = 0, jac_evals = 0;
};

template <class Problem>
struct Rhs {
  Scratch<Problem>* s;
  void operator()(const UblasVector& x, UblasVector& dxdt, double t) const {
    const Index n = s->y.size();
    for (Index i = 0; i < n; ++i) s->y[i] = x[std::size_t(i)];
    s->problem->rhs(t, s->y, s->f);
    for (Index i = 0; i < n; ++i) dxdt[std::size_t(i)] = s->f[i];
    ++s->rhs_evals;
  }
};

template <class Problem>
struct Jac {
  Scratch<Problem>* s;
  void operator()(const UblasVector& x, UblasMatrix& J, const double& t, UblasVector& dfdt) const {
    const Index n = s->y.size();
    for (Index i = 0; i < n; ++i) s->y[i] = x[std::size_t(i)];
    s->problem->jacobian(t, s->y, s->J, s->dfdt);
    for (Index i = 0; i < n; ++i) {
      dfdt[std::size_t(i)] = s->dfdt[i];
      for (Index j = 0; j < n; ++j) J(std::size_t(i), std::size_t(j)) = s->J(i, j);
    }
    ++s->jac_evals;
  }
};

template <class Problem>
Rosenbrock4Outcome run(const Problem& p, double rtol, double atol) {
  const Vector y0 = p.initial_state();
  const Index n = y0.size();
  Scratch<Problem> s{&p, Vector(n), Vector(n), Vector(n), Matrix(n, n)};
  UblasVector x(static_cast<std::size_t>(n));
  for (Index i = 0; i < n; ++i) x[std::size_t(i)] = y0[i];
  auto stepper = odeint::make_dense_output<odeint::rosenbrock4<double>>(atol, rtol);
  Rosenbrock4Outcome out;
  out.steps = odeint::integrate_adaptive(
      stepper, std::make_pair(Rhs<Problem>{&s}, Jac<Problem>{&s}), x, 0.0, p.t_end, 1e-6);
  out.y_end.resize(n);
  for (Index i = 0; i < n; ++i) out.y_end[i] = x[std::size_t(i)];
  out.rhs_evals = s.rhs_evals;
  out.jac_evals = s.jac_evals;
  return out;
}

}  // namespace

Rosenbrock4Outcome solve_rosenbrock4(PeerProblem problem, double rtol, double atol) {
  switch (problem) {
    case PeerProblem::Rober: return run(problems::Rober{}, rtol, atol);
    case PeerProblem::Hires: return run(problems::Hires{}, rtol, atol);
    case PeerProblem::VdPol: return run(problems::VdPol{}, rtol, atol);
    case PeerProblem::VdPolM: return run(problems::VdPolM{}, rtol, atol);
  }
  return {};
}

}  // namespace myofatigue::bench
