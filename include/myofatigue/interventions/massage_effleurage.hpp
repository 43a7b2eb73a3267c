#pragma once
/// \file
/// \brief Effleurage (Swedish gliding strokes). Measured: the strokes' mean pressure impedes the
/// flow of the dilated muscle after exercise (Wiltshire et al. 2010: forearm flow -30 % at 30 s,
/// lactate efflux -28 %), resting bulk flow is unchanged (Shoemaker et al. 1997), skin flow rises
/// 25-fold (Hinds et al. 2004), and soreness is about 30 % lower over the next days (Zainuddin et
/// al. 2005; Guo et al. 2017) with no effect on strength. The damped inflammatory signalling of
/// Crane et al. 2012 has no reported size, so the measured profile leaves cytokines alone. The
/// `claimed` profile encodes the practitioners' account (Weerapong, Hume & Kolt 2005): it flushes
/// lactate (clearance x2), boosts circulation (flow x1.5, no impedance), lowers cytokines and
/// soreness. See docs/interventions/massage.effleurage.md.

#include "myofatigue/interventions/massage.hpp"

namespace myofatigue {

class MassageEffleurage : public ManualTherapy<MassageEffleurage> {
 public:
  static constexpr std::string_view registered_name = "massage.effleurage";
  static constexpr std::string_view description_text =
      "Swedish gliding strokes: impede post-exercise deep flow (Wiltshire 2010), raise skin flow "
      "(Hinds 2004), lower soreness for days (Zainuddin 2005)";
  static constexpr ManualTherapyDose measured{.pressure_mmHg = {40.0, "Wiltshire2010"},
                                              .skin_flow_gain = {25.0, "Hinds2004"},
                                              .perception_gain = {0.48, "Zainuddin2005"}};
  static constexpr ManualTherapyDose claimed = manual_therapy::swedish_claimed;
  static constexpr std::string_view claimed_description =
      manual_therapy::swedish_claimed_description;
  static constexpr std::array<std::string_view, 7> citation_keys{
      "Wiltshire2010", "Shoemaker1997", "Hinds2004",    "Crane2012",
      "Zainuddin2005", "Guo2017",       "Weerapong2005"};
};

}  // namespace myofatigue
