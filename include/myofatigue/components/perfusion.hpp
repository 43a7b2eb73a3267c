#pragma once
/// \file
/// \brief Muscle blood flow driven by force: exercise hyperaemia, occlusion by intramuscular
/// pressure (IMP) and external pressure, post-occlusive reactive hyperaemia, O2 delivery.
///
/// Flow is resting flow times a conductance (rest = 1) times a patency, the share of the resting
/// driving pressure left once tissue pressure (IMP + external pressure) is subtracted:
///   Q = Q_rest * flow_gain * (1 + V + D) * o,
///   o = sp(Pa - IMP(F) - P_ext) / sp(Pa - IMP0),   IMP(F) = IMP0 + (Pa - IMP0) F / F_occ,
/// with sp a softplus of width `width` (mmHg), so flow falls linearly with force and stops at
/// F_occ: Sadamoto, Bonde-Petersen & Suzuki 1983 [Sadamoto1983] (IMP linear in force; flow
/// stops at 50-64 % MVC; IMP up to 240 mmHg, here IMP(MVC) = 235 mmHg). V is the exercise
/// (metabolic) vasodilation, rising with force with tau_on and decaying with tau_off after the
/// contraction; D the ischaemic vasodilator "debt" behind reactive hyperaemia, building up with
/// the flow deficit while the vessels are compressed and decaying with tau_D once released (Imms,
/// Lee & Ludlow 1988 [Imms1988]: t1/2 14-45 s after 5 min of occlusion). Resting flows: Shoemaker,
/// Tiidus & Mader 1997 [Shoemaker1997]; post-exercise hyperaemia: Wiltshire et al. 2010
/// [Wiltshire2010]. See docs/models/perfusion.md.
///
/// The component reads `muscle.force_fraction` (written by motor_unit_pool) and writes the flow
/// and the O2 delivery for the components downstream (energetics: O2 supply and metabolite
/// washout, which scale with `perfusion.flow_fraction`).

#include <array>
#include <cmath>
#include <limits>
#include <string>
#include <string_view>

#include "myofatigue/model/component.hpp"

namespace myofatigue {

class Perfusion : public ComponentImpl<Perfusion> {
 public:
  static constexpr std::string_view registered_name = "perfusion";
  static constexpr std::string_view key_prefix = "perfusion";

  enum State { V, D };
  enum Read { ForceFraction };
  enum Write { FlowMlMin, FlowFraction, O2DeliveryMlMin };
  enum Channel { ExternalPressure, FlowGain };
  enum Param { Qrest, Pa, IMP0, Focc, Width, G, TauOn, TauOff, Dmax, TauD, CaO2 };

  static constexpr std::array state_specs{
      StateSpec{"V",
                "1",
                "exercise (metabolic) vasodilation: conductance increment over rest",
                {0.0, std::numeric_limits<double>::infinity()},
                0.0},
      StateSpec{"D",
                "1",
                "ischaemic debt: conductance increment of reactive hyperaemia",
                {0.0, std::numeric_limits<double>::infinity()},
                0.0},
  };
  static constexpr auto read_specs = in_order(
      slot(ForceFraction,
           SignalSpec{"muscle.force_fraction", "1", "force produced, fraction of fresh MVC"}));
  static constexpr auto write_specs = in_order(
      slot(FlowMlMin, SignalSpec{"perfusion.flow_ml_min", "mL/min", "muscle (limb) blood flow"}),
      slot(FlowFraction,
           SignalSpec{"perfusion.flow_fraction", "1", "blood flow / resting blood flow"}),
      slot(O2DeliveryMlMin,
           SignalSpec{"perfusion.o2_delivery_ml_min", "mL O2/min",
                      "O2 delivery: flow x arterial O2 content"}));
  static constexpr auto channel_specs = in_order(
      slot(ExternalPressure,
           ChannelSpec{"perfusion.external_pressure_mmHg", Composition::Offset,
                       "external pressure on the muscle [mmHg] (cuff, compression garment, "
                       "massage stroke); negative values act as 0"}),
      slot(FlowGain,
           ChannelSpec{"perfusion.flow_gain", Composition::Gain,
                       "multiplies the flow (vascular conductance)"}));
  static constexpr std::array observable_specs{
      ObservableSpec{"muscle_blood_flow_ml_min", "mL/min", "muscle (limb) blood flow", false,
                     "muscle_blood_flow_ml_min"},
      ObservableSpec{"flow_fraction", "1", "blood flow / resting blood flow"},
      ObservableSpec{"o2_delivery_ml_min", "mL O2/min", "flow x arterial O2 content"},
      ObservableSpec{"imp_mmHg", "mmHg", "intramuscular pressure IMP0 + (Pa - IMP0) F / F_occ"},
      ObservableSpec{"patency", "1",
                     "driving pressure left after tissue pressure / at rest (0: occluded)"},
  };
  static constexpr auto parameter_table = in_order(
      slot(Qrest,
           ParameterInfo{"Q_rest",
                         "mL/min",
                         "resting blood flow (brachial: forearm)",
                         39.1,
                         {1e-3, 1e5},
                         {25.0, 55.0},
                         "Shoemaker1997"}),
      slot(Pa,
           ParameterInfo{"Pa",
                         "mmHg",
                         "arterial pressure that tissue pressure must exceed to stop inflow "
                         "(assumption: systolic during contraction)",
                         140.0,
                         {20.0, 400.0},
                         {110.0, 170.0},
                         "Sadamoto1983"}),
      slot(IMP0,
           ParameterInfo{"IMP0",
                         "mmHg",
                         "resting intramuscular pressure",
                         14.0,
                         {0.0, 100.0},
                         {2.0, 31.0},
                         "Sjogaard1986"}),
      slot(Focc,
           ParameterInfo{"F_occ",
                         "1",
                         "force (fraction of MVC) at which flow stops",
                         0.57,
                         {0.05, 1.0},
                         {0.50, 0.64},
                         "Sadamoto1983"}),
      slot(Width,
           ParameterInfo{"width",
                         "mmHg",
                         "softplus width of the closing pressure (assumption, numerical)",
                         2.0,
                         {1e-3, 50.0},
                         {0.5, 5.0},
                         "Sadamoto1983"}),
      slot(G,
           ParameterInfo{"G",
                         "1",
                         "exercise vasodilation per MVC fraction of force (calibrated to "
                         "Wiltshire 2010 flow 30 s after handgrip)",
                         45.0,
                         {0.0, 1000.0},
                         {20.0, 60.0},
                         "Wiltshire2010"}),
      slot(TauOn,
           ParameterInfo{"tau_on",
                         "s",
                         "time constant of the rise of exercise vasodilation",
                         20.0,
                         {1e-2, 1e4},
                         {10.0, 40.0},
                         "Kitamura1983"}),
      slot(TauOff,
           ParameterInfo{"tau_off",
                         "s",
                         "time constant of its decay after exercise (calibrated to the "
                         "Wiltshire 2010 10-min flow area)",
                         400.0,
                         {1e-2, 1e5},
                         {150.0, 600.0},
                         "Wiltshire2010"}),
      slot(Dmax,
           ParameterInfo{"D_max",
                         "1",
                         "reactive conductance increment after complete occlusion "
                         "(assumption: peak reactive flow ~8x rest)",
                         7.0,
                         {0.0, 1000.0},
                         {4.0, 12.0},
                         "Imms1988"}),
      slot(TauD,
           ParameterInfo{"tau_D",
                         "s",
                         "time constant of the reactive-hyperaemia debt "
                         "(t1/2 = tau_D ln 2 = 27.7 s)",
                         40.0,
                         {1e-2, 1e5},
                         {20.0, 65.0},
                         "Imms1988"}),
      slot(CaO2,
           ParameterInfo{"CaO2",
                         "mL O2/mL",
                         "arterial O2 content",
                         0.20,
                         {0.0, 0.5},
                         {0.17, 0.22},
                         "Hsia1998"}));
  static constexpr std::array<std::string_view, 7> citation_keys{
      "Sadamoto1983", "Imms1988",     "Shoemaker1997", "Wiltshire2010",
      "Sjogaard1986", "Kitamura1983", "Hsia1998"};

  Perfusion() { derive(); }

  /// \brief Checks the parameters that constrain each other (called by with_parameters).
  /// \throws ParameterError "perfusion.Pa" when Pa does not exceed perfusion.IMP0 (flow needs a
  /// positive driving pressure at rest, and IMP must rise towards Pa with force).
  void derive() const {
    const auto& p = values();
    if (!(p[Pa] > p[IMP0]))
      throw ParameterError("perfusion.Pa", "= " + std::to_string(p[Pa]) +
                                               " mmHg must exceed perfusion.IMP0 = " +
                                               std::to_string(p[IMP0]) + " mmHg");
  }

  template <class T>
  void rhs_impl(const Eval<T>& e) const {
    const double* p = e.p;
    const T& F = e.inputs[ForceFraction];
    const T& v = e.x[V];
    const T& d = e.x[D];
    const T o = patency(F, e.channel[ExternalPressure], p);
    // Exercise hyperaemia: V relaxes to G F, quickly while rising (tau_on) and slowly after the
    // contraction (tau_off); the logistic blend of the two rates (width 0.1 in V) keeps the rhs
    // smooth where V crosses G F (Wiltshire 2010 flow stays high for minutes after handgrip).
    const T gap = p[G] * F - v;
    using std::tanh;
    const T rising = 0.5 * (1.0 + tanh(gap * 5.0));  // logistic(gap / 0.1)
    const T rate = 1.0 / p[TauOff] + (1.0 / p[TauOn] - 1.0 / p[TauOff]) * rising;
    e.dxdt[V] = rate * gap;
    // Reactive hyperaemia: the debt builds with the flow deficit, the share of the flow the
    // dilated vessels would carry uncompressed that compression withholds (D_max when they are
    // closed), and decays with tau_D once the flow is restored (Imms 1988: exponential, t1/2
    // 14-45 s). Partial compression at rest is thus largely compensated (autoregulation: massage
    // does not change resting bulk flow, Shoemaker 1997), but not in a maximally dilated muscle
    // after exercise (massage lowers post-exercise flow, Wiltshire 2010).
    // The debt relaxes to the level at which the deficit it leaves, 1 - o (1+V+D)/(1+V), is
    // D/D_max: D* = D_max (1 - o)(1 + V) / (1 + V + D_max o), smooth in (o, V), 0 once the
    // vessels are open (o = 1) and D_max when closed. (Clipping the deficit at 0 instead put a
    // kink at the resting equilibrium D = 0 and cost hundreds of rejected steps after a release.)
    const T closed = value_of(o) < 1.0 ? T(1.0 - o) : T(0.0);
    const T owed = p[Dmax] * closed * (1.0 + v) / (1.0 + v + p[Dmax] * o);
    e.dxdt[D] = (owed - d) / p[TauD];
    const T fraction = e.channel[FlowGain] * (1.0 + v + d) * o;
    e.outputs[FlowFraction] = fraction;
    e.outputs[FlowMlMin] = p[Qrest] * fraction;
    e.outputs[O2DeliveryMlMin] = p[Qrest] * p[CaO2] * fraction;
  }

  void observe_impl(const Eval<double>& e, double* out) const {
    const double* p = e.p;
    const double F = e.inputs[ForceFraction];
    const double fraction =
        e.channel[FlowGain] * (1.0 + e.x[V] + e.x[D]) * patency(F, e.channel[ExternalPressure], p);
    out[0] = p[Qrest] * fraction;
    out[1] = fraction;
    out[2] = p[Qrest] * p[CaO2] * fraction;
    out[3] = imp(F, p);
    out[4] = patency(F, e.channel[ExternalPressure], p);
  }

  /// \brief Intramuscular pressure [mmHg] at force F (fraction of MVC): linear in force
  /// (Sadamoto 1983), IMP0 at rest and Pa at F_occ, where flow stops.
  template <class T>
  static T imp(const T& F, const double* p) {
    return p[IMP0] + (p[Pa] - p[IMP0]) / p[Focc] * F;
  }

  /// \brief Softplus of width w [mmHg]: a smooth max(x, 0), exact to w e^{-|x|/w}.
  template <class T>
  static T softplus(const T& x, double w) {
    using std::exp;
    using std::log;
    // The two forms are the same function; each is evaluated where exp cannot overflow.
    if (value_of(x) >= 0.0) return x + w * log(1.0 + exp(-x / w));
    return w * log(1.0 + exp(x / w));
  }

  /// \brief Patency o in (0, 1]: the driving pressure Pa - IMP(F) - P_ext left after tissue
  /// pressure, relative to rest (smoothed at the closing point). P_ext < 0 acts as 0 (no
  /// suction effect is modelled).
  template <class T>
  static T patency(const T& F, const T& external_mmHg, const double* p) {
    const T pext = value_of(external_mmHg) > 0.0 ? external_mmHg : T(0.0);
    return softplus(T(p[Pa] - imp(F, p) - pext), p[Width]) / softplus(p[Pa] - p[IMP0], p[Width]);
  }
};

}  // namespace myofatigue
