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
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "myofatigue/core/dual.hpp"
#include "myofatigue/core/types.hpp"
#include "myofatigue/parameters/parameter_info.hpp"
#include "myofatigue/parameters/parameter_set.hpp"
#include "myofatigue/solvers/system.hpp"

namespace myofatigue {

/// \brief A state owned by a component. Full key: "prefix.symbol".
struct StateSpec {
  std::string_view symbol;  ///< e.g. "MF"
  std::string_view unit;    ///< e.g. "1" (fraction of motor units)
  std::string_view description;
  Range allowed;   ///< the state must stay inside (checked by conformance tests)
  double initial;  ///< value at rest, fresh muscle (Component::rested_state)
};

/// \brief A named, unit-carrying quantity passed between components (or from the protocol).
struct SignalSpec {
  std::string_view key;  ///< full key, e.g. "protocol.target_fraction"
  std::string_view unit;
  std::string_view description;
  /// For a written signal: a function of its producer's own states, t, parameters and channels
  /// only, never of the producer's inputs. The model evaluates such signals before every other
  /// component, so their readers need not run after the producer, and the producer may close a
  /// feedback loop with them (force -> metabolites -> force capacity): the signal graph is
  /// acyclic without the edges through such signals. Checked by conformance (the signal does
  /// not move when the producer's inputs do).
  bool from_states = false;
  /// For a read: the model may lack a producer, and the reader then sees `fallback` (a neutral
  /// value: a force factor of 1, a ceiling of 1), so one component serves alone and inside a
  /// composition that feeds it back (the motor-unit pool alone is Potvin & Fuglevand's model;
  /// in the integrative model it reads the metabolic force factor). Declare it with designated
  /// initializers: SignalSpec{.key = ..., .unit = ..., .description = ..., .optional = true,
  /// .fallback = 1.0}.
  bool optional = false;
  double fallback = 0.0;
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
  /// The quantity's standard name across models, if it is one of those every integrative run
  /// reports (docs/architecture.md, "Observables by standard name"), e.g. "pcr_mM": the Result
  /// carries it under that key as well as under "prefix.symbol".
  std::string_view alias = {};
};

/// \brief How a component is built, beside its parameters: structure fixed for the model's
/// lifetime (the Model's state layout depends on it), so it is not a parameter.
struct ComponentOptions {
  /// Number of replicas of the component's state block (motor units of a pool), laid out
  /// unit-major: unit u's S states are x[u*S .. u*S + S). Unset: the component's default (1
  /// for a component that is not replicated). \throws ParameterError "units" when the
  /// component is not replicated and units != 1, or when outside its allowed range.
  std::optional<Index> units;
};

/// \brief One entry of a spec array tagged with the enum value that names it (see in_order).
template <class E, class Spec>
struct Slot {
  E index;
  Spec spec;
};
/// \brief Tags a spec with the enumerator that components use to index it.
template <class E, class Spec>
constexpr Slot<E, Spec> slot(E index, Spec spec) {
  return {index, spec};
}
/// \brief A spec array whose order is checked against the enumerators at compile time, so
/// `e.inputs[TargetFraction]` and `read_specs` cannot drift apart:
///   enum Read { TargetFraction };
///   static constexpr auto read_specs = in_order(slot(TargetFraction, SignalSpec{...}));
/// An entry out of enum order makes the constant expression ill-formed (a compile error).
template <class E, class Spec, class... More>
consteval std::array<Spec, 1 + sizeof...(More)> in_order(Slot<E, Spec> first, More... more) {
  std::array<Spec, 1 + sizeof...(More)> out{first.spec, more.spec...};
  std::array<int, 1 + sizeof...(More)> index{int(first.index), int(more.index)...};
  for (std::size_t i = 0; i < index.size(); ++i)
    if (index[i] != int(i)) throw std::logic_error("spec listed out of its enum order");
  return out;
}

/// \brief What a component sees during one rhs evaluation: time, its own state slice and
/// derivative slice, its declared input signals, output signals and channels (by position in
/// its own declaration arrays: no string look-ups in the hot loop).
template <class T>
struct Eval {
  T t;               ///< time [s]
  const T* x;        ///< own states, in states() order
  T* dxdt;           ///< own derivatives
  const T* inputs;   ///< values of reads(), in order
  T* outputs;        ///< values of writes(), in order
  const T* channel;  ///< values of channels(), in order (neutral when no intervention acts)
  const double* p;   ///< parameter values, in parameter_info() order
  /// Branches held for the current step, one per switches() entry (1: g > 0 side, 0: the
  /// other); nullptr when each branch follows the sign of its switching function.
  const std::uint8_t* held = nullptr;
  /// Where to report the switching functions' values (switches() order); may be nullptr.
  double* switch_values = nullptr;
  /// Replicas of the state block (ComponentOptions::units): unit u's states are x[u*S + i],
  /// its derivatives dxdt[u*S + i] (S = states().size()).
  Index units = 1;
  /// Switching functions per unit (switches().size()); unit u's k-th is number u*n + k.
  std::size_t switches_per_unit = 0;
  /// Per-run scratch of memo_size() doubles (NaN at the start of a run) where a component may
  /// keep hints between evaluations, e.g. the warm start of an iterative solve inside its rhs;
  /// nullptr where there is none. What an evaluation computes may depend on it only by
  /// round-off. Owned by the ModelSystem (one per run), so components stay immutable.
  double* memo = nullptr;

  /// \brief The branch of switching function k (switches() order) at value g: g > 0 unless
  /// the integrator holds the branch for this step. Every declared switching function must be
  /// evaluated through branch() on every call, so its value is reported even where the branch
  /// it selects is not used.
  bool branch(std::size_t k, const T& g) const {
    const double v = value_of(g);
    if (switch_values) switch_values[k] = v;
    return held ? held[k] != 0 : v > 0.0;
  }
  /// \brief branch() for switching function k (switches() order) of unit u.
  bool unit_branch(Index u, std::size_t k, const T& g) const {
    return branch(std::size_t(u) * switches_per_unit + k, g);
  }
};

/// \brief A component's own derivatives at one point, for a component that computes them
/// itself (Component::own_jacobian) instead of by dual passes: size = units * S own states,
/// r = reads().size() inputs, m = writes().size() outputs. Every block is zero on entry.
struct ComponentJacobian {
  /// \brief d(own rhs)/d(own states) in factored form, for a component whose units couple only
  /// through unit_couplings() = r pool-level scalars (factored_jacobian()):
  ///   dfdx = blockdiag(B_0 ... B_{units-1}) + u v^T,
  /// B_k the S x S block of unit k, column-major at unit_blocks + k S S; u, v size x r.
  struct Factored {
    double* unit_blocks;
    Eigen::Ref<Matrix> u, v;
  };
  Eigen::Ref<Matrix> dfdx;  ///< size x size, d(own rhs)/d(own states); empty when factored is set
  Eigen::Ref<Matrix> dfdu;  ///< size x r, d(own rhs)/d(inputs)
  Eigen::Ref<Vector> dfdt;  ///< size, explicit d(own rhs)/dt
  Eigen::Ref<Matrix> dydx;  ///< m x size, d(outputs)/d(own states)
  Eigen::Ref<Matrix> dydu;  ///< m x r
  Eigen::Ref<Vector> dydt;  ///< m
  /// \brief When set (only for a component with factored_jacobian()), dfdx is empty and the
  /// component writes d(own rhs)/d(own states) here instead (zero on entry, like the rest).
  Factored* factored = nullptr;
};

/// \brief The abstract, scalar-free interface every component implements (via ComponentImpl).
class Component {
 public:
  virtual ~Component() = default;
  /// \brief Registered name, e.g. "three_compartment".
  virtual std::string_view name() const = 0;
  /// \brief Key prefix of states, parameters and observables, e.g. "fatigue".
  virtual std::string_view prefix() const = 0;
  /// \brief The states of one unit (of the only one, for a component that is not replicated).
  virtual std::span<const StateSpec> states() const = 0;
  /// \brief Replicas of the state block (ComponentOptions::units); 1 unless replicated.
  virtual Index units() const { return 1; }
  /// \brief Number of pool-level scalars through which the units' rhs depend on other units'
  /// states (0: unit u's rhs depends only on unit u's states and the inputs). The contract,
  /// checked by conformance, is that the unit-to-unit blocks of df/dx have at most this rank.
  virtual Index unit_couplings() const { return 0; }
  /// \brief Signals read (full keys), in the order of Eval::inputs.
  virtual std::span<const SignalSpec> reads() const = 0;
  /// \brief Signals written (full keys), in the order of Eval::outputs.
  virtual std::span<const SignalSpec> writes() const = 0;
  /// \brief Modulation channels honoured, in the order of Eval::channel.
  virtual std::span<const ChannelSpec> channels() const = 0;
  /// \brief Scalar observables (one value per component).
  virtual std::span<const ObservableSpec> observables() const = 0;
  /// \brief Per-unit observables (units() values each), e.g. a firing rate per motor unit.
  virtual std::span<const ObservableSpec> unit_observables() const { return {}; }
  /// \brief Switching functions of a piecewise rhs, per unit (empty for a smooth one).
  virtual std::span<const SwitchSpec> switches() const = 0;
  virtual std::span<const ParameterInfo> parameter_info() const = 0;
  virtual std::span<const std::string_view> citations() const = 0;
  /// \brief Current parameter values, in parameter_info() order.
  virtual std::span<const double> parameters() const = 0;
  /// \brief A copy with the given values (same order); validated against `allowed`, with any
  /// per-unit tables derived from the parameters recomputed.
  /// \throws ParameterError naming the full key, value, unit and allowed range.
  virtual std::shared_ptr<const Component> with_parameters(
      std::span<const double> values) const = 0;

  /// \brief Derivatives of the own states (all units) given the inputs and channels.
  virtual void rhs(const Eval<double>& e) const = 0;
  virtual void rhs(const Eval<JacobianDual>& e) const = 0;
  /// \brief Scalar observables (observables() order) at e.t from the own states, inputs and
  /// channels (e.dxdt and e.outputs are scratch). Default: none.
  virtual void observe(const Eval<double>& e, double* out) const { (void)e, (void)out; }
  /// \brief Per-unit observables, spec-major: out[k * units() + u] for unit_observables()[k].
  virtual void observe_units(const Eval<double>& e, double* out) const { (void)e, (void)out; }
  /// \brief Whether own_jacobian() is provided (a component whose structure makes it much
  /// cheaper than dual passes over its own states, e.g. units coupled through one scalar).
  virtual bool provides_own_jacobian() const { return false; }
  /// \brief Fills j at the point e (e.dxdt and e.outputs are scratch); held branches as in rhs.
  /// Must agree with AD of rhs() (checked by conformance). Default: not provided.
  virtual void own_jacobian(const Eval<double>& e, ComponentJacobian& j) const { (void)e, (void)j; }
  /// \brief Whether own_jacobian() also fills ComponentJacobian::factored (block-diagonal plus
  /// rank unit_couplings()); then the solvers can keep the Jacobian in O(n) storage and solve
  /// with Woodbury (solvers/block_low_rank.hpp). Declared by `static constexpr bool
  /// factored_own_jacobian = true` in the component.
  virtual bool factored_jacobian() const { return false; }
  /// \brief Doubles of per-run scratch the component wants in Eval::memo (declared by
  /// `static constexpr Index memo_slots`); 0 by default.
  virtual Index memo_size() const { return 0; }
  /// \brief Whether some signal it writes is a function of its states only
  /// (SignalSpec::from_states).
  bool writes_from_states() const {
    for (const auto& w : writes())
      if (w.from_states) return true;
    return false;
  }
  /// \brief The relative tolerance at which endurance_time() resolves this component's
  /// endurance times well inside their validation band, where that is looser than the
  /// SimulationOptions default (declared by `static constexpr double endurance_rtol`, with the
  /// measurement in the model's page); 0: none (the default applies).
  virtual double endurance_rtol() const { return 0.0; }

  /// \brief The rested, fresh state of one unit (states() order), for the current parameters.
  /// Default: the specs' initial values. A component whose rest is a parameter (resting PCr,
  /// resting K+) overrides it (CRTP: `void rested_state_impl(double* x) const`), so that the
  /// rested muscle stays a steady state whatever the parameters.
  virtual void rested_state(double* x) const {
    const auto specs = states();
    for (std::size_t i = 0; i < specs.size(); ++i) x[i] = specs[i].initial;
  }

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

/// \brief CRTP adapter. Derived provides the strings `registered_name` and `key_prefix`, the
/// static constexpr array `state_specs` and
///   template <class T> void rhs_impl(const Eval<T>&) const;
/// Everything else is optional and defaults to "none": the arrays `read_specs`, `write_specs`,
/// `channel_specs`, `observable_specs`, `unit_observable_specs`, `switch_specs`,
/// `parameter_table`, `citation_keys` (build the indexed ones with in_order/slot), and
///   void observe_impl(const Eval<double>&, double* out) const;        // if observable_specs
///   void observe_units_impl(const Eval<double>&, double* out) const;  // if unit_observable_specs
///   void derive();  // recompute tables derived from the parameters (called by with_parameters)
///   void own_jacobian_impl(const Eval<double>&, ComponentJacobian&) const;  // see own_jacobian
/// and the flags `factored_own_jacobian` and `memo_slots`.
/// A replicated component declares `static constexpr Index default_units` (and may declare
/// `min_units`, `max_units`, `coupling_scalars` for unit_couplings()), and a constructor from
/// ComponentOptions that passes them on to ComponentImpl and calls its own derive().
template <class Derived>
class ComponentImpl : public Component {
 public:
  explicit ComponentImpl(const ComponentOptions& options = {}) : units_(resolve_units(options)) {
    for (const auto& info : param_table()) values_.push_back(info.default_value);
  }

  /// \brief Builds the component with the given options (what Registry factories call).
  /// \throws ParameterError "units" for a unit count the component does not accept.
  static std::shared_ptr<const Derived> create(const ComponentOptions& options = {}) {
    if constexpr (std::is_constructible_v<Derived, const ComponentOptions&>) {
      return std::make_shared<const Derived>(options);
    } else {
      (void)resolve_units(options);
      return std::make_shared<const Derived>();
    }
  }

  std::string_view name() const override { return Derived::registered_name; }
  std::string_view prefix() const override { return Derived::key_prefix; }
  std::span<const StateSpec> states() const override { return Derived::state_specs; }
  Index units() const override { return units_; }
  Index unit_couplings() const override {
    if constexpr (requires { Derived::coupling_scalars; }) return Derived::coupling_scalars;
    else return 0;
  }
  std::span<const SignalSpec> reads() const override {
    if constexpr (requires { Derived::read_specs; }) return span_of(Derived::read_specs);
    else return {};
  }
  std::span<const SignalSpec> writes() const override {
    if constexpr (requires { Derived::write_specs; }) return span_of(Derived::write_specs);
    else return {};
  }
  std::span<const ChannelSpec> channels() const override {
    if constexpr (requires { Derived::channel_specs; }) return span_of(Derived::channel_specs);
    else return {};
  }
  std::span<const ObservableSpec> observables() const override {
    if constexpr (requires { Derived::observable_specs; })
      return span_of(Derived::observable_specs);
    else return {};
  }
  std::span<const ObservableSpec> unit_observables() const override {
    if constexpr (requires { Derived::unit_observable_specs; })
      return span_of(Derived::unit_observable_specs);
    else return {};
  }
  std::span<const SwitchSpec> switches() const override {
    if constexpr (requires { Derived::switch_specs; }) return span_of(Derived::switch_specs);
    else return {};
  }
  std::span<const ParameterInfo> parameter_info() const override { return param_table(); }
  std::span<const std::string_view> citations() const override {
    if constexpr (requires { Derived::citation_keys; }) return span_of(Derived::citation_keys);
    else return {};
  }
  std::span<const double> parameters() const override { return values_; }

  std::shared_ptr<const Component> with_parameters(std::span<const double> values) const override {
    if (values.size() != values_.size())
      throw ParameterError(std::string(prefix()), "expects " + std::to_string(values_.size()) +
                                                      " parameter values, got " +
                                                      std::to_string(values.size()));
    auto copy = std::make_shared<Derived>(static_cast<const Derived&>(*this));
    const auto table = param_table();
    for (std::size_t i = 0; i < values_.size(); ++i) {
      table[i].check(key(table[i].key), values[i]);
      copy->values_[i] = values[i];
    }
    if constexpr (requires(Derived& d) { d.derive(); }) copy->derive();
    return copy;
  }

  void rhs(const Eval<double>& e) const override { derived().rhs_impl(e); }
  void rhs(const Eval<JacobianDual>& e) const override { derived().rhs_impl(e); }
  void observe(const Eval<double>& e, double* out) const override {
    if constexpr (requires { Derived::observable_specs; }) {
      static_assert(
          requires(const Derived& d) { d.observe_impl(e, out); },
          "a component with observable_specs must define observe_impl");
      derived().observe_impl(e, out);
    } else {
      (void)e, (void)out;
    }
  }
  bool provides_own_jacobian() const override {
    return requires(const Derived& d, const Eval<double>& e, ComponentJacobian& j) {
      d.own_jacobian_impl(e, j);
    };
  }
  void own_jacobian(const Eval<double>& e, ComponentJacobian& j) const override {
    if constexpr (requires(const Derived& d) { d.own_jacobian_impl(e, j); })
      derived().own_jacobian_impl(e, j);
    else (void)e, (void)j;
  }
  Index memo_size() const override {
    if constexpr (requires { Derived::memo_slots; }) return Derived::memo_slots;
    else return 0;
  }
  bool factored_jacobian() const override {
    if constexpr (requires { Derived::factored_own_jacobian; })
      return Derived::factored_own_jacobian;
    else return false;
  }
  double endurance_rtol() const override {
    if constexpr (requires { Derived::endurance_rtol; }) return Derived::endurance_rtol;
    else return 0.0;
  }
  void rested_state(double* x) const override {
    if constexpr (requires(const Derived& d) { d.rested_state_impl(x); })
      derived().rested_state_impl(x);
    else Component::rested_state(x);
  }
  void observe_units(const Eval<double>& e, double* out) const override {
    if constexpr (requires { Derived::unit_observable_specs; }) {
      static_assert(
          requires(const Derived& d) { d.observe_units_impl(e, out); },
          "a component with unit_observable_specs must define observe_units_impl");
      derived().observe_units_impl(e, out);
    } else {
      (void)e, (void)out;
    }
  }

 protected:
  /// \brief Parameter values in parameter_table order (for derive()).
  const std::vector<double>& values() const noexcept { return values_; }

 private:
  static std::span<const ParameterInfo> param_table() {
    if constexpr (requires { Derived::parameter_table; }) return span_of(Derived::parameter_table);
    else return {};
  }
  static Index resolve_units(const ComponentOptions& options) {
    if constexpr (requires { Derived::default_units; }) {
      const Index n = options.units.value_or(Derived::default_units);
      Index lo = 1, hi = Index(1) << 20;
      if constexpr (requires { Derived::min_units; }) lo = Derived::min_units;
      if constexpr (requires { Derived::max_units; }) hi = Derived::max_units;
      if (n < lo || n > hi)
        throw ParameterError("units", "= " + std::to_string(n) + " is not in [" +
                                          std::to_string(lo) + ", " + std::to_string(hi) +
                                          "] for component '" +
                                          std::string(Derived::registered_name) + "'");
      return n;
    } else {
      if (options.units && *options.units != 1)
        throw ParameterError("units", "= " + std::to_string(*options.units) + ": component '" +
                                          std::string(Derived::registered_name) +
                                          "' is not replicated (units must be 1)");
      return 1;
    }
  }
  template <class A>
  static std::span<const typename A::value_type> span_of(const A& a) {
    return {a.data(), a.size()};
  }
  const Derived& derived() const { return static_cast<const Derived&>(*this); }
  Index units_;
  std::vector<double> values_;  // immutable after construction (with_parameters copies)
};

}  // namespace myofatigue
