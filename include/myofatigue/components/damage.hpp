#pragma once
/// \file
/// \brief Exercise-induced muscle damage and the repeated-bout effect. Damage is made by
/// lengthening (eccentric) contractions while they happen, in proportion to a steep power of
/// their force, and is repaired over days; it takes force away at once, with no secondary
/// strength loss afterwards (Warren et al. 2017 Sports Med 47:41 [Warren2017]). The repair time
/// is that of the elbow-flexor strength deficit after maximal eccentric work (Nosaka et al. 2002
/// Med Sci Sports Exerc 34:920 [Nosaka2002]: 41.9 % -> 26.9 % in 96 h). A bout leaves a
/// protection that lowers the damage of the next one and fades over weeks (Nosaka et al. 2005
/// Can J Appl Physiol 30:529 [Nosaka2005]: all markers protected at 4 and 8 weeks, some at 12).
/// See docs/models/damage.md.

#include <array>
#include <cmath>
#include <string_view>

#include "myofatigue/model/component.hpp"

namespace myofatigue {

class Damage : public ComponentImpl<Damage> {
 public:
  static constexpr std::string_view registered_name = "damage";
  static constexpr std::string_view key_prefix = "damage";

  enum State { D, B };
  enum Read { Force, Lengthening };
  enum Write { ForceFactor, Fraction, Formation };
  enum Param { Gain, Exponent, TauRepair, Protection, ProtectionGain, TauProtection };

  static constexpr std::array state_specs{
      StateSpec{"D", "1", "damaged share of the force-generating structures", {0.0, 1.0}, 0.0},
      StateSpec{"B", "1", "repeated-bout protection (1: the largest protection)", {0.0, 1.0}, 0.0},
  };
  static constexpr auto read_specs = in_order(
      slot(Force,
           SignalSpec{"muscle.force_fraction", "1", "force produced, fraction of fresh MVC"}),
      slot(Lengthening,
           SignalSpec{"protocol.lengthening", "1", "1 while an eccentric contraction is loaded"}));
  static constexpr auto write_specs =
      in_order(slot(ForceFactor,
                    SignalSpec{"damage.force_factor", "1",
                               "force of the intact fibres, fraction of undamaged", true}),
               slot(Fraction,
                    SignalSpec{"damage.fraction", "1",
                               "damaged share of the force-generating structures", true}),
               slot(Formation,
                    SignalSpec{"damage.formation_rate", "1/s",
                               "damage being made now (the injury that inflammation answers)"}));
  static constexpr std::array observable_specs{
      ObservableSpec{"damage_fraction", "1", "damaged share of the force-generating structures",
                     false, "damage_fraction"},
      ObservableSpec{"protection", "1",
                     "repeated-bout protection: share of a new bout's damage avoided"},
  };
  static constexpr auto parameter_table = in_order(
      slot(Gain,
           ParameterInfo{"g",
                         "1/s",
                         "damage rate of a maximal eccentric contraction (fitted, see the page)",
                         0.078,
                         {0.0, 1.0},
                         {0.03, 0.2},
                         "Nosaka2002"}),
      slot(Exponent,
           ParameterInfo{"n",
                         "1",
                         "power of the eccentric force that damages (fitted)",
                         3.6,
                         {0.5, 8.0},
                         {2.0, 4.5},
                         "Nosaka2002"}),
      slot(TauRepair,
           ParameterInfo{"tau_repair",
                         "s",
                         "repair time constant (217 h)",
                         781200.0,
                         {3600.0, 1e8},
                         {432000.0, 1209600.0},
                         "Nosaka2002"}),
      slot(Protection,
           ParameterInfo{"protection_max",
                         "1",
                         "share of a bout's damage a fully protected muscle avoids (assumption)",
                         0.5,
                         {0.0, 1.0},
                         {0.3, 0.8},
                         "Nosaka2005"}),
      slot(ProtectionGain,
           ParameterInfo{"k_B",
                         "1",
                         "protection gained per unit of damage made (assumption)",
                         10.0,
                         {0.0, 1000.0},
                         {3.0, 30.0},
                         "Nosaka2005"}),
      slot(TauProtection,
           ParameterInfo{"tau_protection",
                         "s",
                         "decay time constant of the protection (10 weeks)",
                         6048000.0,
                         {86400.0, 1e9},
                         {2419200.0, 12096000.0},
                         "Nosaka2005"}));
  static constexpr std::array<std::string_view, 3> citation_keys{"Nosaka2002", "Nosaka2005",
                                                                 "Warren2017"};

  template <class T>
  void rhs_impl(const Eval<T>& e) const {
    const double* p = e.p;
    const T& d = e.x[D];
    const T& b = e.x[B];
    const T made = formation(e.inputs[Force], e.inputs[Lengthening], b, p) * (1.0 - d);
    e.dxdt[D] = made - d / p[TauRepair];
    e.dxdt[B] = p[ProtectionGain] * made * (1.0 - b) - b / p[TauProtection];
    e.outputs[ForceFactor] = 1.0 - d;
    e.outputs[Fraction] = d;
    e.outputs[Formation] = made;
  }

  void observe_impl(const Eval<double>& e, double* out) const {
    out[0] = e.x[D];
    out[1] = e.p[Protection] * e.x[B];
  }

 private:
  // Sarcomeres are overstretched ("popped") only by lengthening under high force, so damage
  // grows with a steep power of the eccentric force (n = 3.6 makes 3600 eccentric lowerings at
  // 9 % MVC do a fraction of the damage of 12 maximal ones, as the CK rises of Nosaka 2002
  // order them); shortening and isometric work make none. Protection lowers it (repeated bout).
  template <class T>
  static T formation(const T& force, const T& lengthening, const T& protection, const double* p) {
    using std::pow;
    if (!(value_of(force) > 0.0) || !(value_of(lengthening) > 0.0)) return T(0.0);
    return p[Gain] * lengthening * pow(force, p[Exponent]) * (1.0 - p[Protection] * protection);
  }
};

}  // namespace myofatigue
