// The integrative model: the motor-unit pool coupled to perfusion, energetics, blood lactate,
// peripheral and central fatigue (issue 10) and the slow processes (issue 11), with the
// integrative parameter sets, against the published targets (docs/models/integrative.md,
// "Validation"). The slow processes' own targets: test_slow_recovery.cpp and
// tests/python/test_slow_recovery.py.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "integrative_model.hpp"
#include "myofatigue/algorithm/model_system.hpp"
#include "myofatigue/model/registry.hpp"
#include "myofatigue/simulation/simulate.hpp"

using namespace myofatigue;

namespace {

// 60 units: the endurance times at 20-50 % MVC are within 2 % of 120 units' (the pool's ET drift
// with N is below 1.3 % from 120 to 1000 units), at half the cost.
Model integrative(Index units = 60, const std::string& muscle = "general") {
  return test::integrative_model(units, muscle);
}

Result run(const Model& m, std::vector<std::string> steps) {
  return simulate(m, Protocol::parse(steps));
}

}  // namespace

TEST_CASE(
    "Integrative: the feedback loops close (the pool reads the metabolic force factor and the "
    "central ceiling)") {
  const Model m = integrative(10);
  CHECK(m.constant_signals().empty());  // every optional read has its producer
  const auto& keys = m.signal_keys();
  for (const char* key :
       {"peripheral.force_factor", "central.activation_ceiling", "energetics.pi_rise_mM"})
    CHECK(std::find(keys.begin(), keys.end(), key) != keys.end());
  // The rested model is a steady state.
  ModelSystem system(m);
  Vector f(m.n_states());
  system.rhs(0.0, m.initial_state(), f);
  CHECK(f.cwiseAbs().maxCoeff() == 0.0);
}

TEST_CASE(
    "Integrative: endurance times at 20-60 % MVC lie within 0.5x-2x of Frey-Law & Avin 2010's "
    "general curve") {
  // Frey-Law & Avin 2010 (194 studies): ET = 21.92 f^-1.98 s; the acceptance band of their own
  // fits is 0.5x-2x (physiology.md 2.4). 70-80 % MVC are misses of this parameter set (0.46x,
  // 0.32x; docs/models/integrative.md) and are not pinned.
  const Model m = integrative();
  for (double load : {0.2, 0.3, 0.4, 0.5, 0.6}) {
    CAPTURE(load);
    const double ratio = endurance_time(m, load) / (21.92 * std::pow(load, -1.98));
    CHECK(ratio >= 0.5);
    CHECK(ratio <= 2.0);
  }
}

TEST_CASE(
    "Integrative: the elbow-flexor and ankle-dorsiflexor sets follow their joints' Frey-Law & Avin "
    "2010 curves at 20-50 % MVC") {
  // Frey-Law & Avin 2010 Table 2: elbow ET = 17.98 f^-2.21, ankle ET = 34.71 f^-2.06 [s]; the
  // ankle is the most fatigue-resistant joint of their data. Band 0.5x-2x as above.
  struct Curve {
    const char* muscle;
    double b0, b1;
  };
  for (const Curve& c :
       {Curve{"elbow_flexors", 17.98, -2.21}, Curve{"ankle_dorsiflexors", 34.71, -2.06}}) {
    const Model m = integrative(60, c.muscle);
    for (double load : {0.2, 0.3, 0.4, 0.5}) {
      CAPTURE(c.muscle);
      CAPTURE(load);
      const double ratio = endurance_time(m, load) / (c.b0 * std::pow(load, c.b1));
      CHECK(ratio >= 0.5);
      CHECK(ratio <= 2.0);
    }
  }
}

TEST_CASE(
    "Integrative: metabolites at task failure of a 50 % MVC hold lie in the published ranges") {
  const Result r = run(integrative(), {"Hold at 50% MVC until task failure"});
  REQUIRE(r.steps()[0].end_reason == EndReason::TaskFailure);
  const Index last = r.steps()[0].last_sample;
  // Pi rises from about 5 to about 30 mM in intense fatigue (physiology.md section 6): with
  // force feeding back, the fall of force ends the demand before PCr is spent.
  CHECK(r["pi_mM"][last] >= 15.0);
  CHECK(r["pi_mM"][last] <= 35.0);
  // Interstitial K+ rises towards the exhaustion level (10.3 +/- 0.6 mM, Nordsborg et al. 2003)
  // from 4.19 at rest: at least halfway.
  CHECK(r["k_interstitial_mM"][last] >= (4.19 + 10.3) / 2.0);
  // Flow at 50 % MVC is restricted, not stopped (Sadamoto et al. 1983: stops at 50-64 %).
  CHECK(r["muscle_blood_flow_ml_min"][last] > 0.0);
}

TEST_CASE(
    "Integrative: a 2 min maximal contraction lowers voluntary activation and force as measured") {
  // 2 min MVC of adductor pollicis (J Neurophysiol 2020, PMC7272748): VA -20 +/- 12 %, MVC
  // -54 +/- 18 % (mean +/- SD). A maximal contraction asks for full force, so the drive sits at
  // its ceiling and the force is whatever the muscle gives.
  const Result r = run(integrative(), {"Maximal contraction for 2 min", "Rest for 4 min"});
  REQUIRE(r.ok());
  const Index end = r.steps()[0].last_sample;
  const double va_fall = 1.0 - r["voluntary_activation"][end];
  const double force_fall = 1.0 - r["pool.force_fraction"][end];
  CHECK(va_fall >= 0.20 - 0.12);
  CHECK(va_fall <= 0.20 + 0.12);
  CHECK(force_fall >= 0.54 - 0.18);
  CHECK(force_fall <= 0.54 + 0.18);
  // Perfused, the ceiling recovers as the metabolites wash out (within minutes: Gandevia 1996).
  CHECK(r["voluntary_activation"][r.steps()[1].last_sample] > r["voluntary_activation"][end]);
  // Effort (drive relative to its ceiling) is maximal throughout a maximal contraction, 0 at rest.
  CHECK(r["perceived_effort"][end] == doctest::Approx(10.0));
  CHECK(r["perceived_effort"][r.steps()[1].last_sample] == 0.0);
  // The resting twitch is depressed at the end (peripheral fatigue) and starts at 1.
  CHECK(r["twitch_fraction"][0] == doctest::Approx(1.0).epsilon(1e-12));
  CHECK(r["twitch_fraction"][end] < 0.9);
}
