#pragma once
/// \file
/// \brief The myofatigue Rosenbrock methods as Boost.Odeint steppers.
///
/// RosenbrockControlledStepper models odeint's Controlled Stepper concept and
/// RosenbrockDenseOutputStepper its Dense Output Stepper concept, both on Eigen::VectorXd, so
/// `integrate_adaptive`, `integrate_times`, `integrate_const` work with them exactly as with
/// odeint's own `rosenbrock4`. Systems are given as odeint expects for implicit steppers:
/// `std::make_pair(rhs, jac)` with `rhs(x, dxdt, t)` and `jac(x, J, t, dfdt)`, or as a single
/// `rhs(x, dxdt, t)` (the Jacobian is then taken by finite differences).
/// For odeint's explicit steppers on the same state type include
/// <boost/numeric/odeint/external/eigen/eigen.hpp> (the Eigen algebra) in your translation unit.

#include <memory>
#include <optional>
#include <typeinfo>
#include <utility>

#include <boost/numeric/odeint/stepper/controlled_step_result.hpp>
#include <boost/numeric/odeint/stepper/stepper_categories.hpp>

#include "myofatigue/solvers/rosenbrock.hpp"

namespace myofatigue {

namespace detail {

template <class Rhs, class Jac>
struct OdeintPairSystem {
  Rhs& rhs_fn;
  Jac& jac_fn;
  void rhs(double t, const Vector& y, Vector& f) const { rhs_fn(y, f, t); }
  void jacobian(double t, const Vector& y, Matrix& J, Vector& dfdt) const { jac_fn(y, J, t, dfdt); }
};

template <class Rhs>
struct OdeintRhsSystem {
  Rhs& rhs_fn;
  void rhs(double t, const Vector& y, Vector& f) const { rhs_fn(y, f, t); }
};

template <class System>
auto adapt_odeint_system(System& system) {
  if constexpr (requires {
                  system.first;
                  system.second;
                }) {
    return OdeintPairSystem<decltype(system.first), decltype(system.second)>{system.first,
                                                                             system.second};
  } else {
    return OdeintRhsSystem<System>{system};
  }
}

/// Owns one RosenbrockCore per adapted system type, created on first use.
class OdeintEngine {
 public:
  explicit OdeintEngine(SolverOptions options) : options_(std::move(options)) {}

  template <class Adapted>
  RosenbrockCore<Adapted>& core(const Adapted& system, Index n) {
    if (!core_ || *type_ != typeid(Adapted) || n != n_) {
      core_ = std::make_shared<RosenbrockCore<Adapted>>(system, n, options_);
      type_ = &typeid(Adapted);
      n_ = n;
    }
    return *static_cast<RosenbrockCore<Adapted>*>(core_.get());
  }
  const SolverOptions& options() const noexcept { return options_; }
  SolverStats stats;

 private:
  SolverOptions options_;
  std::shared_ptr<void> core_;
  const std::type_info* type_ = nullptr;
  Index n_ = -1;
};

}  // namespace detail

/// \brief Error-controlled Rosenbrock stepper (odeint Controlled Stepper concept).
class RosenbrockControlledStepper {
 public:
  using state_type = Vector;
  using deriv_type = Vector;
  using value_type = double;
  using time_type = double;
  using order_type = unsigned short;
  using stepper_category = boost::numeric::odeint::controlled_stepper_tag;

  /// \param options method and tolerances (rtol, atol, jacobian mode, linear solver).
  explicit RosenbrockControlledStepper(SolverOptions options = {}) : engine_(std::move(options)) {}

  /// \brief Tries one step of size dt from (x, t). On success x and t advance and dt becomes the
  /// proposed next step; on failure x and t are unchanged and dt is reduced.
  template <class System>
  boost::numeric::odeint::controlled_step_result try_step(System system,
                                                          Vector& x,
                                                          double& t,
                                                          double& dt) {
    auto adapted = detail::adapt_odeint_system(system);
    auto& core = engine_.core(adapted, x.size());
    if (!controller_ || !(t == core.t() && x == core.y())) {
      core.forget_fsal();
      controller_ = StepSizeController(core.error_exponent());
      if (!core.set_point(adapted, t, x, engine_.stats)) return boost::numeric::odeint::fail;
    }
    const auto outcome = core.attempt(adapted, dt, engine_.stats);
    if (outcome != RosenbrockCore<decltype(adapted)>::Attempt::Ok) {
      ++engine_.stats.rejected;
      dt = controller_->failed(dt);
      return boost::numeric::odeint::fail;
    }
    const double err = core.error();
    if (err > 1.0) {
      ++engine_.stats.rejected;
      dt = std::min(controller_->rejected(dt, err), engine_.options().max_step);
      return boost::numeric::odeint::fail;
    }
    ++engine_.stats.steps;
    core.dense_segment(last_segment_);
    core.accept();
    t += dt;
    x = core.y_new();
    dt = std::min(controller_->accepted(dt, err), engine_.options().max_step);
    // Evaluate the Jacobian at the new point now, so a retry after rejection reuses it.
    core.set_point(adapted, t, x, engine_.stats);
    return boost::numeric::odeint::success;
  }

  /// \brief Work counters accumulated over every call.
  const SolverStats& stats() const noexcept { return engine_.stats; }
  /// \brief Continuous extension of the last accepted step.
  const DenseSegment& last_segment() const noexcept { return last_segment_; }

 private:
  detail::OdeintEngine engine_;
  std::optional<StepSizeController> controller_;
  DenseSegment last_segment_;
};

/// \brief Dense-output Rosenbrock stepper (odeint Dense Output Stepper concept).
class RosenbrockDenseOutputStepper {
 public:
  using state_type = Vector;
  using deriv_type = Vector;
  using value_type = double;
  using time_type = double;
  using order_type = unsigned short;
  using stepper_category = boost::numeric::odeint::dense_output_stepper_tag;

  explicit RosenbrockDenseOutputStepper(SolverOptions options = {})
      : stepper_(std::move(options)) {}

  /// \brief Sets the state, time and first step size.
  void initialize(const Vector& x0, double t0, double dt0) {
    current_ = x0;  // x0 may alias current_ (odeint re-initialises from current_state())
    t_ = t0;
    dt_ = dt0;
  }

  /// \brief Takes one accepted step; returns the interval it covers.
  template <class System>
  std::pair<double, double> do_step(System system) {
    previous_ = current_;
    t_prev_ = t_;
    int failures = 0;
    while (stepper_.try_step(system, current_, t_, dt_) == boost::numeric::odeint::fail) {
      if (++failures > 500)
        throw SolverError(Status::StepSizeTooSmall,
                          Failure{t_, dt_, current_, "500 consecutive rejected steps"});
    }
    return {t_prev_, t_};
  }

  /// \brief State at t inside the last step, from the method's continuous extension.
  void calc_state(double t, Vector& x) const {
    x.resize(previous_.size());
    stepper_.last_segment().evaluate(t, x);
  }

  const Vector& current_state() const noexcept { return current_; }
  double current_time() const noexcept { return t_; }
  const Vector& previous_state() const noexcept { return previous_; }
  double previous_time() const noexcept { return t_prev_; }
  double current_time_step() const noexcept { return dt_; }
  const SolverStats& stats() const noexcept { return stepper_.stats(); }

 private:
  RosenbrockControlledStepper stepper_;
  Vector current_, previous_;
  double t_ = 0.0, t_prev_ = 0.0, dt_ = 0.0;
};

}  // namespace myofatigue
