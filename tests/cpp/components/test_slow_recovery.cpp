// The slow processes of recovery (issue 11): damage, low-frequency fatigue, inflammation,
// soreness and creatine kinase, and tone, each on its own published property, and the
// integrative model that carries them over days. The calibrated time courses against the
// published targets are in tests/python/test_slow_recovery.py and docs/validation.md.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "integrative_model.hpp"
#include "myofatigue/algorithm/model_system.hpp"
#include "myofatigue/components/low_frequency_fatigue.hpp"
#include "myofatigue/model/registry.hpp"
#include "myofatigue/simulation/simulate.hpp"

using namespace myofatigue;

namespace {

Model integrative(Index units = 20) { return test::integrative_model(units, "elbow_flexors"); }

Result run(const Model& m, std::vector<std::string> steps) {
  return simulate(m, Protocol::parse(steps));
}

double at_end(const Result& r, const std::string& key) { return r[key][r.t().size() - 1]; }

// The MVC-test values of a result, in protocol order.
std::vector<double> mvc_tests(const Result& r) {
  std::vector<double> v;
  for (const auto& s : r.steps())
    if (s.end_reason == EndReason::Instant) v.push_back(s.mvc_fraction);
  return v;
}

}  // namespace

TEST_CASE("Slow recovery: the rested model with every slow component is a steady state") {
  const Model m = integrative(8);
  CHECK(m.constant_signals().empty());
  ModelSystem system(m);
  Vector f(m.n_states());
  system.rhs(0.0, m.initial_state(), f);
  CHECK(f.cwiseAbs().maxCoeff() == 0.0);
}

TEST_CASE(
    "Damage: only lengthening contractions damage, and strength is lowest right after the bout") {
  // Warren et al. 2017 (meta-analysis of 223 studies): no secondary loss of strength after the
  // injury. Isometric and concentric work of the same force make no damage.
  const Model m = integrative();
  for (const char* mode : {"isometric", "concentric"}) {
    CAPTURE(mode);
    const Result r = run(
        m, {std::string("Intermittent ") + mode + " maximal 3 s on 12 s off for 12 contractions"});
    CHECK(at_end(r, "damage_fraction") == 0.0);
  }
  const Result r = run(m, {"Intermittent eccentric maximal 3 s on 12 s off for 12 contractions",
                           "MVC test", "Rest for 1 h", "MVC test", "Rest for 1 day", "MVC test",
                           "Rest for 2 days", "MVC test", "Rest for 4 days", "MVC test"});
  const auto& d = r["damage_fraction"];
  const Index end_of_bout = r.steps()[0].last_sample;
  CHECK(d[end_of_bout] > 0.1);
  // After the bout the damage only falls (monotone to round-off), and the MVC only rises.
  for (Index i = end_of_bout + 1; i < d.size(); ++i) CHECK(d[i] <= d[i - 1] + 1e-12);
  const auto mvc = mvc_tests(r);
  REQUIRE(mvc.size() == 5);
  for (std::size_t i = 1; i < mvc.size(); ++i) CHECK(mvc[i] > mvc[i - 1]);
}

TEST_CASE("Damage: a repeated bout a week later does less damage (repeated-bout effect)") {
  // Nosaka et al. 2005: a second bout 4-8 weeks after the first is protected on every marker.
  const Model m = integrative();
  const std::string bout = "Intermittent eccentric maximal 3 s on 12 s off for 12 contractions";
  const Result r = run(m, {bout, "Rest for 7 days", bout});
  const auto& d = r["damage_fraction"];
  const double first = d[r.steps()[0].last_sample];
  const double before_second = d[r.steps()[2].first_sample];
  const double second = d[r.steps()[2].last_sample] - before_second;
  CHECK(second < 0.75 * first);
  CHECK(second > 0.0);
}

TEST_CASE("Low-frequency fatigue: the 20:100 Hz ratio follows a Hill curve in the Ca2+ released") {
  // With release per impulse q the force at rate f is y(q f) with y(z) = (z/f50)^h / (1 +
  // (z/f50)^h): 20 Hz sits on the steep part, 100 Hz near saturation, so a 30 % loss of release
  // cuts the 20:100 ratio by about half (Dundon et al. 2008: 50-60 % after one bout) while a
  // maximal voluntary effort (~50 Hz) loses only a few per cent (concentric MVC back within 2 h).
  const LowFrequencyFatigue c;
  const auto p = c.parameters();
  double x = 0.3, dxdt = 0.0, output = 0.0, obs[2] = {};
  const double inputs[2] = {0.0, 0.0};
  const Eval<double> e{0.0, &x, &dxdt, inputs, &output, nullptr, p.data()};
  c.observe(e, obs);
  CHECK(obs[0] == doctest::Approx(0.473).epsilon(0.01));
  CHECK(obs[1] == doctest::Approx(0.958).epsilon(0.01));
  // Damage to excitation-contraction coupling lowers the ratio further (w_ec of it).
  const double damaged[2] = {0.0, 0.2};
  double obs_damaged[2] = {};
  c.observe({0.0, &x, &dxdt, damaged, &output, nullptr, p.data()}, obs_damaged);
  CHECK(obs_damaged[0] < obs[0]);
  CHECK(obs_damaged[1] == obs[1]);
  x = 0.0;
  c.observe(e, obs);
  CHECK(obs[0] == doctest::Approx(1.0));
  CHECK(obs[1] == doctest::Approx(1.0));
}

TEST_CASE("Inflammation and soreness: lagged outputs of damage, CK peaking days later") {
  const Model m = integrative();
  std::vector<std::string> steps{
      "Intermittent eccentric maximal 3 s on 9 s off for 50 contractions"};
  for (int day = 0; day < 10; ++day) steps.insert(steps.end(), {"Rest for 1 day", "MVC test"});
  const Result r = run(m, steps);
  const auto& ck = r["ck_serum_u_l"];
  const auto& soreness = r["soreness"];
  const auto& t = r.t();
  Index ck_peak = 0, sore_peak = 0;
  ck.maxCoeff(&ck_peak);
  soreness.maxCoeff(&sore_peak);
  // DOMS peaks at 24-72 h (Cheung et al. 2003; Cleak & Eston 1992) and CK after it, at days 4-5
  // in the data (Nosaka et al. 2002, 2006; the lymph route of Volfinger et al. 1994); the model
  // puts it at day ~2.6 (a documented miss, docs/validation.md), so [2, 5.5] days is pinned.
  CHECK(t[sore_peak] / 3600.0 >= 24.0);
  CHECK(t[sore_peak] / 3600.0 <= 72.0);
  CHECK(t[ck_peak] > t[sore_peak]);
  CHECK(t[ck_peak] / 86400.0 >= 2.0);
  CHECK(t[ck_peak] / 86400.0 <= 5.5);
  CHECK(soreness.maxCoeff() <= 10.0);
  CHECK(soreness.minCoeff() >= 0.0);
}

TEST_CASE("Inflammation: muscle IL-6 rises with the duration of work, not with damage") {
  // Fischer 2006; Steensberg et al. 2000, 2001: IL-6 release grows as the exercise goes on.
  const Model m = integrative(8);
  const Result short_bout = run(m, {"Intermittent 20% MVC 2 s on 2 s off for 30 min"});
  const Result long_bout = run(m, {"Intermittent 20% MVC 2 s on 2 s off for 3 h"});
  CHECK(at_end(long_bout, "il6_plasma_pg_ml") > 4.0 * at_end(short_bout, "il6_plasma_pg_ml"));
  CHECK(at_end(short_bout, "damage_fraction") == 0.0);
}

TEST_CASE("Tone: the tone.offset channel moves the residual activation the muscle settles to") {
  const Model m = ModelBuilder().add("tone").build();
  const auto& c = m.components().front();
  REQUIRE(c->channels().size() == 1);
  CHECK(c->channels()[0].key == "tone.offset");
  CHECK(c->channels()[0].composition == Composition::Offset);
  ModelSystem system(m);
  Vector f(1), x = m.initial_state();
  system.rhs(0.0, x, f);
  CHECK(f[0] == 0.0);  // no damage, no offset: no tone
}

TEST_CASE(
    "Tone: with a damage gain, a damaging bout leaves residual activation that the units produce") {
  // A hypothesis (docs/models/tone.md): neutral by default, sized by tone.g_D.
  const Model neutral = integrative();
  const Model toned = neutral.with_parameters(ParameterSet{{{"tone.g_D", 0.05}}});
  const std::vector<std::string> steps{
      "Intermittent eccentric maximal 3 s on 12 s off for 12 contractions", "Rest for 1 day"};
  const Result r0 = run(neutral, steps), r1 = run(toned, steps);
  CHECK(at_end(r0, "tone_fraction") == 0.0);
  const double tone = at_end(r1, "tone_fraction");
  CHECK(tone == doctest::Approx(0.05 * at_end(r1, "damage_fraction")).epsilon(0.05));
  // The pool produces it: force at rest equals the tone, and the muscle works (ATP, flow).
  CHECK(at_end(r1, "force_fraction") == doctest::Approx(tone).epsilon(1e-6));
  CHECK(at_end(r1, "muscle_blood_flow_ml_min") > at_end(r0, "muscle_blood_flow_ml_min"));
}
