#pragma once
/// \file
/// \brief Options for the stiff integrators (Method, tolerances, Jacobian and linear-solver mode).

#include <cstddef>
#include <functional>
#include <limits>
#include <string>
#include <string_view>

#include "myofatigue/core/check.hpp"
#include "myofatigue/core/types.hpp"

namespace myofatigue {

/// \brief Integration method. All three are linearly implicit (Rosenbrock) with embedded
/// error estimates and dense output.
enum class Method {
  Rodas5P,       ///< order 5(4), 8 stages, dense output of order 4 (Steinebach 2023). Default.
  Rodas4,        ///< order 4(3), 6 stages, dense output of order 3 (Hairer & Wanner 1996).
  Rosenbrock23,  ///< order 2(3) W-method, 3 stages, loose tolerances (Shampine & Reichelt 1997).
};

/// \brief Where the Jacobian df/dy (and df/dt) comes from.
enum class JacobianMode {
  Automatic,         ///< Analytic if the system provides it, else AutoDiff if the rhs is a
                     ///< template, else FiniteDifference.
  Analytic,          ///< the system's jacobian() member (error if it has none).
  AutoDiff,          ///< forward-mode dual numbers through the templated rhs (error if none).
  FiniteDifference,  ///< forward differences, column-coloured when a sparsity pattern is known.
};

/// \brief Linear algebra of the iteration matrix W = I/(h*gamma) - J.
enum class LinearSolverKind {
  Automatic,      ///< n >= sparse_threshold and a system whose Jacobian is block-diagonal plus low
                  ///< rank (low_rank_structure()): BlockLowRank; else, with a sparsity pattern and
                  ///< n >= sparse_threshold: BlockBordered when the pattern has that shape, else
                  ///< Sparse; otherwise Dense.
  Dense,          ///< Eigen::PartialPivLU, no allocation inside a step.
  Sparse,         ///< Eigen::SparseLU, pattern analysed once; ordering (COLAMD, AMD or natural)
                  ///< chosen by least fill on the first factorisation.
  BlockBordered,  ///< Schur complement over unit blocks and a few shared states
                  ///< (block_bordered.hpp); needs a pattern of that shape (a motor-unit pool's).
  BlockLowRank,   ///< Sherman-Morrison-Woodbury over diagonal blocks plus a rank-r coupling
                  ///< (block_low_rank.hpp); needs a system with low_rank_structure() (a model
                  ///< with a motor-unit pool) and its analytic Jacobian.
};

/// \brief Parses "Automatic", "Dense", "Sparse", "BlockBordered", "BlockLowRank" (case-sensitive).
/// \throws ParameterError naming "linear_solver" and the valid names.
inline LinearSolverKind parse_linear_solver(std::string_view name) {
  if (name == "Automatic") return LinearSolverKind::Automatic;
  if (name == "Dense") return LinearSolverKind::Dense;
  if (name == "Sparse") return LinearSolverKind::Sparse;
  if (name == "BlockBordered") return LinearSolverKind::BlockBordered;
  if (name == "BlockLowRank") return LinearSolverKind::BlockLowRank;
  throw ParameterError("linear_solver", "'" + std::string(name) +
                                            "' is not a linear solver; valid: Automatic, Dense, "
                                            "Sparse, BlockBordered, BlockLowRank");
}

inline std::string_view to_string(LinearSolverKind k) noexcept {
  switch (k) {
    case LinearSolverKind::Automatic: return "Automatic";
    case LinearSolverKind::Dense: return "Dense";
    case LinearSolverKind::Sparse: return "Sparse";
    case LinearSolverKind::BlockBordered: return "BlockBordered";
    case LinearSolverKind::BlockLowRank: return "BlockLowRank";
  }
  return "Unknown";
}

/// \brief What a numerical failure does.
enum class OnFailure {
  ReturnPartial,  ///< return the result with status != Completed and the partial solution
  Raise,          ///< throw SolverError carrying the same Failure record
};

/// \brief Parses "Rodas5P", "Rodas4", "Rosenbrock23" (case-sensitive, scipy style).
/// \throws ParameterError naming "method" and the valid names.
inline Method parse_method(std::string_view name) {
  if (name == "Rodas5P") return Method::Rodas5P;
  if (name == "Rodas4") return Method::Rodas4;
  if (name == "Rosenbrock23") return Method::Rosenbrock23;
  throw ParameterError("method", "'" + std::string(name) +
                                     "' is not a method; valid: Rodas5P, Rodas4, Rosenbrock23");
}

inline std::string_view to_string(Method m) noexcept {
  switch (m) {
    case Method::Rodas5P: return "Rodas5P";
    case Method::Rodas4: return "Rodas4";
    case Method::Rosenbrock23: return "Rosenbrock23";
  }
  return "Unknown";
}

/// \brief Step-size control and algebra settings of one solve. Immutable once passed in.
/// Defaults match scipy.integrate.solve_ivp (rtol 1e-3, atol 1e-6).
struct SolverOptions {
  Method method = Method::Rodas5P;
  double rtol = 1e-3;       ///< relative tolerance, in (0, 1) (per component: rtol_vector)
  double atol = 1e-6;       ///< absolute tolerance [state units], >= 0 (per component: atol_vector)
  Vector rtol_vector;       ///< optional per-component relative tolerances (size n), overrides rtol
  Vector atol_vector;       ///< optional per-component absolute tolerances (size n), overrides atol
  double first_step = 0.0;  ///< initial step [time units]; 0 selects it automatically
  /// Smallest step size [time units], >= 0: a step that the error control would make smaller
  /// ends the solve with StepSizeTooSmall (scipy's LSODA option). 0: only the round-off floor.
  double min_step = 0.0;
  double max_step = std::numeric_limits<double>::infinity();  ///< largest step [time units]
  std::size_t max_steps = 1'000'000;                          ///< accepted + rejected steps
  JacobianMode jacobian = JacobianMode::Automatic;
  LinearSolverKind linear_solver = LinearSolverKind::Automatic;
  Index sparse_threshold = 100;  ///< Automatic picks Sparse at or above this size (see bench)
  OnFailure on_failure = OnFailure::ReturnPartial;
  SparseMatrix jac_sparsity;  ///< optional n x n structural pattern of df/dy (nonzeros = coupled)
  /// \brief Polled once per step attempt, from the solving thread; returning true ends the solve
  /// with Status::Interrupted, keeping the partial result (the Python bindings poll Ctrl-C here).
  /// Empty: never interrupted.
  std::function<bool()> interrupted;

  /// \brief Checks every field for a state of size n.
  /// \throws ParameterError naming the field and its allowed range.
  void validate(Index n) const {
    check_rtol("rtol", rtol);
    if (rtol_vector.size() != 0) {
      if (rtol_vector.size() != n)
        throw ParameterError("rtol", "has " + std::to_string(rtol_vector.size()) +
                                         " components but the state has " + std::to_string(n));
      for (Index i = 0; i < n; ++i) check_rtol("rtol[" + std::to_string(i) + "]", rtol_vector[i]);
    }
    detail::check_range("atol", atol, 0.0, std::numeric_limits<double>::max());
    if (atol_vector.size() != 0) {
      if (atol_vector.size() != n)
        throw ParameterError("atol", "has " + std::to_string(atol_vector.size()) +
                                         " components but the state has " + std::to_string(n));
      for (Index i = 0; i < n; ++i)
        detail::check_range("atol[" + std::to_string(i) + "]", atol_vector[i], 0.0,
                            std::numeric_limits<double>::max());
    }
    detail::check_range("first_step", first_step, 0.0, std::numeric_limits<double>::max());
    detail::check_range("max_step", max_step, 0.0, std::numeric_limits<double>::infinity(), "",
                        true, false);
    detail::check_range("min_step", min_step, 0.0, max_step);
    if (max_steps == 0) throw ParameterError("max_steps", "value 0 is outside [1, inf)");
    if (jac_sparsity.size() != 0 && (jac_sparsity.rows() != n || jac_sparsity.cols() != n))
      throw ParameterError("jac_sparsity", "must be " + std::to_string(n) + " x " +
                                               std::to_string(n) + ", got " +
                                               std::to_string(jac_sparsity.rows()) + " x " +
                                               std::to_string(jac_sparsity.cols()));
    if (sparse_threshold < 1)
      throw ParameterError("sparse_threshold",
                           "value " + std::to_string(sparse_threshold) + " is outside [1, inf)");
  }

  /// \brief Relative tolerance of component i.
  double rtol_of(Index i) const { return rtol_vector.size() ? rtol_vector[i] : rtol; }
  /// \brief Absolute tolerance of component i.
  double atol_of(Index i) const { return atol_vector.size() ? atol_vector[i] : atol; }

 private:
  static void check_rtol(const std::string& field, double value) {
    detail::check_range(field, value, 0.0, 1.0, "", true, true);
    if (value < 100 * std::numeric_limits<double>::epsilon())
      throw ParameterError(field, "value " + detail::format_value(value) +
                                      " is below 100*machine epsilon (2.2e-14); allowed "
                                      "(2.2e-14, 1)");
  }
};

}  // namespace myofatigue
