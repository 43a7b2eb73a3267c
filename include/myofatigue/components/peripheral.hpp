#pragma once
/// \file
/// \brief Peripheral (metabolic) fatigue: the force the fibres give per unit of activation,
/// depressed by inorganic phosphate and acidosis acting on the cross-bridges (Ranatunga et al.
/// 2002 J Physiol 542:899 [Ranatunga2002]; Debold et al. 2016 Exerc Sport Sci Rev 44:144
/// [Debold2016]) and by failure of Ca2+ release from the sarcoplasmic reticulum as Pi
/// precipitates there (Posterino & Fryer 1998 J Physiol 512:97 [PosterinoFryer1998]).
/// Reads the energetics' rise of Pi and acidosis above this muscle's rest; writes the factor the
/// motor units multiply their force by.
/// See docs/models/peripheral.md.

#include <array>
#include <cmath>
#include <string_view>

#include "myofatigue/model/component.hpp"

namespace myofatigue {

class Peripheral : public ComponentImpl<Peripheral> {
 public:
  static constexpr std::string_view registered_name = "peripheral";
  static constexpr std::string_view key_prefix = "peripheral";

  enum State { Release };
  enum Read { PiRise, Acidosis };
  enum Write { ForceFactor };
  enum Param { SPi, SH, K10, NPrec, HalfRecovery };

  static constexpr std::array state_specs{
      StateSpec{
          "release", "1", "Ca2+ release capacity of the SR, fraction of rested", {0.0, 1.0}, 1.0},
  };
  static constexpr auto read_specs =
      in_order(slot(PiRise, SignalSpec{"energetics.pi_rise_mM", "mM", "Pi above rest"}),
               slot(Acidosis, SignalSpec{"energetics.acidosis", "1", "resting pH - pH"}));
  static constexpr auto write_specs = in_order(
      slot(ForceFactor,
           SignalSpec{"peripheral.force_factor", "1", "force per unit activation / rested"}));
  static constexpr std::array observable_specs{
      ObservableSpec{"force_factor", "1", "force per unit activation, fraction of rested"},
      ObservableSpec{"crossbridge_factor", "1", "cross-bridge force depression by Pi and H+"},
  };
  static constexpr auto parameter_table =
      in_order(slot(SPi,
                    ParameterInfo{"s_Pi",
                                  "1/mM",
                                  "force lost per mM of Pi above rest (assumption)",
                                  0.008,
                                  {0.0, 0.05},
                                  {0.004, 0.018},
                                  "Ranatunga2002"}),
               slot(SH,
                    ParameterInfo{"s_H",
                                  "1",
                                  "force lost per pH unit of acidosis (assumption)",
                                  0.1,
                                  {0.0, 1.0},
                                  {0.0, 0.3},
                                  "Debold2016"}),
               slot(K10,
                    ParameterInfo{"k10",
                                  "1/s",
                                  "release-failure rate at 10 mM Pi above rest",
                                  0.0133,
                                  {0.0, 1.0},
                                  {0.006, 0.03},
                                  "PosterinoFryer1998"}),
               slot(NPrec,
                    ParameterInfo{"n",
                                  "1",
                                  "Pi exponent of the release-failure rate",
                                  1.68,
                                  {0.5, 4.0},
                                  {1.4, 2.0},
                                  "PosterinoFryer1998"}),
               slot(HalfRecovery,
                    ParameterInfo{"t_half",
                                  "s",
                                  "half-time of release recovery",
                                  35.0,
                                  {1.0, 3600.0},
                                  {20.0, 60.0},
                                  "PosterinoFryer1998"}));
  static constexpr std::array<std::string_view, 3> citation_keys{"Ranatunga2002", "Debold2016",
                                                                 "PosterinoFryer1998"};

  template <class T>
  void rhs_impl(const Eval<T>& e) const {
    const double* p = e.p;
    const T& release = e.x[Release];
    // Posterino & Fryer 1998: 10 s at 10, 20, 50 mM Pi cut SR Ca2+ release by 12, 29, 82 %,
    // and it recovered with a half-time of 35 s. First-order loss at k = k10 (excess Pi /
    // 10 mM)^n with that recovery running throughout; k10 and n are the least-squares fit (in
    // log k) to the three exposures (docs/models/peripheral.md).
    using std::pow;
    const T& excess = e.inputs[PiRise];
    const T loss = value_of(excess) > 0.0 ? T(p[K10] * pow(excess / 10.0, p[NPrec])) : T(0.0);
    e.dxdt[Release] = -loss * release + std::log(2.0) / p[HalfRecovery] * (1.0 - release);
    e.outputs[ForceFactor] = crossbridge(e.inputs[PiRise], e.inputs[Acidosis], p) * release;
  }

  void observe_impl(const Eval<double>& e, double* out) const {
    const double cb = crossbridge(e.inputs[PiRise], e.inputs[Acidosis], e.p);
    out[0] = cb * e.x[Release];
    out[1] = cb;
  }

 private:
  // Linear depression by Pi and H+ above rest (the measured effects are small and near-linear at
  // physiological temperature; Ranatunga 2002's 45 % at +25 mM Pi was at 10 C), never below 0.
  // Only acidosis depresses: the early alkalosis of PCr splitting does not potentiate.
  template <class T>
  static T crossbridge(const T& pi_rise, const T& acidosis, const double* p) {
    const T acid = value_of(acidosis) > 0.0 ? acidosis : T(0.0);
    const T f = 1.0 - p[SPi] * pi_rise - p[SH] * acid;
    return value_of(f) > 0.0 ? f : T(0.0);
  }
};

}  // namespace myofatigue
