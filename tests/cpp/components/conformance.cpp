// Generic checks run for every registered component and intervention (the registry is the
// list, so a new entry is covered without touching this file).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <limits>
#include <map>
#include <random>
#include <sstream>
#include <string>

#include <doctest/doctest.h>
#include <Eigen/SVD>

#include "components/single_component.hpp"
#include "myofatigue/algorithm/model_system.hpp"
#include "myofatigue/interventions/intervention.hpp"
#include "myofatigue/model/registry.hpp"
#include "myofatigue/simulation/simulate.hpp"
#include "myofatigue/solvers/jacobian.hpp"

using namespace myofatigue;
using myofatigue::test::single;

namespace {

std::string references_bib() {
  std::ifstream in(std::string(MYOFATIGUE_TEST_DATA_DIR) + "/../../docs/references.bib");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool bib_has(const std::string& bib, std::string_view key) {
  // Built by append: g++ 12 at -O3 flags `"{" + std::string(...)` with a false -Wrestrict.
  std::string entry = "{";
  entry.append(key).append(",");
  return bib.find(entry) != std::string::npos;
}

// A generic point: states uniform inside their allowed ranges ([-10, 10] for unbounded ends),
// a target in [0, 1] and a time in [0, 100] s.
struct RandomPoint {
  Vector x;
  double target_fraction, t;
};
RandomPoint random_point(const Model& model, std::mt19937& rng) {
  std::uniform_real_distribution<double> u(0.0, 1.0);
  Vector x(model.n_states());
  for (const auto& s : model.states()) {
    const double lo = std::isfinite(s.allowed.lo) ? s.allowed.lo : -10.0;
    const double hi = std::isfinite(s.allowed.hi) ? s.allowed.hi : 10.0;
    x[s.offset] = lo + (hi - lo) * u(rng);
  }
  const double target = u(rng);
  return {x, target, 100.0 * u(rng)};
}

// Voluntary models (with a capacity observable) get holds and task failure; the others
// (electrically stimulated muscle) get pulse trains.
std::vector<std::string> stress_protocol(const Model& m) {
  if (m.capacity_observable())
    return {"Hold at 100% MVC until task failure",
            "Intermittent 90% MVC 1 s on 1 s off for 2 min",
            "Rest for 1 min",
            "Hold at 20% MVC for 5 min",
            "MVC test",
            "Rest for 30 min",
            "Stimulate at 30 Hz for 2 s"};
  return {"Stimulate at 100 Hz for 5 s", "Stimulate at 30 Hz 1 s on 1 s off for 2 min",
          "Rest for 1 min", "Stimulate at 12.5 Hz for 10 s", "Rest for 30 min"};
}

std::vector<std::string> neutral_protocol(const Model& m, bool with_intervention) {
  const std::string work =
      m.capacity_observable() ? "Hold at 50% MVC for 1 min" : "Stimulate at 33 Hz for 2 s";
  return {work, with_intervention ? "Rest for 5 min with passive_rest" : "Rest for 5 min"};
}

// Writes the neutral value (gain 1, offset 0) on every channel the model honours (passive_rest
// acts on no channel, so it cannot show that a component's neutral channel values are neutral).
class NeutralEverywhere : public Intervention {
 public:
  explicit NeutralEverywhere(const Model& m) {
    for (const auto& c : m.channels()) keys_.push_back(c.key);
    for (std::size_t k = 0; k < keys_.size(); ++k)
      specs_.push_back({keys_[k], m.channels()[k].composition, "neutral"});
  }
  NeutralEverywhere(const NeutralEverywhere&) = delete;
  NeutralEverywhere& operator=(const NeutralEverywhere&) = delete;
  std::string_view name() const override { return "neutral_everywhere"; }
  std::string_view description() const override { return "the neutral value on every channel"; }
  std::span<const ChannelSpec> channels() const override { return specs_; }
  std::span<const ParameterInfo> parameter_info() const override { return {}; }
  std::span<const double> parameters() const override { return {}; }
  std::span<const std::string_view> citations() const override { return {}; }
  double modulate(double, const Window&, std::size_t k) const override {
    return specs_[k].neutral();
  }
  std::shared_ptr<const Intervention> with_parameters(std::span<const double>) const override {
    throw ParameterError("neutral_everywhere", "has no parameters");
  }
  std::span<const ProfileSpec> profiles() const override { return {}; }
  std::string_view profile() const override { return measured_profile; }
  std::shared_ptr<const Intervention> with_profile(std::string_view) const override {
    throw ParameterError("neutral_everywhere.profile", "has no profiles");
  }

 private:
  std::vector<std::string> keys_;
  std::vector<ChannelSpec> specs_;
};

}  // namespace

// Central differences with h = 1e-6 max(1, |x_j|): truncation O(h^2) ~ 1e-12, and rounding
// noise in f of ~1e-14 (e.g. an algebraic solve inside the rhs, as the motor-unit pool's
// excitation) amplified only to ~1e-8, where forward differences with h ~ 1e-8 would give 1e-6.
void central_differences(
    const ModelSystem& system, double t, const Vector& x, Matrix& J, Vector& dfdt) {
  const Index n = x.size();
  Vector xp = x, xm = x, fp(n), fm(n);
  for (Index j = 0; j < n; ++j) {
    const double h = 1e-6 * std::max(1.0, std::abs(x[j]));
    xp[j] = x[j] + h;
    xm[j] = x[j] - h;
    system.rhs(t, xp, fp);
    system.rhs(t, xm, fm);
    J.col(j) = (fp - fm) / (2.0 * h);
    xp[j] = xm[j] = x[j];
  }
  const double h = 1e-6 * std::max(1.0, std::abs(t));
  system.rhs(t + h, x, fp);
  system.rhs(t - h, x, fm);
  dfdt = (fp - fm) / (2.0 * h);
}

// Sample states uniformly inside the allowed ranges (finite ones) and targets in [0, 1]: the
// piecewise controller's kinks have measure zero, so generic points compare smooth branches.
TEST_CASE(
    "conformance: every component's AD Jacobian (and df/dt) equals finite differences at random "
    "states") {
  std::mt19937 rng(20261122);
  for (const auto& name : registry().component_names()) {
    CAPTURE(name);
    const Model model = single(name);
    ModelSystem system(model);
    const Index n = model.n_states();
    JacobianEvaluator<ModelSystem> ad(system, n, JacobianMode::AutoDiff, SparseMatrix());
    SolverStats stats;
    for (int k = 0; k < 50; ++k) {
      const auto [x, target, t] = random_point(model, rng);
      system.target_fraction = target;
      Vector f0(n), dfdt_ad(n), dfdt_fd(n);
      system.rhs(t, x, f0);
      Matrix J_ad(n, n), J_fd(n, n);
      ad.evaluate(system, t, x, f0, J_ad, dfdt_ad, stats);
      central_differences(system, t, x, J_fd, dfdt_fd);
      CHECK((J_ad - J_fd).norm() <= 1e-6 * (1.0 + J_ad.norm()));
      CHECK((dfdt_ad - dfdt_fd).norm() <= 1e-6 * (1.0 + dfdt_ad.norm()));
    }
  }
}

// A piecewise component declares switching functions (SwitchSpec) and evaluates every one of
// them through Eval::branch on each call; the integrator relies on both (switching.hpp).
TEST_CASE(
    "conformance: every component reports all its switching functions, and holding the branches "
    "they select reproduces the free rhs") {
  std::mt19937 rng(20261201);
  for (const auto& name : registry().component_names()) {
    CAPTURE(name);
    const Model model = single(name);
    ModelSystem system(model);
    const Index n = model.n_states();
    const auto n_switches = std::size_t(system.switch_count());
    CHECK(n_switches == model.switch_keys().size());
    for (int k = 0; k < 50; ++k) {
      const auto [x, target, t] = random_point(model, rng);
      system.target_fraction = target;
      std::vector<double> g(n_switches, std::numeric_limits<double>::quiet_NaN());
      system.switch_values(t, x, g.data());
      std::vector<std::uint8_t> held(n_switches);
      for (std::size_t j = 0; j < n_switches; ++j) {
        CHECK(std::isfinite(g[j]));
        held[j] = g[j] > 0.0;
      }
      Vector free_f(n), held_f(n);
      // Both from the same per-run scratch (Eval::memo: the pool's warm start changes E by
      // round-off), so that only the held branches differ.
      ModelSystem twin = system;
      system.rhs(t, x, free_f);
      twin.hold_branches(held.data());
      twin.rhs(t, x, held_f);
      CHECK((free_f - held_f).cwiseAbs().maxCoeff() == 0.0);
    }
  }
}

// Contract of replicated components: unit u's rhs depends only on unit u's states and the
// inputs, except through the unit_couplings() pool-level scalars the component declares (the
// motor-unit pool's excitation). So the block of df/dx with the rows of one half of the units
// and the columns of the other half (no unit's own block in it) has rank <= unit_couplings().
TEST_CASE(
    "conformance: a replicated component's units couple only through its declared pool-level "
    "scalars") {
  std::mt19937 rng(20261202);
  int replicated = 0;
  for (const auto& name : registry().component_names()) {
    CAPTURE(name);
    const Model model = single(name);
    const auto& c = *model.components().back();
    const auto& w = model.wiring()[model.components().size() - 1];
    if (c.units() < 2) continue;
    ++replicated;
    ModelSystem system(model);
    const Index n = model.n_states();
    const Index S = Index(c.states().size());
    const Index half = c.units() / 2;
    JacobianEvaluator<ModelSystem> ad(system, n, JacobianMode::AutoDiff, SparseMatrix());
    SolverStats stats;
    for (int k = 0; k < 5; ++k) {
      const auto [x, target, t] = random_point(model, rng);
      system.target_fraction = target;
      Vector f0(n), dfdt(n);
      system.rhs(t, x, f0);
      Matrix J(n, n);
      ad.evaluate(system, t, x, f0, J, dfdt, stats);
      const Index lo_rows = half * S, hi_rows = (c.units() - half) * S;
      for (const Matrix& block :
           {Matrix(J.block(w.offset, w.offset + lo_rows, lo_rows, hi_rows)),
            Matrix(J.block(w.offset + lo_rows, w.offset, hi_rows, lo_rows))}) {
        const Eigen::JacobiSVD<Matrix> svd(block);
        const auto& sv = svd.singularValues();
        const Index allowed = c.unit_couplings();
        const double scale = std::max(1.0, J.cwiseAbs().maxCoeff());
        if (allowed < sv.size()) CHECK(sv[allowed] <= 1e-10 * scale);
      }
    }
  }
  CHECK(replicated >= 1);  // motor_unit_pool
}

// Model::jacobian_pattern() is what the model promises about its coupling; the assembled
// (per-component) Jacobian must reproduce whole-state AD, its oracle.
TEST_CASE(
    "conformance: AD nonzeros lie inside the declared pattern, and the assembled Jacobian equals "
    "whole-state AD") {
  std::mt19937 rng(20261203);
  for (const auto& name : registry().component_names()) {
    CAPTURE(name);
    const Model model = single(name);
    ModelSystem system(model);
    const Index n = model.n_states();
    const SparseMatrix& pattern = model.jacobian_pattern();
    REQUIRE(pattern.rows() == n);
    Matrix declared = Matrix::Zero(n, n);
    for (Index j = 0; j < n; ++j)
      for (SparseMatrix::InnerIterator it(pattern, j); it; ++it) declared(it.row(), j) = 1.0;
    JacobianEvaluator<ModelSystem> ad(system, n, JacobianMode::AutoDiff, SparseMatrix());
    SolverStats stats;
    for (int k = 0; k < 10; ++k) {
      const auto [x, target, t] = random_point(model, rng);
      system.target_fraction = target;
      Vector f0(n), dfdt_ad(n), dfdt_as(n);
      system.rhs(t, x, f0);
      Matrix J_ad(n, n), J_as(n, n);
      ad.evaluate(system, t, x, f0, J_ad, dfdt_ad, stats);
      system.assembled_jacobian(t, x, J_as, dfdt_as);
      const Matrix outside = J_ad.cwiseProduct((1.0 - declared.array()).matrix());
      CHECK(outside.cwiseAbs().maxCoeff() == 0.0);
      CHECK((J_as - J_ad).norm() <= 1e-12 * (1.0 + J_ad.norm()));
      CHECK((dfdt_as - dfdt_ad).norm() <= 1e-12 * (1.0 + dfdt_ad.norm()));
    }
  }
}

TEST_CASE(
    "conformance: a signal written from its producer's states stays the same whatever the "
    "producer's inputs") {
  std::mt19937 rng(20261203);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  for (const auto& name : registry().component_names()) {
    const Model model = single(name);
    const auto& comps = model.components();
    const auto& c = **std::find_if(comps.begin(), comps.end(),
                                   [&](const auto& k) { return k->name() == name; });
    if (!c.writes_from_states()) continue;
    CAPTURE(name);
    ModelSystem system(model);
    const auto& keys = model.signal_keys();
    for (int trial = 0; trial < 20; ++trial) {
      RandomPoint pt = random_point(model, rng);
      system.target_fraction = pt.target_fraction;
      std::vector<double> before(keys.size()), after(keys.size());
      system.signals(pt.t, pt.x, before.data());
      // Move every input: the target and each stub producer's state (the other signals).
      system.target_fraction = u(rng);
      for (const auto& st : model.states())
        if (model.components()[std::size_t(st.component)].get() != &c) pt.x[st.offset] = u(rng);
      system.signals(pt.t, pt.x, after.data());
      for (const auto& w : c.writes()) {
        if (!w.from_states) continue;
        const auto k = std::size_t(std::find(keys.begin(), keys.end(), w.key) - keys.begin());
        CAPTURE(w.key);
        CHECK(after[k] == before[k]);
      }
    }
  }
}

TEST_CASE(
    "conformance: every component's states stay inside their allowed ranges over a stress "
    "protocol") {
  for (const auto& name : registry().component_names()) {
    CAPTURE(name);
    const Model model = single(name);
    const Result run = simulate(model, Protocol::parse(stress_protocol(model)));
    REQUIRE(run.ok());
    for (const auto& s : model.states()) {
      CAPTURE(s.key);
      const auto v = run[s.key];
      // Round-off of the integrator (rtol 1e-6, atol 1e-9) may cross a bound by ~atol.
      CHECK(v.minCoeff() >= s.allowed.lo - 1e-8);
      CHECK(v.maxCoeff() <= s.allowed.hi + 1e-8);
    }
  }
}

TEST_CASE(
    "conformance: a neutral intervention (passive_rest, or neutral values on every channel) "
    "changes nothing") {
  for (const auto& name : registry().component_names()) {
    CAPTURE(name);
    const Model model = single(name);
    const Result plain = simulate(model, Protocol::parse(neutral_protocol(model, false)));
    const Result neutral = simulate(model, Protocol::parse(neutral_protocol(model, true)));
    REQUIRE(plain.t().size() == neutral.t().size());
    CHECK((plain.data() - neutral.data()).cwiseAbs().maxCoeff() == 0.0);
    if (model.channels().empty()) continue;
    std::vector<Step> steps;
    for (const auto& text : neutral_protocol(model, false)) steps.push_back(parse_step(text));
    steps.back().interventions.push_back(
        {"neutral_everywhere", {}, std::make_shared<const NeutralEverywhere>(model)});
    const Result everywhere = simulate(model, Protocol::from_steps(steps));
    REQUIRE(plain.t().size() == everywhere.t().size());
    CHECK((plain.data() - everywhere.data()).cwiseAbs().maxCoeff() == 0.0);
  }
}

TEST_CASE(
    "conformance: parameters round-trip, carry a unit and a source, and citations resolve in "
    "docs/references.bib") {
  const std::string bib = references_bib();
  REQUIRE_FALSE(bib.empty());
  for (const auto& name : registry().component_names()) {
    CAPTURE(name);
    const Model model = single(name);
    const ParameterSet p = model.parameters();
    const Model same = model.with_parameters(p);
    CHECK(same.parameters().values() == p.values());
    for (const auto& c : model.components()) {
      for (const auto& info : c->parameter_info()) {
        CAPTURE(info.key);
        CHECK_FALSE(info.unit.empty());
        CHECK(bib_has(bib, info.source));
        CHECK(info.allowed.contains(info.default_value));
        CHECK(info.plausible.lo >= info.allowed.lo);
        CHECK(info.plausible.hi <= info.allowed.hi);
        // Changing one value in range round-trips exactly.
        const std::string key = c->key(info.key);
        const double v = 0.5 * (info.plausible.lo + info.plausible.hi);
        CHECK(model.with_parameters({{key, v}}).parameters().at(key) == v);
      }
      for (auto key : c->citations()) CHECK(bib_has(bib, key));
      for (const auto& s : c->states()) CHECK_FALSE(s.unit.empty());
    }
  }
  for (const auto& name : registry().intervention_names()) {
    CAPTURE(name);
    const auto iv = registry().make_intervention(name);
    for (auto key : iv->citations()) CHECK(bib_has(bib, key));
    for (const auto& info : iv->parameter_info()) CHECK(bib_has(bib, info.source));
  }
}

TEST_CASE(
    "conformance: every intervention writes channels some component honours and is neutral where "
    "it says it is") {
  for (const auto& name : registry().intervention_names()) {
    CAPTURE(name);
    const auto iv = registry().make_intervention(name);
    const Window w{100.0, 200.0};
    for (std::size_t k = 0; k < iv->channels().size(); ++k) {
      const auto& ch = iv->channels()[k];
      bool honoured = false;
      for (const auto& cname : registry().component_names())
        for (const auto& c : registry().make_component(cname)->channels())
          if (c.key == ch.key && c.composition == ch.composition) honoured = true;
      CHECK(honoured);
      // Neutral before the window and from the end of its effect on (after-effects may act
      // past the window: effect_end(), see tests/cpp/interventions/test_after_effects.cpp).
      CHECK(iv->modulate(50.0, w, k) == ch.neutral());
      const double end = iv->effect_end(w);
      if (std::isfinite(end)) CHECK(iv->modulate(end + 50.0, w, k) == ch.neutral());
    }
  }
}

// Each key of a set belongs to the registered component whose key prefix it carries (3CC sets
// to `fatigue.`, perfusion sets to `perfusion.`, the integrative sets to several); each such
// component, built alone with stub producers for what it reads, must accept its values.
TEST_CASE(
    "conformance: every published parameter set builds a valid model of the registered components "
    "it names") {
  for (const auto& set : ParameterSet::names()) {
    CAPTURE(set);
    const ParameterSet values = ParameterSet::named(set);
    REQUIRE_FALSE(values.values().empty());
    std::map<std::string, ParameterSet::Map> by_prefix;
    for (const auto& [key, v] : values.values()) by_prefix[key.substr(0, key.find('.'))][key] = v;
    for (const auto& [prefix, part] : by_prefix) {
      CAPTURE(prefix);
      std::string owner;
      for (const auto& name : registry().component_names())
        if (registry().make_component(name)->prefix() == prefix) owner = name;
      REQUIRE_FALSE(owner.empty());
      CHECK_NOTHROW((void)single(owner).with_parameters(ParameterSet("", part)));
    }
  }
}
