// Components: replicated state blocks (ComponentOptions::units), per-unit tables derived from
// the parameters, per-unit switching functions, defaulted hooks and unit-count validation.
#include <array>
#include <cmath>
#include <string>

#include <doctest/doctest.h>

#include "myofatigue/algorithm/model_system.hpp"
#include "myofatigue/model/registry.hpp"
#include "myofatigue/simulation/simulate.hpp"
#include "myofatigue/solvers/jacobian.hpp"

using namespace myofatigue;

namespace {

// N independent units, 2 states each: a relaxes to the target at rate k_u = (u + 1) * K (a
// per-unit table derived from K), b follows a, faster while a > 1/2 (a per-unit switch).
class Replica : public ComponentImpl<Replica> {
 public:
  static constexpr std::string_view registered_name = "test_replica";
  static constexpr std::string_view key_prefix = "rep";
  static constexpr Index default_units = 3;
  static constexpr Index min_units = 1;
  enum State { A, B };
  enum Param { K };
  enum Read { Target };
  enum Switch { Above };
  static constexpr std::array state_specs{StateSpec{"a", "1", "relaxing", {0.0, 1.0}, 0.0},
                                          StateSpec{"b", "1", "follower", {0.0, 1.0}, 0.0}};
  static constexpr auto read_specs =
      in_order(slot(Target, SignalSpec{"protocol.target_fraction", "1", "target"}));
  static constexpr auto switch_specs = in_order(slot(Above, SwitchSpec{"above", "a > 1/2"}));
  static constexpr std::array parameter_table{
      ParameterInfo{"K", "1/s", "base rate", 1.0, {0.0, 100.0}, {0.1, 10.0}, "XiaFreyLaw2008"}};
  static constexpr std::array unit_observable_specs{ObservableSpec{"k", "1/s", "unit rate k_u"}};

  explicit Replica(const ComponentOptions& o = {}) : ComponentImpl(o) { derive(); }
  void derive() {
    k_.resize(std::size_t(units()));
    for (Index u = 0; u < units(); ++u) k_[std::size_t(u)] = double(u + 1) * values()[K];
  }
  template <class T>
  void rhs_impl(const Eval<T>& e) const {
    for (Index u = 0; u < e.units; ++u) {
      const T* x = e.x + 2 * u;
      T* f = e.dxdt + 2 * u;
      f[A] = k_[std::size_t(u)] * (e.inputs[Target] - x[A]);
      const bool above = e.unit_branch(u, Above, x[A] - 0.5);
      f[B] = (above ? 10.0 : 1.0) * (x[A] - x[B]);
    }
  }
  void observe_units_impl(const Eval<double>& e, double* out) const {
    for (Index u = 0; u < e.units; ++u) out[u] = k_[std::size_t(u)];
  }

 private:
  std::vector<double> k_;
};

}  // namespace

TEST_CASE(
    "Component: a replicated component lays out its units unit-major with keys prefix.symbol[u]") {
  const Model m = ModelBuilder().add(Replica::create({.units = 4})).build();
  CHECK(m.n_states() == 8);
  REQUIRE(m.wiring().size() == 1);
  CHECK(m.wiring()[0].units == 4);
  CHECK(m.wiring()[0].size == 8);
  CHECK(m.state_index("rep.a[0]") == 0);
  CHECK(m.state_index("rep.b[0]") == 1);
  CHECK(m.state_index("rep.a[3]") == 6);
  const StateInfo& s = m.states()[7];
  CHECK(s.key == "rep.b[3]");
  CHECK(s.base == "rep.b");
  CHECK(s.unit_index == 3);
  CHECK(s.n_units == 4);
  CHECK(m.switch_keys() ==
        std::vector<std::string>{"rep.above[0]", "rep.above[1]", "rep.above[2]", "rep.above[3]"});
  CHECK(m.unit_observable_keys() == std::vector<std::string>{"rep.k"});
  CHECK(m.n_unit_observable_values() == 4);
}

TEST_CASE(
    "Component: the unit count is validated, and a component that is not replicated accepts only "
    "1") {
  CHECK(Replica::create()->units() == 3);
  CHECK_THROWS_AS((void)Replica::create({.units = 0}), ParameterError);
  try {
    (void)ModelBuilder().add("three_compartment", {}, {.units = 3});
    FAIL("expected a ParameterError");
  } catch (const ParameterError& e) {
    CHECK(e.field() == "units");
  }
  CHECK_NOTHROW((void)ModelBuilder().add("three_compartment", {}, {.units = 1}).build());
}

TEST_CASE(
    "Component: per-unit tables derived from the parameters are recomputed by with_parameters") {
  const Model m = ModelBuilder().add(Replica::create({.units = 3})).build();
  const Model faster = m.with_parameters({{"rep.K", 2.0}});
  for (const Model* model : {&m, &faster}) {
    ModelSystem system(*model);
    std::vector<double> k(3);
    system.observe_units(0.0, model->initial_state(), k.data());
    const double K = model->parameters().at("rep.K");
    CHECK(k == std::vector<double>{K, 2 * K, 3 * K});
    system.target_fraction = 1.0;
    Vector f(6);
    system.rhs(0.0, model->initial_state(), f);
    CHECK(f[4] == 3 * K);  // unit 2's da/dt at a = 0
  }
}

TEST_CASE(
    "Component: each unit's switching function restarts the integrator once where it crosses") {
  const Model m = ModelBuilder().add(Replica::create({.units = 3})).build();
  const Result r =
      simulate(m, Protocol::parse(std::vector<std::string>{"Hold at 100% MVC for 10 s"}));
  REQUIRE(r.ok());
  // a_u = 1 - exp(-(u + 1) t) crosses 1/2 once per unit, at t = ln 2 / (u + 1) < 10 s.
  CHECK(r.stats().switches == 3);
  const auto a = r.units_of("rep.a");
  CHECK(a.cols() == 3);
  CHECK(a.rows() == r.t().size());
  const Index last = r.t().size() - 1;
  for (Index u = 0; u < 3; ++u) {
    CHECK(a(last, u) == r[unit_key("rep.a", u)][last]);
    CHECK(a(last, u) == doctest::Approx(1.0 - std::exp(-double(u + 1) * 10.0)).epsilon(1e-5));
  }
  CHECK_THROWS_AS((void)r.units_of("rep.c"), ParameterError);
}

TEST_CASE("Component: hooks a component does not declare default to none") {
  const auto c = Replica::create();
  CHECK(c->writes().empty());
  CHECK(c->channels().empty());
  CHECK(c->observables().empty());
  CHECK(c->citations().empty());
  CHECK(c->unit_couplings() == 0);
  CHECK(c->reads().size() == 1);
}

TEST_CASE(
    "Component: independent units make a block-diagonal pattern and one assembled AD pass for any "
    "unit count") {
  const Model m = ModelBuilder().add(Replica::create({.units = 50})).build();
  CHECK(m.jacobian_pattern().nonZeros() == 50 * 4);
  ModelSystem system(m);
  CHECK(system.assembled_passes() == 1);  // 2 states + 1 input + t, seeds shared by all units
  CHECK(system.provides_jacobian());      // against ceil(101/8) = 13 whole-state passes
  system.target_fraction = 0.7;
  Vector x(100);
  for (Index i = 0; i < 100; ++i) x[i] = 0.01 * double(i);
  JacobianEvaluator<ModelSystem> ad(system, 100, JacobianMode::AutoDiff, SparseMatrix());
  SolverStats stats;
  Vector f0(100), dfdt_ad(100), dfdt_as(100);
  system.rhs(0.0, x, f0);
  Matrix J_ad(100, 100), J_as(100, 100);
  ad.evaluate(system, 0.0, x, f0, J_ad, dfdt_ad, stats);
  system.assembled_jacobian(0.0, x, J_as, dfdt_as);
  CHECK((J_as - J_ad).cwiseAbs().maxCoeff() == 0.0);
  CHECK((dfdt_as - dfdt_ad).cwiseAbs().maxCoeff() == 0.0);
}

TEST_CASE(
    "Component: a model of one unreplicated component keeps whole-state AD (no assembled "
    "Jacobian)") {
  for (const char* name : {"three_compartment", "liu2002", "ding2003"}) {
    CAPTURE(name);
    const Model m = ModelBuilder().add(name).build();
    CHECK_FALSE(ModelSystem(m).provides_jacobian());
  }
}
