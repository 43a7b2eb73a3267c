#pragma once
/// \file
/// \brief Wringing, a petrissage stroke (the muscle lifted and twisted). No study measured it alone: its
/// defaults are petrissage's (assumption; docs/interventions/massage.wringing.md).
/// The `claimed` profile encodes the practitioners' account (Weerapong, Hume & Kolt 2005): it
/// flushes lactate (clearance x2), boosts circulation (flow x1.5, no impedance), lowers cytokines and soreness.
/// See docs/interventions/massage.wringing.md.

#include "myofatigue/interventions/massage.hpp"

namespace myofatigue {

class MassageWringing : public ManualTherapy<MassageWringing> {
 public:
  static constexpr std::string_view registered_name = "massage.wringing";
  static constexpr std::string_view description_text =
      "wringing (a petrissage stroke): the petrissage effects (assumption: no study of wringing alone)";
  static constexpr ManualTherapyDose measured{
      .pressure_mmHg = {40.0, "Wiltshire2010"}, .skin_flow_gain = {25.0, "Hinds2004"},
      .excitability_gain = {0.29, "Morelli1990"}, .perception_gain = {0.48, "Zainuddin2005"}};
  static constexpr ManualTherapyDose claimed{
      .pressure_mmHg = {0.0, "Weerapong2005"}, .flow_gain = {1.5, "Weerapong2005"},
      .clearance_gain = {2.0, "Weerapong2005"}, .skin_flow_gain = {25.0, "Hinds2004"},
      .cytokine_gain = {0.5, "Weerapong2005"}, .perception_gain = {0.48, "Zainuddin2005"}};
  static constexpr auto parameter_table = manual_therapy::parameters(measured);
  static constexpr auto claimed_values = manual_therapy::values(claimed);
  static constexpr std::array profile_table{ProfileSpec{
      "claimed",
      "the practitioners' account (Weerapong 2005): flushes lactate (clearance x2), boosts circulation (flow x1.5, no impedance), lowers cytokines and soreness",
      claimed_values}};
  static constexpr std::array<std::string_view, 6> citation_keys{"Wiltshire2010", "Hinds2004", "Morelli1990", "Crane2012", "Zainuddin2005", "Weerapong2005"};
};

}  // namespace myofatigue
