#pragma once
/// \file
/// \brief Wringing, a petrissage stroke (the muscle lifted and twisted). No study measured it
/// alone: its defaults are petrissage's (assumption; docs/interventions/massage.wringing.md). The
/// `claimed` profile encodes the practitioners' account (Weerapong, Hume & Kolt 2005): it flushes
/// lactate (clearance x2), boosts circulation (flow x1.5, no impedance), lowers cytokines and
/// soreness. See docs/interventions/massage.wringing.md.

#include "myofatigue/interventions/massage_petrissage.hpp"

namespace myofatigue {

class MassageWringing : public ManualTherapy<MassageWringing> {
 public:
  static constexpr std::string_view registered_name = "massage.wringing";
  static constexpr std::string_view description_text =
      "wringing (a petrissage stroke): the petrissage effects (assumption: no study of wringing "
      "alone)";
  static constexpr ManualTherapyDose measured = MassagePetrissage::measured;  // (assumption)
  static constexpr ManualTherapyDose claimed = MassagePetrissage::claimed;
  static constexpr std::string_view claimed_description =
      manual_therapy::swedish_claimed_description;
  static constexpr std::array<std::string_view, 6> citation_keys{
      "Wiltshire2010", "Hinds2004", "Morelli1990", "Crane2012", "Zainuddin2005", "Weerapong2005"};
};

}  // namespace myofatigue
