// ModelBuilder: signals between components (producer before consumer whatever the add order, a
// missing producer, two writers, a cycle) and what observe() sees. The components are small
// test components defined here, so these checks do not depend on any registered science model.
#include <algorithm>
#include <array>
#include <string>

#include <doctest/doctest.h>

#include "myofatigue/algorithm/model_system.hpp"
#include "myofatigue/model/registry.hpp"
#include "myofatigue/simulation/simulate.hpp"
#include "myofatigue/solvers/jacobian.hpp"

using namespace myofatigue;

namespace {

// Writes test.drive = 2 * target; one state that decays.
class Source : public ComponentImpl<Source> {
 public:
  static constexpr std::string_view registered_name = "test_source";
  static constexpr std::string_view key_prefix = "source";
  enum Read { Target };
  enum Write { Drive };
  static constexpr std::array state_specs{
      StateSpec{"s", "1", "decaying state", {-10.0, 10.0}, 1.0}};
  static constexpr auto read_specs =
      in_order(slot(Target, SignalSpec{"protocol.target_fraction", "1", "target"}));
  static constexpr auto write_specs =
      in_order(slot(Drive, SignalSpec{"test.drive", "1", "2 * target"}));
  template <class T>
  void rhs_impl(const Eval<T>& e) const {
    e.outputs[Drive] = 2.0 * e.inputs[Target];
    e.dxdt[0] = -e.x[0];
  }
};

// Reads test.drive, writes test.relay = drive + its state.
class Relay : public ComponentImpl<Relay> {
 public:
  static constexpr std::string_view registered_name = "test_relay";
  static constexpr std::string_view key_prefix = "relay";
  enum Read { Drive };
  enum Write { Out };
  static constexpr std::array state_specs{StateSpec{"r", "1", "offset", {-10.0, 10.0}, 0.5}};
  static constexpr auto read_specs = in_order(slot(Drive, SignalSpec{"test.drive", "1", "drive"}));
  static constexpr auto write_specs =
      in_order(slot(Out, SignalSpec{"test.relay", "1", "drive + r"}));
  template <class T>
  void rhs_impl(const Eval<T>& e) const {
    e.outputs[Out] = e.inputs[Drive] + e.x[0];
    e.dxdt[0] = T(0.0);
  }
};

// Follows the signal it reads (test.drive by default); observes the input and its channel.
template <int Variant>
class SinkOf : public ComponentImpl<SinkOf<Variant>> {
 public:
  static constexpr std::string_view registered_name =
      Variant == 0 ? "test_sink" : "test_sink_of_relay";
  static constexpr std::string_view key_prefix = Variant == 0 ? "sink" : "sink2";
  enum Read { In };
  enum Channel { Gain };
  static constexpr std::array state_specs{StateSpec{"y", "1", "follower", {-10.0, 10.0}, 0.0}};
  static constexpr auto read_specs = in_order(
      slot(In, SignalSpec{Variant == 0 ? "test.drive" : "test.relay", "1", "followed signal"}));
  static constexpr auto channel_specs = in_order(
      slot(Gain, ChannelSpec{"fatigue.recovery_gain", Composition::Gain, "scales the rate"}));
  static constexpr std::array observable_specs{ObservableSpec{"input", "1", "the signal read"},
                                               ObservableSpec{"gain", "1", "the channel value"}};
  template <class T>
  void rhs_impl(const Eval<T>& e) const {
    e.dxdt[0] = e.channel[Gain] * (e.inputs[In] - e.x[0]);
  }
  void observe_impl(const Eval<double>& e, double* out) const {
    out[0] = e.inputs[In];
    out[1] = e.channel[Gain];
  }
};
using Sink = SinkOf<0>;
using SinkOfRelay = SinkOf<1>;

// A second writer of test.drive.
class SourceTwin : public ComponentImpl<SourceTwin> {
 public:
  static constexpr std::string_view registered_name = "test_source_twin";
  static constexpr std::string_view key_prefix = "twin";
  static constexpr std::array state_specs{StateSpec{"s", "1", "state", {-10.0, 10.0}, 0.0}};
  static constexpr std::array write_specs{SignalSpec{"test.drive", "1", "also the drive"}};
  template <class T>
  void rhs_impl(const Eval<T>& e) const {
    e.outputs[0] = T(1.0);
    e.dxdt[0] = T(0.0);
  }
};

// Two components that each read what the other writes.
template <int Side>
class Loop : public ComponentImpl<Loop<Side>> {
 public:
  static constexpr std::string_view registered_name = Side == 0 ? "test_loop_a" : "test_loop_b";
  static constexpr std::string_view key_prefix = Side == 0 ? "loop_a" : "loop_b";
  static constexpr std::array state_specs{StateSpec{"z", "1", "state", {-10.0, 10.0}, 0.0}};
  static constexpr std::array read_specs{
      SignalSpec{Side == 0 ? "test.b" : "test.a", "1", "the other's output"}};
  static constexpr std::array write_specs{
      SignalSpec{Side == 0 ? "test.a" : "test.b", "1", "own output"}};
  template <class T>
  void rhs_impl(const Eval<T>& e) const {
    e.outputs[0] = e.inputs[0];
    e.dxdt[0] = T(0.0);
  }
};

// Reads muscle.force_fraction, which the registered motor_unit_pool writes.
class ForceReader : public ComponentImpl<ForceReader> {
 public:
  static constexpr std::string_view registered_name = "test_force_reader";
  static constexpr std::string_view key_prefix = "reader";
  static constexpr std::array state_specs{StateSpec{"q", "1", "state", {-1.0, 1.0}, 0.0}};
  static constexpr std::array read_specs{SignalSpec{"muscle.force_fraction", "1", "force"}};
  template <class T>
  void rhs_impl(const Eval<T>& e) const {
    e.dxdt[0] = e.inputs[0];
  }
};

template <class C>
std::shared_ptr<const Component> make() {
  return C::create();
}

Index offset_of(const Model& m, std::string_view key) { return m.state_index(key); }

// The sink's derivative at the initial state with target 0.3: drive - y = 0.6 - 0.
double sink_rate(const Model& m) {
  ModelSystem system(m);
  system.target_fraction = 0.3;
  const Vector x = m.initial_state();
  Vector f(m.n_states());
  system.rhs(0.0, x, f);
  return f[offset_of(m, "sink.y")];
}

}  // namespace

TEST_CASE(
    "ModelBuilder: a consumer sees its producer's signal from the same evaluation, whatever the "
    "add order") {
  const Model producer_first = ModelBuilder().add(make<Source>()).add(make<Sink>()).build();
  const Model consumer_first = ModelBuilder().add(make<Sink>()).add(make<Source>()).build();
  CHECK(sink_rate(producer_first) == doctest::Approx(0.6).epsilon(1e-15));
  CHECK(sink_rate(consumer_first) == doctest::Approx(0.6).epsilon(1e-15));
  // The producer runs first in both: its slice comes first in the state vector.
  CHECK(consumer_first.components().front()->name() == "test_source");
  CHECK(consumer_first.signal_keys() ==
        std::vector<std::string>{"protocol.target_fraction", "protocol.lengthening",
                                 "protocol.shortening", "test.drive"});
}

TEST_CASE(
    "ModelBuilder: a chain of three components added consumer-first runs producer to consumer") {
  const Model m =
      ModelBuilder().add(make<SinkOfRelay>()).add(make<Relay>()).add(make<Source>()).build();
  REQUIRE(m.components().size() == 3);
  CHECK(m.components()[0]->name() == "test_source");
  CHECK(m.components()[1]->name() == "test_relay");
  CHECK(m.components()[2]->name() == "test_sink_of_relay");
  ModelSystem system(m);
  system.target_fraction = 0.25;
  const Vector x = m.initial_state();
  Vector f(m.n_states());
  system.rhs(0.0, x, f);
  // relay = 2 * 0.25 + r(0) = 1.0; the sink follows it from y = 0.
  CHECK(f[offset_of(m, "sink2.y")] == doctest::Approx(1.0).epsilon(1e-15));
  std::vector<double> s(m.signal_keys().size());
  system.signals(0.0, x, s.data());
  auto signal = [&](std::string_view key) {
    const auto& keys = m.signal_keys();
    return s[std::size_t(std::find(keys.begin(), keys.end(), key) - keys.begin())];
  };
  REQUIRE(s.size() == protocol_signals.size() + 2);
  CHECK(signal("protocol.target_fraction") == 0.25);
  CHECK(signal("protocol.lengthening") == 0.0);
  CHECK(signal("test.drive") == 0.5);
  CHECK(signal("test.relay") == 1.0);
}

TEST_CASE("ModelBuilder: a signal nobody writes is a ModelError naming the signal and the reader") {
  try {
    (void)ModelBuilder().add(make<Sink>()).build();
    FAIL("expected a ModelError");
  } catch (const ModelError& e) {
    CHECK(e.field() == "test.drive");
    CHECK(std::string(e.what()).find("'test_sink' reads signal 'test.drive'") != std::string::npos);
    CHECK(std::string(e.what()).find("no registered component writes it") != std::string::npos);
  }
}

TEST_CASE(
    "ModelBuilder: a missing producer that a registered component provides is named in the error") {
  // motor_unit_pool writes muscle.force_fraction; a reader of it alone must be told so.
  try {
    (void)ModelBuilder().add(ForceReader::create()).build();
    FAIL("expected a ModelError");
  } catch (const ModelError& e) {
    CHECK(e.field() == "muscle.force_fraction");
    CHECK(std::string(e.what()).find("add one of: 'motor_unit_pool'") != std::string::npos);
  }
  CHECK_NOTHROW((void)ModelBuilder()
                    .add(ForceReader::create())
                    .add("motor_unit_pool", {}, {.units = 10})
                    .build());
}

TEST_CASE("ModelBuilder: two writers of one signal are a ModelError naming both") {
  try {
    (void)ModelBuilder().add(make<Source>()).add(make<SourceTwin>()).build();
    FAIL("expected a ModelError");
  } catch (const ModelError& e) {
    CHECK(e.field() == "test.drive");
    const std::string what = e.what();
    CHECK(what.find("'test_source'") != std::string::npos);
    CHECK(what.find("'test_source_twin'") != std::string::npos);
  }
}

TEST_CASE("ModelBuilder: a signal cycle is a ModelError naming the components on it") {
  try {
    (void)ModelBuilder().add(make<Loop<0>>()).add(make<Loop<1>>()).build();
    FAIL("expected a ModelError");
  } catch (const ModelError& e) {
    const std::string what = e.what();
    CHECK(what.find("signal cycle") != std::string::npos);
    CHECK(what.find("'test_loop_a'") != std::string::npos);
    CHECK(what.find("'test_loop_b'") != std::string::npos);
  }
}

TEST_CASE("ModelSystem: observe sees a component's inputs and the intervention channels") {
  const Model m = ModelBuilder().add(make<Sink>()).add(make<Source>()).build();
  ModelSystem system(m);
  system.target_fraction = 0.4;
  std::vector<double> obs(m.observable_keys().size());
  REQUIRE(m.observable_keys() == std::vector<std::string>{"sink.input", "sink.gain"});
  system.observe(5.0, m.initial_state(), obs.data());
  CHECK(obs[0] == doctest::Approx(0.8).epsilon(1e-15));
  CHECK(obs[1] == 1.0);  // neutral without interventions
  const auto boost = registry().make_intervention("hyperaemia_boost");
  std::vector<InterventionApplication> apps{
      {boost, Window{0.0, 10.0}, {*m.channel_id("fatigue.recovery_gain")}}};
  system.applications = &apps;
  system.observe(5.0, m.initial_state(), obs.data());
  CHECK(obs[1] == boost->modulate(5.0, Window{0.0, 10.0}, 0));
  CHECK(obs[1] != 1.0);
}

TEST_CASE(
    "ModelBuilder: parameter overrides of a consumer are validated without building it alone") {
  CHECK_THROWS_AS((void)ModelBuilder().add("three_compartment", {{"fatigue.FF", 0.01}}),
                  ParameterError);
  const Model m = ModelBuilder().add("three_compartment", {{"fatigue.F", 0.02}}).build();
  CHECK(m.parameters().at("fatigue.F") == 0.02);
}

namespace {

// Whole-state AD (the oracle) and the assembled Jacobian at one point.
void compare_jacobians(const Model& m, const Vector& x, double target) {
  ModelSystem system(m);
  system.target_fraction = target;
  const Index n = m.n_states();
  JacobianEvaluator<ModelSystem> ad(system, n, JacobianMode::AutoDiff, SparseMatrix());
  SolverStats stats;
  Vector f0(n), dfdt_ad(n), dfdt_as(n);
  system.rhs(1.0, x, f0);
  Matrix J_ad(n, n), J_as(n, n);
  ad.evaluate(system, 1.0, x, f0, J_ad, dfdt_ad, stats);
  system.assembled_jacobian(1.0, x, J_as, dfdt_as);
  CHECK((J_as - J_ad).norm() <= 1e-13 * (1.0 + J_ad.norm()));
  CHECK((dfdt_as - dfdt_ad).norm() <= 1e-13 * (1.0 + dfdt_ad.norm()));
}

}  // namespace

TEST_CASE(
    "ModelSystem: the assembled Jacobian carries the chain rule through signals (source -> relay "
    "-> sink)") {
  const Model m =
      ModelBuilder().add(make<SinkOfRelay>()).add(make<Relay>()).add(make<Source>()).build();
  Vector x(3);
  x << 0.3, -0.7, 0.9;
  compare_jacobians(m, x, 0.4);
  // The sink's row depends on the relay's state through test.relay: declared in the pattern.
  const Index sink = m.state_index("sink2.y"), relay = m.state_index("relay.r");
  CHECK(m.jacobian_pattern().coeff(sink, relay) == 1.0);
  CHECK(m.jacobian_pattern().coeff(relay, sink) == 0.0);
}

TEST_CASE(
    "ModelSystem: the assembled Jacobian carries the chain rule through a motor-unit pool's "
    "written force") {
  const Model m =
      ModelBuilder().add(ForceReader::create()).add("motor_unit_pool", {}, {.units = 12}).build();
  Vector x = m.initial_state();
  for (Index i = 0; i < m.n_states() - 1; ++i)
    x[i] = 0.3 + 0.05 * double(i % 13);  // fatigued, adapted
  compare_jacobians(m, x, 0.35);
  // The reader's row: every pool state (force depends on all units through E).
  const Index q = m.state_index("reader.q");
  for (Index j = 0; j < 24; ++j) CHECK(m.jacobian_pattern().coeff(q, j) == 1.0);
}

namespace {

// A feedback loop (the shape of force -> metabolites -> force capacity): Metabolite reads the
// force Muscle writes, and writes its level from its state alone (SignalSpec::from_states),
// which Muscle reads. Without the flag these two would be a signal cycle.
template <int Variant>
class MetaboliteOf : public ComponentImpl<MetaboliteOf<Variant>> {
 public:
  static constexpr std::string_view registered_name =
      Variant == 0 ? "test_metabolite" : "test_pool_metabolite";
  static constexpr std::string_view key_prefix = "met";
  static constexpr std::array state_specs{StateSpec{"m", "mM", "metabolite", {0.0, 10.0}, 0.0}};
  static constexpr std::array read_specs{
      SignalSpec{Variant == 0 ? "test.force" : "muscle.force_fraction", "1", "force"}};
  static constexpr std::array write_specs{SignalSpec{"met.level", "mM", "m, scaled", true}};
  template <class T>
  void rhs_impl(const Eval<T>& e) const {
    e.outputs[0] = 2.0 * e.x[0];
    e.dxdt[0] = e.inputs[0] * e.inputs[0] - 0.5 * e.x[0];
  }
};
// Reads Muscle's force (below); the pool variant reads the motor-unit pool's.
using Metabolite = MetaboliteOf<0>;
using PoolMetabolite = MetaboliteOf<1>;

class Muscle : public ComponentImpl<Muscle> {
 public:
  static constexpr std::string_view registered_name = "test_muscle";
  static constexpr std::string_view key_prefix = "mus";
  static constexpr std::array state_specs{StateSpec{"c", "1", "capacity", {0.0, 1.0}, 1.0}};
  static constexpr std::array read_specs{SignalSpec{"protocol.target_fraction", "1", "target"},
                                         SignalSpec{"met.level", "mM", "metabolite level"}};
  static constexpr std::array write_specs{SignalSpec{"test.force", "1", "force"}};
  template <class T>
  void rhs_impl(const Eval<T>& e) const {
    e.outputs[0] = e.inputs[0] * e.x[0] / (1.0 + e.inputs[1]);
    e.dxdt[0] = -0.1 * e.inputs[1] * e.x[0];
  }
};

// Reads the metabolite level only (a third component downstream of the loop).
class LevelReader : public ComponentImpl<LevelReader> {
 public:
  static constexpr std::string_view registered_name = "test_level_reader";
  static constexpr std::string_view key_prefix = "lvl";
  static constexpr std::array state_specs{StateSpec{"q", "1", "state", {-1.0, 1.0}, 0.0}};
  static constexpr std::array read_specs{SignalSpec{"met.level", "mM", "level"}};
  template <class T>
  void rhs_impl(const Eval<T>& e) const {
    e.dxdt[0] = e.inputs[0] * e.inputs[0] - e.x[0];
  }
};

// The same loop, with the level declared as depending on the inputs: a real cycle.
class MetaboliteFromInputs : public ComponentImpl<MetaboliteFromInputs> {
 public:
  static constexpr std::string_view registered_name = "test_metabolite_from_inputs";
  static constexpr std::string_view key_prefix = "met";
  static constexpr std::array state_specs{StateSpec{"m", "mM", "metabolite", {0.0, 10.0}, 0.0}};
  static constexpr std::array read_specs{SignalSpec{"test.force", "1", "force"}};
  static constexpr std::array write_specs{SignalSpec{"met.level", "mM", "m + force"}};
  template <class T>
  void rhs_impl(const Eval<T>& e) const {
    e.outputs[0] = e.x[0] + e.inputs[0];
    e.dxdt[0] = -e.x[0];
  }
};

}  // namespace

TEST_CASE(
    "ModelBuilder: a feedback loop closes through a signal written from states, whatever the add "
    "order") {
  for (const bool metabolite_first : {true, false}) {
    ModelBuilder b;
    if (metabolite_first) b.add(make<Metabolite>()).add(make<Muscle>());
    else b.add(make<Muscle>()).add(make<Metabolite>());
    const Model m = b.build();
    ModelSystem system(m);
    system.target_fraction = 0.6;
    Vector x(2);
    x[m.state_index("met.m")] = 0.25;
    x[m.state_index("mus.c")] = 0.8;
    Vector f(2);
    system.rhs(0.0, x, f);
    // level = 0.5; force = 0.6 * 0.8 / 1.5 = 0.32.
    CHECK(f[m.state_index("met.m")] == doctest::Approx(0.32 * 0.32 - 0.125).epsilon(1e-15));
    CHECK(f[m.state_index("mus.c")] == doctest::Approx(-0.1 * 0.5 * 0.8).epsilon(1e-15));
    // Each depends on the other's state: both cross entries are in the pattern.
    const Index met = m.state_index("met.m"), mus = m.state_index("mus.c");
    CHECK(m.jacobian_pattern().coeff(met, mus) == 1.0);
    CHECK(m.jacobian_pattern().coeff(mus, met) == 1.0);
    compare_jacobians(m, x, 0.6);
  }
}

TEST_CASE(
    "ModelBuilder: a loop through a signal that depends on its producer's inputs is still a "
    "cycle") {
  CHECK_THROWS_AS(
      (void)ModelBuilder().add(make<MetaboliteFromInputs>()).add(make<Muscle>()).build(),
      ModelError);
}

namespace {}  // namespace

TEST_CASE(
    "ModelSystem: a signal written from states reaches the low-rank Jacobian of a motor-unit pool "
    "model") {
  const Model m = ModelBuilder()
                      .add(make<LevelReader>())
                      .add(PoolMetabolite::create())
                      .add("motor_unit_pool", {}, {.units = 10})
                      .build();
  ModelSystem system(m);
  system.target_fraction = 0.3;
  const LowRankStructure& s = system.low_rank_structure();
  REQUIRE_FALSE(s.empty());
  CHECK(s.rank == 3);  // E, the force read, the level read
  Vector x = m.initial_state();
  for (const auto& st : m.states()) x[st.offset] = 0.3 + 0.04 * double(st.offset % 11);
  const Index n = m.n_states();
  Matrix J(n, n);
  Vector dfdt(n), dfdt_low(n);
  system.assembled_jacobian(0.0, x, J, dfdt);
  BlockLowRankJacobian Jl(s);
  system.jacobian(0.0, x, Jl, dfdt_low);
  CHECK((Jl.to_dense() - J).norm() <= 1e-13 * J.norm());
  CHECK((dfdt_low - dfdt).norm() <= 1e-13 * (1.0 + dfdt.norm()));
  compare_jacobians(m, x, 0.3);
  // The reader's row has the metabolite's column, and (through the level only) no pool column.
  const Index q = m.state_index("lvl.q"), met = m.state_index("met.m");
  CHECK(m.jacobian_pattern().coeff(q, met) == 1.0);
  CHECK(m.jacobian_pattern().coeff(q, m.state_index("pool.P[0]")) == 0.0);
}

TEST_CASE(
    "simulate: an intervention acting on none of the model's channels is refused, and passive_rest "
    "applies to every model") {
  const Model m = ModelBuilder().add(make<Source>()).build();  // honours no channel
  try {
    (void)simulate(
        m, Protocol::parse(std::vector<std::string>{"Rest for 1 min with hyperaemia_boost"}));
    FAIL("expected a ModelError");
  } catch (const ModelError& e) {
    CHECK(e.field() == "fatigue.recovery_gain");
    CHECK(std::string(e.what()).find("none of which a component of this model honours") !=
          std::string::npos);
  }
  const Result plain = simulate(m, Protocol::parse(std::vector<std::string>{"Rest for 1 min"}));
  const Result neutral =
      simulate(m, Protocol::parse(std::vector<std::string>{"Rest for 1 min with passive_rest"}));
  CHECK((plain.data() - neutral.data()).cwiseAbs().maxCoeff() == 0.0);
  // A model that honours the channel accepts it.
  const Model with_sink = ModelBuilder().add(make<Source>()).add(make<Sink>()).build();
  CHECK(simulate(with_sink,
                 Protocol::parse(std::vector<std::string>{"Rest for 1 min with hyperaemia_boost"}))
            .ok());
}

namespace {

// Reads test.factor if some component writes it, else sees its fallback.
template <int Fallback>
class OptionalReader : public ComponentImpl<OptionalReader<Fallback>> {
 public:
  static constexpr std::string_view registered_name =
      Fallback == 1 ? "test_optional_reader" : "test_optional_reader2";
  static constexpr std::string_view key_prefix = Fallback == 1 ? "opt" : "opt2";
  static constexpr std::array state_specs{
      StateSpec{"y", "1", "integrates the factor", {-10.0, 10.0}, 0.0}};
  static constexpr std::array read_specs{SignalSpec{.key = "test.factor",
                                                    .unit = "1",
                                                    .description = "a factor",
                                                    .optional = true,
                                                    .fallback = double(Fallback)}};
  template <class T>
  void rhs_impl(const Eval<T>& e) const {
    e.dxdt[0] = e.inputs[0];
  }
};

// Writes test.factor = 0.5; and a required reader of it.
class FactorWriter : public ComponentImpl<FactorWriter> {
 public:
  static constexpr std::string_view registered_name = "test_factor_writer";
  static constexpr std::string_view key_prefix = "writer";
  static constexpr std::array state_specs{StateSpec{"s", "1", "state", {-10.0, 10.0}, 0.5}};
  static constexpr std::array write_specs{SignalSpec{"test.factor", "1", "a factor", true}};
  template <class T>
  void rhs_impl(const Eval<T>& e) const {
    e.outputs[0] = e.x[0];
    e.dxdt[0] = T(0.0);
  }
};
class RequiredReader : public ComponentImpl<RequiredReader> {
 public:
  static constexpr std::string_view registered_name = "test_required_reader";
  static constexpr std::string_view key_prefix = "req";
  static constexpr std::array state_specs{StateSpec{"y", "1", "state", {-10.0, 10.0}, 0.0}};
  static constexpr std::array read_specs{SignalSpec{"test.factor", "1", "a factor"}};
  template <class T>
  void rhs_impl(const Eval<T>& e) const {
    e.dxdt[0] = e.inputs[0];
  }
};

double rate_of(const Model& m, std::string_view key) {
  ModelSystem system(m);
  Vector f(m.n_states());
  system.rhs(0.0, m.initial_state(), f);
  return f[m.state_index(key)];
}

}  // namespace

TEST_CASE(
    "ModelBuilder: an optional read takes its fallback without a producer and the producer's value "
    "with one") {
  const Model alone = ModelBuilder().add(make<OptionalReader<1>>()).build();
  CHECK(rate_of(alone, "opt.y") == 1.0);
  REQUIRE(alone.constant_signals().size() == 1);
  CHECK(alone.signal_keys()[std::size_t(alone.constant_signals()[0].first)] == "test.factor");
  // The fallback reaches the Jacobian as a constant: no columns.
  CHECK(alone.jacobian_pattern().nonZeros() == 1);
  const Model fed = ModelBuilder().add(make<OptionalReader<1>>()).add(make<FactorWriter>()).build();
  CHECK(rate_of(fed, "opt.y") == 0.5);
  CHECK(fed.constant_signals().empty());
  // It is recorded like any signal.
  const Result r = simulate(alone, Protocol::parse(std::vector<std::string>{"Rest for 1 s"}));
  CHECK(r["test.factor"][0] == 1.0);
}

TEST_CASE(
    "ModelBuilder: readers that disagree on an unproduced signal's fallback, or a required read of "
    "it, are ModelErrors") {
  CHECK_THROWS_AS(
      (void)ModelBuilder().add(make<OptionalReader<1>>()).add(make<OptionalReader<2>>()).build(),
      ModelError);
  try {
    (void)ModelBuilder().add(make<OptionalReader<1>>()).add(make<RequiredReader>()).build();
    FAIL("expected a ModelError");
  } catch (const ModelError& e) {
    CHECK(e.field() == "test.factor");
  }
  CHECK_NOTHROW((void)ModelBuilder()
                    .add(make<OptionalReader<1>>())
                    .add(make<RequiredReader>())
                    .add(make<FactorWriter>())
                    .build());
}

namespace {

template <int Side>
class Aliased : public ComponentImpl<Aliased<Side>> {
 public:
  static constexpr std::string_view registered_name =
      Side == 0 ? "test_aliased_a" : "test_aliased_b";
  static constexpr std::string_view key_prefix = Side == 0 ? "alias_a" : "alias_b";
  static constexpr std::array state_specs{StateSpec{"y", "1", "state", {-10.0, 10.0}, 0.25}};
  static constexpr std::array observable_specs{
      ObservableSpec{"level", "mM", "the state", false, "level_mM"}};
  template <class T>
  void rhs_impl(const Eval<T>& e) const {
    e.dxdt[0] = T(0.0);
  }
  void observe_impl(const Eval<double>& e, double* out) const { out[0] = e.x[0]; }
};

}  // namespace

TEST_CASE(
    "ModelBuilder: an observable's standard name reaches the Result, and two claims of one name "
    "are a ModelError") {
  const Model m = ModelBuilder().add(make<Aliased<0>>()).build();
  REQUIRE(m.observable_aliases().size() == 1);
  const Result r = simulate(m, Protocol::parse(std::vector<std::string>{"Rest for 1 s"}));
  CHECK(r["level_mM"][0] == 0.25);
  CHECK(r["alias_a.level"][0] == 0.25);
  CHECK(r.variables().back().unit == "mM");
  try {
    (void)ModelBuilder().add(make<Aliased<0>>()).add(make<Aliased<1>>()).build();
    FAIL("expected a ModelError");
  } catch (const ModelError& e) {
    CHECK(e.field() == "level_mM");
  }
}
