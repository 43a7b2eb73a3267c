#pragma once
/// \file
/// \brief Prolonged low-frequency force depression (PLFFD): less Ca2+ released per action
/// potential after repeated contractions, which cuts the force of low stimulation rates far
/// more than that of high ones and recovers over hours, not minutes (Edwards et al. 1977
/// J Physiol 272:769 [Edwards1977]; Davies & White 1982 J Appl Physiol 53:236
/// [DaviesWhite1982]; Dundon et al. 2008 J Appl Physiol 105:1146 [Dundon2008]). Force at a rate
/// f follows a Hill curve in the Ca2+ delivered, q f (q: release per impulse, 1 fresh);
/// the 20:100 Hz force ratio and the force of a maximal voluntary effort (its rates summarised
/// by one equivalent stimulation rate) follow from it. Damage to excitation-contraction
/// coupling lowers q too (read from `damage`, optional), so the ratio stays down longer after
/// eccentric than after concentric work. See docs/models/low_frequency_fatigue.md.

#include <array>
#include <cmath>
#include <string_view>

#include "myofatigue/model/component.hpp"

namespace myofatigue {

class LowFrequencyFatigue : public ComponentImpl<LowFrequencyFatigue> {
 public:
  static constexpr std::string_view registered_name = "low_frequency_fatigue";
  static constexpr std::string_view key_prefix = "lff";

  enum State { L };
  enum Read { Force, DamageFraction };
  enum Write { ForceFactor };
  enum Param { Rate, Exponent, TauRecovery, HalfRate, Hill, VoluntaryRate, CouplingShare, MaxLoss };

  static constexpr std::array state_specs{
      StateSpec{"L",
                "1",
                "loss of Ca2+ release per action potential, fraction of rested",
                {0.0, 1.0},
                0.0},
  };
  static constexpr auto read_specs = in_order(
      slot(Force,
           SignalSpec{"muscle.force_fraction", "1", "force produced, fraction of fresh MVC"}),
      slot(DamageFraction,
           SignalSpec{.key = "damage.fraction",
                      .unit = "1",
                      .description = "damaged share of the force-generating structures",
                      .optional = true,
                      .fallback = 0.0}));
  static constexpr auto write_specs = in_order(slot(
      ForceFactor,
      SignalSpec{"lff.force_factor", "1", "voluntary force left by low-frequency fatigue", true}));
  static constexpr std::array observable_specs{
      ObservableSpec{"lff_ratio", "1", "20:100 Hz force ratio relative to fresh", false,
                     "lff_ratio"},
      ObservableSpec{"force_factor", "1", "maximal voluntary force left by low-frequency fatigue"},
  };
  static constexpr auto parameter_table = in_order(
      slot(Rate,
           ParameterInfo{"k",
                         "1/s",
                         "loss rate of release at maximal force (fitted, see the page)",
                         0.0219,
                         {0.0, 1.0},
                         {0.005, 0.05},
                         "Dundon2008"}),
      slot(Exponent,
           ParameterInfo{"n",
                         "1",
                         "power of the force that drives the loss (fitted)",
                         1.09,
                         {0.5, 6.0},
                         {1.0, 3.0},
                         "Nosaka2002"}),
      slot(TauRecovery,
           ParameterInfo{"tau",
                         "s",
                         "recovery time constant of release (fitted, 96 h)",
                         345400.0,
                         {60.0, 1e7},
                         {7200.0, 432000.0},
                         "Nosaka2002"}),
      slot(HalfRate,
           ParameterInfo{"f50",
                         "Hz",
                         "rate giving half the maximal force, fresh (assumption: 20:100 Hz ratio "
                         "0.65 at h = 4)",
                         17.2,
                         {1.0, 100.0},
                         {12.0, 25.0},
                         "Tomazin2008"}),
      slot(Hill,
           ParameterInfo{"h",
                         "1",
                         "Hill coefficient of force on Ca2+ delivery (assumption)",
                         4.0,
                         {1.0, 10.0},
                         {3.0, 5.0},
                         "Westerblad1993"}),
      slot(VoluntaryRate,
           ParameterInfo{"f_vol",
                         "Hz",
                         "stimulation rate equivalent to a maximal voluntary effort (assumption)",
                         50.0,
                         {10.0, 200.0},
                         {35.0, 80.0},
                         "Westerblad1993"}),
      slot(
          CouplingShare,
          ParameterInfo{"w_ec",
                        "1",
                        "share of damage that impairs excitation-contraction coupling (assumption)",
                        0.5,
                        {0.0, 1.0},
                        {0.25, 0.75},
                        "Warren2001"}),
      slot(MaxLoss,
           ParameterInfo{"L_max",
                         "1",
                         "largest loss of release that work can cause (assumption)",
                         0.65,
                         {0.0, 1.0},
                         {0.5, 0.8},
                         "Edwards1977"}));
  static constexpr std::array<std::string_view, 7> citation_keys{
      "Edwards1977",    "DaviesWhite1982", "Dundon2008", "Tomazin2008",
      "Westerblad1993", "Warren2001",      "Nosaka2002"};

  template <class T>
  void rhs_impl(const Eval<T>& e) const {
    const double* p = e.p;
    const T& l = e.x[L];
    // Release is lost while the muscle works, in proportion to about its force (so
    // that two hours at 9 % MVC lose more than twelve maximal contractions: Nosaka 2002, Dundon
    // 2008), up to L_max (hours of work at 20 % MVC would otherwise abolish it, which no study
    // shows), and recovers with one time constant.
    using std::pow;
    const T& f = e.inputs[Force];
    const T loss = value_of(f) > 0.0 ? T(p[Rate] * pow(f, p[Exponent])) : T(0.0);
    e.dxdt[L] = loss * (p[MaxLoss] - l) - l / p[TauRecovery];
    e.outputs[ForceFactor] = relative_force(p[VoluntaryRate], T(1.0 - l), p);
  }

  void observe_impl(const Eval<double>& e, double* out) const {
    const double* p = e.p;
    const double d = e.inputs[DamageFraction] > 0.0 ? e.inputs[DamageFraction] : 0.0;
    const double q = (1.0 - e.x[L]) * (1.0 - p[CouplingShare] * d);
    out[0] = relative_force(20.0, q, p) / relative_force(100.0, q, p);
    out[1] = relative_force(p[VoluntaryRate], 1.0 - e.x[L], p);
  }

 private:
  // Force at rate f with release q, relative to the fresh force at that rate:
  // y(f, q) / y(f, 1) with y = (q f / f50)^h / (1 + (q f / f50)^h).
  template <class T>
  static T relative_force(double f, const T& q, const double* p) {
    using std::pow;
    if (!(value_of(q) > 0.0)) return T(0.0);
    const double z1 = std::pow(f / p[HalfRate], p[Hill]);
    const T z = pow(q * (f / p[HalfRate]), p[Hill]);
    return z / (1.0 + z) * ((1.0 + z1) / z1);
  }
};

}  // namespace myofatigue
