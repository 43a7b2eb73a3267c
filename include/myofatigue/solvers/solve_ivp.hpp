#pragma once
/// \file
/// \brief scipy-shaped entry point: myofatigue::solve_ivp(system, t_span, y0, options).
///
/// The driver integrates with a Rosenbrock method (Rodas5P by default), records the solution at
/// every accepted step or at t_eval (by dense output), locates events on the dense output and
/// stops on terminal ones, holds the branches of piecewise systems for whole steps and restarts
/// where they switch (switching.hpp), and reports a numerical failure as a status plus the
/// partial solution.

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "myofatigue/solvers/rosenbrock.hpp"
#include "myofatigue/solvers/switching.hpp"

namespace myofatigue {

/// \brief A scalar event function g(t, y); an event occurs where g changes sign.
struct Event {
  std::function<double(double, const Vector&)> fn;
  bool terminal = false;  ///< stop the integration at the first occurrence
  int direction = 0;      ///< 0: any crossing; +1: only g rising through 0; -1: only falling
};

/// \brief Everything solve_ivp accepts besides the system, span and initial state.
struct IvpOptions {
  SolverOptions solver;          ///< method, tolerances, Jacobian and linear-solver settings
  std::vector<double> t_eval;    ///< output times (sorted, inside t_span); empty: every step
  bool dense_output = false;     ///< keep a continuous solution (IvpResult::sol)
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
  Vector t;                       ///< output times, size m
  Matrix y;                       ///< states, n x m (one column per time)
  std::optional<OdeSolution> sol;  ///< set when dense_output was requested
  std::vector<std::vector<double>> t_events;  ///< per event: times of occurrence
  std::vector<Matrix> y_events;               ///< per event: states, n x k
  Status status = Status::Completed;
  std::string message;
  std::optional<Failure> failure;  ///< set when status is a failure
  SolverStats stats;
  double h_next = 0.0;  ///< step size the controller proposed last (to restart a follow-on solve)
  Method method = Method::Rodas5P;
  JacobianMode jacobian_mode = JacobianMode::Automatic;  ///< the mode actually used
  bool sparse = false;                                   ///< whether SparseLU was used

  /// \brief True when the end of t_span or a terminal event was reached.
  bool success() const noexcept {
    return status == Status::Completed || status == Status::StoppedByEvent;
  }
};

namespace detail {

inline bool crosses(double g0, double g1, int direction) {
  const bool up = g0 < 0.0 && g1 >= 0.0;
  const bool down = g0 > 0.0 && g1 <= 0.0;
  return direction > 0 ? up : direction < 0 ? down : (up || down);
}

/// Hairer, Norsett & Wanner (1993), Solving ODEs I, Sec. II.4 "Starting step size".
template <class System>
double initial_step(const System& system, double t0, const Vector& y0, const Vector& f0,
                    int order, const SolverOptions& o, double span, SolverStats& stats) {
  const Index n = y0.size();
  auto scale = [&](Index i) {
    return (o.atol_vector.size() ? o.atol_vector[i] : o.atol) + o.rtol * std::abs(y0[i]);
  };
  double d0 = 0.0, d1 = 0.0;
  for (Index i = 0; i < n; ++i) {
    d0 += std::pow(y0[i] / scale(i), 2);
    d1 += std::pow(f0[i] / scale(i), 2);
  }
  d0 = std::sqrt(d0 / double(n));
  d1 = std::sqrt(d1 / double(n));
  double h0 = (d0 < 1e-5 || d1 < 1e-5) ? 1e-6 : 0.01 * d0 / d1;
  h0 = std::min(h0, span);
  Vector y1 = y0 + h0 * f0;
  Vector f1(n);
  system.rhs(t0 + h0, y1, f1);
  ++stats.rhs_evals;
  double d2 = 0.0;
  for (Index i = 0; i < n; ++i) d2 += std::pow((f1[i] - f0[i]) / scale(i), 2);
  d2 = std::sqrt(d2 / double(n)) / h0;
  const double dmax = std::max(d1, d2);
  const double h1 = (dmax <= 1e-15 || !std::isfinite(dmax))
                        ? std::max(1e-6, h0 * 1e-3)
                        : std::pow(0.01 / dmax, 1.0 / (order + 1));
  return std::min({100.0 * h0, h1, span});
}

}  // namespace detail

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
IvpResult solve_ivp(const System& system, std::pair<double, double> t_span, const Vector& y0,
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
      throw ParameterError("t_eval", "must be sorted increasingly (index " + std::to_string(k) + ")");
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

  RosenbrockCore<System> core(system, n, so);  // validates the solver options
  IvpResult res;
  res.method = so.method;
  res.jacobian_mode = core.jacobian_mode();
  res.sparse = core.sparse();
  SolverStats& stats = res.stats;

  std::vector<double> t_out;
  std::vector<double> y_out;  // column-major n x m
  auto record = [&](double t, const Vector& y) {
    t_out.push_back(t);
    y_out.insert(y_out.end(), y.data(), y.data() + n);
  };
  const bool every_step = options.t_eval.empty() && options.record_steps;
  const bool ends_only = options.t_eval.empty() && !options.record_steps;
  std::size_t next_eval = 0;
  Vector y_tmp(n);

  const std::size_t n_events = options.events.size();
  res.t_events.assign(n_events, {});
  std::vector<std::vector<double>> y_event_data(n_events);
  std::vector<double> g_prev(n_events);
  for (std::size_t k = 0; k < n_events; ++k) g_prev[k] = options.events[k].fn(t0, y0);

  std::vector<DenseSegment> segments;
  DenseSegment segment;

  double t = t0;
  Vector y = y0;
  if (every_step || ends_only) record(t, y);
  while (next_eval < options.t_eval.size() && options.t_eval[next_eval] == t0) {
    record(t0, y0);
    ++next_eval;
  }

  BranchHolder<System> branches(system, t0, y0);
  Vector y_switch(n);

  auto fail = [&](Status status, double h, const std::string& what) {
    res.status = status;
    res.failure = Failure{t, h, y, what};
    res.message = std::string(to_string(status)) + " at t = " + detail::format_value(t) +
                  " with step " + detail::format_value(h) + ": " + what + branches.sliding_note();
  };

  StepSizeController controller(core.error_exponent());
  const double span = t_end - t0;
  double h = 0.0;
  if (!core.set_point(system, t, y, stats)) {
    fail(Status::NonFiniteState, 0.0, "f(t0, y0) is not finite");
  } else {
    h = so.first_step > 0.0 ? so.first_step
                            : detail::initial_step(system, t0, y0, core.f(), core.order(), so,
                                                   span, stats);
  }
  h = std::min(h, so.max_step);
  std::size_t attempts = 0;
  int consecutive_singular = 0;
  std::vector<std::pair<double, std::size_t>> found;  // (time, event) crossings in one step
  found.reserve(n_events);

  while (!res.failure && t < t_end) {
    const double h_min = 16.0 * std::numeric_limits<double>::epsilon() * std::abs(t);
    if (++attempts > so.max_steps) {
      fail(Status::MaxStepsReached, h,
           "more than max_steps = " + std::to_string(so.max_steps) + " step attempts");
      break;
    }
    if (so.interrupted && so.interrupted()) {
      fail(Status::Interrupted, h, "interrupted on request");
      break;
    }
    if (h < h_min || h <= 0.0) {
      fail(Status::StepSizeTooSmall, h,
           "step size fell below 16 eps |t| = " + detail::format_value(h_min));
      break;
    }
    // Land exactly on t_end; stretch a step that would leave a sliver.
    bool last = false;
    if (t + 1.1 * h >= t_end) {
      h = t_end - t;
      last = true;
    }
    const auto outcome = core.attempt(system, h, stats);
    if (outcome == RosenbrockCore<System>::Attempt::Singular) {
      ++stats.rejected;
      if (++consecutive_singular > 10) {
        fail(Status::SingularJacobian, h, "iteration matrix I/(h gamma) - J is singular");
        break;
      }
      h = controller.failed(h);
      continue;
    }
    consecutive_singular = 0;
    if (outcome == RosenbrockCore<System>::Attempt::NonFinite) {
      ++stats.rejected;
      const double h_next = controller.failed(h);
      if (h_next < h_min) {
        fail(Status::NonFiniteState, h, "right-hand side or state is not finite");
        break;
      }
      h = h_next;
      continue;
    }
    const double err = core.error();
    if (err > 1.0) {
      ++stats.rejected;
      h = std::min(controller.rejected(h, err), so.max_step);
      continue;
    }

    // Accepted step [t, t_new]. A held branch that stops holding inside it ends it there.
    const double t_new = last ? t_end : t + h;
    ++stats.steps;
    const std::optional<double> t_switch = branches.crossing(core, t, t_new, core.y_new(), y_tmp);
    double t_stop = t_new;
    const Vector* y_stop = &core.y_new();
    if (t_switch) {
      t_stop = *t_switch;
      core.interpolate(t_stop, y_switch);
      y_stop = &y_switch;
    }
    bool terminal = false;

    // Events: find every crossing in this step, earliest terminal one ends the solve. An event
    // located within the root-finding tolerance of a switch is taken as simultaneous with it
    // (task failure is a switch of the 3CC controller); later ones are found again after it.
    if (n_events) {
      found.clear();
      for (std::size_t k = 0; k < n_events; ++k) {
        const double g1 = options.events[k].fn(t_new, core.y_new());
        if (detail::crosses(g_prev[k], g1, options.events[k].direction)) {
          const double te = g1 == 0.0 ? t_new
                                      : detail::locate_root(options.events[k].fn, core, t, t_new,
                                                            g_prev[k], g1, y_tmp);
          found.emplace_back(te, k);
        }
        g_prev[k] = g1;
      }
      std::sort(found.begin(), found.end());
      const double same_instant = 16.0 * std::numeric_limits<double>::epsilon() *
                                  std::max(std::abs(t), std::abs(t_new));
      std::size_t taken = 0;
      for (const auto& [te, k] : found) {
        if (terminal && te > t_stop) break;
        if (!terminal && t_switch && te > t_stop + same_instant) break;
        ++taken;
        core.interpolate(te, y_tmp);
        res.t_events[k].push_back(te);
        y_event_data[k].insert(y_event_data[k].end(), y_tmp.data(), y_tmp.data() + n);
        if (options.events[k].terminal && !terminal) {
          terminal = true;
          t_stop = te;
        }
      }
      // The step now ends at the switch: the next one starts from g there, except for events
      // just taken as simultaneous with it (g at t_stop may be before their crossing; they keep
      // g(t_new), past it).
      if (t_switch && !terminal)
        for (std::size_t k = 0; k < n_events; ++k) {
          bool taken_after_switch = false;
          for (std::size_t j = 0; j < taken; ++j)
            taken_after_switch |= found[j].second == k && found[j].first > t_stop;
          if (!taken_after_switch) g_prev[k] = options.events[k].fn(t_stop, *y_stop);
        }
    }

    // Outputs inside (t, t_stop].
    while (next_eval < options.t_eval.size() && options.t_eval[next_eval] <= t_stop) {
      core.interpolate(options.t_eval[next_eval], y_tmp);
      record(options.t_eval[next_eval], y_tmp);
      ++next_eval;
    }
    if (options.dense_output) {
      core.dense_segment(segment);
      if (terminal || t_switch) segment.t1 = t_stop;  // same polynomial, valid only up to t_stop
      segments.push_back(segment);
    }
    if (terminal) {
      core.interpolate(t_stop, y_tmp);
      t = t_stop;
      y = y_tmp;
      if (every_step) record(t, y);
      res.status = Status::StoppedByEvent;
      res.message = "A termination event occurred.";
      break;
    }
    h = std::min(controller.accepted(h, err), so.max_step);
    if (t_switch) {
      // Restart on the new branch: f, J and df/dt at the switch (no FSAL: f_new is at t_new).
      ++stats.switches;
      branches.switch_at(t, t_stop, *y_stop);
      t = t_stop;
      y = *y_stop;
    } else {
      branches.advance();
      core.accept();
      t = t_new;
      y = core.y_new();
    }
    if (every_step) record(t, y);
    if (t >= t_end) break;
    if (!core.set_point(system, t, y, stats)) {
      fail(Status::NonFiniteState, h, "f(t, y) is not finite at the accepted state");
      break;
    }
  }

  if (ends_only && t > t0) record(t, y);
  res.h_next = h;
  if (!res.failure && res.status == Status::Completed)
    res.message = "The solver successfully reached the end of the integration interval.";
  const Index m = Index(t_out.size());
  res.t = Eigen::Map<const Vector>(t_out.data(), m);
  res.y = Eigen::Map<const Matrix>(y_out.data(), n, m);
  res.y_events.resize(n_events);
  for (std::size_t k = 0; k < n_events; ++k)
    res.y_events[k] = Eigen::Map<const Matrix>(y_event_data[k].data(), n,
                                               Index(res.t_events[k].size()));
  if (options.dense_output) res.sol = OdeSolution(std::move(segments));
  stats.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - clock_start).count();
  if (res.failure && so.on_failure == OnFailure::Raise) throw SolverError(res.status, *res.failure);
  return res;
}

/// \brief solve_ivp for a type-erased system (compiled once in the library; used by Python).
IvpResult solve_ivp(const FunctionSystem& system, std::pair<double, double> t_span,
                    const Vector& y0, const IvpOptions& options);

}  // namespace myofatigue
