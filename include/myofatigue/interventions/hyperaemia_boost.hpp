#pragma once
/// \file
/// \brief Post-contraction hyperaemia recovery boost: multiplies the 3CC recovery rate R by
/// `gain` during the window. Looft, Herkert & Frey-Law (2018) J Biomech 77:16-25 interpret their
/// rest multiplier r as the effect of post-contraction hyperaemia; r = 15 fitted best for ankle,
/// knee and elbow and 30 for hand/grip (Looft & Frey-Law 2020, J Biomech 106:109762). Applied to
/// plain 3CC during a rest, it reproduces 3CC-r with r = gain. See
/// docs/interventions/hyperaemia_boost.md.

#include "myofatigue/interventions/intervention.hpp"

namespace myofatigue {

class HyperaemiaBoost : public InterventionImpl<HyperaemiaBoost> {
 public:
  static constexpr std::string_view registered_name = "hyperaemia_boost";
  static constexpr std::string_view description_text =
      "post-contraction hyperaemia as a recovery-rate multiplier on 3CC models (Looft 2018's r)";
  static constexpr std::array channel_specs{
      ChannelSpec{"fatigue.recovery_gain", Composition::Gain, "recovery rate multiplier"},
  };
  static constexpr std::array parameter_table{
      ParameterInfo{"gain",
                    "1",
                    "recovery-rate multiplier during the window",
                    15.0,
                    {1.0, 100.0},
                    {1.0, 30.0},
                    "LooftFreyLaw2020"},
  };
  static constexpr std::array<std::string_view, 2> citation_keys{"Looft2018", "LooftFreyLaw2020"};
  double modulate_impl(double t, const Window& w, std::size_t) const {
    return (t >= w.start_s && t < w.end_s) ? p(0) : 1.0;
  }
};

}  // namespace myofatigue
