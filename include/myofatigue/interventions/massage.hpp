#pragma once
/// \file
/// \brief What the manual therapies have in common: the channels a massage stroke, stretching,
/// cupping or a compression garment acts on, and the parameters that size each effect. Each
/// technique is its own header with its own registered name, defaults (the measured profile)
/// and `claimed` profile; this header is the shared time course and parameter table.
///
/// While applied: external pressure on the muscle (the mechanical impedance that lowers
/// post-exercise flow, Wiltshire et al. 2010 [Wiltshire2010]), gains on deep-muscle flow, on
/// metabolite clearance, on skin flow (Hinds et al. 2004 [Hinds2004]) and on motoneuron
/// excitability (Morelli et al. 1990 [Morelli1990]). During and after, decaying with
/// `after_tau`: an offset on tone, and gains on cytokine production (Crane et al. 2012
/// [Crane2012]) and on perceived soreness (Zainuddin et al. 2005 [Zainuddin2005]).
/// See docs/interventions/.

#include <array>
#include <cmath>
#include <string_view>

#include "myofatigue/interventions/intervention.hpp"

namespace myofatigue {

/// \brief A parameter value with its source (a citation key in docs/references.bib).
struct Sourced {
  double value;
  std::string_view source;
};

/// \brief The size of each effect of a manual therapy. Neutral unless given: a technique states
/// only what a study (or, for an assumption, its doc page) says it does.
struct ManualTherapyDose {
  Sourced pressure_mmHg{0.0, "Wiltshire2010"};
  Sourced flow_gain{1.0, "Shoemaker1997"};
  Sourced clearance_gain{1.0, "Wiltshire2010"};
  Sourced skin_flow_gain{1.0, "Hinds2004"};
  Sourced excitability_gain{1.0, "Morelli1990"};
  Sourced tone_offset{0.0, "Simons1999"};
  Sourced cytokine_gain{1.0, "Crane2012"};
  Sourced perception_gain{1.0, "Guo2017"};
  Sourced after_tau_s{345600.0, "Zainuddin2005"};
};

namespace manual_therapy {

inline constexpr std::size_t n_parameters = 9;

/// \brief The parameter table of a technique whose defaults are `d`.
constexpr std::array<ParameterInfo, n_parameters> parameters(const ManualTherapyDose& d) {
  return {{
      {"pressure_mmHg",
       "mmHg",
       "mean pressure on the muscle while applied (impedes deep flow)",
       d.pressure_mmHg.value,
       {0.0, 300.0},
       {0.0, 80.0},
       d.pressure_mmHg.source},
      {"flow_gain",
       "1",
       "multiplies deep-muscle vascular conductance while applied",
       d.flow_gain.value,
       {0.0, 10.0},
       {0.7, 2.0},
       d.flow_gain.source},
      {"clearance_gain",
       "1",
       "multiplies metabolite clearance (lactate, H+, K+) while applied",
       d.clearance_gain.value,
       {0.0, 10.0},
       {0.7, 3.0},
       d.clearance_gain.source},
      {"skin_flow_gain",
       "1",
       "skin blood flow the skin settles to while applied / resting",
       d.skin_flow_gain.value,
       {0.0, 100.0},
       {1.0, 40.0},
       d.skin_flow_gain.source},
      {"excitability_gain",
       "1",
       "motoneuron excitability (H-reflex / baseline) while applied",
       d.excitability_gain.value,
       {0.0, 5.0},
       {0.2, 1.5},
       d.excitability_gain.source},
      {"tone_offset",
       "1",
       "added to the residual activation tone settles to (negative: relaxes), decaying after",
       d.tone_offset.value,
       {-1.0, 1.0},
       {-0.05, 0.0},
       d.tone_offset.source},
      {"cytokine_gain",
       "1",
       "multiplies damage-driven phagocyte activation, decaying back to 1 after",
       d.cytokine_gain.value,
       {0.0, 10.0},
       {0.3, 1.0},
       d.cytokine_gain.source},
      {"perception_gain",
       "1",
       "multiplies the soreness perceived, decaying back to 1 after",
       d.perception_gain.value,
       {0.0, 10.0},
       {0.3, 1.0},
       d.perception_gain.source},
      {"after_tau",
       "s",
       "time constant of the after-effects on tone, cytokines and soreness",
       d.after_tau_s.value,
       {1.0, 1e7},
       {24.0 * 3600.0, 240.0 * 3600.0},
       d.after_tau_s.source},
  }};
}

/// \brief The values of a profile given as a dose (sources are the doc page's business).
constexpr std::array<double, n_parameters> values(const ManualTherapyDose& d) {
  return {d.pressure_mmHg.value,  d.flow_gain.value,         d.clearance_gain.value,
          d.skin_flow_gain.value, d.excitability_gain.value, d.tone_offset.value,
          d.cytokine_gain.value,  d.perception_gain.value,   d.after_tau_s.value};
}

/// \brief The channels, in the parameters' order (after_tau has none).
inline constexpr std::array<ChannelSpec, 8> channels{{
    {"perfusion.external_pressure_mmHg", Composition::Offset, "mean stroke pressure on the muscle"},
    {"perfusion.flow_gain", Composition::Gain, "deep-muscle conductance"},
    {"clearance.rate_gain", Composition::Gain, "metabolite clearance"},
    {"skin.flow_gain", Composition::Gain, "skin blood flow"},
    {"central.excitability_gain", Composition::Gain, "motoneuron excitability (H-reflex)"},
    {"tone.offset", Composition::Offset, "residual activation (tone)"},
    {"inflammation.cytokine_gain", Composition::Gain, "damage-driven phagocyte activation"},
    {"soreness.perception_gain", Composition::Gain, "perceived soreness"},
}};

/// The practitioners' account of Swedish massage (effleurage, petrissage, wringing) as Weerapong,
/// Hume & Kolt 2005 [Weerapong2005] review it: it flushes lactate, boosts circulation without
/// impeding it, lowers inflammatory cytokines, and lowers soreness (as measured, Zainuddin 2005).
inline constexpr ManualTherapyDose swedish_claimed{.pressure_mmHg = {0.0, "Weerapong2005"},
                                                   .flow_gain = {1.5, "Weerapong2005"},
                                                   .clearance_gain = {2.0, "Weerapong2005"},
                                                   .skin_flow_gain = {25.0, "Hinds2004"},
                                                   .cytokine_gain = {0.5, "Weerapong2005"},
                                                   .perception_gain = {0.48, "Zainuddin2005"}};
inline constexpr std::string_view swedish_claimed_description =
    "the practitioners' account (Weerapong 2005): flushes lactate (clearance x2), boosts "
    "circulation "
    "(flow x1.5, no impedance), lowers cytokines and soreness";

/// Channels 5-7 act on after the window too.
inline constexpr std::size_t first_lasting = 5;
/// The after-effects end (exactly neutral) after this many after_tau: e^-8 = 3.4e-4 of the effect.
inline constexpr double lasting_taus = 8.0;

}  // namespace manual_therapy

/// \brief CRTP base of the manual therapies: Derived gives `registered_name`, `description_text`,
/// the doses `measured` (the defaults) and `claimed`, `claimed_description` and `citation_keys`.
template <class Derived>
class ManualTherapy : public InterventionImpl<Derived> {
 public:
  static constexpr auto channel_specs = manual_therapy::channels;
  static constexpr std::array<ParameterInfo, manual_therapy::n_parameters> parameter_table =
      manual_therapy::parameters(Derived::measured);
  static constexpr std::array<double, manual_therapy::n_parameters> claimed_values =
      manual_therapy::values(Derived::claimed);
  static constexpr std::array<ProfileSpec, 1> profile_table{
      ProfileSpec{"claimed", Derived::claimed_description, claimed_values}};

  double modulate_impl(double t, const Window& w, std::size_t k) const {
    const double neutral = channel_specs[k].neutral();
    if (t < w.start_s) return neutral;
    const double effect = this->p(k) - neutral;
    if (t < w.end_s) return neutral + effect;
    if (k < manual_therapy::first_lasting || t >= effect_end(w)) return neutral;
    return neutral + effect * std::exp(-(t - w.end_s) / after_tau());
  }
  double effect_end(const Window& w) const override {
    bool lasting = false;
    for (std::size_t k = manual_therapy::first_lasting; k < channel_specs.size(); ++k)
      lasting |= this->p(k) != channel_specs[k].neutral();
    return lasting ? w.end_s + manual_therapy::lasting_taus * after_tau() : w.end_s;
  }

 private:
  double after_tau() const { return this->p(manual_therapy::n_parameters - 1); }
};

}  // namespace myofatigue
