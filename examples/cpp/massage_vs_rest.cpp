// Recovery interventions from C++, against the installed package: the registry's catalogue, and
// forearm blood flow after 2 min of handgrip at 40 % MVC with passive rest, active recovery and
// effleurage, measured and claimed (Wiltshire et al. 2010 measured 766, 614 and 540 mL/min 30 s
// into the recovery). Twin of examples/python/massage_vs_rest.py (docs/interventions.md).
//
// Run: ./massage_vs_rest   (prints the catalogue and the flows; exits 1 if the measured and the
// claimed massage do not disagree as they should)
#include <cstdio>
#include <string>
#include <vector>

#include <myofatigue/myofatigue.hpp>

namespace mf = myofatigue;

int main() {
  for (const auto& name : mf::registry().intervention_names()) {
    const auto intervention = mf::registry().make_intervention(name);
    std::string profiles = "measured";
    for (const auto& p : intervention->profiles()) profiles += ", " + std::string(p.name);
    std::printf("%-28s [%s] %s\n", name.c_str(), profiles.c_str(),
                std::string(intervention->description()).c_str());
  }

  // The integrative model as myofatigue.models.integrative("hand_grip", 60) builds it.
  mf::ModelBuilder builder;
  builder.add("motor_unit_pool", {}, {.units = 60});
  for (const char* c : {"perfusion", "energetics", "systemic", "peripheral", "central", "damage",
                        "low_frequency_fatigue", "inflammation", "soreness", "tone", "skin"})
    builder.add(c);
  const mf::Model hand =
      builder.build().with_parameters(mf::ParameterSet::named("integrative.hand_grip"));

  std::printf("\nForearm flow 30 s into 10 min of recovery after 2 min of handgrip at 40%% MVC:\n");
  double measured = 0.0, claimed = 0.0;
  for (const char* rest : {"passive_rest", "active_recovery", "massage.effleurage",
                           "massage.effleurage(profile=claimed)"}) {
    const mf::Result r = mf::simulate(
        hand, mf::Protocol::parse(std::vector<std::string>{
                  "Hold at 40% MVC for 2 min", std::string("Rest for 10 min with ") + rest}));
    const auto& recovery = r.steps()[1];
    const auto t = r.t();
    const auto flow = r["muscle_blood_flow_ml_min"];
    double at30 = flow[recovery.last_sample];
    for (mf::Index k = recovery.first_sample; k < recovery.last_sample; ++k)
      if (t[k + 1] - recovery.start_s >= 30.0) {  // linear interpolation at 30 s
        const double w = (recovery.start_s + 30.0 - t[k]) / (t[k + 1] - t[k]);
        at30 = (1.0 - w) * flow[k] + w * flow[k + 1];
        break;
      }
    std::printf("  %-38s %6.0f mL/min\n", rest, at30);
    if (std::string(rest) == "massage.effleurage") measured = at30;
    if (std::string(rest) == "massage.effleurage(profile=claimed)") claimed = at30;
  }
  // The measured profile impedes the dilated muscle's flow; the claimed one "boosts circulation".
  return measured < claimed ? 0 : 1;
}
