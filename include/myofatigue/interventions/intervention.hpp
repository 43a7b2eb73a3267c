#pragma once
/// \file
/// \brief Interventions act on modulation channels over time. The protocol says when (a
/// window); the intervention says how much, with its source. Gains multiply from 1, offsets add
/// from 0; an intervention may keep acting after its window (after-effects).

#include <array>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "myofatigue/model/component.hpp"

namespace myofatigue {

/// \brief When an intervention is applied [s since the start of the simulation].
struct Window {
  double start_s = 0.0;
  double end_s = 0.0;
};

/// \brief An intervention's contribution to one channel at one time.
struct ChannelWrite {
  std::size_t channel;  ///< index into the intervention's channels()
  double value;         ///< a gain (composes by multiplication) or an offset (by addition)
};

class Intervention {
 public:
  virtual ~Intervention() = default;
  virtual std::string_view name() const = 0;  ///< registered name, e.g. "hyperaemia_boost"
  /// \brief Channels it writes (full keys); composition must match the component's declaration.
  virtual std::span<const ChannelSpec> channels() const = 0;
  virtual std::span<const ParameterInfo> parameter_info() const = 0;
  virtual std::span<const double> parameters() const = 0;
  virtual std::span<const std::string_view> citations() const = 0;
  /// \brief Value of channel k at time t_s for an application during `window`: exactly the
  /// channel's neutral value before window.start_s and from effect_end(window) on.
  virtual double modulate(double t_s, const Window& window, std::size_t k) const = 0;
  /// \brief Where its effect ends [s]: the window's end, or later for an intervention with
  /// after-effects (for example reactive hyperaemia decaying after a massage stroke). From then
  /// on modulate() is neutral and the simulation drops the application.
  virtual double effect_end(const Window& w) const { return w.end_s; }
  /// \brief Times inside [w.start_s, effect_end(w)] at which its effect changes non-smoothly;
  /// the integrator restarts there (the window's ends are always breakpoints).
  virtual std::vector<double> breakpoints(const Window& w) const { return {w.start_s, w.end_s}; }
  /// \throws ParameterError naming the full key and the allowed range.
  virtual std::shared_ptr<const Intervention> with_parameters(std::span<const double> values) const = 0;
};

/// \brief CRTP adapter (as ComponentImpl): Derived provides `registered_name`, `channel_specs`,
/// `parameter_table`, `citation_keys` and `double modulate_impl(t, window, k) const`; it
/// overrides effect_end() and breakpoints() when it acts after its window.
template <class Derived>
class InterventionImpl : public Intervention {
 public:
  InterventionImpl() {
    for (const auto& info : Derived::parameter_table) values_.push_back(info.default_value);
  }
  std::string_view name() const override { return Derived::registered_name; }
  std::span<const ChannelSpec> channels() const override { return Derived::channel_specs; }
  std::span<const ParameterInfo> parameter_info() const override { return Derived::parameter_table; }
  std::span<const double> parameters() const override { return values_; }
  std::span<const std::string_view> citations() const override { return Derived::citation_keys; }
  double modulate(double t, const Window& w, std::size_t k) const override {
    return static_cast<const Derived&>(*this).modulate_impl(t, w, k);
  }
  std::shared_ptr<const Intervention> with_parameters(std::span<const double> values) const override {
    if (values.size() != values_.size())
      throw ParameterError(std::string(name()), "expects " + std::to_string(values_.size()) + " values");
    auto copy = std::make_shared<Derived>(static_cast<const Derived&>(*this));
    for (std::size_t i = 0; i < values_.size(); ++i) {
      const auto& info = Derived::parameter_table[i];
      info.check(std::string(name()) + "." + std::string(info.key), values[i]);
      copy->values_[i] = values[i];
    }
    return copy;
  }

 protected:
  double p(std::size_t i) const { return values_[i]; }

 private:
  std::vector<double> values_;  // immutable after construction
};

}  // namespace myofatigue
