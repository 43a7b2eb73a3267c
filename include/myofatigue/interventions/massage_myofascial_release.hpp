#pragma once
/// \file
/// \brief Myofascial release: sustained light pressure and stretch of the fascia. Assumptions (no
/// study gives the numbers): half effleurage's pressure, a lowered tone (sweep -0.05..0). The
/// `claimed` profile encodes the practitioners' account (Weerapong, Hume & Kolt 2005): it releases
/// fascial restriction (tone down), boosts circulation. See
/// docs/interventions/massage.myofascial_release.md.

#include "myofatigue/interventions/massage.hpp"

namespace myofatigue {

class MassageMyofascialRelease : public ManualTherapy<MassageMyofascialRelease> {
 public:
  static constexpr std::string_view registered_name = "massage.myofascial_release";
  static constexpr std::string_view description_text =
      "sustained light stretch-pressure on the fascia: skin flow up, tone lowered (assumption)";
  static constexpr ManualTherapyDose measured{.pressure_mmHg = {20.0, "Wiltshire2010"},
                                              .skin_flow_gain = {10.0, "Hinds2004"},
                                              .tone_offset = {-0.02, "Simons1999"}};
  static constexpr ManualTherapyDose claimed{.flow_gain = {1.5, "Weerapong2005"},
                                             .clearance_gain = {1.5, "Weerapong2005"},
                                             .skin_flow_gain = {10.0, "Hinds2004"},
                                             .tone_offset = {-0.05, "Weerapong2005"}};
  static constexpr std::string_view claimed_description =
      "the practitioners' account (Weerapong 2005): releases fascial restriction (tone down), "
      "boosts circulation";
  static constexpr std::array<std::string_view, 4> citation_keys{"Wiltshire2010", "Hinds2004",
                                                                 "Simons1999", "Weerapong2005"};
};

}  // namespace myofatigue
