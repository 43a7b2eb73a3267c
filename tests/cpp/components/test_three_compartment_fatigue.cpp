// 3CC / 3CC-r against the closed-form endurance time, the Frey-Law & Avin 2010 endurance
// curves and the 3CC-r rest-recovery behaviour (tests/data/fatigue_3cc_targets.csv).
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include <doctest/doctest.h>

#include "myofatigue/model/registry.hpp"
#include "myofatigue/simulation/simulate.hpp"

using namespace myofatigue;

namespace {

// Value of a target row by id (column "value").
double target(const std::string& id) {
  std::ifstream in(std::string(MYOFATIGUE_TEST_DATA_DIR) + "/fatigue_3cc_targets.csv");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(id + ",", 0) != 0) continue;
    std::vector<std::string> cols;
    std::string cell;
    bool quoted = false;
    for (char c : line) {
      if (c == '"') quoted = !quoted;
      else if (c == ',' && !quoted) {
        cols.push_back(cell);
        cell.clear();
      } else cell += c;
    }
    cols.push_back(cell);
    return std::stod(cols.at(4));
  }
  throw std::runtime_error("target " + id + " not found");
}

Model three_cc(const std::string& set) {
  return ModelBuilder().add("three_compartment", ParameterSet::named(set)).build();
}

double closed_form_et(double F, double R, double tl) {
  return -std::log(1.0 - R * (1.0 - tl) / (F * tl)) / R;
}

}  // namespace

TEST_CASE("ThreeCompartmentFatigue: the FreyLaw2012 sets carry Table 1's F and R") {
  const std::map<std::string, std::pair<std::string, std::string>> rows{
      {"ankle", {"T014", "T015"}},    {"knee", {"T016", "T017"}},  {"trunk", {"T018", "T019"}},
      {"shoulder", {"T020", "T021"}}, {"elbow", {"T022", "T023"}}, {"hand", {"T024", "T025"}},
      {"general", {"T026", "T027"}}};
  for (const auto& [joint, ids] : rows) {
    const ParameterSet p = ParameterSet::named("FreyLaw2012." + joint);
    CHECK(p.at("fatigue.F") == target(ids.first));
    CHECK(p.at("fatigue.R") == target(ids.second));
  }
}

// The closed form assumes an instantaneous controller (MA = TL from t = 0, failure when
// MR = 0). With the default gains L_D = L_R = 10 1/s the rise and the final approach add a
// lag of ~0.1-0.8 s, i.e. > 1 % of ET only above 80 % MVC where ET < 12 s. The 1 % test is run
// with L_D = L_R = 1000 1/s, the regime the closed form describes; the default gains are
// checked at 2 % (myosuite reports 0.9-1.9 % for its fixed-step integrator).
TEST_CASE(
    "ThreeCompartmentFatigue: integrated endurance time matches the closed form within 1 % at "
    "20-90 % MVC") {
  for (const char* joint : {"ankle", "knee", "trunk", "shoulder", "elbow", "hand", "general"}) {
    CAPTURE(joint);
    const Model base = three_cc(std::string("FreyLaw2012.") + joint);
    const Model fast = base.with_parameters({{"fatigue.LD", 1000.0}, {"fatigue.LR", 1000.0}});
    const double F = base.parameters().at("fatigue.F"), R = base.parameters().at("fatigue.R");
    for (double tl = 0.2; tl <= 0.9 + 1e-9; tl += 0.1) {
      CAPTURE(tl);
      const double expected = closed_form_et(F, R, tl);
      CHECK(std::abs(endurance_time(fast, tl) / expected - 1.0) < 0.01);
      CHECK(std::abs(endurance_time(base, tl) / expected - 1.0) < 0.02);
    }
  }
}

TEST_CASE("ThreeCompartmentFatigue: loads below the asymptote R/(F+R) are held indefinitely") {
  const Model m = three_cc("FreyLaw2012.knee");
  CHECK(std::isinf(endurance_time(m, 0.05)));  // asymptote 0.090
}

// Frey-Law, Looft & Heitsman 2012 fitted F, R to the Frey-Law & Avin 2010 pooled data; the
// published fits lie at 0.54-1.39x the curves at 20-80 % MVC, so 0.5x-2x is the acceptance band
// (the same band myosuite uses). 90 % is not pinned: constant-F 3CC under-predicts it.
TEST_CASE(
    "ThreeCompartmentFatigue: endurance times lie within 0.5x-2x of the Frey-Law & Avin 2010 "
    "curves at 20-80 % MVC") {
  const std::map<std::string, std::pair<std::string, std::string>> curves{
      {"general", {"T051", "T052"}}, {"ankle", {"T053", "T054"}}, {"elbow", {"T057", "T058"}}};
  for (const auto& [joint, ids] : curves) {
    CAPTURE(joint);
    const Model m = three_cc("FreyLaw2012." + joint);
    const double b0 = target(ids.first), b1 = target(ids.second);
    for (double f = 0.2; f <= 0.8 + 1e-9; f += 0.1) {
      CAPTURE(f);
      const double ratio = endurance_time(m, f) / (b0 * std::pow(f, b1));
      CHECK(ratio > 0.5);
      CHECK(ratio < 2.0);
    }
  }
}

// 3CC-r (Looft 2018; rest as in Rakshit 2021 Eq. 7): during rest MA relaxes within ~0.5 s
// (L_R = 10 1/s), after which MF decays as exp(-r R t). Over a 5 min rest after intermittent
// work the fatigued fraction must follow that exponential within 2 % (the residual F*MA inflow
// during the first second), and recovery must be r-fold faster than plain 3CC's.
TEST_CASE(
    "ThreeCompartmentFatigue: 3CC-r recovers fatigue as exp(-r R t) during rest after intermittent "
    "work") {
  const Model m = three_cc("Looft2018.knee");
  const double R = m.parameters().at("fatigue.R"), r = m.parameters().at("fatigue.r");
  CHECK(r == target("T036"));
  const std::vector<std::string> steps{"Intermittent 50% MVC 6 s on 4 s off for 2 min",
                                       "Rest for 5 min", "MVC test"};
  const Result res = simulate(m, Protocol::parse(steps));
  REQUIRE(res.ok());
  const auto& rest = res.steps()[1];
  const auto mf = res["fatigue.MF"];
  const double mf0 = mf[rest.first_sample], mf1 = mf[rest.last_sample];
  REQUIRE(mf0 > 0.05);
  CHECK(mf1 / mf0 == doctest::Approx(std::exp(-r * R * (rest.end_s - rest.start_s))).epsilon(0.02));
  // The same work and rest with r = 1 leaves more fatigue.
  const Result plain = simulate(m.with_parameters({{"fatigue.r", 1.0}}), Protocol::parse(steps));
  CHECK(plain.steps()[2].mvc_fraction < res.steps()[2].mvc_fraction);
  CHECK(res.steps()[2].mvc_fraction == doctest::Approx(1.0 - mf1).epsilon(1e-6));
}

TEST_CASE(
    "ThreeCompartmentFatigue: an intermittent task fails later than a sustained one at the same "
    "load") {
  const Model m = three_cc("Looft2018.elbow");
  const Result sustained =
      simulate(m, Protocol::parse(std::vector<std::string>{"Hold at 70% MVC until task failure"}));
  const Result intermittent = simulate(
      m, Protocol::parse(
             std::vector<std::string>{"Intermittent 70% MVC 10 s on 10 s off until task failure"}));
  REQUIRE(sustained.steps()[0].end_reason == EndReason::TaskFailure);
  REQUIRE(intermittent.steps()[0].end_reason == EndReason::TaskFailure);
  CHECK(intermittent.steps()[0].end_s > sustained.steps()[0].end_s);
}

// Regression, issue 3: the controller's kinks (Xia 2008 Eq. 4) are declared switching
// functions, so no step straddles one: the hold runs on the recruiting branch until task
// failure, which is the second kink (MR = TL - MA) and is located on the smooth branch's dense
// output. Rejected steps there came only from stepping over the kink (12 of 64 attempts before).
TEST_CASE(
    "ThreeCompartmentFatigue: regression issue 3: a hold to failure takes no rejected step and "
    "locates failure to the requested tolerance") {
  const Model m = three_cc("FreyLaw2012.knee");
  const Result r =
      simulate(m, Protocol::parse(std::vector<std::string>{"Hold at 40% MVC until task failure"}));
  REQUIRE(r.steps()[0].end_reason == EndReason::TaskFailure);
  CHECK(r.stats().rejected == 0);
  // At rtol 1e-6 the endurance time is within the requested relative tolerance of a solve at
  // rtol 1e-12 (the kink no longer limits the accuracy of the event).
  SimulationOptions tight;
  tight.solver.rtol = 1e-12;
  tight.solver.atol = 1e-15;
  const double reference = endurance_time(m, 0.4, tight);
  CHECK(std::abs(endurance_time(m, 0.4) / reference - 1.0) < 1e-6);
}

// Past task failure the controller switches to its reserve-exhausted branch (C = L_D MR); the
// pool is conserved across the switch, MA + MR + MF = 1 (Xia 2008 Eqs. 1-3 sum to zero), to the
// integrator's absolute tolerance.
TEST_CASE(
    "ThreeCompartmentFatigue: a hold continued past task failure switches branch and conserves the "
    "motor-unit pool") {
  const Model m = three_cc("FreyLaw2012.knee");
  const Result r = simulate(
      m, Protocol::parse(std::vector<std::string>{"Hold at 40% MVC for 3 min", "Rest for 10 min"}));
  REQUIRE(r.ok());
  CHECK(r.stats().switches >= 1);
  const Vector total = r["fatigue.MA"] + r["fatigue.MR"] + r["fatigue.MF"];
  CHECK((total.array() - 1.0).abs().maxCoeff() < 1e-8);
  // After 3 min at 40 % (endurance 108.6 s) the capacity has fallen below the target.
  CHECK(r["fatigue.capacity"][r.steps()[0].last_sample] < 0.4);
}

// endurance_time() runs the hold without recording samples; it must end where simulate() does.
TEST_CASE(
    "ThreeCompartmentFatigue: endurance_time equals the task-failure time of the same hold in "
    "simulate") {
  const Model m = three_cc("FreyLaw2012.shoulder");
  for (double load : {0.25, 0.5, 0.75}) {
    CAPTURE(load);
    const Result r =
        simulate(m, Protocol::from_steps({Step{Hold{load}, std::nullopt, true, {}, "hold"}}));
    REQUIRE(r.steps()[0].end_reason == EndReason::TaskFailure);
    CHECK(endurance_time(m, load) == r.steps()[0].end_s);
  }
}
