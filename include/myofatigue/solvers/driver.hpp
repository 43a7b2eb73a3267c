#pragma once
/// \file
/// \brief The integration driver: an Integrator owns everything one solve needs (Rosenbrock
/// stages, Jacobian and factorisation, step-size controller, held branches) and is reused across
/// every constant-input phase of a protocol. solve_ivp (solve_ivp.hpp) is a scipy-shaped front
/// end over one Integrator; simulate() runs a whole protocol on one.
///
/// Per accepted step the Integrator reports to an observer (odeint's integrate functions take
/// one too), which interpolates what it needs on the step's dense output:
///   void step(const Core& core, double t0, double t1, const Vector& y1)
///       an accepted step [t0, t1] ending at y1; core.interpolate(t, y) is valid on it
///   void event(std::size_t k, double t_e, const Vector& y_e)
///       event k occurred at t_e (located on the dense output)
/// Observers that keep nothing use NullObserver.

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "myofatigue/solvers/rosenbrock.hpp"
#include "myofatigue/solvers/switching.hpp"

namespace myofatigue {

/// \brief A scalar event function g(t, y); an event occurs where g changes sign.
struct Event {
  std::function<double(double, const Vector&)> fn;
  bool terminal = false;  ///< stop the integration at occurrence number stop_after
  int direction = 0;      ///< 0: any crossing; +1: only g rising through 0; -1: only falling
  /// With terminal: the occurrence (1, 2, ...) that stops the integration (scipy's integer
  /// `terminal`). An occurrence is a step in which the event was found, as in scipy.
  std::size_t stop_after = 1;
  /// Whether a g that is exactly 0 where advance() starts counts as an occurrence there when the
  /// first step moves it to the side given by direction (scipy's solve_ivp convention). Off by
  /// default: simulate restarts each phase at a point where a task-failure event may already
  /// sit on zero, and must not fire it again.
  bool zero_at_start_counts = false;
};

/// \brief An observer that keeps nothing (see the file comment for the observer interface).
struct NullObserver {
  template <class Core>
  void step(const Core&, double, double, const Vector&) {}
  void event(std::size_t, double, const Vector&) {}
};

namespace detail {

/// g0 -> g1 is a crossing in the given direction: from strictly one side to the other side or
/// onto zero. A g that starts at zero has not crossed, unless zero_counts (scipy's convention,
/// used for the start of a solve: Event::zero_at_start_counts).
inline bool crosses(double g0, double g1, int direction, bool zero_counts = false) {
  const bool up = zero_counts ? g0 <= 0.0 && g1 >= 0.0 : g0 < 0.0 && g1 >= 0.0;
  const bool down = zero_counts ? g0 >= 0.0 && g1 <= 0.0 : g0 > 0.0 && g1 <= 0.0;
  return direction > 0 ? up : direction < 0 ? down : (up || down);
}

/// Hairer, Norsett & Wanner (1993), Solving ODEs I, Sec. II.4 "Starting step size", with the
/// scale atol + rtol |y0| allowed to vanish (atol = 0).
template <class System>
double initial_step(const System& system,
                    double t0,
                    const Vector& y0,
                    const Vector& f0,
                    int order,
                    const SolverOptions& o,
                    double span,
                    SolverStats& stats) {
  const Index n = y0.size();
  auto scale = [&](Index i) { return o.atol_of(i) + o.rtol_of(i) * std::abs(y0[i]); };
  double d0 = 0.0, d1 = 0.0;
  for (Index i = 0; i < n; ++i) {
    d0 += std::pow(scaled(y0[i], scale(i)), 2);
    d1 += std::pow(scaled(f0[i], scale(i)), 2);
  }
  d0 = std::sqrt(d0 / double(n));
  d1 = std::sqrt(d1 / double(n));
  double h0 = (d0 < 1e-5 || d1 < 1e-5 || !std::isfinite(d1)) ? 1e-6 : 0.01 * d0 / d1;
  h0 = std::min(h0, span);
  Vector y1 = y0 + h0 * f0;
  Vector f1(n);
  system.rhs(t0 + h0, y1, f1);
  ++stats.rhs_evals;
  double d2 = 0.0;
  for (Index i = 0; i < n; ++i) d2 += std::pow(scaled(f1[i] - f0[i], scale(i)), 2);
  d2 = std::sqrt(d2 / double(n)) / h0;
  const double dmax = std::max(d1, d2);
  const double h1 = (dmax <= 1e-15 || !std::isfinite(dmax))
                        ? std::max(1e-6, h0 * 1e-3)
                        : std::pow(0.01 / dmax, 1.0 / (order + 1));
  return std::min({100.0 * h0, h1, span});
}

}  // namespace detail

/// \brief The reusable integration workspace (see the file comment). Not thread-safe: one per
/// run. The system is kept by pointer and must outlive the Integrator; its inputs may change
/// between advance() calls provided start() is called after each change.
template <OdeSystem System>
class Integrator {
 public:
  using Core = RosenbrockCore<System>;

  /// \throws ParameterError for options that do not fit this system (see SolverOptions).
  Integrator(const System& system, Index n, const SolverOptions& options)
      : system_(&system),
        options_(options),
        core_(system, n, options),
        controller_(core_.error_exponent()),
        branches_(system),
        n_(n),
        y_(n),
        y_tmp_(n),
        y_stop_(n) {}

  /// \brief Declares bounds on the states: a step whose end state leaves [lower, upper] by more
  /// than the tolerance (atol_i + rtol |bound|) is rejected and retried with a smaller step.
  /// Infinite entries are unbounded.
  void set_bounds(Vector lower, Vector upper) {
    lower_ = std::move(lower);
    upper_ = std::move(upper);
  }

  /// \brief (Re)starts at (t, y), after the system's inputs changed or the state jumped:
  /// evaluates f, J and df/dt there; the branches of a switched system follow the signs at
  /// (t, y). The step-size guess and the step budget carry over from earlier phases.
  /// \return false, with failure() set, when f(t, y) is not finite.
  bool start(double t, const Vector& y) {
    t_ = t;
    y_ = y;
    core_.forget_fsal();
    branches_.reset(t, y);
    point_ready_ = set_point("at the start");
    return point_ready_;
  }

  /// \brief Integrates from t() to t_end > t(), watching `events`.
  /// \return Completed (t() == t_end), StoppedByEvent (t() is the terminal event), or the
  /// failure status (failure() says where; t(), y() are the last accepted point).
  template <class Observer>
  Status advance(double t_end, std::span<const Event> events, Observer&& observer) {
    if (failure_) return status_;
    if (!point_ready_ && !start(t_, y_)) return status_;  // e.g. resuming after a terminal event
    const std::size_t n_events = events.size();
    g_prev_.resize(n_events);
    for (std::size_t k = 0; k < n_events; ++k) g_prev_[k] = events[k].fn(t_, y_);
    occurrences_.assign(n_events, 0);
    bool at_start = true;  // where a g at exactly 0 may count (Event::zero_at_start_counts)
    // No guess yet, or one too small to make progress here (after a sliver of a phase).
    if (h_ <= 0.0 || h_ < 1024.0 * std::numeric_limits<double>::epsilon() * std::abs(t_)) {
      h_ = options_.first_step > 0.0
               ? options_.first_step
               : detail::initial_step(*system_, t_, y_, core_.f(), core_.order(), options_,
                                      t_end - t_, stats_);
      // A first step below min_step starts at min_step (LSODA's hmin does the same).
      h_ = std::max(std::min(h_, options_.max_step), options_.min_step);
    }
    double h = std::min(h_, options_.max_step);
    int consecutive_singular = 0;
    bool out_of_bounds = false;
    while (t_ < t_end) {
      const double h_round_off = 16.0 * std::numeric_limits<double>::epsilon() * std::abs(t_);
      const double h_min = std::max(h_round_off, options_.min_step);
      if (++attempts_ > options_.max_steps)
        return fail(
            Status::MaxStepsReached, h,
            "more than max_steps = " + std::to_string(options_.max_steps) + " step attempts");
      if (options_.interrupted && options_.interrupted())
        return fail(Status::Interrupted, h, "interrupted on request");
      // The step that lands on t_end may be shorter than min_step: only the controller's own
      // steps are held to it.
      if (!(h >= h_min || (h >= h_round_off && t_ + h >= t_end)) || h <= 0.0)
        return fail(Status::StepSizeTooSmall, h,
                    (h_min > h_round_off ? "step size fell below min_step = "
                                         : "step size fell below 16 eps |t| = ") +
                        detail::format_value(h_min) +
                        (out_of_bounds ? " while every step left the states' bounds" : ""));
      // Land exactly on t_end; stretch a step that would leave a sliver. The step the controller
      // wanted is kept as the guess for what follows (the next phase), not the clipped one.
      bool last = false;
      double h_wanted = h;
      if (t_ + 1.1 * h >= t_end) {
        h_wanted = std::max(h, t_end - t_);
        h = t_end - t_;
        last = true;
      }
      const auto outcome = core_.attempt(*system_, h, stats_);
      if (outcome == Core::Attempt::Singular) {
        ++stats_.rejected;
        if (++consecutive_singular > 10)
          return fail(Status::SingularJacobian, h, "iteration matrix I/(h gamma) - J is singular");
        h = controller_.failed(h);
        continue;
      }
      consecutive_singular = 0;
      if (outcome == Core::Attempt::NonFinite) {
        ++stats_.rejected;
        const double h_next = controller_.failed(h);
        if (h_next < h_min)
          return fail(
              Status::NonFiniteState, h,
              "right-hand side or state is not finite (or a stage state grew a million-fold "
              "beyond the state's scale) for every step size tried");
        h = h_next;
        continue;
      }
      const double err = core_.error();
      if (err > 1.0) {
        ++stats_.rejected;
        h = std::min(controller_.rejected(h, err), options_.max_step);
        continue;
      }
      // The step is valid up to the first held branch that stops holding inside it (a switch)
      // or the first terminal event, whichever comes first: events are looked for on
      // [t, t_switch], and the states must be inside their bounds where the step ends.
      const double t_new = last ? t_end : t_ + h;
      const std::optional<double> t_switch =
          branches_.crossing(core_, t_, t_new, core_.y_new(), y_tmp_);
      double t_stop = t_new;
      const Vector* y_stop = &core_.y_new();
      if (t_switch) {
        t_stop = *t_switch;
        core_.interpolate(t_stop, y_stop_);
        y_stop = &y_stop_;
      }
      found_.clear();
      g_new_.resize(n_events);
      bool terminal = false;
      for (std::size_t k = 0; k < n_events; ++k) {
        g_new_[k] = events[k].fn(t_stop, *y_stop);
        const bool zero_counts = at_start && events[k].zero_at_start_counts;
        if (detail::crosses(g_prev_[k], g_new_[k], events[k].direction, zero_counts)) {
          const double te = g_prev_[k] == 0.0 ? t_
                            : g_new_[k] == 0.0
                                ? t_stop
                                : detail::locate_root(events[k].fn, core_, t_, t_stop, g_prev_[k],
                                                      g_new_[k], y_tmp_);
          found_.emplace_back(te, k);
        }
      }
      std::sort(found_.begin(), found_.end());
      std::size_t n_found = 0;
      for (const auto& [te, k] : found_) {
        if (terminal && te > t_stop) break;
        ++n_found;
        if (events[k].terminal && occurrences_[k] + 1 >= events[k].stop_after && !terminal) {
          terminal = true;
          t_stop = te;
        }
      }
      if (terminal) {
        core_.interpolate(t_stop, y_stop_);
        y_stop = &y_stop_;
      }
      out_of_bounds = leaves_bounds(*y_stop);
      if (out_of_bounds) {
        ++stats_.rejected;
        h = controller_.failed(h);
        continue;
      }

      // Accepted step [t, t_stop].
      ++stats_.steps;
      at_start = false;
      g_prev_.swap(g_new_);
      for (std::size_t j = 0; j < n_found; ++j) {
        ++occurrences_[found_[j].second];
        core_.interpolate(found_[j].first, y_tmp_);
        observer.event(found_[j].second, found_[j].first, y_tmp_);
      }
      if (terminal) {
        if (t_stop > t_) observer.step(core_, t_, t_stop, *y_stop);
        t_ = t_stop;
        y_ = *y_stop;
        h_ = h;
        point_ready_ = false;  // f and J are those of t, not of the event
        status_ = Status::StoppedByEvent;
        return status_;
      }
      // A switch found at t itself (a switching function that vanished where its branch
      // flipped) cuts the step to nothing: the branches change, the solution does not.
      if (t_stop > t_) observer.step(core_, t_, t_stop, *y_stop);
      h = std::min(controller_.accepted(h, err), options_.max_step);
      if (last && !t_switch) h = std::max(h, std::min(h_wanted, options_.max_step));
      if (t_switch) {
        ++stats_.switches;  // restart on the new branch: f, J and df/dt at the switch
        // A system may act on its state at a switch (forward sensitivities jump there when the
        // rhs does): before_switch sees the old branches, after_switch the new ones.
        if constexpr (requires { system_->before_switch(t_stop, *y_stop); })
          system_->before_switch(t_stop, *y_stop);
        branches_.switch_at(t_, t_stop, *y_stop);
        t_ = t_stop;
        y_ = *y_stop;
        if constexpr (requires { system_->after_switch(t_, y_); }) system_->after_switch(t_, y_);
        core_.forget_fsal();
      } else {
        branches_.advance();
        core_.accept();
        t_ = t_new;
        y_ = core_.y_new();
      }
      h_ = h;
      if (t_ >= t_end) break;
      if (!set_point("at the accepted state")) return status_;
    }
    status_ = Status::Completed;
    return status_;
  }

  double t() const noexcept { return t_; }
  const Vector& y() const noexcept { return y_; }
  /// \brief The step size the controller proposes next (carried across phases).
  double step_guess() const noexcept { return h_; }
  const SolverStats& stats() const noexcept { return stats_; }
  SolverStats& stats() noexcept { return stats_; }
  Status status() const noexcept { return status_; }
  const std::optional<Failure>& failure() const noexcept { return failure_; }
  /// \brief Describes the failure (with t, step and any sliding mode); empty without one.
  const std::string& message() const noexcept { return message_; }
  const Core& core() const noexcept { return core_; }
  const SolverOptions& options() const noexcept { return options_; }

 private:
  // f, J and df/dt at (t_, y_); a failure names which of them is not finite.
  bool set_point(const char* where) {
    if (!core_.set_point(*system_, t_, y_, stats_)) {
      fail(Status::NonFiniteState, h_, std::string("f(t, y) is not finite ") + where);
      return false;
    }
    if (!core_.jacobian_finite()) {
      fail(Status::NonFiniteState, h_,
           std::string("the Jacobian df/dy or df/dt is not finite ") + where);
      return false;
    }
    return true;
  }

  Status fail(Status status, double h, const std::string& what) {
    status_ = status;
    failure_ = Failure{t_, h, y_, what};
    message_ = std::string(to_string(status)) + " at t = " + detail::format_value(t_) +
               " with step " + detail::format_value(h) + ": " + what + branches_.sliding_note();
    return status;
  }

  bool leaves_bounds(const Vector& y) const {
    if (lower_.size() == 0) return false;
    for (Index i = 0; i < n_; ++i) {
      const double a = options_.atol_of(i), r = options_.rtol_of(i);
      if (y[i] < lower_[i] - (a + r * std::abs(lower_[i])) ||
          y[i] > upper_[i] + (a + r * std::abs(upper_[i])))
        return true;
    }
    return false;
  }

  const System* system_;
  SolverOptions options_;
  Core core_;
  StepSizeController controller_;
  BranchHolder<System> branches_;
  Index n_;
  double t_ = 0.0, h_ = 0.0;
  Vector y_, y_tmp_, y_stop_;
  Vector lower_, upper_;
  SolverStats stats_;
  std::size_t attempts_ = 0;
  bool point_ready_ = false;  // the core holds f, J and df/dt at (t_, y_)
  Status status_ = Status::Completed;
  std::optional<Failure> failure_;
  std::string message_;
  std::vector<double> g_prev_, g_new_;    // event functions at t and where a step ends
  std::vector<std::size_t> occurrences_;  // per event, steps in which it was found (this advance)
  std::vector<std::pair<double, std::size_t>> found_;  // (time, event) crossings in one step
};

}  // namespace myofatigue
