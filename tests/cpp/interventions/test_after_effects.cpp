// Interventions that act after their window (issue 9, "interventions with after-effects"): the
// simulation keeps them until effect_end(), restarts at their breakpoints, ends an
// "until task failure" window where the step ended, and every registered intervention is neutral
// wherever it says it is.
#include <array>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "myofatigue/interventions/intervention.hpp"
#include "myofatigue/model/registry.hpp"
#include "myofatigue/simulation/simulate.hpp"

using namespace myofatigue;

namespace {

// Multiplies the 3CC recovery rate by `gain` from the window's start until `linger_s` after its
// end: a step-shaped after-effect whose end is a breakpoint the integrator must honour.
class LingeringBoost : public InterventionImpl<LingeringBoost> {
 public:
  static constexpr std::string_view registered_name = "lingering_boost";
  static constexpr std::string_view description_text = "a recovery boost that outlasts its window";
  static constexpr std::array channel_specs{
      ChannelSpec{"fatigue.recovery_gain", Composition::Gain, "recovery rate multiplier"},
  };
  static constexpr std::array parameter_table{
      ParameterInfo{"gain", "1", "multiplier", 15.0, {1.0, 100.0}, {1.0, 30.0}, "test"},
      ParameterInfo{
          "linger_s", "s", "after-effect duration", 20.0, {0.0, 1e4}, {0.0, 100.0}, "test"},
  };
  static constexpr std::array<std::string_view, 0> citation_keys{};

  double modulate_impl(double t, const Window& w, std::size_t) const {
    return (t >= w.start_s && t < effect_end(w)) ? p(0) : 1.0;
  }
  double effect_end(const Window& w) const override { return w.end_s + p(1); }
  std::vector<double> breakpoints(const Window& w) const override {
    return {w.start_s, w.end_s, effect_end(w)};
  }
};

Model knee() {
  return ModelBuilder().add("three_compartment", ParameterSet::named("FreyLaw2012.knee")).build();
}

SimulationOptions tight() {
  SimulationOptions o;
  o.solver.rtol = 1e-10;
  o.solver.atol = 1e-13;
  return o;
}

Step step(std::string text, std::vector<InterventionUse> uses = {}) {
  Step s = parse_step(text);
  s.interventions = std::move(uses);
  return s;
}

InterventionUse lingering(double gain = 15.0) {
  return {"lingering_boost", ParameterSet{{"lingering_boost.gain", gain}},
          std::make_shared<const LingeringBoost>()};
}
InterventionUse boost(double gain = 15.0) {
  return {"hyperaemia_boost", ParameterSet{{"hyperaemia_boost.gain", gain}}};
}

double max_difference(const Result& a, const Result& b) {
  const Index ka = a.t().size() - 1, kb = b.t().size() - 1;
  double d = std::abs(a.t()[ka] - b.t()[kb]);
  for (const auto& key : {"fatigue.MA", "fatigue.MR", "fatigue.MF"})
    d = std::max(d, std::abs(a[key][ka] - b[key][kb]));
  return d;
}

}  // namespace

TEST_CASE(
    "interventions: an after-effect acts past its window, up to effect_end, as if the window were "
    "longer") {
  const Model m = knee();
  // 10 s window + 20 s after-effect at gain 15 == a 30 s window of hyperaemia_boost (gain 15).
  const Result lingering_run =
      simulate(m,
               Protocol::from_steps({step("Hold at 40% MVC for 60 s"),
                                     step("Rest for 10 s", {lingering()}), step("Rest for 100 s")}),
               tight());
  const Result window_run =
      simulate(m,
               Protocol::from_steps({step("Hold at 40% MVC for 60 s"),
                                     step("Rest for 30 s", {boost()}), step("Rest for 80 s")}),
               tight());
  const Result plain_run = simulate(
      m, Protocol::from_steps({step("Hold at 40% MVC for 60 s"), step("Rest for 110 s")}), tight());
  REQUIRE(lingering_run.ok());
  REQUIRE(window_run.ok());
  // Equal to the solver tolerance (both restart at t = 90 s: the after-effect's end is honoured).
  CHECK(max_difference(lingering_run, window_run) < 1e-8);
  // And clearly not the run without it (the boost recovers MF 15 times faster for 30 s).
  CHECK(max_difference(lingering_run, plain_run) > 1e-3);
}

TEST_CASE(
    "interventions: the window of an until-failure step ends where the step failed, and its "
    "after-effect follows") {
  const Model m = knee();
  // Gain 2: recovery doubled under the load still fails (gain 15 would hold 40 % for ever).
  const Result lingering_run =
      simulate(m,
               Protocol::from_steps({step("Hold at 40% MVC until task failure", {lingering(2.0)}),
                                     step("Rest for 100 s")}),
               tight());
  const Result window_run =
      simulate(m,
               Protocol::from_steps({step("Hold at 40% MVC until task failure", {boost(2.0)}),
                                     step("Rest for 20 s", {boost(2.0)}), step("Rest for 80 s")}),
               tight());
  REQUIRE(lingering_run.steps()[0].end_reason == EndReason::TaskFailure);
  CHECK(lingering_run.steps()[0].end_s ==
        doctest::Approx(window_run.steps()[0].end_s).epsilon(1e-9));
  CHECK(max_difference(lingering_run, window_run) < 1e-8);
}

TEST_CASE(
    "interventions: every registered intervention is neutral before its window and from effect_end "
    "on, with breakpoints inside") {
  for (const auto& name : registry().intervention_names()) {
    CAPTURE(name);
    const auto iv = registry().make_intervention(name);
    const Window w{100.0, 200.0};
    const double end = iv->effect_end(w);
    REQUIRE(end >= w.end_s);
    for (const auto& b : iv->breakpoints(w)) {
      CHECK(b >= w.start_s);
      CHECK(b <= end);
    }
    for (std::size_t k = 0; k < iv->channels().size(); ++k) {
      const double neutral = iv->channels()[k].neutral();
      for (double t : {0.0, 50.0, 99.999}) CHECK(iv->modulate(t, w, k) == neutral);
      if (std::isfinite(end))
        for (double t : {end, end + 1.0, end + 1e4}) CHECK(iv->modulate(t, w, k) == neutral);
    }
  }
}
