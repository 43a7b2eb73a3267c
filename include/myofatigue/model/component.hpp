#pragma once
/// \file
/// \brief Components: one submodel each, owning a contiguous slice of the state vector and
/// coupling to the rest only through declared signals and modulation channels.
///
/// A component author writes one `template <class T> void rhs(const Eval<T>&) const`; the CRTP
/// adapter ComponentImpl instantiates it for double and for the AD dual type, so Jacobians and
/// df/dt come for free.

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "myofatigue/core/dual.hpp"
#include "myofatigue/core/types.hpp"
#include "myofatigue/parameters/parameter_info.hpp"
#include "myofatigue/parameters/parameter_set.hpp"
#include "myofatigue/solvers/system.hpp"

namespace myofatigue {

/// \brief A state owned by a component. Full key: "prefix.symbol".
struct StateSpec {
  std::string_view symbol;       ///< e.g. "MF"
  std::string_view unit;         ///< e.g. "1" (fraction of motor units)
  std::string_view description;
  Range allowed;                 ///< the state must stay inside (checked by conformance tests)
  double initial;                ///< value at rest, fresh muscle
};

/// \brief A named, unit-carrying quantity passed between components (or from the protocol).
struct SignalSpec {
  std::string_view key;  ///< full key, e.g. "protocol.target_fraction"
  std::string_view unit;
  std::string_view description;
};

/// \brief How intervention contributions to a channel combine.
enum class Composition { Gain, Offset };

/// \brief A modulation channel a component honours: gains multiply from 1, offsets add from 0.
struct ChannelSpec {
  std::string_view key;  ///< e.g. "fatigue.recovery_gain"
  Composition composition;
  std::string_view description;
  double neutral() const noexcept { return composition == Composition::Gain ? 1.0 : 0.0; }
};

/// \brief A switching function of a piecewise-defined component: the sign of g(t, x, inputs)
/// selects a branch of its rhs. The integrator holds each branch for a whole step and restarts
/// exactly where g changes sign (docs/solvers.md, "Switching functions"), so a step never
/// straddles a kink or a jump of the right-hand side.
struct SwitchSpec {
  std::string_view symbol;       ///< e.g. "recruiting"
  std::string_view description;  ///< the condition g > 0 stands for, e.g. "MA < TL"
};

/// \brief Something a component reports besides its states (computed from states and inputs).
struct ObservableSpec {
  std::string_view symbol;  ///< full key "prefix.symbol"
  std::string_view unit;
  std::string_view description;
  bool is_capacity = false;  ///< the force fraction producible now (defines task failure)
};

/// \brief What a component sees during one rhs evaluation: time, its own state slice and
/// derivative slice, its declared input signals, output signals and channels (by position in
/// its own declaration arrays: no string look-ups in the hot loop).
template <class T>
struct Eval {
  T t;              ///< time [s]
  const T* x;       ///< own states, in states() order
  T* dxdt;          ///< own derivatives
  const T* inputs;  ///< values of reads(), in order
  T* outputs;       ///< values of writes(), in order
  const T* channel; ///< values of channels(), in order (neutral when no intervention acts)
  const double* p;  ///< parameter values, in parameter_info() order
  /// Branches held for the current step, one per switches() entry (1: g > 0 side, 0: the
  /// other); nullptr when each branch follows the sign of its switching function.
  const std::uint8_t* held = nullptr;
  /// Where to report the switching functions' values (switches() order); may be nullptr.
  double* switch_values = nullptr;

  /// \brief The branch of switching function k (switches() order) at value g: g > 0 unless
  /// the integrator holds the branch for this step. Every declared switching function must be
  /// evaluated through branch() on every call, so its value is reported even where the branch
  /// it selects is not used.
  bool branch(std::size_t k, const T& g) const {
    const double v = value_of(g);
    if (switch_values) switch_values[k] = v;
    return held ? held[k] != 0 : v > 0.0;
  }
};

/// \brief The abstract, scalar-free interface every component implements (via ComponentImpl).
class Component {
 public:
  virtual ~Component() = default;
  /// \brief Registered name, e.g. "three_compartment".
  virtual std::string_view name() const = 0;
  /// \brief Key prefix of states, parameters and observables, e.g. "fatigue".
  virtual std::string_view prefix() const = 0;
  virtual std::span<const StateSpec> states() const = 0;
  virtual std::span<const SignalSpec> reads() const = 0;
  virtual std::span<const SignalSpec> writes() const = 0;
  virtual std::span<const ChannelSpec> channels() const = 0;
  virtual std::span<const ObservableSpec> observables() const = 0;
  /// \brief Switching functions of a piecewise rhs (empty for a smooth one).
  virtual std::span<const SwitchSpec> switches() const = 0;
  virtual std::span<const ParameterInfo> parameter_info() const = 0;
  virtual std::span<const std::string_view> citations() const = 0;
  /// \brief Current parameter values, in parameter_info() order.
  virtual std::span<const double> parameters() const = 0;
  /// \brief A copy with the given values (same order); validated against `allowed`.
  /// \throws ParameterError naming the full key, value, unit and allowed range.
  virtual std::shared_ptr<const Component> with_parameters(std::span<const double> values) const = 0;

  virtual void rhs(const Eval<double>& e) const = 0;
  virtual void rhs(const Eval<JacobianDual>& e) const = 0;
  /// \brief Observables (observables() order) from the own states x and the input signals.
  virtual void observe(double t, const double* x, const double* inputs, const double* p,
                       double* out) const = 0;

  /// \brief Applies one electrical stimulation pulse to the own states x (impulsive inputs are
  /// state jumps, not rhs terms). interval_s: time since the previous pulse (infinity for the
  /// first). Default: the component does not respond to stimulation.
  virtual void stimulus_pulse(double* x, const double* p, double interval_s) const {
    (void)x, (void)p, (void)interval_s;
  }

  /// \brief Full key "prefix.symbol".
  std::string key(std::string_view symbol) const {
    return std::string(prefix()) + "." + std::string(symbol);
  }
};

/// \brief CRTP adapter: Derived provides static constexpr arrays `state_specs`, `read_specs`,
/// `write_specs`, `channel_specs`, `observable_specs`, `parameter_table`, `citation_keys`, the
/// strings `registered_name` and `key_prefix`, optionally `switch_specs` (a piecewise rhs), and
///   template <class T> void rhs_impl(const Eval<T>&) const;
///   void observe_impl(double t, const double* x, const double* in, const double* p, double* out) const;
template <class Derived>
class ComponentImpl : public Component {
 public:

  ComponentImpl() {
    for (const auto& info : Derived::parameter_table) values_.push_back(info.default_value);
  }

  std::string_view name() const override { return Derived::registered_name; }
  std::string_view prefix() const override { return Derived::key_prefix; }
  std::span<const StateSpec> states() const override { return Derived::state_specs; }
  std::span<const SignalSpec> reads() const override { return span_of(Derived::read_specs); }
  std::span<const SignalSpec> writes() const override { return span_of(Derived::write_specs); }
  std::span<const ChannelSpec> channels() const override { return span_of(Derived::channel_specs); }
  std::span<const ObservableSpec> observables() const override {
    return span_of(Derived::observable_specs);
  }
  std::span<const SwitchSpec> switches() const override {
    if constexpr (requires { Derived::switch_specs; }) {
      return span_of(Derived::switch_specs);
    } else {
      return {};
    }
  }
  std::span<const ParameterInfo> parameter_info() const override { return Derived::parameter_table; }
  std::span<const std::string_view> citations() const override { return Derived::citation_keys; }
  std::span<const double> parameters() const override { return values_; }

  std::shared_ptr<const Component> with_parameters(std::span<const double> values) const override {
    if (values.size() != values_.size())
      throw ParameterError(std::string(prefix()), "expects " + std::to_string(values_.size()) +
                                                      " parameter values, got " +
                                                      std::to_string(values.size()));
    auto copy = std::make_shared<Derived>(static_cast<const Derived&>(*this));
    for (std::size_t i = 0; i < values_.size(); ++i) {
      Derived::parameter_table[i].check(key(Derived::parameter_table[i].key), values[i]);
      copy->values_[i] = values[i];
    }
    return copy;
  }

  void rhs(const Eval<double>& e) const override { derived().rhs_impl(e); }
  void rhs(const Eval<JacobianDual>& e) const override { derived().rhs_impl(e); }
  void observe(double t, const double* x, const double* in, const double* p,
               double* out) const override {
    derived().observe_impl(t, x, in, p, out);
  }

 private:
  template <class A>
  static std::span<const typename A::value_type> span_of(const A& a) {
    return {a.data(), a.size()};
  }
  const Derived& derived() const { return static_cast<const Derived&>(*this); }
  std::vector<double> values_;  // immutable after construction
};

}  // namespace myofatigue
