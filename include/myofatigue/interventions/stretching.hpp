#pragma once
/// \file
/// \brief Assisted passive stretching. Measured: it does not reduce soreness in a way that matters
/// (Herbert, de Noronha & Kamper 2011, Cochrane review), so perceived soreness is neutral.
/// Assumption: a lowered tone (sweep -0.05..0). The `claimed` profile encodes the practitioners'
/// account (Weerapong, Hume & Kolt 2005): it relaxes the muscle (tone down), improves circulation,
/// prevents soreness. See docs/interventions/stretching.md.

#include "myofatigue/interventions/massage.hpp"

namespace myofatigue {

class Stretching : public ManualTherapy<Stretching> {
 public:
  static constexpr std::string_view registered_name = "stretching";
  static constexpr std::string_view description_text =
      "assisted passive stretching: no effect on soreness (Herbert 2011), tone lowered "
      "(assumption)";
  static constexpr ManualTherapyDose measured{.tone_offset = {-0.02, "Simons1999"},
                                              .perception_gain = {1.0, "Herbert2011"}};
  static constexpr ManualTherapyDose claimed{.flow_gain = {1.3, "Weerapong2005"},
                                             .tone_offset = {-0.05, "Weerapong2005"},
                                             .perception_gain = {0.7, "Weerapong2005"}};
  static constexpr std::string_view claimed_description =
      "the practitioners' account (Weerapong 2005): relaxes the muscle (tone down), improves "
      "circulation, prevents soreness";
  static constexpr std::array<std::string_view, 3> citation_keys{"Herbert2011", "Simons1999",
                                                                 "Weerapong2005"};
};

}  // namespace myofatigue
