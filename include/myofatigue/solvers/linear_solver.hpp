#pragma once
/// \file
/// \brief The iteration matrix W = I/(h gamma) - J of a Rosenbrock step and its factorisation:
/// dense PartialPivLU (no allocation once sized), SparseLU with the pattern analysed once,
/// block-bordered (Schur complement) or block-diagonal plus low rank (Sherman-Morrison-Woodbury).

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <optional>
#include <type_traits>
#include <vector>

#include <Eigen/LU>
#include <Eigen/OrderingMethods>
#include <Eigen/SparseLU>

#include "myofatigue/solvers/block_bordered.hpp"
#include "myofatigue/solvers/block_low_rank.hpp"
#include "myofatigue/solvers/status.hpp"

namespace myofatigue {

/// \brief Calls f(std::integral_constant<Index, N>{}) with N = n for the few-state systems of the
/// fatigue models and the stiff test set (n <= 8), and N = 0 (size known only at run time)
/// otherwise. Kernels given a compile-time size are fully unrolled by the compiler; with a
/// run-time n their loop overhead costs more than their arithmetic when n is a handful.
template <class F>
decltype(auto) with_small_size(Index n, F&& f) {
  using std::integral_constant;
  switch (n) {
    case 1: return f(integral_constant<Index, 1>{});
    case 2: return f(integral_constant<Index, 2>{});
    case 3: return f(integral_constant<Index, 3>{});
    case 4: return f(integral_constant<Index, 4>{});
    case 5: return f(integral_constant<Index, 5>{});
    case 6: return f(integral_constant<Index, 6>{});
    case 7: return f(integral_constant<Index, 7>{});
    case 8: return f(integral_constant<Index, 8>{});
    default: return f(integral_constant<Index, 0>{});
  }
}

/// \brief Holds J, W and the LU of W for one solve: dense, sparse LU, block-bordered
/// (Schur complement, block_bordered.hpp; W is then stored sparse as for the sparse LU), or
/// block-diagonal plus low rank (block_low_rank.hpp; J in its compact form, never n x n).
class IterationMatrix {
 public:
  enum class Kind { Dense, Sparse, BlockBordered, BlockLowRank };

  /// \param pattern structural pattern incl. diagonal (from JacobianEvaluator) for Sparse and
  /// BlockBordered. \param structure the blocks and rank, for BlockLowRank.
  /// \return false when kind is BlockBordered and the pattern does not have that structure.
  bool setup(Index n,
             Kind kind,
             const SparseMatrix& pattern,
             const LowRankStructure& structure = {}) {
    low_rank_ = kind == Kind::BlockLowRank;
    if (low_rank_) {
      sparse_ = block_bordered_ = false;
      J_low_rank_.setup(structure);
      lu_low_rank_.setup(structure);
      return structure.size() == n;
    }
    sparse_ = kind != Kind::Dense;
    block_bordered_ = kind == Kind::BlockBordered;
    if (block_bordered_ && !bb_.analyze(pattern)) return false;
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
      if (n > small_dense_max) lu_dense_ = Eigen::PartialPivLU<Matrix>(n);
      pivot_.assign(std::size_t(n), 0);
    }
    return true;
  }

  /// \brief Whether J is stored sparse (sparse LU or block-bordered).
  bool sparse() const noexcept { return sparse_; }
  bool block_bordered() const noexcept { return block_bordered_; }
  /// \brief Whether J is stored as block-diagonal plus low rank.
  bool low_rank() const noexcept { return low_rank_; }
  BlockLowRankJacobian& low_rank_jacobian() noexcept { return J_low_rank_; }
  /// \brief Largest n for which the dense LU and substitutions are written out here.
  static constexpr Index small_dense_max = 16;
  Matrix& dense_jacobian() noexcept { return J_dense_; }
  SparseMatrix& sparse_jacobian() noexcept { return J_sparse_; }

  /// \brief Forms W = I/(h gamma) - J and factorises it. N > 0 promises n == N (see
  /// with_small_size): the dense kernels then run with a compile-time size.
  /// \return false when W is singular or not finite (the caller reduces h or fails).
  template <Index N = 0>
  bool factorize(double inv_h_gamma, SolverStats& stats) {
    ++stats.factorizations;
    if (low_rank_) return lu_low_rank_.factorize(J_low_rank_, inv_h_gamma);
    if (sparse_) {
      const Index nnz = J_sparse_.nonZeros();
      const double* j = J_sparse_.valuePtr();
      double* w = W_sparse_.valuePtr();
      for (Index k = 0; k < nnz; ++k) w[k] = -j[k];
      for (Index slot : diagonal_slots_) w[slot] += inv_h_gamma;
      if (block_bordered_) return bb_.factorize(W_sparse_);
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
    if (W_dense_.rows() <= small_dense_max) return factorize_small_dense<N>();
    lu_dense_.compute(W_dense_);
    // PartialPivLU does not flag singularity: a zero or non-finite pivot means W is unusable.
    const auto pivots = lu_dense_.matrixLU().diagonal().array();
    return pivots.isFinite().all() && (pivots != 0.0).all();
  }

  /// \brief x = W^{-1} b (x and b must not alias). N as in factorize().
  template <Index N = 0>
  void solve(const Vector& b, Eigen::Ref<Vector> x, SolverStats& stats) {
    ++stats.linear_solves;
    if (low_rank_) {
      lu_low_rank_.solve(b, x.data());
    } else if (block_bordered_) {
      bb_.solve(b, x.data());
    } else if (sparse_) {
      switch (ordering_) {
        case Ordering::Colamd: x = lu_colamd_->solve(b); break;
        case Ordering::Amd: x = lu_amd_->solve(b); break;
        case Ordering::Natural: x = lu_natural_->solve(b); break;
        case Ordering::Undecided: break;  // factorize() comes first
      }
    } else if (b.size() <= small_dense_max) {
      solve_small_dense<N>(b.data(), x.data());
    } else {
      x.noalias() = lu_dense_.solve(b);
    }
  }

 private:
  // Up to small_dense_max, the LU and the substitutions are written out: Eigen's dynamic-size
  // PartialPivLU and triangular solvers cost more in dispatch than in arithmetic there (28% of a
  // 3-state Rodas5P solve in the solves alone; docs/benchmarks.md).

  // Doolittle LU with partial pivoting in place on W (column-major; L unit lower, U upper),
  // row interchanges in pivot_ (LAPACK getrf convention). False when a pivot is zero or not
  // finite, as Eigen's check above.
  template <Index N>
  bool factorize_small_dense() {
    const Index n = N > 0 ? N : W_dense_.rows();
    double* a = W_dense_.data();
    for (Index k = 0; k < n; ++k) {
      Index p = k;
      double largest = std::abs(a[k + k * n]);
      for (Index i = k + 1; i < n; ++i)
        if (std::abs(a[i + k * n]) > largest) {
          largest = std::abs(a[i + k * n]);
          p = i;
        }
      pivot_[std::size_t(k)] = p;
      if (p != k)
        for (Index j = 0; j < n; ++j) std::swap(a[k + j * n], a[p + j * n]);
      const double diagonal = a[k + k * n];
      if (!(diagonal != 0.0) || !std::isfinite(diagonal)) return false;
      const double inverse = 1.0 / diagonal;
      for (Index i = k + 1; i < n; ++i) a[i + k * n] *= inverse;
      for (Index j = k + 1; j < n; ++j) {
        const double akj = a[k + j * n];
        for (Index i = k + 1; i < n; ++i) a[i + j * n] -= a[i + k * n] * akj;
      }
    }
    return true;
  }

  template <Index N>
  void solve_small_dense(const double* b, double* v) const {
    const Index n = N > 0 ? N : W_dense_.rows();
    const double* lu = W_dense_.data();
    for (Index i = 0; i < n; ++i) v[i] = b[i];
    for (Index k = 0; k < n; ++k) std::swap(v[k], v[pivot_[std::size_t(k)]]);
    for (Index i = 1; i < n; ++i) {
      double s = v[i];
      for (Index j = 0; j < i; ++j) s -= lu[i + j * n] * v[j];
      v[i] = s;
    }
    for (Index i = n - 1; i >= 0; --i) {
      double s = v[i];
      for (Index j = i + 1; j < n; ++j) s -= lu[i + j * n] * v[j];
      v[i] = s / lu[i + i * n];
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

  bool sparse_ = false, block_bordered_ = false, low_rank_ = false;
  BlockBorderedLU bb_;
  BlockLowRankJacobian J_low_rank_;
  BlockLowRankLU lu_low_rank_;
  Matrix J_dense_, W_dense_;
  Eigen::PartialPivLU<Matrix> lu_dense_;  // above small_dense_max
  std::vector<Index> pivot_;              // up to small_dense_max (LU in W_dense_)
  SparseMatrix J_sparse_, W_sparse_;
  std::vector<Index> diagonal_slots_;
  Ordering ordering_ = Ordering::Undecided;
  std::optional<LuColamd> lu_colamd_;
  std::optional<LuAmd> lu_amd_;
  std::optional<LuNatural> lu_natural_;
};

}  // namespace myofatigue
