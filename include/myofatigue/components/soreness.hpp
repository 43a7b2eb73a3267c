#pragma once
/// \file
/// \brief Delayed-onset muscle soreness and serum creatine kinase, the lagged outputs of damage
/// and the inflammation it brings. Soreness (0-10) follows the nociceptor sensitisation by the
/// inflammatory response with a lag: onset after hours, peak at 24-72 h, gone in 5-10 days
/// (Cheung, Hume & Maxwell 2003 Sports Med 33:145 [Cheung2003]; Cleak & Eston 1992 Br J Sports
/// Med 26:267 [CleakEston1992]). CK leaks from damaged fibres as phagocytes break them down and
/// reaches plasma through the lymph: the muscle -> lymph -> plasma chain of Volfinger et al. 1994
/// Am J Physiol 266:R434 [Volfinger1994] (absorption half-time 9.4 h, 74 % of the released CK
/// reaching plasma), so its peak lags the damage by days (Nosaka et al. 2006, 2002).
/// See docs/models/soreness.md.

#include <array>
#include <cmath>
#include <limits>
#include <string_view>

#include "myofatigue/model/component.hpp"

namespace myofatigue {

class Soreness : public ComponentImpl<Soreness> {
 public:
  static constexpr std::string_view registered_name = "soreness";
  static constexpr std::string_view key_prefix = "soreness";

  enum State { S, CkLymph, CkPlasma };
  enum Read { Phagocytes, Breakdown };
  enum Write { Level };
  enum Channel { PerceptionGain };
  enum Param { NHalf, Tau, CkRelease, HalfAbsorption, Bioavailable, HalfElimination, Ck0 };

  static constexpr double inf = std::numeric_limits<double>::infinity();

  static constexpr std::array state_specs{
      StateSpec{"S", "1", "nociceptor sensitisation (0 none, 1 the most)", {0.0, 1.0}, 0.0},
      StateSpec{"CK_lymph",
                "U/L",
                "CK released from the muscle, not yet in plasma (plasma-equivalent)",
                {0.0, inf},
                0.0},
      StateSpec{"CK", "U/L", "serum creatine kinase activity", {0.0, inf}, 100.0},
  };
  static constexpr auto read_specs = in_order(
      slot(
          Phagocytes,
          SignalSpec{"inflammation.phagocytes", "1", "activated phagocytes (Reynolds 2006 units)"}),
      slot(Breakdown,
           SignalSpec{"inflammation.breakdown", "1/s",
                      "debris cleared by phagocytes (fibre breakdown)"}));
  static constexpr auto write_specs = in_order(slot(
      Level,
      SignalSpec{"soreness.level", "1", "muscle soreness on a 0-10 scale, as perceived", false}));
  static constexpr auto channel_specs = in_order(
      slot(PerceptionGain,
           ChannelSpec{"soreness.perception_gain", Composition::Gain,
                       "multiplies the soreness perceived (massage: about 0.7, Zainuddin 2005)"}));
  static constexpr std::array observable_specs{
      ObservableSpec{"soreness", "1", "muscle soreness, 0-10", false, "soreness"},
      ObservableSpec{"ck_serum_u_l", "U/L", "serum creatine kinase activity", false,
                     "ck_serum_u_l"},
  };
  static constexpr auto parameter_table = in_order(
      slot(NHalf,
           ParameterInfo{"N_half",
                         "1",
                         "phagocyte level that gives half the maximal sensitisation (fitted)",
                         1.47,
                         {1e-6, 100.0},
                         {0.5, 4.0},
                         "Cheung2003"}),
      slot(Tau,
           ParameterInfo{"tau",
                         "s",
                         "lag of sensitisation behind inflammation (fitted)",
                         3900.0,
                         {60.0, 1e7},
                         {1800.0, 43200.0},
                         "Cheung2003"}),
      slot(CkRelease,
           ParameterInfo{"r_CK",
                         "U/L",
                         "CK released per unit of debris broken down (fitted)",
                         143.0,
                         {0.0, 1e9},
                         {30.0, 500.0},
                         "Nosaka2006"}),
      slot(HalfAbsorption,
           ParameterInfo{"t_half_abs",
                         "s",
                         "lymph absorption half-time (fitted: 15.1 h, Volfinger 9.4 +/- 5.7 h)",
                         54350.0,
                         {60.0, 1e7},
                         {13320.0, 54360.0},
                         "Volfinger1994"}),
      slot(Bioavailable,
           ParameterInfo{"F_abs",
                         "1",
                         "share of released CK that reaches plasma",
                         0.74,
                         {0.0, 1.0},
                         {0.5, 0.9},
                         "Volfinger1994"}),
      slot(HalfElimination,
           ParameterInfo{"t_half_el",
                         "s",
                         "plasma CK elimination half-time in humans (fitted, 30 h)",
                         106400.0,
                         {600.0, 1e7},
                         {28800.0, 172800.0},
                         "Volfinger1994"}),
      slot(Ck0,
           ParameterInfo{
               "CK0", "U/L", "resting serum CK", 100.0, {0.0, 1e4}, {50.0, 300.0}, "Nosaka2006"}));
  static constexpr std::array<std::string_view, 5> citation_keys{
      "Cheung2003", "CleakEston1992", "Volfinger1994", "Nosaka2006", "Nosaka2002"};

  template <class T>
  void rhs_impl(const Eval<T>& e) const {
    const double* p = e.p;
    const T n = positive(e.inputs[Phagocytes]);
    e.dxdt[S] = (n / (n + p[NHalf]) - e.x[S]) / p[Tau];
    // Phagocytes break damaged fibres down and their CK leaks into the interstitium and lymph,
    // which carries a share F_abs of it to plasma (flip-flop kinetics: the lymph is slower).
    const double absorb = std::log(2.0) / p[HalfAbsorption];
    e.dxdt[CkLymph] = p[CkRelease] * positive(e.inputs[Breakdown]) - absorb * e.x[CkLymph];
    e.dxdt[CkPlasma] = p[Bioavailable] * absorb * e.x[CkLymph] -
                       std::log(2.0) / p[HalfElimination] * (e.x[CkPlasma] - p[Ck0]);
    e.outputs[Level] = 10.0 * e.channel[PerceptionGain] * e.x[S];
  }

  void observe_impl(const Eval<double>& e, double* out) const {
    out[0] = std::min(10.0, 10.0 * e.channel[PerceptionGain] * e.x[S]);
    out[1] = e.x[CkPlasma];
  }
  /// \brief Rest: no soreness, nothing in the lymph, CK at CK0.
  void rested_state_impl(double* x) const {
    x[S] = 0.0;
    x[CkLymph] = 0.0;
    x[CkPlasma] = values()[Ck0];
  }

 private:
  template <class T>
  static T positive(const T& v) {
    return value_of(v) > 0.0 ? v : T(0.0);
  }
};

}  // namespace myofatigue
