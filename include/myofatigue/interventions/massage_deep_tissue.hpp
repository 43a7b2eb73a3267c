#pragma once
/// \file
/// \brief Deep-tissue massage: slow strokes at high pressure. Assumptions (no study gives the
/// numbers): twice effleurage's mean pressure, and a lowered tone (a relaxation of residual
/// activation, sweep -0.05..0; neutral unless the tone component has a tone to lower). The
/// `claimed` profile encodes the practitioners' account (Weerapong, Hume & Kolt 2005): it releases
/// knots (tone down), boosts circulation and clearance. See
/// docs/interventions/massage.deep_tissue.md.

#include "myofatigue/interventions/massage.hpp"

namespace myofatigue {

class MassageDeepTissue : public ManualTherapy<MassageDeepTissue> {
 public:
  static constexpr std::string_view registered_name = "massage.deep_tissue";
  static constexpr std::string_view description_text =
      "slow strokes with high pressure: more flow impedance than effleurage; tone lowered "
      "(assumption)";
  static constexpr ManualTherapyDose measured{.pressure_mmHg = {80.0, "Wiltshire2010"},
                                              .skin_flow_gain = {25.0, "Hinds2004"},
                                              .tone_offset = {-0.02, "Simons1999"}};
  static constexpr ManualTherapyDose claimed{.pressure_mmHg = {0.0, "Weerapong2005"},
                                             .flow_gain = {1.5, "Weerapong2005"},
                                             .clearance_gain = {2.0, "Weerapong2005"},
                                             .skin_flow_gain = {25.0, "Hinds2004"},
                                             .tone_offset = {-0.05, "Weerapong2005"}};
  static constexpr std::string_view claimed_description =
      "the practitioners' account (Weerapong 2005): releases knots (tone down), boosts circulation "
      "and clearance";
  static constexpr std::array<std::string_view, 4> citation_keys{"Wiltshire2010", "Hinds2004",
                                                                 "Simons1999", "Weerapong2005"};
};

}  // namespace myofatigue
