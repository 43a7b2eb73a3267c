#pragma once
/// \file
/// \brief The iteration matrix W = I/(h gamma) - J of a Rosenbrock step and its factorisation:
/// dense PartialPivLU (no allocation once sized) or SparseLU with the pattern analysed once.

#include <cmath>
#include <cstddef>
#include <limits>
#include <optional>
#include <vector>

#include <Eigen/LU>
#include <Eigen/OrderingMethods>
#include <Eigen/SparseLU>

#include "myofatigue/solvers/status.hpp"

namespace myofatigue {

/// \brief Holds J, W and the LU of W for one solve.
class IterationMatrix {
 public:
  /// \param pattern structural pattern incl. diagonal (from JacobianEvaluator) when sparse.
  void setup(Index n, bool sparse, const SparseMatrix& pattern) {
    sparse_ = sparse;
    if (sparse_) {
      J_sparse_ = pattern;
      W_sparse_ = pattern;
      diagonal_slots_.assign(std::size_t(n), -1);
      for (Index k = 0; k < W_sparse_.outerSize(); ++k)
        for (SparseMatrix::InnerIterator it(W_sparse_, k); it; ++it)
          if (it.row() == it.col())
            diagonal_slots_[std::size_t(k)] = &it.valueRef() - W_sparse_.valuePtr();
      ordering_ = Ordering::Undecided;
      lu_colamd_.reset();
      lu_amd_.reset();
      lu_natural_.reset();
    } else {
      J_dense_.setZero(n, n);
      W_dense_.setZero(n, n);
      lu_dense_ = Eigen::PartialPivLU<Matrix>(n);
    }
  }

  bool sparse() const noexcept { return sparse_; }
  Matrix& dense_jacobian() noexcept { return J_dense_; }
  SparseMatrix& sparse_jacobian() noexcept { return J_sparse_; }

  /// \brief Forms W = I/(h gamma) - J and factorises it.
  /// \return false when W is singular or not finite (the caller reduces h or fails).
  bool factorize(double inv_h_gamma, SolverStats& stats) {
    ++stats.factorizations;
    if (sparse_) {
      const Index nnz = J_sparse_.nonZeros();
      const double* j = J_sparse_.valuePtr();
      double* w = W_sparse_.valuePtr();
      for (Index k = 0; k < nnz; ++k) w[k] = -j[k];
      for (Index slot : diagonal_slots_) w[slot] += inv_h_gamma;
      switch (ordering_) {
        case Ordering::Undecided: return choose_ordering();
        case Ordering::Colamd: return refactorize(*lu_colamd_);
        case Ordering::Amd: return refactorize(*lu_amd_);
        case Ordering::Natural: return refactorize(*lu_natural_);
      }
      return false;
    }
    W_dense_ = -J_dense_;
    W_dense_.diagonal().array() += inv_h_gamma;
    lu_dense_.compute(W_dense_);
    // PartialPivLU does not flag singularity: a zero or non-finite pivot means W is unusable.
    const auto pivots = lu_dense_.matrixLU().diagonal().array();
    return pivots.isFinite().all() && (pivots != 0.0).all();
  }

  /// \brief x = W^{-1} b (x and b must not alias).
  void solve(const Vector& b, Vector& x, SolverStats& stats) {
    ++stats.linear_solves;
    if (sparse_) {
      switch (ordering_) {
        case Ordering::Colamd: x = lu_colamd_->solve(b); break;
        case Ordering::Amd: x = lu_amd_->solve(b); break;
        case Ordering::Natural: x = lu_natural_->solve(b); break;
        case Ordering::Undecided: break;  // factorize() comes first
      }
    } else if (b.size() <= small_dense_max) {
      solve_small_dense(b, x);
    } else {
      x.noalias() = lu_dense_.solve(b);
    }
  }

 private:
  // Up to this size, substitution is written out: Eigen's dynamic-size triangular solvers cost
  // more in dispatch than in arithmetic there (28% of a 3-state Rodas5P solve; benchmarks.md).
  static constexpr Index small_dense_max = 16;

  // x = U^{-1} L^{-1} P b with the factors PartialPivLU keeps in one matrix (L unit lower).
  void solve_small_dense(const Vector& b, Vector& x) const {
    const Index n = b.size();
    const Matrix& lu = lu_dense_.matrixLU();
    const auto& perm = lu_dense_.permutationP().indices();
    for (Index i = 0; i < n; ++i) x[perm[i]] = b[i];
    for (Index i = 1; i < n; ++i) {
      double s = x[i];
      for (Index j = 0; j < i; ++j) s -= lu(i, j) * x[j];
      x[i] = s;
    }
    for (Index i = n - 1; i >= 0; --i) {
      double s = x[i];
      for (Index j = i + 1; j < n; ++j) s -= lu(i, j) * x[j];
      x[i] = s / lu(i, i);
    }
  }

  // Fill-reducing orderings tried on the first factorisation. COLAMD (the ordering of A^T A)
  // alone is poor for block-bordered patterns, the motor-unit-pool shape: the rows of the shared
  // states make A^T A dense among all units, and the L+U fill of BlockBordered grew from 4.4e3
  // nonzeros at N = 100 units to 2.7e5 at N = 1000 (~N^2). AMD on A + A^T (KLU's default) orders
  // such hubs last once they count as dense (degree > 10 sqrt(n)), which gives O(N) fill there,
  // but below that threshold it fills more than COLAMD; the natural order is free and ideal when
  // the state layout already puts the shared states last. Which one wins depends on the pattern,
  // so the first W is factorised with all three, the one with the least fill (nnz L + nnz U) is
  // kept for the rest of the solve, and the others are freed. See docs/benchmarks.md (scaling).
  enum class Ordering { Undecided, Colamd, Amd, Natural };
  using LuColamd = Eigen::SparseLU<SparseMatrix, Eigen::COLAMDOrdering<int>>;
  using LuAmd = Eigen::SparseLU<SparseMatrix, Eigen::AMDOrdering<int>>;
  using LuNatural = Eigen::SparseLU<SparseMatrix, Eigen::NaturalOrdering<int>>;

  template <class Lu>
  bool refactorize(Lu& lu) {
    lu.factorize(W_sparse_);
    return lu.info() == Eigen::Success;
  }

  template <class Lu>
  double fill_of(std::optional<Lu>& lu) {
    lu.emplace();
    lu->analyzePattern(W_sparse_);
    lu->factorize(W_sparse_);
    return lu->info() == Eigen::Success ? double(lu->nnzL()) + double(lu->nnzU())
                                        : std::numeric_limits<double>::infinity();
  }

  bool choose_ordering() {
    const double colamd = fill_of(lu_colamd_);
    const double amd = fill_of(lu_amd_);
    const double natural = fill_of(lu_natural_);
    if (!(colamd < std::numeric_limits<double>::infinity()) &&
        !(amd < std::numeric_limits<double>::infinity()) &&
        !(natural < std::numeric_limits<double>::infinity())) {
      // Singular: keep everything undecided so that the retry with a smaller h chooses again.
      lu_colamd_.reset();
      lu_amd_.reset();
      lu_natural_.reset();
      return false;
    }
    // Ties keep COLAMD (the former sole choice), then AMD.
    if (colamd <= amd && colamd <= natural) {
      ordering_ = Ordering::Colamd;
    } else if (amd <= natural) {
      ordering_ = Ordering::Amd;
    } else {
      ordering_ = Ordering::Natural;
    }
    if (ordering_ != Ordering::Colamd) lu_colamd_.reset();
    if (ordering_ != Ordering::Amd) lu_amd_.reset();
    if (ordering_ != Ordering::Natural) lu_natural_.reset();
    return true;
  }

  bool sparse_ = false;
  Matrix J_dense_, W_dense_;
  Eigen::PartialPivLU<Matrix> lu_dense_;
  SparseMatrix J_sparse_, W_sparse_;
  std::vector<Index> diagonal_slots_;
  Ordering ordering_ = Ordering::Undecided;
  std::optional<LuColamd> lu_colamd_;
  std::optional<LuAmd> lu_amd_;
  std::optional<LuNatural> lu_natural_;
};

}  // namespace myofatigue
