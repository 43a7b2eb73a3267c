#pragma once
/// \file
/// \brief Central (supraspinal) fatigue: the ceiling of voluntary activation, lowered by group
/// III/IV muscle afferents that fire with interstitial K+ and acidosis (Amann et al. 2009 J
/// Physiol 587:271 [Amann2009]: blocking them raises central drive), so it recovers only as
/// the metabolites wash out. Size of the fall: voluntary activation -20 +/- 12 % after a 2 min
/// maximal contraction of adductor pollicis (J Neurophysiol 2020, PMC7272748 [JNeurophysiol2020]),
/// 99 -> 90.7 % over 3 min of maximal elbow flexion (Gandevia et al. 1996 [Gandevia1996]).
/// See docs/models/central.md.

#include <array>
#include <string_view>

#include "myofatigue/model/component.hpp"

namespace myofatigue {

class Central : public ComponentImpl<Central> {
 public:
  static constexpr std::string_view registered_name = "central";
  static constexpr std::string_view key_prefix = "central";

  enum State { Inhibition };
  enum Read { KRise, Acidosis };
  enum Write { Ceiling };
  enum Channel { ExcitabilityGain };
  enum Param { AfferentGain, KRef, AcidRef, WK, Tau, MaxInhibition };

  static constexpr std::array state_specs{
      StateSpec{"I",
                "1",
                "afferent inhibition of the descending drive (0 rested, 1 at the exhaustion level)",
                {0.0, 10.0},
                0.0},
  };
  static constexpr auto read_specs =
      in_order(slot(KRise, SignalSpec{"energetics.k_rise_mM", "mM", "interstitial K+ above rest"}),
               slot(Acidosis, SignalSpec{"energetics.acidosis", "1", "resting pH - pH"}));
  static constexpr auto write_specs =
      in_order(slot(Ceiling,
                    SignalSpec{"central.activation_ceiling", "1",
                               "maximal voluntary activation, fraction", true}));
  // Motoneuron excitability as the H-reflex probes it. Massage depresses the soleus H-reflex by
  // 71 % while it lasts (Morelli 1990); what that does to voluntary force is not measured (the
  // subjects were at rest), so the channel reaches the H-reflex observable and not the ceiling.
  static constexpr auto channel_specs =
      in_order(slot(ExcitabilityGain,
                    ChannelSpec{"central.excitability_gain", Composition::Gain,
                                "motoneuron excitability: H-reflex amplitude / baseline"}));
  static constexpr std::array observable_specs{
      ObservableSpec{"voluntary_activation", "1", "maximal voluntary activation (ceiling)", false,
                     "voluntary_activation"},
      ObservableSpec{"afferent_drive", "1",
                     "group III/IV afferent activity, 1 at the exhaustion level"},
      ObservableSpec{"h_reflex_fraction", "1",
                     "H-reflex amplitude / baseline (motoneuron excitability)", false,
                     "h_reflex_fraction"},
  };
  static constexpr auto parameter_table = in_order(
      slot(AfferentGain,
           ParameterInfo{"afferent_gain",
                         "1",
                         "scales afferent feedback (0: fentanyl blockade)",
                         1.0,
                         {0.0, 10.0},
                         {0.0, 2.0},
                         "Amann2009"}),
      slot(KRef,
           ParameterInfo{"K_rise_ref",
                         "mM",
                         "rise of interstitial K+ at exhaustion (afferent drive 1)",
                         6.11,
                         {0.1, 20.0},
                         {4.8, 7.8},
                         "Nordsborg2003"}),
      slot(AcidRef,
           ParameterInfo{"acidosis_ref",
                         "1",
                         "fall of pH at exhaustion (afferent drive 1)",
                         0.7,
                         {0.01, 1.5},
                         {0.4, 0.9},
                         "Pan1988"}),
      slot(WK,
           ParameterInfo{"w_K",
                         "1",
                         "share of the afferent drive from K+ (the rest from H+; assumption)",
                         0.5,
                         {0.0, 1.0},
                         {0.2, 0.8},
                         "Amann2009"}),
      slot(Tau,
           ParameterInfo{"tau",
                         "s",
                         "time constant of the inhibition following the afferents (assumption)",
                         10.0,
                         {0.1, 600.0},
                         {2.0, 60.0},
                         "Gandevia1996"}),
      slot(MaxInhibition,
           ParameterInfo{"max_inhibition",
                         "1",
                         "fall of voluntary activation at afferent drive 1",
                         0.2,
                         {0.0, 1.0},
                         {0.08, 0.32},
                         "JNeurophysiol2020"}));
  static constexpr std::array<std::string_view, 8> citation_keys{
      "Amann2009", "Gandevia1996",  "JNeurophysiol2020", "Taylor2005",
      "Juel2000",  "Nordsborg2003", "Pan1988",           "Morelli1990"};
  // (Juel 2000: rest 4.19 mM, so the rise at Nordsborg 2003's exhaustion level of 10.3 mM is
  // 6.11 mM; Pan 1988 / physiology.md: pH 7.0 -> 6.3, a fall of 0.7.)

  template <class T>
  void rhs_impl(const Eval<T>& e) const {
    const double* p = e.p;
    e.dxdt[Inhibition] =
        (afferent(e.inputs[KRise], e.inputs[Acidosis], p) - e.x[Inhibition]) / p[Tau];
    e.outputs[Ceiling] = ceiling(e.x[Inhibition], p);
  }

  void observe_impl(const Eval<double>& e, double* out) const {
    out[0] = ceiling(e.x[Inhibition], e.p);
    out[1] = afferent(e.inputs[KRise], e.inputs[Acidosis], e.p);
    out[2] = e.channel[ExcitabilityGain];
  }

 private:
  // Group III/IV afferents fire with the metabolites of contraction; here a weighted sum of the
  // K+ and H+ rises above rest, each normalised to its level at exhaustion (assumption: the
  // afferents' response curves are not in the reference data). Never negative.
  template <class T>
  static T afferent(const T& k_rise, const T& acidosis, const double* p) {
    const T drive = p[WK] * k_rise / p[KRef] + (1.0 - p[WK]) * acidosis / p[AcidRef];
    return value_of(drive) > 0.0 ? T(p[AfferentGain] * drive) : T(0.0);
  }
  // Activation ceiling, floored at 5 % so that some drive always reaches the pool.
  template <class T>
  static T ceiling(const T& inhibition, const double* p) {
    // (An inhibition a round-off below 0, within the integrator's tolerance of rest, must not
    // lift the ceiling above full activation.)
    const T c = 1.0 - p[MaxInhibition] * inhibition;
    if (value_of(c) >= 1.0) return T(1.0);
    return value_of(c) > 0.05 ? c : T(0.05);
  }
};

}  // namespace myofatigue
