#pragma once
/// \file
/// \brief Solver status, failure record and statistics, shared by every integration entry point.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "myofatigue/core/error.hpp"
#include "myofatigue/core/types.hpp"

namespace myofatigue {

/// \brief How an integration ended.
enum class Status {
  Completed,         ///< reached the end of the time span
  StoppedByEvent,    ///< a terminal event fired
  StepSizeTooSmall,  ///< the step size fell below the round-off floor of t
  MaxStepsReached,   ///< more than SolverOptions::max_steps steps
  NonFiniteState,    ///< the right-hand side or the state became NaN or infinite
  SingularJacobian,  ///< the iteration matrix I/(h*gamma) - J could not be factorised
  Interrupted,       ///< SolverOptions::interrupted asked to stop (e.g. Ctrl-C from Python)
};

/// \brief Human-readable name of a Status ("Completed", ...).
inline std::string_view to_string(Status s) noexcept {
  switch (s) {
    case Status::Completed: return "Completed";
    case Status::StoppedByEvent: return "StoppedByEvent";
    case Status::StepSizeTooSmall: return "StepSizeTooSmall";
    case Status::MaxStepsReached: return "MaxStepsReached";
    case Status::NonFiniteState: return "NonFiniteState";
    case Status::SingularJacobian: return "SingularJacobian";
    case Status::Interrupted: return "Interrupted";
  }
  return "Unknown";
}

/// \brief Where and why a solve failed: the last accepted time, the step size being tried and
/// the last accepted state. The partial solution up to t_s is kept in the result.
struct Failure {
  double t_s = 0.0;     ///< time of the last accepted state [s, or the problem's time unit]
  double step_s = 0.0;  ///< step size that failed [same unit as t]
  Vector state;         ///< last accepted state
  std::string message;  ///< what went wrong, with the numbers
};

/// \brief Work counters of one solve.
struct SolverStats {
  std::size_t steps = 0;           ///< accepted steps
  std::size_t rejected = 0;        ///< rejected steps (error test failed or non-finite stage)
  std::size_t rhs_evals = 0;       ///< right-hand-side evaluations (FD/AD Jacobian calls included)
  std::size_t jacobian_evals = 0;  ///< Jacobian evaluations (analytic, AD or finite differences)
  std::size_t factorizations = 0;  ///< LU factorisations of the iteration matrix
  std::size_t linear_solves = 0;   ///< triangular solves (one per stage)
  std::size_t switches = 0;        ///< restarts where a switching function changed sign
  double wall_s = 0.0;             ///< wall-clock time of the solve [s]
};

/// \brief Thrown instead of returning a failed result when OnFailure::Raise is requested.
class SolverError : public Error {
 public:
  SolverError(Status status, Failure failure)
      : Error(std::string(to_string(status)) + ": " + failure.message),
        status_(status),
        failure_(std::move(failure)) {}
  Status status() const noexcept { return status_; }
  const Failure& failure() const noexcept { return failure_; }

 private:
  Status status_;
  Failure failure_;
};

}  // namespace myofatigue
