// Forward sensitivities against central differences of whole solves, for every registered
// component, and the endurance-time gradient with its event term.
//
// Tolerances: both sides run at rtol 1e-10, atol 1e-12 (the registry loop: 1e-8, see medium()).
// A central difference of whole solves with h = 1e-4 |p| has truncation ~1e-8 and solver noise
// ~rtol / 1e-4 = 1e-6 relative to the state's scale, so sensitivities scaled by p (p dx/dp, in
// the state's units) are compared with a 1e-5 relative bar (10x that noise); a missing event
// term would be off by O(1).
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "components/single_component.hpp"
#include "myofatigue/algorithm/model_system.hpp"
#include "myofatigue/model/registry.hpp"
#include "myofatigue/simulation/sensitivities.hpp"
#include "myofatigue/simulation/simulate.hpp"

using namespace myofatigue;

namespace {

SimulationOptions tight() {
  SimulationOptions o;
  o.solver.rtol = 1e-10;
  o.solver.atol = 1e-12;
  o.model_tolerance = false;
  return o;
}

// Every state at the end of the protocol.
// Every parameter of every component at rtol 1e-8 (the ASan build runs these at -O0): a
// difference with h = 1e-3 p then has noise ~1e-8 / 1e-3 = 1e-5 and truncation ~1e-6, so the
// bar is 1e-4 there.
SimulationOptions medium() {
  SimulationOptions o;
  o.solver.rtol = 1e-8;
  o.solver.atol = 1e-10;
  o.model_tolerance = false;
  return o;
}

Vector final_state(const Model& m, const Protocol& p, const SimulationOptions& o) {
  const Result r = simulate(m, p, o);
  REQUIRE(r.status() == Status::Completed);
  Vector x(m.n_states());
  for (Index i = 0; i < m.n_states(); ++i) x[i] = r.data()(i, r.data().cols() - 1);
  return x;
}

double param(const Model& m, const std::string& key) { return m.parameters().at(key); }

Model with(const Model& m, const std::string& key, double v) {
  return m.with_parameters(ParameterSet{{key, v}});
}

Protocol host_protocol(const Model& m) {
  if (m.capacity_observable())
    return Protocol::parse(std::vector<std::string>{
        "Hold at 40% MVC for 20 s", "Rest for 20 s",
        "Intermittent eccentric 60% MVC 3 s on 2 s off for 15 s", "Rest for 20 s"});
  return Protocol::parse(std::vector<std::string>{"Stimulate at 30 Hz for 1 s", "Rest for 2 s",
                                                  "Stimulate at 50 Hz for 0.5 s"});
}

}  // namespace

TEST_CASE(
    "sensitivities: every registered component's states match central differences of whole "
    "solves") {
  for (const auto& name : registry().component_names()) {
    CAPTURE(name);
    // Alone, with stub producers holding the signals it reads from other components at 0.5;
    // the motor-unit pool with 4 units (its 120 make the augmented system 8x larger).
    const bool pool = name == "motor_unit_pool";
    const Model model =
        pool ? ModelBuilder().add(name, {}, {.units = 4}).build() : test::single(name);
    const Protocol protocol = host_protocol(model);
    const auto comp = registry().make_component(name);
    std::vector<std::string> keys;
    for (const auto& info : comp->parameter_info()) {
      const std::string key = comp->key(info.key);
      if (param(model, key) != 0.0) keys.push_back(key);  // relative steps need p != 0
    }
    // The pool's parameters that shape its per-unit tables (thresholds, rates) need 1000-4000
    // steps at rtol 1e-10 and pool.r fails there (docs/sensitivities.md, "Limits"): its
    // fatigue and force parameters are checked here.
    if (pool) keys = {"pool.FatFac", "pool.fat", "pool.tau", "pool.ge"};
    // A few parameters per run keeps the augmented system small; each key is checked once.
    for (std::size_t k0 = 0; k0 < keys.size(); k0 += 4) {
      SensitivityOptions so;
      so.parameters.assign(keys.begin() + std::ptrdiff_t(k0),
                           keys.begin() + std::ptrdiff_t(std::min(keys.size(), k0 + 4)));
      so.simulation = medium();
      for (const auto& st : model.states()) so.variables.push_back(st.key);
      const Sensitivities s = sensitivities(model, protocol, so);
      REQUIRE(s.status == Status::Completed);
      const Index last = s.t.size() - 1;
      const Vector x = final_state(model, protocol, medium());
      for (std::size_t j = 0; j < so.parameters.size(); ++j) {
        const std::string& key = so.parameters[j];
        CAPTURE(key);
        const double p = param(model, key), h = 1e-3 * std::abs(p);
        Vector fd;
        try {
          fd = (final_state(with(model, key, p + h), protocol, medium()) -
                final_state(with(model, key, p - h), protocol, medium())) /
               (2.0 * h);
        } catch (const ParameterError&) {
          continue;  // at the edge of its allowed range: checked by the one-sided stencil elsewhere
        }
        for (Index i = 0; i < model.n_states(); ++i) {
          CAPTURE(model.states()[std::size_t(i)].key);
          const double sens = s.data(i * Index(so.parameters.size()) + Index(j), last) * p;
          const double ref = fd[i] * p;
          CHECK(std::abs(sens - ref) <= 1e-4 * (std::abs(x[i]) + std::abs(ref)) + 1e-9);
        }
      }
    }
  }
}

TEST_CASE(
    "sensitivities: in the integrative model (couplings through signals) states match central "
    "differences") {
  ModelBuilder b;
  b.add("motor_unit_pool", {}, {.units = 4});
  for (const char* other : {"perfusion", "energetics", "systemic", "peripheral", "central",
                            "damage", "low_frequency_fatigue", "inflammation", "soreness", "tone"})
    b.add(other);
  const Model model = b.build().with_parameters(ParameterSet::named("integrative.general"));
  // A loaded hold only: at rest the pool's excitation sits on unit 0's ramp edge and its
  // branches chatter (docs/sensitivities.md, "Limits").
  const Protocol protocol = Protocol::parse(std::vector<std::string>{"Hold at 40% MVC for 20 s"});
  // One parameter each of components that read other components' signals (perfusion reads
  // force, central reads metabolites, systemic reads muscle lactate), so S flows through the
  // couplings. (energetics.PCr0 is left out: glycolysis has a kink at PCr = PCr0, where the
  // difference stencil of df/dp straddles it; docs/sensitivities.md, "Limits".)
  std::vector<std::string> keys;
  for (const char* prefix : {"perfusion", "central", "systemic"})
    for (const auto& c : model.components())
      if (c->prefix() == prefix)
        for (std::size_t k = 0; k < c->parameter_info().size(); ++k)
          if (c->parameters()[k] != 0.0) {
            keys.push_back(c->key(c->parameter_info()[k].key));
            break;
          }
  SensitivityOptions so;
  so.parameters = keys;
  so.simulation = tight();
  for (const auto& st : model.states()) so.variables.push_back(st.key);
  const Sensitivities s = sensitivities(model, protocol, so);
  REQUIRE(s.status == Status::Completed);
  const Vector x = final_state(model, protocol, tight());
  const Index np = Index(keys.size());
  for (Index j = 0; j < np; ++j) {
    const std::string& key = keys[std::size_t(j)];
    CAPTURE(key);
    const double p = param(model, key), h = 1e-4 * std::abs(p);
    const Vector fd = (final_state(with(model, key, p + h), protocol, tight()) -
                       final_state(with(model, key, p - h), protocol, tight())) /
                      (2.0 * h);
    for (Index i = 0; i < model.n_states(); ++i) {
      CAPTURE(model.states()[std::size_t(i)].key);
      const double sens = s.data(i * np + j, s.t.size() - 1) * p, ref = fd[i] * p;
      CHECK(std::abs(sens - ref) <= 1e-5 * (std::abs(x[i]) + std::abs(ref)) + 1e-9);
    }
  }
}

TEST_CASE(
    "endurance_time_gradient: dET/dp of 3CC equals central differences for every FreyLaw2012 set") {
  const Model base = ModelBuilder().add("three_compartment").build();
  const std::vector<std::string> keys{"fatigue.F", "fatigue.R", "fatigue.LD", "fatigue.LR"};
  for (const auto& set : ParameterSet::names()) {
    if (set.rfind("FreyLaw2012.", 0) != 0) continue;
    CAPTURE(set);
    const Model model = base.with_parameters(ParameterSet::named(set));
    for (double load : {0.25, 0.6}) {
      CAPTURE(load);
      const EnduranceGradient g = endurance_time_gradient(model, load, keys, tight());
      CHECK(g.endurance_time_s ==
            doctest::Approx(endurance_time(model, load, tight())).epsilon(1e-9));
      for (std::size_t j = 0; j < keys.size(); ++j) {
        CAPTURE(keys[j]);
        const double p = param(model, keys[j]), h = 1e-4 * p;
        const double fd = (endurance_time(with(model, keys[j], p + h), load, tight()) -
                           endurance_time(with(model, keys[j], p - h), load, tight())) /
                          (2.0 * h);
        // ET is located to ~rtol ET, so the difference quotient is good to ~1e-6 ET / p.
        CHECK(std::abs(g.gradient[Index(j)] - fd) * p <=
              1e-5 * g.endurance_time_s + 1e-5 * std::abs(fd * p));
      }
    }
  }
}

TEST_CASE("endurance_time_gradient: Liu 2002 and the motor-unit pool match central differences") {
  const std::vector<std::pair<Model, std::vector<std::string>>> cases{
      {ModelBuilder().add("liu2002").build(), {"liu.F", "liu.R", "liu.B"}},
      {ModelBuilder().add("motor_unit_pool", {}, {.units = 6}).build(),
       {"pool.FatFac", "pool.fat"}},
  };
  for (const auto& [model, keys] : cases) {
    CAPTURE(keys.front());
    const EnduranceGradient g = endurance_time_gradient(model, 0.4, keys, tight());
    REQUIRE(std::isfinite(g.endurance_time_s));
    for (std::size_t j = 0; j < keys.size(); ++j) {
      CAPTURE(keys[j]);
      const double p = param(model, keys[j]), h = 1e-3 * p;
      const double fd = (endurance_time(with(model, keys[j], p + h), 0.4, tight()) -
                         endurance_time(with(model, keys[j], p - h), 0.4, tight())) /
                        (2.0 * h);
      // The pool's ET is piecewise smooth at fine scale (units recruited one by one): its
      // difference quotients scatter by ~1e-4 ET across h = 1e-2 .. 1e-5 p, while dET/dp from
      // the sensitivities is the same at rtol 1e-8 and 1e-10 to 1e-7 (docs/sensitivities.md).
      CHECK(std::abs(g.gradient[Index(j)] - fd) * p <=
            5e-4 * g.endurance_time_s + 1e-5 * std::abs(fd * p));
    }
  }
}

TEST_CASE(
    "sensitivities: after a task failure the state jumps by (f- - f+) dET/dp (rest and MVC test "
    "match differences)") {
  const Model model = ModelBuilder()
                          .add("three_compartment")
                          .build()
                          .with_parameters(ParameterSet::named("Looft2018.knee"));
  const Protocol protocol = Protocol::parse(
      std::vector<std::string>{"Hold at 50% MVC until task failure", "Rest for 60 s", "MVC test",
                               "Hold at 30% MVC for 20 s"});
  SensitivityOptions so;
  so.parameters = {"fatigue.F", "fatigue.R", "fatigue.r"};
  so.simulation = tight();
  so.variables = {"fatigue.MA", "fatigue.MR", "fatigue.MF"};
  const Sensitivities s = sensitivities(model, protocol, so);
  REQUIRE(s.status == Status::Completed);
  const Vector x = final_state(model, protocol, tight());
  // The run ends 80 s after the failure, so its end moves with ET: the final state's total
  // derivative is S + f dET/dp (S is at fixed t).
  ModelSystem system(model);
  system.target_fraction = 0.3;
  Vector f(3);
  system.rhs(s.t[s.t.size() - 1], x, f);
  for (std::size_t j = 0; j < so.parameters.size(); ++j) {
    const std::string& key = so.parameters[j];
    CAPTURE(key);
    const double p = param(model, key), h = 1e-4 * p;
    const Model mp = with(model, key, p + h), mm = with(model, key, p - h);
    const Vector fd =
        (final_state(mp, protocol, tight()) - final_state(mm, protocol, tight())) / (2.0 * h);
    const double tau = s.step_end(3, Index(j));
    CHECK(tau == doctest::Approx(s.step_end(0, Index(j))));
    for (Index i = 0; i < 3; ++i) {
      const double total = s.data(i * 3 + Index(j), s.t.size() - 1) + f[i] * tau;
      CHECK(std::abs(total - fd[i]) * p <= 1e-5 * (std::abs(x[i]) + std::abs(fd[i] * p)));
    }
    const double mvc_fd = (simulate(mp, protocol, tight()).steps()[2].mvc_fraction -
                           simulate(mm, protocol, tight()).steps()[2].mvc_fraction) /
                          (2.0 * h);
    CHECK(std::abs(s.mvc(2, Index(j)) - mvc_fd) * p <= 1e-6);
    const double end_fd = (simulate(mp, protocol, tight()).steps()[1].end_s -
                           simulate(mm, protocol, tight()).steps()[1].end_s) /
                          (2.0 * h);
    CHECK(std::abs(s.step_end(1, Index(j)) - end_fd) * p <= 1e-5 * s.steps[1].end_s);
  }
}

TEST_CASE("sensitivities: unknown and duplicate keys are ParameterErrors naming the key") {
  const Model model = ModelBuilder().add("three_compartment").build();
  const Protocol protocol = Protocol::parse(std::vector<std::string>{"Hold at 30% MVC for 10 s"});
  SensitivityOptions so;
  so.parameters = {"fatigue.F", "fatigue.F"};
  CHECK_THROWS_AS(sensitivities(model, protocol, so), ParameterError);
  so.parameters = {"fatigue.Q"};
  CHECK_THROWS_AS(sensitivities(model, protocol, so), ParameterError);
  so.parameters = {"fatigue.F"};
  so.variables = {"fatigue.XX"};
  CHECK_THROWS_AS(sensitivities(model, protocol, so), ParameterError);
  so.variables = {};
  so.parameters = {};
  CHECK_THROWS_AS(sensitivities(model, protocol, so), ParameterError);
}

TEST_CASE(
    "sensitivities: t_eval reports exactly at the given times, equal to the every-step run where "
    "they meet") {
  const Model model = ModelBuilder().add("three_compartment").build();
  const Protocol protocol =
      Protocol::parse(std::vector<std::string>{"Hold at 40% MVC for 30 s", "Rest for 30 s"});
  SensitivityOptions so;
  so.parameters = {"fatigue.F", "fatigue.R"};
  so.simulation = tight();
  const Sensitivities every = sensitivities(model, protocol, so);
  so.t_eval = {0.0, 12.5, 30.0, 47.0, 60.0, 75.0};
  const Sensitivities at = sensitivities(model, protocol, so);
  REQUIRE(at.t.size() == 5);  // 75 s is past the end
  CHECK(at.t[1] == 12.5);
  CHECK(at.t[4] == 60.0);
  const Index last = every.t.size() - 1;
  for (Index r = 0; r < at.data.rows(); ++r)
    CHECK(at.data(r, 4) == doctest::Approx(every.data(r, last)).epsilon(1e-7).scale(1.0));
  so.t_eval = {3.0, 2.0};
  CHECK_THROWS_AS(sensitivities(model, protocol, so), ParameterError);
}
