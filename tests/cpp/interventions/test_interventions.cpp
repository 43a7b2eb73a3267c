// Interventions act through channels inside protocol windows.
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "myofatigue/model/registry.hpp"
#include "myofatigue/simulation/simulate.hpp"

using namespace myofatigue;

// Looft 2018 interpret r as post-contraction hyperaemia: the boost (gain = r) applied to plain
// 3CC during a rest must reproduce 3CC-r's rest exactly (same equations, same solver path).
TEST_CASE("hyperaemia_boost: on plain 3CC during rest it reproduces 3CC-r with r = gain") {
  const Model plain =
      ModelBuilder().add("three_compartment", ParameterSet::named("FreyLaw2012.knee")).build();
  const Model with_r =
      ModelBuilder().add("three_compartment", ParameterSet::named("Looft2018.knee")).build();
  const Result boosted = simulate(
      plain, Protocol::parse(std::vector<std::string>{
                 "Hold at 50% MVC for 60 s", "Rest for 3 min with hyperaemia_boost", "MVC test"}));
  const Result reference =
      simulate(with_r, Protocol::parse(std::vector<std::string>{"Hold at 50% MVC for 60 s",
                                                                "Rest for 3 min", "MVC test"}));
  CHECK(boosted.steps()[2].mvc_fraction ==
        doctest::Approx(reference.steps()[2].mvc_fraction).epsilon(1e-6));
  CHECK(boosted.steps()[2].mvc_fraction > 0.99);
  // Citations of the run include the intervention's sources.
  const auto& c = boosted.citations();
  CHECK(std::find(c.begin(), c.end(), "LooftFreyLaw2020") != c.end());
}

TEST_CASE(
    "interventions: unknown names are protocol errors with suggestions and out-of-range overrides "
    "are parameter errors") {
  const Model m = ModelBuilder().add("three_compartment").build();
  try {
    (void)simulate(
        m, Protocol::parse(std::vector<std::string>{"Rest for 1 min with hyperaemia_bost"}));
    FAIL("expected ProtocolError");
  } catch (const ProtocolError& e) {
    CHECK(std::string(e.what()).find("did you mean 'hyperaemia_boost'") != std::string::npos);
  }
  Step rest{
      Rest{}, 60.0, false, {{"hyperaemia_boost", {{"hyperaemia_boost.gain", 500.0}}}}, "rest"};
  CHECK_THROWS_AS((void)simulate(m, Protocol::from_steps({rest})), ParameterError);
  rest.interventions[0].parameters = {{"hyperaemia_boost.gian", 2.0}};
  CHECK_THROWS_AS((void)simulate(m, Protocol::from_steps({rest})), ParameterError);
}

TEST_CASE(
    "ModelBuilder: unknown components and invalid parameters raise errors naming the closest "
    "keys") {
  CHECK_THROWS_AS(ModelBuilder().add("three_compartmnt"), ModelError);
  CHECK_THROWS_AS(ModelBuilder().build(), ModelError);
  try {
    (void)ModelBuilder().add("three_compartment", {{"fatigue.F", 2.0}});
    FAIL("expected ParameterError");
  } catch (const ParameterError& e) {
    CHECK(std::string(e.what()) ==
          "fatigue.F: value 2 1/s is outside the allowed range [0, 1] 1/s");
  }
  CHECK_THROWS_AS(ParameterSet::named("FreyLaw2012.kne"), ParameterError);
}

TEST_CASE(
    "simulate: results expose states, observables and the target by key, and steps say why they "
    "ended") {
  const Model m =
      ModelBuilder().add("three_compartment", ParameterSet::named("FreyLaw2012.elbow")).build();
  const Result r =
      simulate(m, Protocol::parse(std::vector<std::string>{"Hold at 60% MVC until task failure",
                                                           "Rest for 2 min", "MVC test"}));
  REQUIRE(r.ok());
  CHECK(r.steps()[0].end_reason == EndReason::TaskFailure);
  CHECK(r.steps()[1].end_reason == EndReason::Duration);
  CHECK(r.steps()[2].end_reason == EndReason::Instant);
  CHECK(r.steps()[1].end_s - r.steps()[1].start_s == doctest::Approx(120.0));
  const auto ma = r["fatigue.MA"], mr = r["fatigue.MR"], mf = r["fatigue.MF"];
  CHECK(((ma + mr + mf).array() - 1.0).abs().maxCoeff() < 1e-9);  // conservation, Xia 2008
  const auto cap = r["fatigue.capacity"];
  CHECK((cap - (ma + mr)).cwiseAbs().maxCoeff() < 1e-15);
  CHECK(r["protocol.target_fraction"][r.steps()[0].last_sample] == 0.6);
  CHECK_THROWS_AS((void)r["fatigue.M"], ParameterError);
  CHECK(r.stats().steps > 0);
  CHECK_THROWS_AS((void)endurance_time(m, 0.0), ParameterError);
}
