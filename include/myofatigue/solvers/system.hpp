#pragma once
/// \file
/// \brief What an ODE system must (and may) provide to the myofatigue integrators.
///
/// Required, one of:
///   - `void rhs(double t, const Vector& y, Vector& dydt) const`
///   - `template <class T, class S> void rhs(const T& t, const VectorX<S>& y, VectorX<S>& dydt)
///   const`
///     (scalar-generic: enables forward-mode AD Jacobians and df/dt)
/// Optional:
///   - `void jacobian(double t, const Vector& y, Matrix& J, Vector& dfdt) const`     dense analytic
///   - `void jacobian(double t, const Vector& y, SparseMatrix& J, Vector& dfdt) const` sparse
///     analytic; the pattern must be the same on every call
///   - `SparseMatrix sparsity() const` structural pattern of df/dy (enables colouring and SparseLU)
///   - `LowRankStructure low_rank_structure() const` together with
///     `void jacobian(double t, const Vector& y, BlockLowRankJacobian& J, Vector& dfdt) const`:
///     df/dy = blockdiag + U V^T (block_low_rank.hpp); an empty structure means "not available
///     for this instance" (type-erased systems such as ModelSystem decide at run time)
///   - `bool provides_jacobian() const` runtime switch for type-erased systems
/// Time and state units are the system's own; myofatigue's models use seconds.

#include <concepts>
#include <functional>

#include "myofatigue/core/dual.hpp"
#include "myofatigue/core/types.hpp"
#include "myofatigue/solvers/block_low_rank.hpp"

namespace myofatigue {

/// Number of derivative directions carried per AD pass (ForwardDiff-style chunk).
inline constexpr int ad_chunk = 8;
using JacobianDual = Dual<ad_chunk>;

template <class S>
concept OdeSystem = requires(const S& s, double t, const Vector& y, Vector& f) { s.rhs(t, y, f); };

template <class S>
concept AutodiffSystem = requires(
    const S& s, const JacobianDual& t, const VectorX<JacobianDual>& y, VectorX<JacobianDual>& f) {
  s.rhs(t, y, f);
};

template <class S>
concept DenseJacobianSystem = requires(
    const S& s, double t, const Vector& y, Matrix& J, Vector& dfdt) { s.jacobian(t, y, J, dfdt); };

template <class S>
concept SparseJacobianSystem =
    requires(const S& s, double t, const Vector& y, SparseMatrix& J, Vector& dfdt) {
      s.jacobian(t, y, J, dfdt);
    };

template <class S>
concept SparsitySystem = requires(const S& s) {
  { s.sparsity() } -> std::convertible_to<SparseMatrix>;
};

/// \brief A system whose Jacobian may come as block-diagonal plus low rank (LinearSolverKind::
/// BlockLowRank; Automatic picks it when low_rank_structure() is not empty).
template <class S>
concept LowRankJacobianSystem =
    requires(const S& s, double t, const Vector& y, BlockLowRankJacobian& J, Vector& dfdt) {
      { s.low_rank_structure() } -> std::convertible_to<LowRankStructure>;
      s.jacobian(t, y, J, dfdt);
    };

/// \brief A type-erased system built from callables (used by the Python bindings).
/// `jac` is optional (a sparsity pattern goes in SolverOptions::jac_sparsity).
struct FunctionSystem {
  std::function<void(double, const Vector&, Vector&)> fun;
  std::function<void(double, const Vector&, Matrix&, Vector&)> jac;  ///< may be empty

  void rhs(double t, const Vector& y, Vector& f) const { fun(t, y, f); }
  void jacobian(double t, const Vector& y, Matrix& J, Vector& dfdt) const { jac(t, y, J, dfdt); }
  bool provides_jacobian() const { return static_cast<bool>(jac); }
};

namespace detail {
template <class S>
bool provides_dense_jacobian(const S& s) {
  if constexpr (!DenseJacobianSystem<S>) {
    return false;
  } else if constexpr (requires { s.provides_jacobian(); }) {
    return s.provides_jacobian();
  } else {
    return true;
  }
}
}  // namespace detail

}  // namespace myofatigue
