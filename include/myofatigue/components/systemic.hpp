#pragma once
/// \file
/// \brief Blood lactate: the lactate space that the working muscle exchanges with and that the
/// rest of the body clears, i.e. the second compartment of the open two-compartment model behind
/// the biexponential recovery of blood lactate after exercise (Freund & Zouloumian 1981 Eur J
/// Appl Physiol 46:121 [Freund1981]; rate constants of Beneke, Jumah & Leithaeuser 2007 Dyn Med
/// 6:10 [Beneke2007]). The muscle compartment is `energetics` (its lactate and its efflux).
/// See docs/models/systemic.md.

#include <array>
#include <limits>
#include <string_view>

#include "myofatigue/model/component.hpp"

namespace myofatigue {

class Systemic : public ComponentImpl<Systemic> {
 public:
  static constexpr std::string_view registered_name = "systemic";
  static constexpr std::string_view key_prefix = "systemic";

  enum State { LaBlood };
  enum Read { Efflux };
  enum Write { LaBloodOut };
  enum Channel { ClearanceGain };
  enum Param { La0, Rho, TauRemoval };

  static constexpr std::array state_specs{
      StateSpec{"La",
                "mM",
                "lactate in the blood and the lactate space",
                {0.0, std::numeric_limits<double>::infinity()},
                1.0},
  };
  static constexpr auto read_specs = in_order(slot(
      Efflux,
      SignalSpec{"energetics.lactate_efflux_mM_s", "mM/s", "lactate leaving the working muscle"}));
  static constexpr auto write_specs = in_order(
      slot(LaBloodOut, SignalSpec{"systemic.lactate_blood_mM", "mM", "blood lactate", true}));
  static constexpr auto channel_specs =
      in_order(slot(ClearanceGain,
                    ChannelSpec{"clearance.rate_gain", Composition::Gain,
                                "multiplies the removal of lactate from the lactate space"}));
  static constexpr std::array observable_specs{
      ObservableSpec{"lactate_blood_mM", "mM", "blood lactate", false, "lactate_blood_mM"},
  };
  static constexpr auto parameter_table = in_order(
      slot(La0,
           ParameterInfo{
               "La0", "mM", "resting blood lactate", 1.0, {0.0, 10.0}, {0.5, 2.0}, "Beneke2007"}),
      slot(Rho,
           ParameterInfo{"rho",
                         "1",
                         "active muscle water / lactate distribution space (assumption)",
                         0.1,
                         {1e-4, 10.0},
                         {0.02, 0.5},
                         "Freund1981"}),
      slot(TauRemoval,
           ParameterInfo{"tau_removal",
                         "s",
                         "removal time constant of the lactate space",
                         1800.0,
                         {10.0, 1e6},
                         {1100.0, 4300.0},
                         "Beneke2007"}));
  static constexpr std::array<std::string_view, 2> citation_keys{"Freund1981", "Beneke2007"};

  template <class T>
  void rhs_impl(const Eval<T>& e) const {
    const double* p = e.p;
    // Mass balance of the lactate space: what the muscle loses (per its own water volume) scaled
    // by the volume ratio, less first-order removal (oxidation and gluconeogenesis elsewhere).
    e.dxdt[LaBlood] = p[Rho] * e.inputs[Efflux] -
                      e.channel[ClearanceGain] * (e.x[LaBlood] - p[La0]) / p[TauRemoval];
    e.outputs[LaBloodOut] = e.x[LaBlood];
  }

  void observe_impl(const Eval<double>& e, double* out) const { out[0] = e.x[LaBlood]; }
  /// \brief Rest is the parameter La0.
  void rested_state_impl(double* x) const { x[LaBlood] = values()[La0]; }
};

}  // namespace myofatigue
