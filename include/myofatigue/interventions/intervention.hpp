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

/// \brief A named set of values of every parameter of an intervention. The defaults (the
/// parameter table's default values) are the profile `measured`, from controlled studies; an
/// alternative such as `claimed` encodes the mechanism practitioners claim, so that the two can
/// be simulated side by side.
struct ProfileSpec {
  std::string_view name;
  std::string_view description;    ///< what the profile encodes and where its values come from
  std::span<const double> values;  ///< one per parameter, in the parameter table's order
};

/// \brief The name of the default profile (the parameter table's defaults).
inline constexpr std::string_view measured_profile = "measured";

class Intervention {
 public:
  virtual ~Intervention() = default;
  virtual std::string_view name() const = 0;  ///< registered name, e.g. "hyperaemia_boost"
  /// \brief One line: what it is and what it does in the model.
  virtual std::string_view description() const = 0;
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
  virtual std::shared_ptr<const Intervention> with_parameters(
      std::span<const double> values) const = 0;
  /// \brief The alternative profiles (`measured`, the defaults, is not among them).
  virtual std::span<const ProfileSpec> profiles() const = 0;
  /// \brief The profile its parameter values came from ("measured" unless with_profile chose
  /// another; parameters overridden afterwards keep the name).
  virtual std::string_view profile() const = 0;
  /// \brief A copy with every parameter set to the named profile's values.
  /// \throws ParameterError "<name>.profile" listing the valid profiles.
  virtual std::shared_ptr<const Intervention> with_profile(std::string_view profile) const = 0;
};

/// \brief CRTP adapter (as ComponentImpl): Derived provides `registered_name`, `description_text`,
/// `channel_specs`, `parameter_table`, `citation_keys` and `double modulate_impl(t, window, k)
/// const`, and `profile_table` when it has alternative profiles; it overrides effect_end() and
/// breakpoints() when it acts after its window.
template <class Derived>
class InterventionImpl : public Intervention {
 public:
  InterventionImpl() {
    for (const auto& info : Derived::parameter_table) values_.push_back(info.default_value);
  }
  std::string_view name() const override { return Derived::registered_name; }
  std::string_view description() const override { return Derived::description_text; }
  std::span<const ChannelSpec> channels() const override { return Derived::channel_specs; }
  std::span<const ParameterInfo> parameter_info() const override {
    return Derived::parameter_table;
  }
  std::span<const double> parameters() const override { return values_; }
  std::span<const std::string_view> citations() const override { return Derived::citation_keys; }
  double modulate(double t, const Window& w, std::size_t k) const override {
    return static_cast<const Derived&>(*this).modulate_impl(t, w, k);
  }
  std::shared_ptr<const Intervention> with_parameters(
      std::span<const double> values) const override {
    return copy_with(values, profile_);
  }
  std::span<const ProfileSpec> profiles() const override {
    if constexpr (requires { Derived::profile_table; }) return Derived::profile_table;
    else return {};
  }
  std::string_view profile() const override { return profile_; }
  std::shared_ptr<const Intervention> with_profile(std::string_view wanted) const override {
    if (wanted == measured_profile) return std::make_shared<const Derived>();
    std::string valid(measured_profile);
    for (const auto& spec : profiles()) {
      if (spec.name == wanted) return copy_with(spec.values, spec.name);
      valid.append(", ").append(spec.name);
    }
    throw ParameterError(std::string(name()) + ".profile",
                         "unknown profile '" + std::string(wanted) + "' (valid: " + valid + ")");
  }

 protected:
  double p(std::size_t i) const { return values_[i]; }

 private:
  std::shared_ptr<const Intervention> copy_with(std::span<const double> values,
                                                std::string_view profile) const {
    if (values.size() != values_.size())
      throw ParameterError(std::string(name()),
                           "expects " + std::to_string(values_.size()) + " values");
    auto copy = std::make_shared<Derived>(static_cast<const Derived&>(*this));
    for (std::size_t i = 0; i < values_.size(); ++i) {
      const auto& info = Derived::parameter_table[i];
      info.check(std::string(name()) + "." + std::string(info.key), values[i]);
      copy->values_[i] = values[i];
    }
    copy->profile_ = profile;
    return copy;
  }

  std::vector<double> values_;  // immutable after construction
  std::string_view profile_ = measured_profile;
};

}  // namespace myofatigue
