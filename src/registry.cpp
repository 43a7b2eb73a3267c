// THE list: one line per component, intervention and published parameter set.
#include "myofatigue/model/registry.hpp"

#include "myofatigue/components/central.hpp"
#include "myofatigue/components/damage.hpp"
#include "myofatigue/components/ding2003_force_fatigue.hpp"
#include "myofatigue/components/energetics.hpp"
#include "myofatigue/components/inflammation.hpp"
#include "myofatigue/components/liu2002_fatigue.hpp"
#include "myofatigue/components/low_frequency_fatigue.hpp"
#include "myofatigue/components/motor_unit_pool.hpp"
#include "myofatigue/components/perfusion.hpp"
#include "myofatigue/components/peripheral.hpp"
#include "myofatigue/components/skin.hpp"
#include "myofatigue/components/soreness.hpp"
#include "myofatigue/components/systemic.hpp"
#include "myofatigue/components/three_compartment_fatigue.hpp"
#include "myofatigue/components/tone.hpp"
#include "myofatigue/interventions/active_recovery.hpp"
#include "myofatigue/interventions/compression_garment.hpp"
#include "myofatigue/interventions/cuff_occlusion.hpp"
#include "myofatigue/interventions/hyperaemia_boost.hpp"
#include "myofatigue/interventions/massage_cupping.hpp"
#include "myofatigue/interventions/massage_deep_tissue.hpp"
#include "myofatigue/interventions/massage_effleurage.hpp"
#include "myofatigue/interventions/massage_myofascial_release.hpp"
#include "myofatigue/interventions/massage_petrissage.hpp"
#include "myofatigue/interventions/massage_tapotement.hpp"
#include "myofatigue/interventions/massage_trigger_point.hpp"
#include "myofatigue/interventions/massage_vibration.hpp"
#include "myofatigue/interventions/massage_wringing.hpp"
#include "myofatigue/interventions/passive_rest.hpp"
#include "myofatigue/interventions/stretching.hpp"

namespace myofatigue {

namespace {

Registry build_registry() {
  Registry r;
  r.component<ThreeCompartmentFatigue>();
  r.component<Liu2002Fatigue>();
  r.component<Ding2003ForceFatigue>();
  r.component<MotorUnitPool>();
  r.component<Perfusion>();
  r.component<Energetics>();
  r.component<Peripheral>();
  r.component<Systemic>();
  r.component<Central>();
  r.component<Damage>();
  r.component<LowFrequencyFatigue>();
  r.component<Inflammation>();
  r.component<Soreness>();
  r.component<Tone>();
  r.component<Skin>();

  r.intervention<PassiveRest>();
  r.intervention<HyperaemiaBoost>();
  r.intervention<CuffOcclusion>();
  r.intervention<ActiveRecovery>();
  r.intervention<CompressionGarment>();
  r.intervention<MassageEffleurage>();
  r.intervention<MassagePetrissage>();
  r.intervention<MassageWringing>();
  r.intervention<MassageDeepTissue>();
  r.intervention<MassageMyofascialRelease>();
  r.intervention<MassageVibration>();
  r.intervention<MassageTapotement>();
  r.intervention<MassageTriggerPoint>();
  r.intervention<MassageCupping>();
  r.intervention<Stretching>();

  // Frey-Law, Looft & Heitsman 2012, J Biomech 45(10):1803-1808, Table 1 (3CC, r = 1).
  r.parameter_set("FreyLaw2012.ankle", {{"fatigue.F", 0.00589}, {"fatigue.R", 0.00058}});
  r.parameter_set("FreyLaw2012.knee", {{"fatigue.F", 0.01500}, {"fatigue.R", 0.00149}});
  r.parameter_set("FreyLaw2012.trunk", {{"fatigue.F", 0.00755}, {"fatigue.R", 0.00075}});
  r.parameter_set("FreyLaw2012.shoulder", {{"fatigue.F", 0.01820}, {"fatigue.R", 0.00168}});
  r.parameter_set("FreyLaw2012.elbow", {{"fatigue.F", 0.00912}, {"fatigue.R", 0.00094}});
  r.parameter_set("FreyLaw2012.hand", {{"fatigue.F", 0.00980}, {"fatigue.R", 0.00064}});
  r.parameter_set("FreyLaw2012.general", {{"fatigue.F", 0.00970}, {"fatigue.R", 0.00091}});
  // Looft, Herkert & Frey-Law 2018 / Looft & Frey-Law 2020: FreyLaw2012 F, R with the rest
  // multiplier r = 15 (ankle, knee, elbow, shoulder) or 30 (hand/grip).
  r.parameter_set("Looft2018.ankle",
                  {{"fatigue.F", 0.00589}, {"fatigue.R", 0.00058}, {"fatigue.r", 15}});
  r.parameter_set("Looft2018.knee",
                  {{"fatigue.F", 0.01500}, {"fatigue.R", 0.00149}, {"fatigue.r", 15}});
  r.parameter_set("Looft2018.elbow",
                  {{"fatigue.F", 0.00912}, {"fatigue.R", 0.00094}, {"fatigue.r", 15}});
  r.parameter_set("Looft2018.shoulder",
                  {{"fatigue.F", 0.01820}, {"fatigue.R", 0.00168}, {"fatigue.r", 15}});
  r.parameter_set("Looft2018.hand",
                  {{"fatigue.F", 0.00980}, {"fatigue.R", 0.00064}, {"fatigue.r", 30}});
  // Rakshit, Xiang & Yang 2021, J Biomech 127:110695, Table 2 (joint level).
  r.parameter_set("Rakshit2021.ankle",
                  {{"fatigue.F", 0.01485}, {"fatigue.R", 0.00333}, {"fatigue.r", 9.31}});
  r.parameter_set("Rakshit2021.elbow",
                  {{"fatigue.F", 0.01086}, {"fatigue.R", 0.00225}, {"fatigue.r", 4.93}});
  r.parameter_set("Rakshit2021.hand",
                  {{"fatigue.F", 0.01227}, {"fatigue.R", 0.00134}, {"fatigue.r", 9.10}});
  r.parameter_set("Rakshit2021.knee",
                  {{"fatigue.F", 0.00825}, {"fatigue.R", 0.00076}, {"fatigue.r", 14.85}});
  // Perfusion per muscle group: resting flow from Shoemaker, Tiidus & Mader 1997 (MSSE
  // 29:610, abstract; brachial 39.1 +- 6.4 and femoral 371 +- 30 mL/min, mean +- SE); the IMP
  // law (Sadamoto 1983), the reactive debt (Imms 1988) and the exercise vasodilation
  // (calibrated to Wiltshire 2010, forearm) at their defaults, which are those of hand_grip.
  r.parameter_set("Shoemaker1997.hand_grip", {{"perfusion.Q_rest", 39.1}});
  r.parameter_set("Shoemaker1997.knee_extensors", {{"perfusion.Q_rest", 371.0}});

  // The integrative model (pool + perfusion + energetics + systemic + peripheral + central and
  // the slow processes), one set per muscle group, fitted in this project:
  // docs/models/integrative.md gives the fit (pool.FatFac to the endurance times of Frey-Law &
  // Avin 2010, Table 2, at 20-50 % MVC: the general, elbow and ankle curves) and its misses.
  // Pool fatigue rates are lower than Potvin & Fuglevand's because the metabolites now carry
  // part of the fatigue; the pool recovers at the 3CC recovery rate R of the same joint (Frey-Law,
  // Looft & Heitsman 2012), 15 times faster at rest (r of 3CC-r: Looft, Herkert & Frey-Law 2018;
  // hand 30), which Potvin & Fuglevand's model lacks and intermittent and days-long protocols need;
  // release-failure kinetics are slower than in skinned fibres (Posterino & Fryer 1998).
  const ParameterSet::Map general{{"pool.FatFac", 0.014},    {"pool.fat", 100.0},
                                  {"pool.R", 0.00091},       {"pool.r", 15.0},
                                  {"energetics.Umax", 1.5},  {"peripheral.k10", 0.001},
                                  {"peripheral.s_Pi", 0.004}};
  auto with = [&](const ParameterSet::Map& extra) {
    ParameterSet::Map m = general;
    for (const auto& [k, v] : extra) m[k] = v;
    return m;
  };
  r.parameter_set("integrative.general", general);
  r.parameter_set("integrative.hand_grip",
                  with({{"perfusion.Q_rest", 39.1}, {"systemic.rho", 0.02}, {"pool.r", 30.0}}));
  r.parameter_set("integrative.knee_extensors",
                  with({{"perfusion.Q_rest", 371.0}, {"systemic.rho", 0.1}}));
  r.parameter_set("integrative.elbow_flexors", with({{"pool.FatFac", 0.012}, {"pool.R", 0.00094}}));
  r.parameter_set("integrative.ankle_dorsiflexors",
                  with({{"pool.FatFac", 0.005}, {"pool.R", 0.00058}}));
  return r;
}

}  // namespace

const Registry& registry() {
  static const Registry instance = build_registry();
  return instance;
}

std::shared_ptr<const Component> Registry::make_component(std::string_view name,
                                                          const ComponentOptions& options) const {
  auto it = components_.find(name);
  if (it == components_.end())
    throw ModelError("unknown component '" + std::string(name) + "'" +
                         detail::suggestion(name, component_names()),
                     std::string(name));
  return it->second(options);
}

std::shared_ptr<const Intervention> Registry::make_intervention(std::string_view name) const {
  auto it = interventions_.find(name);
  if (it == interventions_.end())
    throw ModelError("unknown intervention '" + std::string(name) + "'" +
                         detail::suggestion(name, intervention_names()),
                     std::string(name));
  return it->second();
}

const ParameterSet& Registry::parameter_set(std::string_view name) const {
  auto it = sets_.find(name);
  if (it == sets_.end())
    throw ParameterError("name", "'" + std::string(name) + "' is not a published parameter set" +
                                     detail::suggestion(name, parameter_set_names()));
  return it->second;
}

std::vector<std::string> Registry::component_names() const {
  std::vector<std::string> v;
  for (const auto& [k, f] : components_) v.push_back(k);
  return v;
}
std::vector<std::string> Registry::intervention_names() const {
  std::vector<std::string> v;
  for (const auto& [k, f] : interventions_) v.push_back(k);
  return v;
}
std::vector<std::string> Registry::parameter_set_names() const {
  std::vector<std::string> v;
  for (const auto& [k, s] : sets_) v.push_back(k);
  return v;
}

ParameterSet ParameterSet::named(std::string_view name) { return registry().parameter_set(name); }
std::vector<std::string> ParameterSet::names() { return registry().parameter_set_names(); }

}  // namespace myofatigue
