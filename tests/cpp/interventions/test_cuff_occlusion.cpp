// cuff_occlusion: the protocol grammar accepts it, a suprasystolic cuff stops flow in a rest or a
// hold, its pressure is a parameter acting as external pressure on the perfusion component, and
// a model without that component refuses it.
#include <algorithm>
#include <string>
#include <variant>
#include <vector>

#include <doctest/doctest.h>

#include "myofatigue/interventions/cuff_occlusion.hpp"
#include "myofatigue/model/registry.hpp"
#include "myofatigue/simulation/simulate.hpp"

using namespace myofatigue;

namespace {

Model forearm() {
  return ModelBuilder()
      .add("motor_unit_pool", {}, {.units = 30})
      .add("perfusion", ParameterSet::named("Shoemaker1997.hand_grip"))
      .build();
}

constexpr const char* flow = "perfusion.muscle_blood_flow_ml_min";

// The last sample inside step k's window (the step's own last sample, at its end, is observed
// with the cuff already off).
Index inside(const Result& r, std::size_t k) { return r.steps()[k].last_sample - 1; }

}  // namespace

TEST_CASE(
    "cuff_occlusion: \"Rest for 5 min with cuff_occlusion\" parses to a rest with the "
    "intervention") {
  const Step s = parse_step("Rest for 5 min with cuff_occlusion");
  CHECK(std::holds_alternative<Rest>(s.task));
  CHECK(*s.duration_s == 300.0);
  REQUIRE(s.interventions.size() == 1);
  CHECK(s.interventions[0].name == "cuff_occlusion");
  const Step h = parse_step("Hold at 30% MVC for 1 min with cuff_occlusion and passive_rest");
  CHECK(h.interventions.size() == 2);
}

// 220 mmHg exceeds the pressure the perfusion component needs to stop inflow at rest (Pa - IMP0
// = 126 mmHg), so the flow is zero to the softplus's e^-47; the debt makes the reactive
// hyperaemia on release (magnitudes: tests/cpp/components/test_perfusion.cpp).
TEST_CASE(
    "cuff_occlusion: the default cuff (220 mmHg) stops forearm flow during the window and reactive "
    "hyperaemia follows") {
  const Model m = forearm();
  const Result r =
      simulate(m, Protocol::parse(std::vector<std::string>{
                      "Rest for 1 min", "Rest for 5 min with cuff_occlusion", "Rest for 1 min"}));
  REQUIRE(r.ok());
  const double rest = r[flow][0];
  CHECK(r[flow][inside(r, 1)] < 1e-12 * rest);
  CHECK(r["perfusion.patency"][inside(r, 1)] < 1e-12);
  CHECK(r[flow][r.steps()[1].last_sample] > 4.0 * rest);  // released: reactive hyperaemia
  CHECK(r["perfusion.D"][r.steps()[1].last_sample] == doctest::Approx(7.0).epsilon(1e-3));
  // The citations of the run include the cuff's source.
  const auto& c = r.citations();
  CHECK(std::find(c.begin(), c.end(), "Corretti2002") != c.end());
}

TEST_CASE(
    "cuff_occlusion: during a hold the cuff stops the flow that exercise hyperaemia would raise") {
  const Model m = forearm();
  const Result cuffed = simulate(
      m,
      Protocol::parse(std::vector<std::string>{"Hold at 20% MVC for 1 min with cuff_occlusion"}));
  const Result free =
      simulate(m, Protocol::parse(std::vector<std::string>{"Hold at 20% MVC for 1 min"}));
  REQUIRE(cuffed.ok());
  REQUIRE(free.ok());
  CHECK(cuffed[flow][inside(cuffed, 0)] < 1e-12 * cuffed[flow][0]);
  CHECK(free[flow][free.steps()[0].last_sample] > 3.0 * free[flow][0]);
}

// A sub-arterial cuff only narrows the driving pressure: patency = 1 - P_cuff / (Pa - IMP0),
// to the softplus's smoothing (width 2 mmHg at 26 mmHg from closing: e^-13, ~2e-7 relative).
TEST_CASE("cuff_occlusion: a 100 mmHg cuff leaves 1 - 100/126 of the resting driving pressure") {
  const Model m = forearm();
  Step s = parse_step("Rest for 1 min");
  s.interventions.push_back(
      {"cuff_occlusion", ParameterSet{{"cuff_occlusion.pressure_mmHg", 100.0}}});
  const Result r = simulate(m, Protocol::from_steps({s}));
  REQUIRE(r.ok());
  CHECK(r["perfusion.patency"][inside(r, 0)] == doctest::Approx(1.0 - 100.0 / 126.0).epsilon(1e-6));
  // Out of range: the allowed range is [0, 400] mmHg.
  s.interventions[0].parameters = ParameterSet{{"cuff_occlusion.pressure_mmHg", 500.0}};
  CHECK_THROWS_AS((void)simulate(m, Protocol::from_steps({s})), ParameterError);
}

TEST_CASE(
    "cuff_occlusion: parameters in the protocol string, \"with "
    "cuff_occlusion(pressure_mmHg=100)\"") {
  const Model m = forearm();
  const Protocol p = Protocol::parse(
      std::vector<std::string>{"Rest for 1 min with cuff_occlusion(pressure_mmHg=100)"});
  REQUIRE(p.steps()[0].interventions.size() == 1);
  CHECK(p.steps()[0].interventions[0].name == "cuff_occlusion");
  const Result r = simulate(m, p);
  REQUIRE(r.ok());
  CHECK(r["perfusion.patency"][inside(r, 0)] == doctest::Approx(1.0 - 100.0 / 126.0).epsilon(1e-6));
  // Several interventions, with and without parameters; an unknown key lists the valid ones.
  const Protocol two = Protocol::parse(
      std::vector<std::string>{"Rest for 1 min with cuff_occlusion(pressure_mmHg=50) and "
                               "passive_rest, hyperaemia_boost(gain=2)"});
  CHECK(two.steps()[0].interventions.size() == 3);
  try {
    (void)simulate(m, Protocol::parse(
                          std::vector<std::string>{"Rest for 1 min with cuff_occlusion(force=3)"}));
    FAIL("expected ParameterError");
  } catch (const ParameterError& e) {
    CHECK(std::string(e.what()).find("valid: pressure_mmHg") != std::string::npos);
  }
  for (const char* bad : {"Rest for 1 min with cuff_occlusion(pressure_mmHg=)",
                          "Rest for 1 min with cuff_occlusion(pressure_mmHg=100",
                          "Rest for 1 min with cuff_occlusion(pressure_mmHg 100)"}) {
    CAPTURE(bad);
    CHECK_THROWS_AS((void)Protocol::parse(std::vector<std::string>{bad}), ProtocolError);
  }
}

TEST_CASE(
    "cuff_occlusion: a model without the perfusion component refuses it, naming the channel") {
  const Model m = ModelBuilder().add("three_compartment").build();
  try {
    (void)simulate(m,
                   Protocol::parse(std::vector<std::string>{"Rest for 5 min with cuff_occlusion"}));
    FAIL("expected ModelError");
  } catch (const ModelError& e) {
    CHECK(e.field() == "perfusion.external_pressure_mmHg");
  }
}
