#pragma once
/// \file
/// \brief Cuff occlusion: a pneumatic cuff inflated above arterial pressure for the window,
/// acting as external pressure on the perfusion component (`perfusion.external_pressure_mmHg`),
/// so `"Rest for 5 min with cuff_occlusion"` stops flow; on release the perfusion component's
/// debt state gives the reactive hyperaemia (Imms, Lee & Ludlow 1988 [Imms1988]). The cuff
/// pressure follows the flow-mediated-dilation guidelines: at least 50 mmHg above systolic
/// pressure (Corretti et al. 2002 [Corretti2002]). No after-effect of its own. See
/// docs/interventions/cuff_occlusion.md.

#include "myofatigue/interventions/intervention.hpp"

namespace myofatigue {

class CuffOcclusion : public InterventionImpl<CuffOcclusion> {
 public:
  static constexpr std::string_view registered_name = "cuff_occlusion";
  static constexpr std::string_view description_text =
      "a pneumatic cuff above arterial pressure: no muscle blood flow while inflated, reactive "
      "hyperaemia after";
  static constexpr std::array channel_specs{
      ChannelSpec{"perfusion.external_pressure_mmHg", Composition::Offset,
                  "cuff pressure added to the tissue pressure"},
  };
  static constexpr std::array parameter_table{
      ParameterInfo{"pressure_mmHg",
                    "mmHg",
                    "cuff pressure during the window",
                    220.0,
                    {0.0, 400.0},
                    {180.0, 300.0},
                    "Corretti2002"},
  };
  static constexpr std::array<std::string_view, 2> citation_keys{"Corretti2002", "Imms1988"};
  double modulate_impl(double t, const Window& w, std::size_t) const {
    return (t >= w.start_s && t < w.end_s) ? p(0) : 0.0;
  }
};

}  // namespace myofatigue
