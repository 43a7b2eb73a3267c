#pragma once
/// \file
/// \brief Compression garment: a constant external pressure while worn (assumption: 20 mmHg, sports
/// garments 15-25 mmHg; sweep 10-40). Worn at rest it barely changes flow (the resting muscle
/// compensates); no effect on soreness is assumed (neutral: not in the reference data).
/// The `claimed` profile encodes the practitioners' account (Weerapong, Hume & Kolt 2005): it
/// speeds metabolite clearance and lowers soreness.
/// See docs/interventions/compression_garment.md.

#include "myofatigue/interventions/massage.hpp"

namespace myofatigue {

class CompressionGarment : public ManualTherapy<CompressionGarment> {
 public:
  static constexpr std::string_view registered_name = "compression_garment";
  static constexpr std::string_view description_text =
      "a compression garment: 20 mmHg on the muscle while worn (assumption: sports garments 15-25 "
      "mmHg)";
  static constexpr ManualTherapyDose measured{.pressure_mmHg = {20.0, "Wiltshire2010"}};
  static constexpr ManualTherapyDose claimed{.pressure_mmHg = {20.0, "Wiltshire2010"},
                                             .clearance_gain = {1.5, "Weerapong2005"},
                                             .perception_gain = {0.8, "Weerapong2005"}};
  static constexpr std::string_view claimed_description =
      "the practitioners' account (Weerapong 2005): speeds metabolite clearance and lowers "
      "soreness";
  static constexpr std::array<std::string_view, 2> citation_keys{"Wiltshire2010", "Weerapong2005"};
};

}  // namespace myofatigue
