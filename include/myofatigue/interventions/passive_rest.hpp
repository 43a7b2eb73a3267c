#pragma once
/// \file
/// \brief Passive rest: the neutral reference intervention. It acts on no channel, so it applies
/// to every model and "Rest for 10 min with passive_rest" equals "Rest for 10 min".
/// See docs/interventions/passive_rest.md.

#include "myofatigue/interventions/intervention.hpp"

namespace myofatigue {

class PassiveRest : public InterventionImpl<PassiveRest> {
 public:
  static constexpr std::string_view registered_name = "passive_rest";
  static constexpr std::string_view description_text =
      "the neutral reference: rest with nothing applied (acts on no channel)";
  static constexpr std::array<ChannelSpec, 0> channel_specs{};
  static constexpr std::array<ParameterInfo, 0> parameter_table{};
  static constexpr std::array<std::string_view, 1> citation_keys{"Looft2018"};
  double modulate_impl(double, const Window&, std::size_t) const { return 1.0; }
};

}  // namespace myofatigue
