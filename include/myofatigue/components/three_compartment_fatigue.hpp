#pragma once
/// \file
/// \brief Three-compartment controller fatigue model (3CC) and its rest-recovery variant (3CC-r).
///
/// Xia T, Frey-Law LA (2008) J Biomech 41(14):3046-3052 [XiaFreyLaw2008], with the rest
/// recovery multiplier r of Looft JM, Herkert N, Frey-Law L (2018) J Biomech 77:16-25
/// [Looft2018] applied as in Rakshit R, Xiang Y, Yang J (2021) J Biomech 127:110695, Eq. 7
/// [Rakshit2021]: R becomes r*R only while the target load is zero (rest). With r = 1 this is
/// the original 3CC. See docs/models/three_compartment_fatigue.md.

#include <array>
#include <string_view>

#include "myofatigue/model/component.hpp"

namespace myofatigue {

class ThreeCompartmentFatigue : public ComponentImpl<ThreeCompartmentFatigue> {
 public:
  static constexpr std::string_view registered_name = "three_compartment";
  static constexpr std::string_view key_prefix = "fatigue";

  enum State { MA, MR, MF };
  enum Param { F, R, r, LD, LR };
  enum Switch { Recruiting, ReserveLeft };
  enum Read { TargetFraction };
  enum Channel { RecoveryGain };

  static constexpr std::array state_specs{
      StateSpec{"MA", "1", "active motor units (fraction of the pool)", {0.0, 1.0}, 0.0},
      StateSpec{"MR", "1", "resting (recruitable) motor units", {0.0, 1.0}, 1.0},
      StateSpec{"MF", "1", "fatigued motor units", {0.0, 1.0}, 0.0},
  };
  static constexpr auto read_specs = in_order(slot(
      TargetFraction,
      SignalSpec{"protocol.target_fraction", "1", "target load TL as a fraction of fresh MVC"}));
  static constexpr auto channel_specs = in_order(
      slot(RecoveryGain,
           ChannelSpec{"fatigue.recovery_gain", Composition::Gain,
                       "multiplies the recovery rate R (e.g. hyperaemia after contraction)"}));
  static constexpr auto switch_specs = in_order(
      slot(Recruiting,
           SwitchSpec{"recruiting", "MA < TL: the controller develops force (Xia 2008 Eq. 4)"}),
      slot(ReserveLeft,
           SwitchSpec{"reserve_left",
                      "MR > TL - MA: enough resting units remain to close the gap"}));
  static constexpr std::array observable_specs{
      ObservableSpec{"capacity", "1", "force fraction producible now, MA + MR (Xia 2008)", true},
      ObservableSpec{"force_fraction", "1", "produced force as a fraction of fresh MVC (MA)"},
  };
  static constexpr std::array parameter_table{
      ParameterInfo{"F", "1/s", "fatigue rate", 0.0097, {0.0, 1.0}, {0.005, 0.02}, "FreyLaw2012"},
      ParameterInfo{
          "R", "1/s", "recovery rate", 0.00091, {0.0, 1.0}, {0.0005, 0.004}, "FreyLaw2012"},
      ParameterInfo{"r",
                    "1",
                    "rest recovery multiplier (1 = original 3CC)",
                    1.0,
                    {1.0, 100.0},
                    {1.0, 30.0},
                    "Looft2018"},
      ParameterInfo{"LD",
                    "1/s",
                    "controller gain, development",
                    10.0,
                    {1e-3, 1e4},
                    {1.0, 100.0},
                    "XiaFreyLaw2008"},
      ParameterInfo{"LR",
                    "1/s",
                    "controller gain, relaxation",
                    10.0,
                    {1e-3, 1e4},
                    {1.0, 100.0},
                    "XiaFreyLaw2008"},
  };
  static constexpr std::array<std::string_view, 4> citation_keys{"XiaFreyLaw2008", "FreyLaw2012",
                                                                 "Looft2018", "Rakshit2021"};

  template <class T>
  void rhs_impl(const Eval<T>& e) const {
    const T& ma = e.x[MA];
    const T& mr = e.x[MR];
    const T& mf = e.x[MF];
    const T& tl = e.inputs[TargetFraction];
    // Controller C(t), Xia & Frey-Law 2008 Eq. 4: continuous and piecewise linear in the
    // states. Its two switching functions let the integrator hold one linear branch per step
    // and restart on the kink; the second kink, MR = TL - MA, is where task failure occurs.
    const bool recruiting = e.branch(Recruiting, tl - ma);            // MA < TL
    const bool reserve_left = e.branch(ReserveLeft, mr - (tl - ma));  // MR > TL - MA
    T c;
    if (recruiting) {
      c = reserve_left ? e.p[LD] * (tl - ma) : e.p[LD] * mr;
    } else {
      c = e.p[LR] * (tl - ma);
    }
    // Rest recovery multiplier r only while TL = 0 (Rakshit 2021 Eq. 7).
    const double rest = value_of(tl) <= 0.0 ? e.p[r] : 1.0;
    const T recovery = (e.p[R] * rest) * e.channel[RecoveryGain] * mf;
    e.dxdt[MA] = c - e.p[F] * ma;         // Xia 2008 Eq. 1
    e.dxdt[MR] = -c + recovery;           // Eq. 2
    e.dxdt[MF] = e.p[F] * ma - recovery;  // Eq. 3
  }

  void observe_impl(const Eval<double>& e, double* out) const {
    out[0] = e.x[MA] + e.x[MR];
    out[1] = e.x[MA];
  }
};

}  // namespace myofatigue
