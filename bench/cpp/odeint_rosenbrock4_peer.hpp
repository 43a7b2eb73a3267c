#pragma once
/// \file
/// \brief Boost.Odeint's rosenbrock4 (uBLAS, analytic Jacobian) on the stiff test-set problems,
/// as a benchmark peer.
///
/// Boost <= 1.74's uBLAS calls std::allocator::construct/destroy, which C++20 removed, so the
/// peer lives in its own translation unit (odeint_rosenbrock4_peer.cpp) compiled as C++17; this
/// header is plain C++17 so that both sides can include it. It includes no myofatigue solver
/// header, only the problem definitions (Eigen only).

#include <cstddef>

#include "myofatigue/core/types.hpp"

namespace myofatigue::bench {

/// \brief Which test-set problem the peer integrates (the definitions of stiff_test_set.hpp).
enum class PeerProblem { Rober, Hires, VdPol, VdPolM };

/// \brief Outcome of one rosenbrock4 solve from 0 to the problem's t_end.
struct Rosenbrock4Outcome {
  Vector y_end;
  std::size_t steps = 0;      ///< accepted steps (integrate_adaptive's count)
  std::size_t rhs_evals = 0;  ///< calls of the rhs functor
  std::size_t jac_evals = 0;  ///< calls of the Jacobian functor (one per attempted step)
};

/// \brief Integrates with make_dense_output(atol, rtol, rosenbrock4<double>()) and
/// integrate_adaptive from t = 0 to t_end with first step 1e-6 (as the other peers).
Rosenbrock4Outcome solve_rosenbrock4(PeerProblem problem, double rtol, double atol);

}  // namespace myofatigue::bench
