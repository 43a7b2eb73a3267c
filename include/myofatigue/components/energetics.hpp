#pragma once
/// \file
/// \brief Muscle energetics and the metabolites of fatigue: phosphocreatine (PCr) buffering of
/// ATP, oxidative resynthesis limited by blood flow (the linear model of Meyer 1988 Am J Physiol
/// 254:C548 [Meyer1988]), glycolysis with muscle lactate, intracellular pH from the proton
/// balance, Pi, and interstitial K+. One lumped muscle compartment (no fibre types yet).
/// Resting values: Kemp, Meyerspeer & Moser 2007 NMR Biomed 20:555 [Kemp2007] (PCr, Pi),
/// Juel et al. 2000 Am J Physiol 278:R400 [Juel2000] (K+), Sahlin et al. 1977 [Sahlin1977]
/// (pH); rates: Barclay 2017 J Muscle Res Cell Motil 38:143 [Barclay2017]. See
/// docs/models/energetics.md for every equation, default and assumption.
///
/// The metabolite signals it writes (Pi, pH, K+, lactate) are functions of its states only
/// (SignalSpec::from_states), so the motor-unit pool may read them while this component reads
/// the pool's force: the metabolic feedback loop of fatigue. Lactate leaves for the blood
/// (`systemic`) at the rate it writes as energetics.lactate_efflux_mM_s.

#include <array>
#include <cmath>
#include <string_view>

#include "myofatigue/model/component.hpp"

namespace myofatigue {

class Energetics : public ComponentImpl<Energetics> {
 public:
  static constexpr std::string_view registered_name = "energetics";
  static constexpr std::string_view key_prefix = "energetics";

  enum State { PCr, La, K };
  enum Read { ForceFraction, Excitation, FlowFraction, BloodLactate };
  enum Write { PiRise, Acidosis, KRise, LaOut, Efflux };
  enum Channel { ClearanceGain };
  enum Param {
    PCr0,
    Pi0,
    pH0,
    La0,
    K0,
    Umax,
    TauPCr,
    Lmax,
    Dgly,
    Ngly,
    pHgly,
    Beta,
    Gamma,
    TauLa,
    TauK,
    Kmax,
    PumpShare,
    Kf,
    Klow
  };

  static constexpr std::array state_specs{
      StateSpec{"PCr", "mM", "phosphocreatine, mM of cell water", {0.0, 60.0}, 33.0},
      StateSpec{"La", "mM", "muscle lactate, mM of cell water", {0.0, 60.0}, 1.0},
      StateSpec{"K", "mM", "interstitial K+", {0.0, 20.0}, 4.19},
  };
  static constexpr auto read_specs = in_order(
      slot(ForceFraction,
           SignalSpec{"muscle.force_fraction", "1", "force produced, fraction of fresh MVC"}),
      slot(Excitation, SignalSpec{"muscle.excitation", "1", "excitation / maximal excitation"}),
      slot(FlowFraction,
           SignalSpec{"perfusion.flow_fraction", "1", "muscle blood flow / resting flow"}),
      slot(BloodLactate,
           SignalSpec{"systemic.lactate_blood_mM", "mM", "blood (lactate space) lactate"}));
  static constexpr auto write_specs = in_order(
      // The metabolites as rises above this muscle's rest, so that their readers need no copy of
      // the resting values (the rested muscle is unfatigued by definition).
      slot(PiRise, SignalSpec{"energetics.pi_rise_mM", "mM", "Pi above rest", true}),
      slot(Acidosis, SignalSpec{"energetics.acidosis", "1", "resting pH - pH (pH units)", true}),
      slot(KRise, SignalSpec{"energetics.k_rise_mM", "mM", "interstitial K+ above rest", true}),
      slot(LaOut, SignalSpec{"energetics.lactate_mM", "mM", "muscle lactate", true}),
      slot(Efflux,
           SignalSpec{"energetics.lactate_efflux_mM_s", "mM/s",
                      "lactate leaving the muscle, per volume of muscle water"}));
  static constexpr auto channel_specs =
      in_order(slot(ClearanceGain,
                    ChannelSpec{"clearance.rate_gain", Composition::Gain,
                                "multiplies the flow-dependent removal of lactate and K+"}));
  static constexpr std::array observable_specs{
      ObservableSpec{"pcr_mM", "mM", "phosphocreatine", false, "pcr_mM"},
      ObservableSpec{"pi_mM", "mM", "inorganic phosphate", false, "pi_mM"},
      ObservableSpec{"ph", "1", "intracellular pH", false, "ph"},
      ObservableSpec{"k_interstitial_mM", "mM", "interstitial K+", false, "k_interstitial_mM"},
      ObservableSpec{"lactate_muscle_mM", "mM", "muscle lactate", false, "lactate_muscle_mM"},
      ObservableSpec{"oxidative_atp_mM_s", "mM/s", "oxidative ATP synthesis"},
      ObservableSpec{"glycolytic_atp_mM_s", "mM/s", "glycolytic ATP synthesis"},
  };
  static constexpr auto parameter_table = in_order(
      slot(PCr0,
           ParameterInfo{"PCr0", "mM", "resting PCr", 33.0, {5.0, 60.0}, {28.0, 36.0}, "Kemp2007"}),
      slot(Pi0, ParameterInfo{"Pi0", "mM", "resting Pi", 4.5, {0.5, 20.0}, {3.0, 6.0}, "Kemp2007"}),
      slot(
          pH0,
          ParameterInfo{
              "pH0", "1", "resting intracellular pH", 7.0, {6.5, 7.5}, {6.94, 7.06}, "Sahlin1977"}),
      slot(La0,
           ParameterInfo{"La0",
                         "mM",
                         "resting muscle lactate (equilibrium with blood)",
                         1.0,
                         {0.0, 10.0},
                         {0.5, 2.0},
                         "Beneke2007"}),
      slot(K0,
           ParameterInfo{
               "K0", "mM", "resting interstitial K+", 4.19, {2.0, 8.0}, {3.9, 4.4}, "Juel2000"}),
      slot(Umax,
           ParameterInfo{"Umax",
                         "mM/s",
                         "ATP turnover at fresh MVC (isometric)",
                         2.33,
                         {0.1, 10.0},
                         {1.2, 3.0},
                         "Barclay2017"}),
      slot(TauPCr,
           ParameterInfo{"tau_PCr",
                         "s",
                         "PCr recovery time constant, perfused muscle",
                         35.0,
                         {5.0, 300.0},
                         {20.0, 65.0},
                         "Kemp2007"}),
      slot(Lmax,
           ParameterInfo{"Lmax",
                         "mM/s",
                         "maximal glycolytic ATP synthesis",
                         1.67,
                         {0.0, 10.0},
                         {0.8, 2.5},
                         "Barclay2017"}),
      slot(Dgly,
           ParameterInfo{"d_gly",
                         "1",
                         "PCr depletion at half-maximal glycolysis",
                         0.7,
                         {0.05, 1.0},
                         {0.6, 0.8},
                         "Fiedler2016"}),
      slot(Ngly,
           ParameterInfo{"n_gly",
                         "1",
                         "steepness of glycolytic activation (assumption)",
                         8.0,
                         {1.0, 20.0},
                         {4.0, 12.0},
                         "Fiedler2016"}),
      slot(pHgly,
           ParameterInfo{"pH_gly",
                         "1",
                         "pH at half glycolytic inhibition (assumption)",
                         6.4,
                         {5.5, 7.0},
                         {6.2, 6.6},
                         "Pan1988"}),
      slot(Beta,
           ParameterInfo{"beta",
                         "mM",
                         "intracellular buffer capacity (per pH unit; assumption)",
                         25.0,
                         {1.0, 200.0},
                         {15.0, 40.0},
                         "Juel2008"}),
      slot(Gamma,
           ParameterInfo{"gamma",
                         "1",
                         "protons consumed per PCr split",
                         0.4,
                         {0.0, 1.0},
                         {0.2, 0.6},
                         "Kemp2001"}),
      slot(TauLa,
           ParameterInfo{"tau_La",
                         "s",
                         "muscle-blood lactate exchange time constant at resting flow",
                         120.0,
                         {1.0, 1e5},
                         {80.0, 200.0},
                         "Beneke2007"}),
      slot(TauK,
           ParameterInfo{"tau_K",
                         "s",
                         "interstitial K+ clearance time constant at resting flow",
                         40.0,
                         {1.0, 3600.0},
                         {20.0, 90.0},
                         "McKenna2024"}),
      // Not the 10.3 mM of Nordsborg 2003 (the level at exhaustion, under exercise flow, which
      // washes K+ out faster than resting flow): that is the validation target. The highest
      // interstitial K+ measured in intense exercise, 12-13 mM (McKenna 2024), bounds from below
      // what maximal excitation holds at resting flow.
      slot(Kmax,
           ParameterInfo{"K_max",
                         "mM",
                         "interstitial K+ held at maximal excitation, resting flow",
                         12.5,
                         {4.0, 20.0},
                         {12.0, 14.0},
                         "McKenna2024"}),
      slot(PumpShare,
           ParameterInfo{"pump_share",
                         "1",
                         "share of K+ clearance by local Na+,K+ pumps (assumption)",
                         0.5,
                         {0.0, 1.0},
                         {0.2, 0.8},
                         "McKenna2024"}),
      slot(Kf,
           ParameterInfo{"Kf",
                         "1",
                         "flow (in resting flows) at half-maximal exchange (assumption)",
                         0.25,
                         {0.01, 10.0},
                         {0.05, 1.0},
                         "Meyer1988"}),
      slot(Klow,
           ParameterInfo{"K_low",
                         "mM",
                         "PCr at which ATP use halves as the supply runs out (assumption)",
                         1.0,
                         {0.01, 10.0},
                         {0.3, 3.0},
                         "Barclay2017"}));
  static constexpr std::array<std::string_view, 13> citation_keys{
      "Meyer1988",     "Kemp2007",    "Juel2000",  "Sahlin1977", "Barclay2017",
      "Fiedler2016",   "Pan1988",     "Juel2008",  "Kemp2001",   "Beneke2007",
      "Nordsborg2003", "McKenna2024", "Harris1976"};

  template <class T>
  void rhs_impl(const Eval<T>& e) const {
    const double* p = e.p;
    const T& pcr = e.x[PCr];
    const T& la = e.x[La];
    const T& k = e.x[K];
    const T force = e.inputs[ForceFraction];
    const T flow = flow_factor(e.inputs[FlowFraction], p);
    const T clearance = e.channel[ClearanceGain];
    // ATP demand proportional to force (isometric; Barclay 2017), falling off as PCr (hence ATP)
    // runs out: in vivo the force then fails.
    const T demand = p[Umax] * force * pcr / (pcr + p[Klow]);
    const T oxidative = oxidative_rate(e.x, flow, p);
    const T glycolytic = glycolytic_rate(e.x, e.inputs[Excitation], p);
    e.dxdt[PCr] = oxidative + glycolytic - demand;
    // 1.5 ATP per lactate from glycogen; exchange with the blood's lactate space scales with flow
    // (the muscle-to-lactate-space exchange of Freund's two-compartment model; Beneke 2007).
    const T efflux = clearance * flow * (la - e.inputs[BloodLactate]) / p[TauLa];
    e.dxdt[La] = glycolytic / 1.5 - efflux;
    // K+ released with each action potential (excitation); cleared by Na+,K+ pumps (local) and
    // washout (flow), so that maximal excitation at resting flow holds K_max.
    const T removal = (p[PumpShare] + (1.0 - p[PumpShare]) * clearance * flow) / p[TauK];
    const double release = (p[Kmax] - p[K0]) / p[TauK];  // per unit excitation
    e.dxdt[K] = release * e.inputs[Excitation] - removal * (k - p[K0]);
    e.outputs[PiRise] = pi(pcr, p) - p[Pi0];
    e.outputs[Acidosis] = p[pH0] - ph(pcr, la, p);
    e.outputs[KRise] = k - p[K0];
    e.outputs[LaOut] = la;
    e.outputs[Efflux] = efflux;
  }

  /// \brief Rest is a parameter here: PCr0, La0, K0.
  void rested_state_impl(double* x) const {
    const auto& p = values();
    x[PCr] = p[PCr0];
    x[La] = p[La0];
    x[K] = p[K0];
  }

  void observe_impl(const Eval<double>& e, double* out) const {
    const double* p = e.p;
    out[0] = e.x[PCr];
    out[1] = pi(e.x[PCr], p);
    out[2] = ph(e.x[PCr], e.x[La], p);
    out[3] = e.x[K];
    out[4] = e.x[La];
    out[5] = oxidative_rate(e.x, flow_factor(e.inputs[FlowFraction], p), p);
    out[6] = glycolytic_rate(e.x, e.inputs[Excitation], p);
  }

 private:
  // Exchange with blood relative to resting flow: (1 + Kf) f / (f + Kf), 1 at resting flow, 0
  // when occluded, saturating above (flow-limited exchange; the form is an assumption).
  template <class T>
  static T flow_factor(const T& f, const double* p) {
    const T fp = value_of(f) > 0.0 ? f : T(0.0);
    return (1.0 + p[Kf]) * fp / (fp + p[Kf]);
  }
  // Pi rises as PCr is split (PCr + ADP -> Cr + ATP, ATP -> ADP + Pi; ATP held constant).
  template <class T>
  static T pi(const T& pcr, const double* p) {
    return p[Pi0] + (p[PCr0] - pcr);
  }
  // Proton balance: lactate (with its proton) acidifies; net PCr splitting consumes gamma H+
  // per PCr (Kemp 2001); the buffer capacity beta converts the load to pH.
  template <class T>
  static T ph(const T& pcr, const T& la, const double* p) {
    return p[pH0] - ((la - p[La0]) - p[Gamma] * (p[PCr0] - pcr)) / p[Beta];
  }
  // Meyer 1988: oxidative ATP synthesis linear in the PCr deficit (rate 1/tau_PCr), which makes
  // PCr recover mono-exponentially as measured; at full depletion it reaches PCr0/tau_PCr
  // (0.94 mM/s, the maximal oxidative rate of untrained muscle, ~0.83 mM/s: Barclay 2017).
  // Scaled by O2 delivery: no PCr resynthesis under occlusion (Harris 1976).
  template <class T>
  static T oxidative_rate(const T* x, const T& flow, const double* p) {
    return flow * (p[PCr0] - x[PCr]) / p[TauPCr];
  }
  // Glycolysis runs while the muscle is activated (it stops within seconds of the end of
  // exercise: Kemp 2001), in proportion to excitation; it switches on as PCr is depleted
  // (acidification starts at 60-75 % depletion: Fiedler 2016) and is inhibited as pH approaches
  // the lowest values measured (Pan 1988).
  template <class T>
  static T glycolytic_rate(const T* x, const T& excitation, const double* p) {
    using std::exp;
    using std::pow;
    const T d = (p[PCr0] - x[PCr]) / p[PCr0];
    if (!(value_of(d) > 0.0)) return T(0.0);
    const T dn = pow(d, p[Ngly]);
    const T activation = dn / (dn + std::pow(p[Dgly], p[Ngly]));
    const T inhibition = 1.0 / (1.0 + exp((p[pHgly] - ph(x[PCr], x[La], p)) / 0.05));
    return p[Lmax] * excitation * activation * inhibition;
  }
};

}  // namespace myofatigue
