#pragma once
/// \file
/// \brief Ischaemic compression of a trigger point: the therapist presses a point of the muscle
/// until blood is squeezed out, holds about 30 s and releases, so the compressed tissue is
/// occluded and then reactively hyperaemic (the perfusion component's ischaemic debt, Imms et
/// al. 1988). The pressure acts on the whole modelled muscle, which overstates what a local
/// compression does to bulk flow: scale it with `pressure_mmHg` (assumption, sweep 40-250).
/// Measured otherwise: a higher pressure-pain threshold (SMD 0.67, Lu et al. 2022 meta-analysis)
/// and no significant effect on self-reported pain (SMD -0.22, n.s.), so perceived soreness is
/// neutral (pain thresholds are not modelled). The `claimed` profile encodes the trigger-point
/// account (Simons, Travell & Simons 1999): the contracture is released, lowering tone.
/// See docs/interventions/massage.trigger_point.md.

#include <algorithm>

#include "myofatigue/interventions/intervention.hpp"

namespace myofatigue {

class MassageTriggerPoint : public InterventionImpl<MassageTriggerPoint> {
 public:
  static constexpr std::string_view registered_name = "massage.trigger_point";
  static constexpr std::string_view description_text =
      "ischaemic compression: ~30 s of local occlusion at the window's start, then reactive "
      "hyperaemia on release";
  enum Param { Pressure, Hold, ToneOffset };
  static constexpr std::array channel_specs{
      ChannelSpec{"perfusion.external_pressure_mmHg", Composition::Offset,
                  "compression while held"},
      ChannelSpec{"tone.offset", Composition::Offset,
                  "residual activation (claimed: contracture released)"},
  };
  static constexpr std::array parameter_table{
      ParameterInfo{"pressure_mmHg",
                    "mmHg",
                    "pressure while held (assumption: above arterial pressure)",
                    200.0,
                    {0.0, 400.0},
                    {40.0, 250.0},
                    "Lu2022"},
      ParameterInfo{"hold",
                    "s",
                    "how long the compression is held, from the window's start",
                    30.0,
                    {0.0, 3600.0},
                    {30.0, 90.0},
                    "Lu2022"},
      ParameterInfo{"tone_offset",
                    "1",
                    "added to the residual activation tone settles to, while held",
                    0.0,
                    {-1.0, 1.0},
                    {-0.05, 0.0},
                    "Simons1999"},
  };
  static constexpr std::array<double, 3> claimed_values{200.0, 30.0, -0.05};
  static constexpr std::array profile_table{ProfileSpec{
      "claimed",
      "the trigger-point account (Simons 1999): the contracture is released (tone -0.05)",
      claimed_values}};
  static constexpr std::array<std::string_view, 3> citation_keys{"Lu2022", "Imms1988",
                                                                 "Simons1999"};

  double modulate_impl(double t, const Window& w, std::size_t k) const {
    const bool held = t >= w.start_s && t < release(w);
    return held ? p(k == 0 ? Pressure : ToneOffset) : 0.0;
  }
  std::vector<double> breakpoints(const Window& w) const override {
    return {w.start_s, release(w), w.end_s};
  }

 private:
  double release(const Window& w) const { return std::min(w.end_s, w.start_s + p(Hold)); }
};

}  // namespace myofatigue
