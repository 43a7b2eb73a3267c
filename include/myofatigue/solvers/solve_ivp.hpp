#pragma once
/// \file
/// \brief scipy-shaped entry point: myofatigue::solve_ivp(system, t_span, y0, options).
///
/// A front end over one Integrator (driver.hpp): it integrates with a Rosenbrock method
/// (Rodas5P by default), records the solution at every accepted step or at t_eval (by dense
/// output), locates events on the dense output and stops on terminal ones, holds the branches of
/// piecewise systems for whole steps and restarts where they switch (switching.hpp), and reports
/// a numerical failure as a status plus the partial solution.

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "myofatigue/solvers/driver.hpp"

namespace myofatigue {

/// \brief Everything solve_ivp accepts besides the system, span and initial state.
struct IvpOptions {
  SolverOptions solver;        ///< method, tolerances, Jacobian and linear-solver settings
  std::vector<double> t_eval;  ///< output times (sorted, inside t_span); empty: every step
  bool dense_output = false;   ///< keep a continuous solution (IvpResult::sol)
  /// Without t_eval: keep every accepted step (true, as scipy) or only the first and the last
  /// point (false, for drivers that need only where the solve ended; events are still kept).
  bool record_steps = true;
  std::vector<Event> events;
};

/// \brief Continuous solution over the integrated interval, piecewise by accepted step.
class OdeSolution {
 public:
  OdeSolution() = default;
  explicit OdeSolution(std::vector<DenseSegment> segments) : segments_(std::move(segments)) {}

  /// \brief State at time t (extrapolates with the first/last step outside the interval).
  Vector operator()(double t) const {
    Vector y(segments_.empty() ? 0 : segments_.front().y0.size());
    if (segments_.empty()) return y;
    segment_at(t).evaluate(t, y);
    return y;
  }
  /// \brief States at several times, one column per time (n x m).
  Matrix operator()(const std::vector<double>& ts) const {
    Matrix y(segments_.empty() ? 0 : segments_.front().y0.size(), Index(ts.size()));
    for (std::size_t k = 0; k < ts.size(); ++k) segment_at(ts[k]).evaluate(ts[k], y.col(Index(k)));
    return y;
  }
  double t_min() const { return segments_.empty() ? 0.0 : segments_.front().t0; }
  double t_max() const { return segments_.empty() ? 0.0 : segments_.back().t1; }
  const std::vector<DenseSegment>& segments() const noexcept { return segments_; }

 private:
  const DenseSegment& segment_at(double t) const {
    auto it = std::upper_bound(segments_.begin(), segments_.end(), t,
                               [](double v, const DenseSegment& s) { return v < s.t1; });
    if (it == segments_.end()) --it;
    return *it;
  }
  std::vector<DenseSegment> segments_;
};

/// \brief Result of solve_ivp, with scipy.integrate.solve_ivp's fields.
struct IvpResult {
  Vector t;                                   ///< output times, size m
  Matrix y;                                   ///< states, n x m (one column per time)
  std::optional<OdeSolution> sol;             ///< set when dense_output was requested
  std::vector<std::vector<double>> t_events;  ///< per event: times of occurrence
  std::vector<Matrix> y_events;               ///< per event: states, n x k
  Status status = Status::Completed;
  std::string message;
  std::optional<Failure> failure;  ///< set when status is a failure
  SolverStats stats;
  double h_next = 0.0;  ///< step size the controller proposed last (to restart a follow-on solve)
  Method method = Method::Rodas5P;
  JacobianMode jacobian_mode = JacobianMode::Automatic;  ///< the mode actually used
  bool sparse = false;  ///< whether J was stored sparse (SparseLU or BlockBordered)
  LinearSolverKind linear_solver = LinearSolverKind::Dense;  ///< the linear algebra used

  /// \brief True when the end of t_span or a terminal event was reached.
  bool success() const noexcept {
    return status == Status::Completed || status == Status::StoppedByEvent;
  }
};

/// \brief Integrates dy/dt = f(t, y) from t_span.first to t_span.second.
/// \param system   an OdeSystem (see system.hpp); its units of t and y are kept.
/// \param t_span   {t0, t_end} with t_end > t0.
/// \param y0       initial state (finite, size n >= 1).
/// \param options  solver settings, outputs and events.
/// \return an IvpResult; on a numerical failure status != Completed with the partial solution,
///         unless options.solver.on_failure == Raise.
/// \throws ParameterError on invalid arguments (naming the argument); SolverError on a numerical
///         failure when on_failure == Raise.
template <OdeSystem System>
IvpResult solve_ivp(const System& system,
                    std::pair<double, double> t_span,
                    const Vector& y0,
                    const IvpOptions& options = {}) {
  const auto clock_start = std::chrono::steady_clock::now();
  const auto [t0, t_end] = t_span;
  const Index n = y0.size();
  if (!std::isfinite(t0) || !std::isfinite(t_end) || !(t_end > t0))
    throw ParameterError("t_span", "must be two finite times with t_end > t0, got (" +
                                       detail::format_value(t0) + ", " +
                                       detail::format_value(t_end) + ")");
  if (n == 0) throw ParameterError("y0", "must have at least one component");
  if (!y0.allFinite()) throw ParameterError("y0", "must be finite (contains NaN or inf)");
  for (std::size_t k = 0; k < options.t_eval.size(); ++k) {
    const double te = options.t_eval[k];
    if (!(te >= t0 && te <= t_end))
      throw ParameterError("t_eval", "value " + detail::format_value(te) + " at index " +
                                         std::to_string(k) + " is outside t_span [" +
                                         detail::format_value(t0) + ", " +
                                         detail::format_value(t_end) + "]");
    if (k > 0 && !(te >= options.t_eval[k - 1]))
      throw ParameterError("t_eval",
                           "must be sorted increasingly (index " + std::to_string(k) + ")");
  }
  for (std::size_t k = 0; k < options.events.size(); ++k) {
    if (!options.events[k].fn)
      throw ParameterError("events[" + std::to_string(k) + "]", "has no function");
    const int dir = options.events[k].direction;
    if (dir < -1 || dir > 1)
      throw ParameterError("events[" + std::to_string(k) + "].direction",
                           "value " + std::to_string(dir) + " is outside {-1, 0, 1}");
  }
  const SolverOptions& so = options.solver;

  Integrator<System> integrator(system, n, so);  // validates the solver options
  IvpResult res;
  res.method = so.method;
  res.jacobian_mode = integrator.core().jacobian_mode();
  res.sparse = integrator.core().sparse();
  res.linear_solver = integrator.core().linear_solver();

  // What scipy's solve_ivp returns, gathered from the accepted steps.
  struct Recorder {
    const IvpOptions& options;
    Index n;
    bool every_step;
    std::vector<double> t_out, y_out;  // y column-major n x m
    std::size_t next_eval = 0;
    std::vector<DenseSegment> segments;
    std::vector<std::vector<double>> t_events, y_events;
    Vector y_tmp;

    void record(double t, const Vector& y) {
      t_out.push_back(t);
      y_out.insert(y_out.end(), y.data(), y.data() + n);
    }
    void step(const RosenbrockCore<System>& core, double t0, double t1, const Vector& y1) {
      (void)t0;
      while (next_eval < options.t_eval.size() && options.t_eval[next_eval] <= t1) {
        core.interpolate(options.t_eval[next_eval], y_tmp);
        record(options.t_eval[next_eval++], y_tmp);
      }
      if (every_step) record(t1, y1);
      if (options.dense_output) {
        DenseSegment& seg = segments.emplace_back();
        core.dense_segment(seg);
        seg.t1 = t1;  // the same polynomial, valid up to where the step was cut
      }
    }
    void event(std::size_t k, double te, const Vector& ye) {
      t_events[k].push_back(te);
      y_events[k].insert(y_events[k].end(), ye.data(), ye.data() + n);
    }
  } rec{options,
        n,
        options.t_eval.empty() && options.record_steps,
        {},
        {},
        0,
        {},
        std::vector<std::vector<double>>(options.events.size()),
        std::vector<std::vector<double>>(options.events.size()),
        Vector(n)};

  const bool ends_only = options.t_eval.empty() && !options.record_steps;
  if (rec.every_step || ends_only) rec.record(t0, y0);
  while (rec.next_eval < options.t_eval.size() && options.t_eval[rec.next_eval] == t0) {
    rec.record(t0, y0);
    ++rec.next_eval;
  }
  if (integrator.start(t0, y0)) res.status = integrator.advance(t_end, options.events, rec);
  else res.status = integrator.status();
  if (ends_only && integrator.t() > t0) rec.record(integrator.t(), integrator.y());

  res.stats = integrator.stats();
  res.failure = integrator.failure();
  res.h_next = integrator.step_guess();
  res.message = res.failure ? integrator.message()
                : res.status == Status::StoppedByEvent
                    ? "A termination event occurred."
                    : "The solver successfully reached the end of the integration interval.";
  const Index m = Index(rec.t_out.size());
  res.t = Eigen::Map<const Vector>(rec.t_out.data(), m);
  res.y = Eigen::Map<const Matrix>(rec.y_out.data(), n, m);
  res.t_events = std::move(rec.t_events);
  res.y_events.resize(options.events.size());
  for (std::size_t k = 0; k < options.events.size(); ++k)
    res.y_events[k] =
        Eigen::Map<const Matrix>(rec.y_events[k].data(), n, Index(res.t_events[k].size()));
  if (options.dense_output) res.sol = OdeSolution(std::move(rec.segments));
  res.stats.wall_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - clock_start).count();
  if (res.failure && so.on_failure == OnFailure::Raise) throw SolverError(res.status, *res.failure);
  return res;
}

/// \brief solve_ivp for a type-erased system (compiled once in the library; used by Python).
IvpResult solve_ivp(const FunctionSystem& system,
                    std::pair<double, double> t_span,
                    const Vector& y0,
                    const IvpOptions& options);

}  // namespace myofatigue
