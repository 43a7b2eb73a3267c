#pragma once
/// \file
/// \brief Jacobian evaluation: analytic, forward-mode AD of a templated rhs, or finite
/// differences; both AD and FD are column-coloured when a sparsity pattern is known, so a
/// Jacobian with few couplings costs (number of colours) evaluations instead of n.

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "myofatigue/core/error.hpp"
#include "myofatigue/solvers/options.hpp"
#include "myofatigue/solvers/status.hpp"
#include "myofatigue/solvers/system.hpp"

namespace myofatigue {

namespace detail {

/// \brief Greedy column colouring: columns sharing no row get the same colour (Curtis, Powell &
/// Reid 1974, J Inst Math Appl 13:117). Returns the columns of each colour.
inline std::vector<std::vector<Index>> colour_columns(const SparseMatrix& pattern) {
  const Index n = pattern.cols();
  std::vector<std::vector<Index>> row_cols(static_cast<std::size_t>(pattern.rows()));
  for (Index j = 0; j < n; ++j)
    for (SparseMatrix::InnerIterator it(pattern, j); it; ++it)
      row_cols[static_cast<std::size_t>(it.row())].push_back(j);
  std::vector<Index> colour(static_cast<std::size_t>(n), -1);
  std::vector<Index> forbidden_by(static_cast<std::size_t>(n) + 1, -1);
  Index n_colours = 0;
  for (Index j = 0; j < n; ++j) {
    for (SparseMatrix::InnerIterator it(pattern, j); it; ++it)
      for (Index k : row_cols[static_cast<std::size_t>(it.row())])
        if (colour[std::size_t(k)] >= 0) forbidden_by[std::size_t(colour[std::size_t(k)])] = j;
    Index c = 0;
    while (forbidden_by[std::size_t(c)] == j) ++c;
    colour[std::size_t(j)] = c;
    n_colours = std::max(n_colours, c + 1);
  }
  std::vector<std::vector<Index>> groups(static_cast<std::size_t>(n_colours));
  for (Index j = 0; j < n; ++j) groups[std::size_t(colour[std::size_t(j)])].push_back(j);
  return groups;
}

/// \brief Pattern with the diagonal added (W = I/(h gamma) - J needs it), values set to 0.
inline SparseMatrix pattern_with_diagonal(const SparseMatrix& pattern) {
  const Index n = pattern.rows();
  SparseMatrix identity(n, n);
  identity.setIdentity();
  SparseMatrix p = pattern.cwiseAbs() + identity;
  p.makeCompressed();
  std::fill(p.valuePtr(), p.valuePtr() + p.nonZeros(), 0.0);
  return p;
}

}  // namespace detail

/// \brief Computes df/dy and df/dt of a system at (t, y). One per solve (holds scratch); the
/// system is passed to every call, so the evaluator never outlives or aliases it.
template <OdeSystem System>
class JacobianEvaluator {
 public:
  /// \param pattern structural sparsity of df/dy, or an empty matrix when unknown.
  /// \throws ParameterError when the requested mode is not available for this system.
  JacobianEvaluator(const System& system,
                    Index n,
                    JacobianMode requested,
                    const SparseMatrix& pattern)
      : n_(n), mode_(resolve(system, requested)), has_pattern_(pattern.size() != 0) {
    if (has_pattern_) {
      pattern_ = detail::pattern_with_diagonal(pattern);
      colours_ = detail::colour_columns(pattern_);
    } else {
      colours_.resize(static_cast<std::size_t>(n));
      for (Index j = 0; j < n; ++j) colours_[std::size_t(j)] = {j};
    }
    y_pert_.resize(n);
    f_pert_.resize(n);
    if constexpr (AutodiffSystem<System>) {
      y_dual_.resize(n);
      f_dual_.resize(n);
    }
  }

  JacobianMode mode() const noexcept { return mode_; }
  /// \brief Number of column colours (rhs evaluations per FD Jacobian, directions per AD one).
  Index colours() const noexcept { return static_cast<Index>(colours_.size()); }

  /// \brief Dense Jacobian J (n x n) and dfdt at (t, y); f0 = f(t, y) must be supplied.
  void evaluate(const System& system,
                double t,
                const Vector& y,
                const Vector& f0,
                Matrix& J,
                Vector& dfdt,
                SolverStats& stats) {
    ++stats.jacobian_evals;
    if (mode_ == JacobianMode::Analytic) {
      if constexpr (DenseJacobianSystem<System>) {
        system.jacobian(t, y, J, dfdt);
      } else if constexpr (SparseJacobianSystem<System>) {
        system.jacobian(t, y, user_sparse_, dfdt);
        J = Matrix(user_sparse_);
      }
      return;
    }
    J.setZero();
    sweep(system, t, y, f0, dfdt, stats, [&J](Index r, Index c, double v) { J(r, c) = v; });
  }

  /// \brief Block-diagonal plus low-rank Jacobian: only from the system's own jacobian()
  /// (the Analytic mode; RosenbrockCore picks this form only then).
  void evaluate(const System& system,
                double t,
                const Vector& y,
                const Vector& f0,
                BlockLowRankJacobian& J,
                Vector& dfdt,
                SolverStats& stats) {
    (void)f0;
    ++stats.jacobian_evals;
    if constexpr (LowRankJacobianSystem<System>) {
      system.jacobian(t, y, J, dfdt);
    } else {
      (void)system, (void)t, (void)y, (void)J, (void)dfdt;
    }
  }

  /// \brief Sparse Jacobian on the pattern (with diagonal) given at construction.
  void evaluate(const System& system,
                double t,
                const Vector& y,
                const Vector& f0,
                SparseMatrix& J,
                Vector& dfdt,
                SolverStats& stats) {
    ++stats.jacobian_evals;
    if (J.rows() != n_ || J.nonZeros() != pattern_.nonZeros()) J = pattern_;
    if (mode_ == JacobianMode::Analytic) {
      std::fill(J.valuePtr(), J.valuePtr() + J.nonZeros(), 0.0);
      if constexpr (SparseJacobianSystem<System>) {
        system.jacobian(t, y, user_sparse_, dfdt);
        for (Index k = 0; k < user_sparse_.outerSize(); ++k)
          for (SparseMatrix::InnerIterator it(user_sparse_, k); it; ++it)
            J.coeffRef(it.row(), it.col()) = it.value();
      } else if constexpr (DenseJacobianSystem<System>) {
        if (user_dense_.rows() != n_) user_dense_.resize(n_, n_);
        system.jacobian(t, y, user_dense_, dfdt);
        for (Index k = 0; k < J.outerSize(); ++k)
          for (SparseMatrix::InnerIterator it(J, k); it; ++it)
            it.valueRef() = user_dense_(it.row(), it.col());
      }
      return;
    }
    // Columns of one colour never share a row, so each (row, column) of the pattern is written
    // exactly once; find its slot by walking the column's stored rows.
    sweep(system, t, y, f0, dfdt, stats, [&J](Index r, Index c, double v) {
      for (SparseMatrix::InnerIterator it(J, c); it; ++it)
        if (it.row() == r) {
          it.valueRef() = v;
          return;
        }
    });
  }

 private:
  static JacobianMode resolve(const System& s, JacobianMode requested) {
    const bool analytic = detail::provides_dense_jacobian(s) || SparseJacobianSystem<System>;
    switch (requested) {
      case JacobianMode::Automatic:
        if (analytic) return JacobianMode::Analytic;
        if (AutodiffSystem<System>) return JacobianMode::AutoDiff;
        return JacobianMode::FiniteDifference;
      case JacobianMode::Analytic:
        if (!analytic)
          throw ParameterError("jacobian",
                               "Analytic was requested but the system provides no "
                               "jacobian(); use Automatic, AutoDiff or FiniteDifference");
        return requested;
      case JacobianMode::AutoDiff:
        if (!AutodiffSystem<System>)
          throw ParameterError("jacobian",
                               "AutoDiff needs a templated rhs<T>(t, y, dydt); "
                               "use Automatic, Analytic or FiniteDifference");
        return requested;
      case JacobianMode::FiniteDifference: return requested;
    }
    return JacobianMode::FiniteDifference;
  }

  template <class Store>
  void sweep(const System& system,
             double t,
             const Vector& y,
             const Vector& f0,
             Vector& dfdt,
             SolverStats& stats,
             Store&& store) {
    if constexpr (AutodiffSystem<System>) {
      if (mode_ == JacobianMode::AutoDiff) return sweep_dual(system, t, y, dfdt, stats, store);
    }
    sweep_fd(system, t, y, f0, dfdt, stats, store);
  }

  // Forward differences with Hairer & Wanner's RADAU5 increment sqrt(eps * max(1e-5, |v|)),
  // but never below 64 ulp of v: past |v| ~ 1/eps the RADAU5 increment rounds away (v + d == v,
  // a 0/0 difference quotient; seen at t ~ 1e17 in a long solve).
  static double increment(double v) {
    constexpr double eps = std::numeric_limits<double>::epsilon();
    return std::max(std::sqrt(eps * std::max(1e-5, std::abs(v))), 64.0 * eps * std::abs(v));
  }
  template <class Store>
  void sweep_fd(const System& system,
                double t,
                const Vector& y,
                const Vector& f0,
                Vector& dfdt,
                SolverStats& stats,
                Store& store) {
    for (const auto& group : colours_) {
      y_pert_ = y;
      for (Index j : group) {
        const double yj = y[j];
        y_pert_[j] = yj + increment(yj);
      }
      system.rhs(t, y_pert_, f_pert_);
      ++stats.rhs_evals;
      for (Index j : group) {
        const double inv_delta = 1.0 / (y_pert_[j] - y[j]);
        if (has_pattern_) {
          for (SparseMatrix::InnerIterator it(pattern_, j); it; ++it)
            store(it.row(), j, (f_pert_[it.row()] - f0[it.row()]) * inv_delta);
        } else {
          for (Index r = 0; r < n_; ++r) store(r, j, (f_pert_[r] - f0[r]) * inv_delta);
        }
      }
    }
    const double t_pert = t + increment(t);
    system.rhs(t_pert, y, f_pert_);
    ++stats.rhs_evals;
    dfdt = (f_pert_ - f0) / (t_pert - t);
  }

  // Directions 0..colours-1 seed the states of one colour each; direction `colours` seeds t.
  template <class Store>
  void sweep_dual(const System& system,
                  double t,
                  const Vector& y,
                  Vector& dfdt,
                  SolverStats& stats,
                  Store& store) {
    const Index n_dir = colours() + 1;
    for (Index first = 0; first < n_dir; first += ad_chunk) {
      const Index last = std::min(n_dir, first + ad_chunk);
      for (Index i = 0; i < n_; ++i) {
        y_dual_[i].v = y[i];
        y_dual_[i].d.fill(0.0);
      }
      JacobianDual t_dual(t);
      for (Index k = first; k < last; ++k) {
        if (k == n_dir - 1) {
          t_dual.d[std::size_t(k - first)] = 1.0;
        } else {
          for (Index j : colours_[std::size_t(k)]) y_dual_[j].d[std::size_t(k - first)] = 1.0;
        }
      }
      system.rhs(t_dual, y_dual_, f_dual_);
      ++stats.rhs_evals;
      for (Index k = first; k < last; ++k) {
        const auto slot = std::size_t(k - first);
        if (k == n_dir - 1) {
          for (Index r = 0; r < n_; ++r) dfdt[r] = f_dual_[r].d[slot];
          continue;
        }
        for (Index j : colours_[std::size_t(k)]) {
          if (has_pattern_) {
            for (SparseMatrix::InnerIterator it(pattern_, j); it; ++it)
              store(it.row(), j, f_dual_[it.row()].d[slot]);
          } else {
            for (Index r = 0; r < n_; ++r) store(r, j, f_dual_[r].d[slot]);
          }
        }
      }
    }
  }

  Index n_;
  JacobianMode mode_;
  bool has_pattern_;
  SparseMatrix pattern_;
  std::vector<std::vector<Index>> colours_;
  Vector y_pert_, f_pert_;
  VectorX<JacobianDual> y_dual_, f_dual_;
  SparseMatrix user_sparse_;
  Matrix user_dense_;
};

}  // namespace myofatigue
