#pragma once
/// \file
/// \brief Cupping: suction on the skin. Assumption: superficial (skin) perfusion rises, deep flow
/// does not (the perfusion model treats negative external pressure as none). The `claimed` profile
/// encodes the practitioners' account (Weerapong, Hume & Kolt 2005): it draws blood into the muscle
/// (deep flow x1.5, clearance x1.5). See docs/interventions/massage.cupping.md.

#include "myofatigue/interventions/massage.hpp"

namespace myofatigue {

class MassageCupping : public ManualTherapy<MassageCupping> {
 public:
  static constexpr std::string_view registered_name = "massage.cupping";
  static constexpr std::string_view description_text =
      "suction cups on the skin: skin perfusion up (assumption), no deep-flow effect (negative "
      "pressure does not open vessels)";
  static constexpr ManualTherapyDose measured{.skin_flow_gain = {10.0, "Hinds2004"}};
  static constexpr ManualTherapyDose claimed{.flow_gain = {1.5, "Weerapong2005"},
                                             .clearance_gain = {1.5, "Weerapong2005"},
                                             .skin_flow_gain = {10.0, "Hinds2004"}};
  static constexpr std::string_view claimed_description =
      "the practitioners' account (Weerapong 2005): draws blood into the muscle (deep flow x1.5, "
      "clearance x1.5)";
  static constexpr std::array<std::string_view, 2> citation_keys{"Hinds2004", "Weerapong2005"};
};

}  // namespace myofatigue
