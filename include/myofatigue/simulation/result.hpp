#pragma once
/// \file
/// \brief Result of simulate(): time, every state, observable and protocol signal by key,
/// per-step ranges with why each step ended, solver statistics, status and citations.

#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "myofatigue/core/fuzzy.hpp"
#include "myofatigue/solvers/status.hpp"

namespace myofatigue {

/// \brief Why a protocol step ended.
enum class EndReason {
  Duration,     ///< its duration elapsed
  TaskFailure,  ///< the target could no longer be held (capacity fell below the target)
  MaxDuration,  ///< "until task failure" did not fail within SimulationOptions::max_task_duration_s
  Instant,      ///< an instantaneous step (MVC test)
  SolverFailure,  ///< the solver failed inside this step (see Result::failure)
  NotReached,     ///< an earlier step failed numerically
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
  std::string name;  ///< "fatigue.MF", or "pool.P[17]" for unit 17 of a replicated component
  std::string unit;
  VariableKind kind;
  /// For a per-unit variable: its key without the unit index ("pool.P"), the unit and the
  /// number of units. Left at their defaults, Result::units_of() reads them from the name.
  std::string base = {};
  Index unit_index = 0;
  Index n_units = 1;
};

namespace detail {
/// \brief Splits "pool.P[17]" into ("pool.P", 17); anything else gives (name, -1).
inline std::pair<std::string_view, Index> split_unit_key(std::string_view name) {
  if (name.size() < 4 || name.back() != ']') return {name, -1};
  const auto open = name.rfind('[');
  if (open == std::string_view::npos || open + 2 > name.size() - 1) return {name, -1};
  Index u = 0;
  for (std::size_t i = open + 1; i + 1 < name.size(); ++i) {
    if (name[i] < '0' || name[i] > '9') return {name, -1};
    u = 10 * u + Index(name[i] - '0');
  }
  return {name.substr(0, open), u};
}
}  // namespace detail

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

  /// \brief A per-unit variable ("pool.P" for the rows "pool.P[0]" .. "pool.P[N-1]") as an
  /// (n_samples, n_units) view of data() (zero-copy: column u is unit u's samples).
  /// \throws ParameterError when `base` names no per-unit variable (suggesting close names), or
  /// when its rows are not evenly spaced (which a Model's unit-major layout guarantees).
  using UnitBlock = Eigen::Map<const Matrix, 0, Eigen::OuterStride<>>;
  UnitBlock units_of(std::string_view base) const {
    Index first = -1, stride = 0, count = 0;
    for (std::size_t i = 0; i < variables_.size(); ++i) {
      const auto [b, u] = detail::split_unit_key(variables_[i].name);
      if (u < 0 || b != base) continue;
      if (u != count)
        throw ParameterError(std::string(base),
                             "units are not recorded in order 0, 1, ... in this result");
      if (count == 0) first = Index(i);
      if (count == 1) stride = Index(i) - first;
      if (count > 1 && Index(i) - first != count * stride)
        throw ParameterError(std::string(base),
                             "per-unit rows are not evenly spaced in this result");
      ++count;
    }
    if (count == 0) {
      std::vector<std::string> names;
      for (const auto& v : variables_)
        if (auto [b, u] = detail::split_unit_key(v.name); u == 0) names.emplace_back(b);
      throw ParameterError(std::string(base), "is not a per-unit variable of this result" +
                                                  detail::suggestion(base, names));
    }
    if (count == 1) stride = 1;
    return UnitBlock(data_.row(first).data(), data_.cols(), count,
                     Eigen::OuterStride<>(stride * data_.cols()));
  }
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
    throw ParameterError(std::string(name),
                         "is not a variable of this result" + detail::suggestion(name, names));
  }

  /// \brief Everything a Result holds, to reassemble one outside simulate() (deserialisation:
  /// the Python bindings' pickle support).
  struct Parts {
    Status status = Status::Completed;
    std::optional<Failure> failure;
    std::string message;
    Vector t;   ///< sample times [s]
    Data data;  ///< variables.size() x t.size()
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
