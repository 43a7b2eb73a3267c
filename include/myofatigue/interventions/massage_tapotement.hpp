#pragma once
/// \file
/// \brief Tapotement (hacking, percussion). Measured: no change of bulk flow (Shoemaker et al. 1997
/// tested it). The H-reflex depression of massage (Morelli et al. 1990) is assumed for it too.
/// The `claimed` profile encodes the practitioners' account (Weerapong, Hume & Kolt 2005): it
/// raises neural drive (excitability x1.3) and circulation.
/// See docs/interventions/massage.tapotement.md.

#include "myofatigue/interventions/massage.hpp"

namespace myofatigue {

class MassageTapotement : public ManualTherapy<MassageTapotement> {
 public:
  static constexpr std::string_view registered_name = "massage.tapotement";
  static constexpr std::string_view description_text =
      "percussion (hacking): no bulk-flow change (Shoemaker 1997), excitability depressed while "
      "applied (assumption from Morelli 1990)";
  static constexpr ManualTherapyDose measured{.skin_flow_gain = {10.0, "Hinds2004"},
                                              .excitability_gain = {0.29, "Morelli1990"}};
  static constexpr ManualTherapyDose claimed{.flow_gain = {1.3, "Weerapong2005"},
                                             .skin_flow_gain = {10.0, "Hinds2004"},
                                             .excitability_gain = {1.3, "Weerapong2005"}};
  static constexpr std::string_view claimed_description =
      "the practitioners' account (Weerapong 2005): raises neural drive (excitability x1.3) and "
      "circulation";
  static constexpr std::array<std::string_view, 4> citation_keys{"Shoemaker1997", "Hinds2004",
                                                                 "Morelli1990", "Weerapong2005"};
};

}  // namespace myofatigue
