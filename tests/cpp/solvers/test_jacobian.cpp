// Forward-mode AD and (coloured) finite differences agree with the analytic Jacobians.
#include <doctest/doctest.h>

#include "myofatigue/problems/stiff_test_set.hpp"
#include "myofatigue/solvers/jacobian.hpp"

using namespace myofatigue;

namespace {

template <class Problem>
void compare_modes(const Problem& p, const Vector& y, double t) {
  const Index n = y.size();
  SolverStats stats;
  Vector f0(n);
  p.rhs(t, y, f0);
  Matrix J_exact(n, n), J_ad(n, n), J_fd(n, n);
  Vector dfdt_exact(n), dfdt_ad(n), dfdt_fd(n);
  p.jacobian(t, y, J_exact, dfdt_exact);
  JacobianEvaluator<Problem> ad(p, n, JacobianMode::AutoDiff, SparseMatrix());
  JacobianEvaluator<Problem> fd(p, n, JacobianMode::FiniteDifference, SparseMatrix());
  ad.evaluate(p, t, y, f0, J_ad, dfdt_ad, stats);
  fd.evaluate(p, t, y, f0, J_fd, dfdt_fd, stats);
  // AD is exact up to round-off.
  CHECK((J_ad - J_exact).norm() <= 1e-12 * (1.0 + J_exact.norm()));
  CHECK((dfdt_ad - dfdt_exact).norm() <= 1e-12 * (1.0 + dfdt_exact.norm()));
  // Forward differences with increment sqrt(eps |y|): truncation + cancellation ~ 1e-7 relative.
  CHECK((J_fd - J_exact).norm() <= 1e-6 * (1.0 + J_exact.norm()));
  CHECK((dfdt_fd - dfdt_exact).norm() <= 1e-6 * (1.0 + dfdt_exact.norm()));
}

// Tridiagonal chain y_i' = y_{i-1} - 2 y_i^2 + y_{i+1}: columns j, j+3, ... share no row.
struct Chain {
  Index n = 30;
  template <class T, class S>
  void rhs(const T&, const VectorX<S>& y, VectorX<S>& f) const {
    for (Index i = 0; i < n; ++i) {
      f[i] = -2.0 * y[i] * y[i];
      if (i > 0) f[i] += y[i - 1];
      if (i + 1 < n) f[i] += y[i + 1];
    }
  }
  SparseMatrix sparsity() const {
    SparseMatrix s(n, n);
    for (Index i = 0; i < n; ++i)
      for (Index j = std::max<Index>(0, i - 1); j <= std::min(n - 1, i + 1); ++j)
        s.insert(i, j) = 1.0;
    return s;
  }
};

}  // namespace

TEST_CASE(
    "Jacobian: AD equals the analytic Jacobian to round-off and FD to 1e-6 on every test-set "
    "problem") {
  const Vector y_rober{{0.9, 3e-5, 0.1}};
  compare_modes(problems::Rober{}, y_rober, 1.0);
  Vector y_hires = problems::Hires{}.initial_state();
  y_hires.array() += 0.01;
  compare_modes(problems::Hires{}, y_hires, 2.0);
  compare_modes(problems::VdPol{}, Vector{{1.5, -0.3}}, 0.1);
  compare_modes(problems::VdPolM{}, Vector{{1.5, -0.3}}, 0.1);
  compare_modes(problems::ProtheroRobinson{}, Vector{{0.7, 0.4}}, 0.9);  // df/dt != 0
}

TEST_CASE(
    "Jacobian: a tridiagonal pattern needs 3 colours and coloured AD/FD match the dense result") {
  const Chain p;
  Vector y = Vector::LinSpaced(p.n, 0.1, 2.0);
  Vector f0(p.n);
  p.rhs(0.0, y, f0);
  SolverStats stats;
  JacobianEvaluator<Chain> dense(p, p.n, JacobianMode::AutoDiff, SparseMatrix());
  JacobianEvaluator<Chain> ad(p, p.n, JacobianMode::AutoDiff, p.sparsity());
  JacobianEvaluator<Chain> fd(p, p.n, JacobianMode::FiniteDifference, p.sparsity());
  CHECK(ad.colours() == 3);
  CHECK(fd.colours() == 3);
  Matrix J_dense(p.n, p.n);
  Vector dfdt(p.n);
  dense.evaluate(p, 0.0, y, f0, J_dense, dfdt, stats);
  SparseMatrix J_ad, J_fd;
  ad.evaluate(p, 0.0, y, f0, J_ad, dfdt, stats);
  const std::size_t before = stats.rhs_evals;
  fd.evaluate(p, 0.0, y, f0, J_fd, dfdt, stats);
  CHECK(stats.rhs_evals - before == 4);  // 3 colours + 1 for df/dt
  CHECK((Matrix(J_ad) - J_dense).norm() <= 1e-12 * J_dense.norm());
  CHECK((Matrix(J_fd) - J_dense).norm() <= 1e-6 * J_dense.norm());
}

TEST_CASE("Jacobian: the analytic sparse Jacobian of the block-bordered system matches AD") {
  problems::BlockBordered p;
  p.units = 7;
  const Index n = p.n_states();
  Vector y = Vector::LinSpaced(n, 0.2, 1.3);
  Vector f0(n), dfdt(n), dfdt_ad(n);
  p.rhs(0.3, y, f0);
  SparseMatrix J;
  p.jacobian(0.3, y, J, dfdt);
  SolverStats stats;
  Matrix J_ad(n, n);
  JacobianEvaluator<problems::BlockBordered> ad(p, n, JacobianMode::AutoDiff, SparseMatrix());
  ad.evaluate(p, 0.3, y, f0, J_ad, dfdt_ad, stats);
  CHECK((Matrix(J) - J_ad).norm() <= 1e-12 * J_ad.norm());
  CHECK((dfdt - dfdt_ad).norm() <= 1e-12);
}
