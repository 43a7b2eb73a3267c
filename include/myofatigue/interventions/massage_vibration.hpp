#pragma once
/// \file
/// \brief Vibration. The H-reflex depression of massage (-71 %, Morelli et al. 1990) is taken for
/// vibration too (assumption, as the design table says; sweep 0.2-1). No bulk-flow effect
/// (Shoemaker et al. 1997 found none for any massage type).
/// The `claimed` profile encodes the practitioners' account (Weerapong, Hume & Kolt 2005): it
/// raises neural drive (excitability x1.3) and circulation.
/// See docs/interventions/massage.vibration.md.

#include "myofatigue/interventions/massage.hpp"

namespace myofatigue {

class MassageVibration : public ManualTherapy<MassageVibration> {
 public:
  static constexpr std::string_view registered_name = "massage.vibration";
  static constexpr std::string_view description_text =
      "mechanical vibration of the muscle: motoneuron excitability depressed while applied (as "
      "massage, Morelli 1990; assumption for vibration)";
  static constexpr ManualTherapyDose measured{.excitability_gain = {0.29, "Morelli1990"}};
  static constexpr ManualTherapyDose claimed{.flow_gain = {1.3, "Weerapong2005"},
                                             .excitability_gain = {1.3, "Weerapong2005"}};
  static constexpr std::string_view claimed_description =
      "the practitioners' account (Weerapong 2005): raises neural drive (excitability x1.3) and "
      "circulation";
  static constexpr std::array<std::string_view, 3> citation_keys{"Morelli1990", "Shoemaker1997",
                                                                 "Weerapong2005"};
};

}  // namespace myofatigue
