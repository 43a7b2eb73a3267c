#pragma once
/// \file
/// \brief The iteration matrix W = I/(h gamma) - J of a Rosenbrock step and its factorisation:
/// dense PartialPivLU (no allocation once sized) or SparseLU with the pattern analysed once.

#include <cmath>
#include <vector>

#include <Eigen/LU>
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
      analysed_ = false;
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
      if (!analysed_) {
        lu_sparse_.analyzePattern(W_sparse_);
        analysed_ = true;
      }
      lu_sparse_.factorize(W_sparse_);
      return lu_sparse_.info() == Eigen::Success;
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
      x = lu_sparse_.solve(b);
    } else {
      x.noalias() = lu_dense_.solve(b);
    }
  }

 private:
  bool sparse_ = false;
  Matrix J_dense_, W_dense_;
  Eigen::PartialPivLU<Matrix> lu_dense_;
  SparseMatrix J_sparse_, W_sparse_;
  std::vector<Index> diagonal_slots_;
  Eigen::SparseLU<SparseMatrix, Eigen::COLAMDOrdering<int>> lu_sparse_;
  bool analysed_ = false;
};

}  // namespace myofatigue
