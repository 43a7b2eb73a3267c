#pragma once
/// \file
/// \brief Muscle tone: involuntary residual activation (tension, protective spasm,
/// trigger-point contracture) that the motor units must produce on top of the task, so that it
/// costs energy and raises intramuscular pressure (less flow) through the same paths as
/// voluntary force. HYPOTHESIS: the energy-crisis account of trigger points (Simons, Travell &
/// Simons 1999 [Simons1999]) and the pain-spasm cycle are contested, and no study gives its
/// size; residual activation can track damage here (passive stiffness stays raised 24-96 h
/// after damaging exercise: Kong et al. 2018 J Sports Sci Med 17:599 [Kong2018]), with a gain
/// that is 0 by default: the component is neutral until a sweep or an intervention gives it a
/// size. Every default is an assumption with the range to sweep in docs/models/tone.md. The channel
/// `tone.offset` is what stretching, myofascial release and trigger-point pressure act on.

#include <array>
#include <string_view>

#include "myofatigue/model/component.hpp"

namespace myofatigue {

class Tone : public ComponentImpl<Tone> {
 public:
  static constexpr std::string_view registered_name = "tone";
  static constexpr std::string_view key_prefix = "tone";

  enum State { T };
  enum Read { DamageFraction };
  enum Write { Residual };
  enum Channel { Offset };
  enum Param { DamageGain, Baseline, Tau };

  static constexpr std::array state_specs{
      StateSpec{
          "T", "1", "involuntary residual activation, fraction of fresh MVC", {0.0, 1.0}, 0.0},
  };
  static constexpr auto read_specs =
      in_order(slot(DamageFraction,
                    SignalSpec{.key = "damage.fraction",
                               .unit = "1",
                               .description = "damaged share of the force-generating structures",
                               .optional = true,
                               .fallback = 0.0}));
  static constexpr auto write_specs =
      in_order(slot(Residual,
                    SignalSpec{"tone.force_fraction", "1",
                               "involuntary residual force, fraction of fresh MVC", true}));
  static constexpr auto channel_specs = in_order(
      slot(Offset,
           ChannelSpec{
               "tone.offset", Composition::Offset,
               "added to the residual activation the muscle settles to (negative: relaxes it)"}));
  static constexpr std::array observable_specs{
      ObservableSpec{"tone_fraction", "1", "involuntary residual activation, fraction of fresh MVC",
                     false, "tone_fraction"},
  };
  static constexpr auto parameter_table =
      in_order(slot(DamageGain,
                    ParameterInfo{"g_D",
                                  "1",
                                  "residual activation per unit of damage (hypothesis; 0: none)",
                                  0.0,
                                  {0.0, 1.0},
                                  {0.0, 0.15},
                                  "Kong2018"}),
               slot(Baseline,
                    ParameterInfo{"T0",
                                  "1",
                                  "residual activation of the rested muscle (hypothesis: none)",
                                  0.0,
                                  {0.0, 0.5},
                                  {0.0, 0.05},
                                  "Simons1999"}),
               slot(Tau,
                    ParameterInfo{"tau",
                                  "s",
                                  "time constant of tone following its drive (hypothesis)",
                                  1800.0,
                                  {1.0, 1e7},
                                  {300.0, 7200.0},
                                  "Simons1999"}));
  static constexpr std::array<std::string_view, 2> citation_keys{"Simons1999", "Kong2018"};

  template <class S>
  void rhs_impl(const Eval<S>& e) const {
    const double* p = e.p;
    const S& d = e.inputs[DamageFraction];
    S target = p[Baseline] + p[DamageGain] * (value_of(d) > 0.0 ? d : S(0.0)) + e.channel[Offset];
    if (!(value_of(target) > 0.0)) target = S(0.0);
    if (value_of(target) > 1.0) target = S(1.0);
    e.dxdt[T] = (target - e.x[T]) / p[Tau];
    e.outputs[Residual] = e.x[T];
  }

  void observe_impl(const Eval<double>& e, double* out) const { out[0] = e.x[T]; }
  /// \brief Rest: the baseline tone T0.
  void rested_state_impl(double* x) const { x[T] = values()[Baseline]; }
};

}  // namespace myofatigue
