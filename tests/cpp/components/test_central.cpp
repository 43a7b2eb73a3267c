// Central fatigue: the activation ceiling follows group III/IV afferent drive from interstitial
// K+ and acidosis, does not recover while the metabolites stay (occlusion), and is removed by
// afferent blockade (docs/models/central.md).
#include <array>
#include <cmath>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "myofatigue/model/registry.hpp"
#include "myofatigue/simulation/simulate.hpp"

using namespace myofatigue;

namespace {

// Writes the energetics' K+ and pH as exhaustion levels while the protocol's target is 1 and
// resting levels at rest: a stand-in for a muscle whose metabolites rise and wash out on cue.
class Metabolites : public ComponentImpl<Metabolites> {
 public:
  static constexpr std::string_view registered_name = "test_metabolites";
  static constexpr std::string_view key_prefix = "metabolites";
  static constexpr std::array state_specs{
      StateSpec{"unused", "1", "no dynamics", {-1.0, 1.0}, 0.0}};
  static constexpr std::array read_specs{
      SignalSpec{"protocol.target_fraction", "1", "exposure on/off"}};
  static constexpr std::array write_specs{SignalSpec{"energetics.k_rise_mM", "mM", "K+ above rest"},
                                          SignalSpec{"energetics.acidosis", "1", "pH fall"}};
  template <class T>
  void rhs_impl(const Eval<T>& e) const {
    e.outputs[0] = (10.3 - 4.19) * e.inputs[0];  // Juel 2000 rest -> Nordsborg 2003 exhaustion
    e.outputs[1] = 0.7 * e.inputs[0];            // pH 7.0 -> 6.3
    e.dxdt[0] = T(0.0);
  }
};

Model central(double afferent_gain = 1.0) {
  return ModelBuilder()
      .add(Metabolites::create())
      .add("central", {{"central.afferent_gain", afferent_gain}})
      .build();
}

double last(const Result& r, std::string_view key, std::size_t step) {
  return r[key][r.steps()[step].last_sample];
}

}  // namespace

TEST_CASE(
    "Central: sustained exhaustion-level metabolites lower voluntary activation by the measured "
    "amount") {
  // 2 min maximal contraction of adductor pollicis: VA -20 +/- 12 % (J Neurophysiol 2020,
  // PMC7272748); the exhaustion-level metabolites drive the afferents to 1.
  const Result r =
      simulate(central(), Protocol::parse(std::vector<std::string>{"Hold at 100% MVC for 2 min"}));
  REQUIRE(r.ok());
  const double va = last(r, "central.voluntary_activation", 0);
  CHECK(1.0 - va >= 0.20 - 0.12);
  CHECK(1.0 - va <= 0.20 + 0.12);
}

TEST_CASE("Central: the ceiling recovers as the metabolites wash out, and not before") {
  // While the metabolites stay (as under occlusion), the inhibition stays; once they are gone it
  // recovers within a minute (tau = 10 s).
  const Result held =
      simulate(central(), Protocol::parse(std::vector<std::string>{"Hold at 100% MVC for 2 min",
                                                                   "Hold at 100% MVC for 2 min"}));
  CHECK(last(held, "central.voluntary_activation", 1) ==
        doctest::Approx(last(held, "central.voluntary_activation", 0)).epsilon(1e-6));
  const Result washed = simulate(central(), Protocol::parse(std::vector<std::string>{
                                                "Hold at 100% MVC for 2 min", "Rest for 1 min"}));
  CHECK(last(washed, "central.voluntary_activation", 1) >= 0.999);
}

TEST_CASE("Central: blocking the afferents (afferent_gain = 0) removes central fatigue") {
  // Amann et al. 2009: intrathecal fentanyl blocks group III/IV afferents and central drive rises.
  const Result r = simulate(
      central(0.0), Protocol::parse(std::vector<std::string>{"Hold at 100% MVC for 2 min"}));
  CHECK(last(r, "central.voluntary_activation", 0) == 1.0);
}

TEST_CASE("Central: the exhaustion levels must be rises") {
  CHECK_THROWS_AS((void)ModelBuilder().add("central", {{"central.K_rise_ref", 0.0}}),
                  ParameterError);
  CHECK_THROWS_AS((void)ModelBuilder().add("central", {{"central.acidosis_ref", -0.2}}),
                  ParameterError);
}
