#pragma once
/// \file
/// \brief Petrissage (kneading). Measured: as effleurage (Wiltshire et al. 2010 used both), and the
/// soleus H-reflex falls by 71 % while the muscle is kneaded and is back to baseline right after
/// (Morelli et al. 1990).
/// The `claimed` profile encodes the practitioners' account (Weerapong, Hume & Kolt 2005): it
/// flushes lactate (clearance x2), boosts circulation (flow x1.5, no impedance), lowers cytokines
/// and soreness. See docs/interventions/massage.petrissage.md.

#include "myofatigue/interventions/massage_effleurage.hpp"

namespace myofatigue {

class MassagePetrissage : public ManualTherapy<MassagePetrissage> {
 public:
  static constexpr std::string_view registered_name = "massage.petrissage";
  static constexpr std::string_view description_text =
      "kneading: as effleurage, and motoneuron excitability depressed while it lasts (H-reflex -71 "
      "%, Morelli 1990)";
  static constexpr ManualTherapyDose measured = [] {
    ManualTherapyDose d = MassageEffleurage::measured;  // as effleurage, and the H-reflex depressed
    d.excitability_gain = {0.29, "Morelli1990"};
    return d;
  }();
  static constexpr ManualTherapyDose claimed = manual_therapy::swedish_claimed;
  static constexpr std::string_view claimed_description =
      manual_therapy::swedish_claimed_description;
  static constexpr std::array<std::string_view, 6> citation_keys{
      "Wiltshire2010", "Hinds2004", "Morelli1990", "Crane2012", "Zainuddin2005", "Weerapong2005"};
};

}  // namespace myofatigue
