// The intervention catalogue (issue 12): profiles, descriptions, the protocol syntax, and the
// time course every manual therapy shares.
#include <cmath>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "myofatigue/model/registry.hpp"
#include "myofatigue/protocol/protocol.hpp"

using namespace myofatigue;

TEST_CASE(
    "catalogue: every intervention describes itself, and each profile is valid and neutral outside "
    "its effect") {
  const std::vector<std::string> names = registry().intervention_names();
  for (const char* expected :
       {"massage.effleurage", "massage.petrissage", "massage.wringing", "massage.deep_tissue",
        "massage.myofascial_release", "massage.vibration", "massage.tapotement",
        "massage.trigger_point", "massage.cupping", "stretching", "passive_rest", "active_recovery",
        "compression_garment", "cuff_occlusion"})
    CHECK(std::find(names.begin(), names.end(), expected) != names.end());
  for (const auto& name : names) {
    CAPTURE(name);
    const auto iv = registry().make_intervention(name);
    CHECK(iv->profile() == "measured");
    CHECK(iv->description().size() > 20);
    CHECK(iv->description().find('\n') == std::string_view::npos);  // one line
    for (const auto& spec : iv->profiles()) {
      CAPTURE(spec.name);
      CHECK(spec.description.size() > 20);
      const auto chosen = iv->with_profile(spec.name);  // every value within its allowed range
      CHECK(chosen->profile() == spec.name);
      CHECK(std::equal(spec.values.begin(), spec.values.end(), chosen->parameters().begin()));
      const Window w{100.0, 200.0};
      for (std::size_t k = 0; k < chosen->channels().size(); ++k) {
        CHECK(chosen->modulate(99.0, w, k) == chosen->channels()[k].neutral());
        CHECK(chosen->modulate(chosen->effect_end(w), w, k) == chosen->channels()[k].neutral());
      }
      // Back to the defaults by name.
      const auto measured = chosen->with_profile("measured");
      CHECK(std::equal(measured->parameters().begin(), measured->parameters().end(),
                       iv->parameters().begin()));
    }
    try {
      (void)iv->with_profile("clamed");
      FAIL("expected ParameterError");
    } catch (const ParameterError& e) {
      CHECK(e.field() == name + ".profile");
      CHECK(std::string(e.what()).find("valid: measured") != std::string::npos);
    }
  }
  // Every technique but the references (passive rest, the cuff, the 3CC boost, exercise) has
  // the practitioners' account beside the measured one.
  for (const auto& name : names) {
    if (name == "passive_rest" || name == "cuff_occlusion" || name == "hyperaemia_boost" ||
        name == "active_recovery")
      continue;
    CAPTURE(name);
    const auto profiles = registry().make_intervention(name)->profiles();
    CHECK(std::any_of(profiles.begin(), profiles.end(),
                      [](const ProfileSpec& p) { return p.name == "claimed"; }));
  }
}

TEST_CASE("catalogue: 'with name(profile=..., key=value) and other' in a step string") {
  const Protocol p = Protocol::parse(
      std::vector<std::string>{"Rest for 10 min with massage.effleurage(profile=claimed, "
                               "pressure_mmHg=20) and compression_garment",
                               "Rest for 10 min with massage.petrissage(Profile=measured)"});
  const auto& uses = p.steps()[0].interventions;
  REQUIRE(uses.size() == 2);
  CHECK(uses[0].name == "massage.effleurage");
  CHECK(uses[0].profile == "claimed");
  CHECK(uses[0].parameters.values().at("massage.effleurage.pressure_mmhg") == 20.0);
  CHECK(uses[1].name == "compression_garment");
  CHECK(uses[1].profile.empty());
  CHECK(p.steps()[1].interventions[0].profile == "measured");
  CHECK_THROWS_AS(
      Protocol::parse(std::vector<std::string>{"Rest for 1 min with massage.effleurage(profile=)"}),
      ProtocolError);
  // A subnormal value is a number (hypothesis found "1e-310" refused as "expected a number").
  const Protocol tiny = Protocol::parse(
      std::vector<std::string>{"Rest for 1 min with massage.effleurage(perception_gain=1e-310)"});
  CHECK(tiny.steps()[0].interventions[0].parameters.values().at(
            "massage.effleurage.perception_gain") == 1e-310);
  CHECK_THROWS_AS(Protocol::parse(std::vector<std::string>{
                      "Rest for 1 min with massage.effleurage(perception_gain=1e999)"}),
                  ProtocolError);
  // The label of a typed step writes the profile and parameters back in the same syntax.
  Step typed{
      Rest{},
      60.0,
      false,
      {{"massage.effleurage", {{"massage.effleurage.pressure_mmHg", 20.0}}, nullptr, "claimed"}},
      ""};
  CHECK(step_label(typed) ==
        "Rest for 60 s with massage.effleurage(profile=claimed, pressure_mmHg=20)");
}

TEST_CASE(
    "catalogue: a manual therapy acts while applied, and its after-effects decay with after_tau") {
  const auto petrissage = registry().make_intervention("massage.petrissage");
  const Window w{0.0, 600.0};
  const auto channel = [&](std::string_view key) {
    for (std::size_t k = 0; k < petrissage->channels().size(); ++k)
      if (petrissage->channels()[k].key == key) return k;
    FAIL("no channel " << key);
    return std::size_t(0);
  };
  const std::size_t h = channel("central.excitability_gain"),
                    c = channel("soreness.perception_gain");
  // Morelli 1990: H-reflex -71 % while kneaded, back to baseline right after.
  CHECK(petrissage->modulate(300.0, w, h) == doctest::Approx(0.29));
  CHECK(petrissage->modulate(600.0, w, h) == 1.0);
  // The soreness relief lasts (Zainuddin 2005): e^-1 of it one after_tau later.
  const double tau = petrissage->parameters().back(), during = petrissage->modulate(300.0, w, c);
  CHECK(during < 1.0);
  CHECK(1.0 - petrissage->modulate(600.0 + tau, w, c) ==
        doctest::Approx((1.0 - during) * std::exp(-1.0)));
  CHECK(petrissage->effect_end(w) == doctest::Approx(600.0 + 8.0 * tau));
}

TEST_CASE(
    "catalogue: active recovery contracts on each 'on' and relaxes on each 'off', with a "
    "breakpoint at every edge") {
  const auto iv = registry().make_intervention("active_recovery");
  const Window w{1000.0, 1010.0};
  const auto b = iv->breakpoints(w);
  CHECK(b.size() == 11);  // 5 contractions of 1 s on 1 s off: 10 edges, and the window's end
  for (std::size_t i = 0; i + 1 < b.size(); ++i) {
    // At each edge exactly the phase beginning there (half-open), inside each segment (where
    // the simulation evaluates it: 1e-9 of its length from the ends) and in its middle.
    const double inset = 1e-9 * (b[i + 1] - b[i]);
    for (double t : {b[i], b[i] + inset, 0.5 * (b[i] + b[i + 1]), b[i + 1] - inset})
      CHECK(iv->modulate(t, w, 0) == (i % 2 == 0 ? 0.10 : 0.0));
  }
  CHECK(iv->modulate(1010.0, w, 0) == 0.0);
  const double v[] = {0.1, 1e-3, 1.0};  // a day of 1 ms cycles: refused before any allocation
  CHECK_THROWS_AS((void)iv->with_parameters(v)->breakpoints({0.0, 86400.0 * 30}), ParameterError);
}
