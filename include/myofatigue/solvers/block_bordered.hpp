#pragma once
/// \file
/// \brief LU of a block-bordered ("arrow") matrix by the Schur complement: the shape of a
/// motor-unit pool's iteration matrix, where each unit's states couple only among themselves and
/// to a few shared states (excitation, metabolites, flow), which couple to every unit.
///
/// With the shared ("border") states R last and the unit blocks A_b first,
///   W = [A E; F D],  A = diag(A_1 ... A_m),
/// W x = r is solved as  y_b = A_b^{-1} r_b,  S = D - sum_b F_b A_b^{-1} E_b,
///   x_R = S^{-1} (r_R - sum_b F_b y_b),  x_b = y_b - (A_b^{-1} E_b) x_R
/// (Golub & Van Loan 2013, Matrix Computations, 4th ed., Sec. 3.2.10 on block elimination).
/// Each factorisation costs O(m s^3 + m s^2 k + k^3) for blocks of size s and k border states,
/// linear in the number of units whatever the ordering, with no symbolic analysis.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

#include "myofatigue/core/types.hpp"

namespace myofatigue {

class BlockBorderedLU {
 public:
  /// Largest unit block and border this solver takes; larger structures go to SparseLU.
  static constexpr Index max_block = 16;
  static constexpr Index max_border = 64;

  /// \brief Finds the structure in a square pattern (with its diagonal): the border is the set of
  /// states coupled (in either direction) to more than max_block others; without them the graph
  /// must fall apart into blocks of at most max_block states. Prepares the scatter of W's values.
  /// \return false when the pattern has no such structure (or a border over max_border).
  bool analyze(const SparseMatrix& pattern) {
    const Index n = pattern.rows();
    n_ = n;
    std::vector<std::vector<Index>> adjacent(static_cast<std::size_t>(n));
    for (Index j = 0; j < pattern.outerSize(); ++j)
      for (SparseMatrix::InnerIterator it(pattern, j); it; ++it)
        if (it.row() != j) {
          adjacent[std::size_t(it.row())].push_back(j);
          adjacent[std::size_t(j)].push_back(it.row());
        }
    for (auto& a : adjacent) {
      std::sort(a.begin(), a.end());
      a.erase(std::unique(a.begin(), a.end()), a.end());
    }
    std::vector<char> border(static_cast<std::size_t>(n), 0);
    border_.clear();
    for (Index i = 0; i < n; ++i)
      if (Index(adjacent[std::size_t(i)].size()) > max_block) {
        border[std::size_t(i)] = 1;
        border_.push_back(i);
      }
    if (border_.empty() || Index(border_.size()) > max_border) return false;
    // Blocks: connected components of the graph without the border.
    block_of_.assign(std::size_t(n), -1);
    local_.assign(std::size_t(n), -1);
    blocks_.clear();
    std::vector<Index> stack;
    for (Index i = 0; i < n; ++i) {
      if (border[std::size_t(i)] || block_of_[std::size_t(i)] >= 0) continue;
      const Index b = Index(blocks_.size());
      blocks_.emplace_back();
      stack.assign(1, i);
      block_of_[std::size_t(i)] = b;
      while (!stack.empty()) {
        const Index v = stack.back();
        stack.pop_back();
        local_[std::size_t(v)] = Index(blocks_.back().size());
        blocks_.back().push_back(v);
        if (Index(blocks_.back().size()) > max_block) return false;
        for (Index w : adjacent[std::size_t(v)])
          if (!border[std::size_t(w)] && block_of_[std::size_t(w)] < 0) {
            block_of_[std::size_t(w)] = b;
            stack.push_back(w);
          }
      }
    }
    for (std::size_t r = 0; r < border_.size(); ++r) local_[std::size_t(border_[r])] = Index(r);
    // Storage: per block its LU (s x s), E_b and later A_b^{-1} E_b (s x k), F_b (k x s).
    const Index k = Index(border_.size());
    A_.resize(blocks_.size());
    Z_.resize(blocks_.size());
    F_.resize(blocks_.size());
    pivots_.resize(blocks_.size());
    for (std::size_t b = 0; b < blocks_.size(); ++b) {
      const Index s = Index(blocks_[b].size());
      A_[b].setZero(s, s);
      Z_[b].setZero(s, k);
      F_[b].setZero(k, s);
      pivots_[b].assign(std::size_t(s), 0);
    }
    D_.setZero(k, k);
    S_pivots_.assign(std::size_t(k), 0);
    // Where each stored value of W goes (by its position in W's value array).
    slots_.clear();
    for (Index j = 0; j < pattern.outerSize(); ++j)
      for (SparseMatrix::InnerIterator it(pattern, j); it; ++it) {
        const Index i = it.row();
        const Index bi = block_of_[std::size_t(i)], bj = block_of_[std::size_t(j)];
        const Index li = local_[std::size_t(i)], lj = local_[std::size_t(j)];
        Slot slot{Target::D, 0, li, lj};
        if (bi >= 0 && bj >= 0) {
          if (bi != bj) return false;  // blocks couple only through the border
          slot = {Target::A, bi, li, lj};
        } else if (bi >= 0) {
          slot = {Target::E, bi, li, lj};
        } else if (bj >= 0) {
          slot = {Target::F, bj, li, lj};
        }
        slots_.push_back(slot);
      }
    scratch_offset_.assign(blocks_.size(), 0);
    for (std::size_t b = 1; b < blocks_.size(); ++b)
      scratch_offset_[b] = scratch_offset_[b - 1] + Index(blocks_[b - 1].size());
    y_.resize(n);
    rhs_border_.resize(k);
    return true;
  }

  Index blocks() const noexcept { return Index(blocks_.size()); }
  Index border() const noexcept { return Index(border_.size()); }

  /// \brief Factorises W (the pattern given to analyze(), same value order).
  /// \return false when a block or the Schur complement is singular or not finite.
  bool factorize(const SparseMatrix& W) {
    for (auto& a : A_) a.setZero();
    for (auto& z : Z_) z.setZero();
    for (auto& f : F_) f.setZero();
    D_.setZero();
    const double* v = W.valuePtr();
    for (std::size_t p = 0; p < slots_.size(); ++p) {
      const Slot& s = slots_[p];
      switch (s.target) {
        case Target::A: A_[std::size_t(s.block)](s.row, s.col) = v[p]; break;
        case Target::E: Z_[std::size_t(s.block)](s.row, s.col) = v[p]; break;
        case Target::F: F_[std::size_t(s.block)](s.row, s.col) = v[p]; break;
        case Target::D: D_(s.row, s.col) = v[p]; break;
      }
    }
    for (std::size_t b = 0; b < blocks_.size(); ++b) {
      if (!lu_in_place(A_[b], pivots_[b])) return false;
      // Z_b = A_b^{-1} E_b, column by column, then S -= F_b Z_b.
      for (Index c = 0; c < Z_[b].cols(); ++c) lu_solve(A_[b], pivots_[b], Z_[b].col(c).data());
      D_.noalias() -= F_[b] * Z_[b];
    }
    return lu_in_place(D_, S_pivots_);  // D_ now holds the LU of the Schur complement
  }

  /// \brief x = W^{-1} b (x and b must not alias).
  void solve(const Vector& b, double* x) {
    for (Index r = 0; r < Index(border_.size()); ++r) rhs_border_[r] = b[border_[std::size_t(r)]];
    for (std::size_t k = 0; k < blocks_.size(); ++k) {
      const auto& idx = blocks_[k];
      double* yb = y_.data() + scratch_offset_[k];
      for (std::size_t i = 0; i < idx.size(); ++i) yb[i] = b[idx[i]];
      lu_solve(A_[k], pivots_[k], yb);
      for (Index r = 0; r < rhs_border_.size(); ++r)
        for (std::size_t i = 0; i < idx.size(); ++i) rhs_border_[r] -= F_[k](r, Index(i)) * yb[i];
    }
    lu_solve(D_, S_pivots_, rhs_border_.data());
    for (std::size_t r = 0; r < border_.size(); ++r) x[border_[r]] = rhs_border_[Index(r)];
    for (std::size_t k = 0; k < blocks_.size(); ++k) {
      const auto& idx = blocks_[k];
      const double* yb = y_.data() + scratch_offset_[k];
      for (std::size_t i = 0; i < idx.size(); ++i) {
        double xi = yb[i];
        for (Index r = 0; r < rhs_border_.size(); ++r) xi -= Z_[k](Index(i), r) * rhs_border_[r];
        x[idx[i]] = xi;
      }
    }
  }

 private:
  enum class Target : unsigned char { A, E, F, D };
  struct Slot {
    Target target;
    Index block, row, col;  // row/col local to the block (A), the border (D) or mixed (E, F)
  };

  // Doolittle LU with partial pivoting in place (as IterationMatrix's small dense kernel).
  static bool lu_in_place(Matrix& a, std::vector<Index>& pivot) {
    const Index n = a.rows();
    for (Index k = 0; k < n; ++k) {
      Index p = k;
      for (Index i = k + 1; i < n; ++i)
        if (std::abs(a(i, k)) > std::abs(a(p, k))) p = i;
      pivot[std::size_t(k)] = p;
      if (p != k) a.row(k).swap(a.row(p));
      const double d = a(k, k);
      if (!(d != 0.0) || !std::isfinite(d)) return false;
      for (Index i = k + 1; i < n; ++i) a(i, k) /= d;
      for (Index j = k + 1; j < n; ++j)
        for (Index i = k + 1; i < n; ++i) a(i, j) -= a(i, k) * a(k, j);
    }
    return true;
  }
  static void lu_solve(const Matrix& lu, const std::vector<Index>& pivot, double* v) {
    const Index n = lu.rows();
    for (Index k = 0; k < n; ++k) std::swap(v[k], v[pivot[std::size_t(k)]]);
    for (Index i = 1; i < n; ++i)
      for (Index j = 0; j < i; ++j) v[i] -= lu(i, j) * v[j];
    for (Index i = n - 1; i >= 0; --i) {
      for (Index j = i + 1; j < n; ++j) v[i] -= lu(i, j) * v[j];
      v[i] /= lu(i, i);
    }
  }

  Index n_ = 0;
  std::vector<Index> border_;               // model indices of the border states
  std::vector<std::vector<Index>> blocks_;  // model indices of each block's states
  std::vector<Index> block_of_, local_;     // per state: its block (-1: border), local index
  std::vector<Index> scratch_offset_;       // per block: where its part of y_ starts
  std::vector<Slot> slots_;                 // per stored value of W
  std::vector<Matrix> A_, Z_, F_;           // per block: LU of A_b; E_b then A_b^{-1} E_b; F_b
  std::vector<std::vector<Index>> pivots_;
  Matrix D_;  // D, then the LU of the Schur complement
  std::vector<Index> S_pivots_;
  Vector y_, rhs_border_;
};

}  // namespace myofatigue
