// A user-defined component composed with a built-in one, against the installed package.
//
// `tension_time` integrates the force that the built-in motor-unit pool (Potvin & Fuglevand
// 2017) writes to the signal `muscle.force_fraction`, with a washout: a tension-time index
// I' = F - I / tau. It is one class: its states, the signal it reads, a parameter and the
// equation, written once as a template (AD gives its Jacobian). Nothing else in the library
// changes: the ModelBuilder orders it after the pool because it reads the pool's signal.
//
// Run: ./custom_component   (prints the index and the pool's state after a 30 s hold)
#include <array>
#include <cstdio>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include <myofatigue/myofatigue.hpp>

namespace mf = myofatigue;

class TensionTime : public mf::ComponentImpl<TensionTime> {
 public:
  static constexpr std::string_view registered_name = "tension_time";
  static constexpr std::string_view key_prefix = "tti";
  enum Read { Force };
  enum Param { Tau };

  static constexpr std::array state_specs{
      mf::StateSpec{"I",
                    "s",
                    "tension-time index: integral of the force fraction with washout",
                    {0.0, std::numeric_limits<double>::infinity()},
                    0.0},
  };
  static constexpr auto read_specs = mf::in_order(mf::slot(
      Force, mf::SignalSpec{"muscle.force_fraction", "1", "force of the pool, fraction of MVC"}));
  static constexpr auto parameter_table = mf::in_order(
      mf::slot(Tau,
               mf::ParameterInfo{"tau",
                                 "s",
                                 "washout time constant (an assumption: sweep 60-3600 s)",
                                 600.0,
                                 {1.0, 1e6},
                                 {60.0, 3600.0},
                                 "assumption"}));

  template <class T>
  void rhs_impl(const mf::Eval<T>& e) const {
    e.dxdt[0] = e.inputs[Force] - e.x[0] / e.p[Tau];
  }
};

int main() {
  const mf::Model model = mf::ModelBuilder()
                              .add("motor_unit_pool", {}, mf::ComponentOptions{.units = 40})
                              .add(std::make_shared<const TensionTime>())
                              .build();
  const mf::Result r = mf::simulate(
      model, mf::Protocol::parse(std::vector<std::string>{"Hold at 30% MVC for 30 s"}));
  if (!r.ok()) {
    std::printf("simulation failed: %s\n", r.message().c_str());
    return 1;
  }
  const mf::Index last = r.t().size() - 1;
  const auto P = r.units_of("pool.P");
  std::printf("after 30 s at 30%% MVC: tension-time index %.3f s (no washout: 9 s)\n",
              r["tti.I"][last]);
  std::printf("force capacity of unit 0: %.4f, of unit 39: %.4f; pool capacity %.4f of MVC\n",
              P(last, 0), P(last, 39), r["pool.capacity"][last]);
  // The index is the integral of a 0.3 force (30 s) less its washout: just below 9 s.
  return r["tti.I"][last] > 8.0 && r["tti.I"][last] < 9.0 ? 0 : 1;
}
