#pragma once
/// \file
/// \brief A Jacobian that is block-diagonal plus low rank, J = blockdiag(B_1 ... B_m) + U V^T,
/// and the LU of its iteration matrix W = I/(h gamma) - J by the Sherman-Morrison-Woodbury
/// identity: the shape of a motor-unit pool, whose units couple only through a few pool-level
/// scalars (the excitation E that holds the target: U = df/dE, V = dE/dx, rank 1).
///
/// With A = I/(h gamma) - blockdiag(B_b) (factorised block by block) and W = A - U V^T,
///   W^{-1} b = y + Z C^{-1} (V^T y),   y = A^{-1} b,  Z = A^{-1} U,  C = I_r - V^T Z
/// (Golub & Van Loan 2013, Matrix Computations, 4th ed., Sec. 2.1.4, Sherman-Morrison-Woodbury;
/// Hager 1989, SIAM Review 31:221). A factorisation costs O(sum s_b^3 + n s r + n r^2 + r^3)
/// for blocks of size s_b and rank r, a solve O(sum s_b^2 + n r): linear in the number of units,
/// where the dense n x n LU is cubic. It is the Schur complement of the arrow matrix
/// [A, U; V^T, I_r] (block_bordered.hpp) on the r coupling scalars, without forming that matrix.
///
/// Breakdown: C is singular exactly when W is (det W = det A det C), so a singular C is reported
/// as a singular W, as the dense LU does. A singular block A_b with W regular (possible in exact
/// arithmetic, never met by an iteration matrix whose h the controller can shrink) is reported
/// the same way; the integrator then retries with a smaller h, which moves every A_b towards
/// I/(h gamma).

#include <cmath>
#include <cstddef>
#include <vector>

#include "myofatigue/core/types.hpp"

namespace myofatigue {

/// \brief The structure of a block-diagonal-plus-low-rank Jacobian: consecutive diagonal
/// blocks (their sizes sum to n) and the rank of the coupling. Empty when a system has none.
struct LowRankStructure {
  std::vector<Index> block_sizes;
  Index rank = 0;

  bool empty() const noexcept { return block_sizes.empty(); }
  Index size() const noexcept {
    Index n = 0;
    for (Index s : block_sizes) n += s;
    return n;
  }
};

/// \brief J = blockdiag(B_b) + U V^T in compact storage: the blocks column-major one after
/// another in `values` (block b at value_start(b), s_b x s_b), U and V n x r.
class BlockLowRankJacobian {
 public:
  BlockLowRankJacobian() = default;
  explicit BlockLowRankJacobian(const LowRankStructure& s) { setup(s); }

  void setup(const LowRankStructure& s) {
    const std::size_t m = s.block_sizes.size();
    start_.assign(m + 1, 0);
    value_start_.assign(m + 1, 0);
    for (std::size_t b = 0; b < m; ++b) {
      start_[b + 1] = start_[b] + s.block_sizes[b];
      value_start_[b + 1] = value_start_[b] + s.block_sizes[b] * s.block_sizes[b];
    }
    values.setZero(value_start_[m]);
    U.setZero(start_[m], s.rank);
    V.setZero(start_[m], s.rank);
  }

  Index rows() const noexcept { return start_.empty() ? 0 : start_.back(); }
  Index blocks() const noexcept { return Index(start_.size()) - 1; }
  Index rank() const noexcept { return U.cols(); }
  /// \brief First row (and column) of block b, and its size.
  Index block_start(Index b) const noexcept { return start_[std::size_t(b)]; }
  Index block_size(Index b) const noexcept {
    return start_[std::size_t(b) + 1] - start_[std::size_t(b)];
  }
  Index value_start(Index b) const noexcept { return value_start_[std::size_t(b)]; }
  Eigen::Map<Matrix> block(Index b) {
    return Eigen::Map<Matrix>(values.data() + value_start(b), block_size(b), block_size(b));
  }
  Eigen::Map<const Matrix> block(Index b) const {
    return Eigen::Map<const Matrix>(values.data() + value_start(b), block_size(b), block_size(b));
  }

  void set_zero() {
    values.setZero();
    U.setZero();
    V.setZero();
  }
  bool all_finite() const { return values.allFinite() && U.allFinite() && V.allFinite(); }

  /// \brief The dense n x n matrix (tests and the dense fallback).
  Matrix to_dense() const {
    Matrix J = U * V.transpose();
    for (Index b = 0; b < blocks(); ++b)
      J.block(block_start(b), block_start(b), block_size(b), block_size(b)) += block(b);
    return J;
  }

  Vector values;  ///< the blocks, column-major, block after block
  Matrix U, V;    ///< n x r coupling factors

 private:
  std::vector<Index> start_, value_start_;
};

/// \brief LU of W = I/(h gamma) - J for a BlockLowRankJacobian (see the file comment). All
/// scratch is sized by setup(); factorize() and solve() do not allocate.
class BlockLowRankLU {
 public:
  void setup(const LowRankStructure& s) {
    lu_.setup(s);
    const Index n = lu_.rows(), r = s.rank;
    pivots_.assign(std::size_t(n), 0);
    Z_.setZero(n, r);
    C_.setZero(r, r);
    C_pivots_.assign(std::size_t(r), 0);
    V_.setZero(n, r);
    coupling_.setZero(r);
  }

  /// \brief Factorises W = inv_h_gamma I - J.
  /// \return false when a block or the capacitance matrix C is singular or not finite.
  bool factorize(const BlockLowRankJacobian& J, double inv_h_gamma) {
    const Index m = J.blocks(), r = J.rank();
    for (Index k = 0; k < J.values.size(); ++k) lu_.values[k] = -J.values[k];
    for (Index b = 0; b < m; ++b) {
      auto a = lu_.block(b);
      a.diagonal().array() += inv_h_gamma;
      const Index s = J.block_size(b), row0 = J.block_start(b);
      Index* piv = pivots_.data() + row0;
      if (!lu_in_place(a.data(), s, piv)) return false;
      for (Index c = 0; c < r; ++c) {
        double* z = Z_.col(c).data() + row0;
        for (Index i = 0; i < s; ++i) z[i] = J.U(row0 + i, c);
        lu_solve(a.data(), s, piv, z);
      }
    }
    // C = I - V^T Z, r x r.
    C_.noalias() = -J.V.transpose() * Z_;
    C_.diagonal().array() += 1.0;
    V_ = J.V;
    return lu_in_place(C_.data(), r, C_pivots_.data());
  }

  /// \brief x = W^{-1} b (x and b must not alias).
  void solve(const Vector& b, double* x) {
    const Index m = lu_.blocks(), r = Z_.cols(), n = lu_.rows();
    for (Index i = 0; i < n; ++i) x[i] = b[i];
    for (Index k = 0; k < m; ++k) {
      const Index row0 = lu_.block_start(k);
      lu_solve(lu_.block(k).data(), lu_.block_size(k), pivots_.data() + row0, x + row0);
    }
    if (r == 0) return;
    const Eigen::Map<Vector> y(x, n);
    coupling_.noalias() = V_.transpose() * y;
    lu_solve(C_.data(), r, C_pivots_.data(), coupling_.data());
    Eigen::Map<Vector>(x, n).noalias() += Z_ * coupling_;
  }

 private:
  // Doolittle LU with partial pivoting in place on a column-major s x s array (as
  // IterationMatrix's small dense kernel); pivots local to the block.
  static bool lu_in_place(double* a, Index s, Index* pivot) {
    for (Index k = 0; k < s; ++k) {
      Index p = k;
      for (Index i = k + 1; i < s; ++i)
        if (std::abs(a[i + k * s]) > std::abs(a[p + k * s])) p = i;
      pivot[k] = p;
      if (p != k)
        for (Index j = 0; j < s; ++j) std::swap(a[k + j * s], a[p + j * s]);
      const double d = a[k + k * s];
      if (!(d != 0.0) || !std::isfinite(d)) return false;
      const double inv = 1.0 / d;
      for (Index i = k + 1; i < s; ++i) a[i + k * s] *= inv;
      for (Index j = k + 1; j < s; ++j) {
        const double akj = a[k + j * s];
        for (Index i = k + 1; i < s; ++i) a[i + j * s] -= a[i + k * s] * akj;
      }
    }
    return true;
  }
  static void lu_solve(const double* lu, Index s, const Index* pivot, double* v) {
    for (Index k = 0; k < s; ++k) std::swap(v[k], v[pivot[k]]);
    for (Index i = 1; i < s; ++i)
      for (Index j = 0; j < i; ++j) v[i] -= lu[i + j * s] * v[j];
    for (Index i = s - 1; i >= 0; --i) {
      for (Index j = i + 1; j < s; ++j) v[i] -= lu[i + j * s] * v[j];
      v[i] /= lu[i + i * s];
    }
  }

  BlockLowRankJacobian lu_;    // the block LUs in the same compact storage
  std::vector<Index> pivots_;  // per row, local to its block
  Matrix Z_, C_;               // A^{-1} U (n x r); LU of C = I - V^T Z (r x r)
  std::vector<Index> C_pivots_;
  Matrix V_;         // V of the factorised J
  Vector coupling_;  // C^{-1} V^T y
};

}  // namespace myofatigue
