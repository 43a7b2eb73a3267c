#pragma once
/// \file
/// \brief Result of simulate(): time, every state, observable and protocol signal by key,
/// per-step ranges with why each step ended, solver statistics, status and citations.

#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "myofatigue/core/fuzzy.hpp"
#include "myofatigue/solvers/status.hpp"

namespace myofatigue {

/// \brief Why a protocol step ended.
enum class EndReason {
  Duration,      ///< its duration elapsed
  TaskFailure,   ///< the target could no longer be held (capacity fell below the target)
  MaxDuration,   ///< "until task failure" did not fail within SimulationOptions::max_task_duration_s
  Instant,       ///< an instantaneous step (MVC test)
  SolverFailure, ///< the solver failed inside this step (see Result::failure)
  NotReached,    ///< an earlier step failed numerically
};

inline std::string_view to_string(EndReason r) noexcept {
  switch (r) {
    case EndReason::Duration: return "duration";
    case EndReason::TaskFailure: return "task_failure";
    case EndReason::MaxDuration: return "max_duration";
    case EndReason::Instant: return "instant";
    case EndReason::SolverFailure: return "solver_failure";
    case EndReason::NotReached: return "not_reached";
  }
  return "unknown";
}

/// \brief One protocol step in the result.
struct StepRange {
  std::string label;
  double start_s = 0.0, end_s = 0.0;
  Index first_sample = 0, last_sample = 0;  ///< sample range [first, last] in Result::t()
  EndReason end_reason = EndReason::NotReached;
  double mvc_fraction = std::numeric_limits<double>::quiet_NaN();  ///< MVC test result
};

enum class VariableKind { State, Observable, Signal };

struct VariableInfo {
  std::string name;  ///< "fatigue.MF"
  std::string unit;
  VariableKind kind;
};

class Result {
 public:
  using Data = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

  Status status() const noexcept { return status_; }
  bool ok() const noexcept { return status_ == Status::Completed; }
  const std::optional<Failure>& failure() const noexcept { return failure_; }
  const std::string& message() const noexcept { return message_; }
  /// \brief Sample times [s].
  const Vector& t() const noexcept { return t_; }
  /// \brief A variable's samples (contiguous). \throws ParameterError suggesting close names.
  Eigen::Map<const Vector> operator[](std::string_view name) const {
    const Index row = index_of(name);
    return Eigen::Map<const Vector>(data_.row(row).data(), data_.cols());
  }
  const std::vector<VariableInfo>& variables() const noexcept { return variables_; }
  /// \brief All samples, one row per variable (variables() order), one column per time.
  const Data& data() const noexcept { return data_; }
  const std::vector<StepRange>& steps() const noexcept { return steps_; }
  const SolverStats& stats() const noexcept { return stats_; }
  /// \brief Citation keys of what this run used (model components and interventions).
  const std::vector<std::string>& citations() const noexcept { return citations_; }

  Index index_of(std::string_view name) const {
    for (std::size_t i = 0; i < variables_.size(); ++i)
      if (variables_[i].name == name) return Index(i);
    std::vector<std::string> names;
    for (const auto& v : variables_) names.push_back(v.name);
    throw ParameterError(std::string(name), "is not a variable of this result" + detail::suggestion(name, names));
  }

  /// \brief Everything a Result holds, to reassemble one outside simulate() (deserialisation:
  /// the Python bindings' pickle support).
  struct Parts {
    Status status = Status::Completed;
    std::optional<Failure> failure;
    std::string message;
    Vector t;                             ///< sample times [s]
    Data data;                            ///< variables.size() x t.size()
    std::vector<VariableInfo> variables;
    std::vector<StepRange> steps;
    SolverStats stats;
    std::vector<std::string> citations;
  };
  /// \brief A Result made of `parts`, as simulate() would have returned it.
  /// \throws ParameterError ("data") when data is not variables.size() x t.size().
  static Result from_parts(Parts parts) {
    if (parts.data.rows() != Index(parts.variables.size()) || parts.data.cols() != parts.t.size())
      throw ParameterError("data", "has shape (" + std::to_string(parts.data.rows()) + ", " +
                                       std::to_string(parts.data.cols()) + ") but there are " +
                                       std::to_string(parts.variables.size()) + " variables and " +
                                       std::to_string(parts.t.size()) + " samples");
    Result r;
    r.status_ = parts.status;
    r.failure_ = std::move(parts.failure);
    r.message_ = std::move(parts.message);
    r.t_ = std::move(parts.t);
    r.data_ = std::move(parts.data);
    r.variables_ = std::move(parts.variables);
    r.steps_ = std::move(parts.steps);
    r.stats_ = parts.stats;
    r.citations_ = std::move(parts.citations);
    return r;
  }

 private:
  friend class ResultBuilder;
  Status status_ = Status::Completed;
  std::optional<Failure> failure_;
  std::string message_;
  Vector t_;
  Data data_;
  std::vector<VariableInfo> variables_;
  std::vector<StepRange> steps_;
  SolverStats stats_;
  std::vector<std::string> citations_;
};

}  // namespace myofatigue
