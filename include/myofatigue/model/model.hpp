#pragma once
/// \file
/// \brief Immutable Model (components with assigned state slices and resolved signals) and its
/// ModelBuilder. A Model is shared freely across threads; all scratch lives in a Workspace.

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "myofatigue/model/component.hpp"

namespace myofatigue {

/// \brief One state of the assembled model. A replicated component's states are keyed
/// "prefix.symbol[u]" (u = 0 .. n_units-1, unit-major in the state vector: unit u's block of S
/// states is contiguous), so `base` and `unit_index` let a Result present them as one
/// (n_samples, n_units) block.
struct StateInfo {
  std::string key;  ///< "fatigue.MF", or "pool.P[17]" for unit 17 of a replicated component
  std::string unit;
  Index offset;     ///< position in the state vector
  Index component;  ///< index into Model::components()
  Range allowed;
  std::string base = {};  ///< key without the unit index ("pool.P"); equals key when n_units == 1
  Index unit_index = 0;   ///< u in [0, n_units)
  Index n_units = 1;      ///< units of the owning component
};

/// \brief The state key of unit u of a replicated component: "pool.P[17]".
inline std::string unit_key(std::string_view base, Index u) {
  std::string k(base);
  k.append("[").append(std::to_string(u)).append("]");
  return k;
}

/// \brief Signals produced by the protocol for every model (see docs/protocols.md).
inline constexpr std::array<SignalSpec, 3> protocol_signals{
    SignalSpec{"protocol.target_fraction", "1", "target load as a fraction of fresh MVC"},
    SignalSpec{"protocol.lengthening", "1",
               "1 while an eccentric (lengthening) contraction is loaded, else 0"},
    SignalSpec{"protocol.shortening", "1",
               "1 while a concentric (shortening) contraction is loaded, else 0"},
};

/// \brief An assembled, validated, immutable model.
class Model {
 public:
  /// \brief How one component is wired into the model (resolved once at build time).
  struct Wiring {
    Index offset = 0, size = 0;        ///< size = units * states().size()
    Index units = 1;                   ///< replicas of the component's state block
    Index switch_offset = 0;           ///< first of its switching functions in the model's list
    Index switch_count = 0;            ///< units * switches().size()
    Index unit_observable_offset = 0;  ///< first of its per-unit observable values
    std::vector<Index> reads, writes, channels;  ///< signal ids / channel ids, declaration order
  };
  struct ChannelInfo {
    std::string key;
    Composition composition;
  };

  Index n_states() const noexcept { return n_states_; }
  const std::vector<StateInfo>& states() const noexcept { return states_; }
  const std::vector<std::shared_ptr<const Component>>& components() const noexcept {
    return components_;
  }
  const std::vector<Wiring>& wiring() const noexcept { return wiring_; }
  const std::vector<std::string>& signal_keys() const noexcept { return signal_keys_; }
  const std::vector<ChannelInfo>& channels() const noexcept { return channels_; }
  /// \brief Keys of all observables, in component order ("fatigue.capacity", ...).
  const std::vector<std::string>& observable_keys() const noexcept { return observable_keys_; }
  /// \brief Standard names of observables (ObservableSpec::alias) and the index, into
  /// observable_keys(), of the observable each names; unique within a model.
  const std::vector<std::pair<std::string, Index>>& observable_aliases() const noexcept {
    return observable_aliases_;
  }
  /// \brief Base keys of the per-unit observables ("pool.FR"), in component order; each has
  /// the owning component's units() values, see ModelSystem::observe_units.
  const std::vector<std::string>& unit_observable_keys() const noexcept {
    return unit_observable_keys_;
  }
  /// \brief Units of each entry of unit_observable_keys().
  const std::vector<Index>& unit_observable_sizes() const noexcept {
    return unit_observable_sizes_;
  }
  /// \brief Total number of per-unit observable values (sum of unit_observable_sizes()).
  Index n_unit_observable_values() const noexcept { return n_unit_observable_values_; }
  /// \brief Keys of all switching functions of piecewise components ("fatigue.recruiting", ...),
  /// in component order, "pool.recruited[17]" per unit for a replicated component; see SwitchSpec.
  const std::vector<std::string>& switch_keys() const noexcept { return switch_keys_; }
  /// \brief Structural pattern of df/dx (n_states x n_states, values 1), fixed at build time:
  /// per component its own block (one S x S block per unit when the units are independent,
  /// unit_couplings() == 0; the whole units*S square otherwise), plus, for every signal it
  /// reads, the columns that signal depends on (its producer's own columns and, recursively,
  /// those of the producer's inputs). Protocol signals depend on no state.
  const SparseMatrix& jacobian_pattern() const noexcept { return pattern_; }
  /// \brief State columns each signal depends on (signal_keys() order), sorted.
  const std::vector<std::vector<Index>>& signal_support() const noexcept { return signal_support_; }
  /// \brief Index (into observable_keys) of the capacity observable, if any component has one.
  std::optional<Index> capacity_observable() const noexcept { return capacity_; }
  /// \brief Optional reads that no component writes: (signal id, the fallback value the readers
  /// see), constant for the model's lifetime (SignalSpec::optional).
  const std::vector<std::pair<Index, double>>& constant_signals() const noexcept {
    return constant_signals_;
  }
  /// \brief Signal id of a protocol signal (always present).
  Index protocol_signal(std::size_t k) const noexcept { return Index(k); }

  /// \brief Id of a channel by key, if a component honours it.
  std::optional<Index> channel_id(std::string_view key) const;
  /// \brief Index of a state by key. \throws ParameterError suggesting the closest keys.
  Index state_index(std::string_view key) const;

  /// \brief Every parameter by full key ("fatigue.F"), with the values in use.
  ParameterSet parameters() const;
  /// \brief A copy with some parameters changed (copy-on-write).
  /// \throws ParameterError for an unknown key (with suggestions) or an out-of-range value.
  Model with_parameters(const ParameterSet& values) const;
  /// \brief Fresh, rested state (every component's initial values).
  Vector initial_state() const;
  /// \brief Citation keys of every component (docs/references.bib).
  std::vector<std::string> citations() const;

 private:
  friend class ModelBuilder;
  Index n_states_ = 0;
  std::vector<std::shared_ptr<const Component>> components_;
  std::vector<Wiring> wiring_;
  std::vector<StateInfo> states_;
  std::vector<std::string> signal_keys_;
  std::vector<ChannelInfo> channels_;
  std::vector<std::string> observable_keys_;
  std::vector<std::string> switch_keys_;
  std::vector<std::string> unit_observable_keys_;
  std::vector<Index> unit_observable_sizes_;
  Index n_unit_observable_values_ = 0;
  SparseMatrix pattern_;
  std::vector<std::vector<Index>> signal_support_;
  std::vector<std::pair<Index, double>> constant_signals_;
  std::vector<std::pair<std::string, Index>> observable_aliases_;
  std::optional<Index> capacity_;
};

/// \brief Assembles components into a Model: assigns state offsets, resolves signals in
/// producer-before-consumer order and collects the modulation channels.
class ModelBuilder {
 public:
  ModelBuilder& add(std::shared_ptr<const Component> component);
  /// \brief Adds a registered component by name, with optional parameter overrides (full keys).
  /// \throws ModelError for an unknown name (with suggestions).
  ModelBuilder& add(std::string_view registered_name, const ParameterSet& parameters = {});
  /// \brief Adds a registered component built with options, e.g.
  /// `add("motor_unit_pool", {}, ComponentOptions{.units = 120})`.
  /// \throws ModelError for an unknown name; ParameterError "units" for a unit count the
  /// component does not accept, or for bad parameter overrides.
  ModelBuilder& add(std::string_view registered_name,
                    const ParameterSet& parameters,
                    const ComponentOptions& options);
  /// \throws ModelError when a required signal has no producer (naming the registered components
  /// that could provide it; an optional one takes its fallback), when readers of an unproduced
  /// optional signal disagree on its fallback, two components give an observable the same
  /// standard name (ObservableSpec::alias), two components write the same signal (naming both), or
  /// the signal graph has a cycle (naming the components on it). field() is the signal or component
  /// concerned.
  Model build() const;

 private:
  std::vector<std::shared_ptr<const Component>> components_;
};

}  // namespace myofatigue
