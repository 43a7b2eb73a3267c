// N calls of endurance_time for callgrind, whose instruction counts are repeatable on a shared
// machine where wall times are not:
//   valgrind --tool=callgrind build/bench/bench/endurance_loop 200
//     the workload of bench_models' "3CC-knee-40%/endurance_time" (3CC knee at 40 % MVC)
//   valgrind --tool=callgrind build/release/bench/endurance_loop 1 pool [units] [rtol]
//     bench_pool's ET/Automatic: the motor-unit pool at 20 % MVC (default 120 units, rtol 1e-6)
#include <cstdio>
#include <cstdlib>
#include <string>

#include "myofatigue/model/registry.hpp"
#include "myofatigue/simulation/simulate.hpp"

int main(int argc, char** argv) {
  namespace mf = myofatigue;
  const int calls = argc > 1 ? std::atoi(argv[1]) : 200;
  const bool pool = argc > 2 && std::string(argv[2]) == "pool";
  mf::SimulationOptions options;
  double load = 0.4;
  mf::Model model = mf::ModelBuilder()
                        .add("three_compartment", mf::ParameterSet::named("FreyLaw2012.knee"))
                        .build();
  if (pool) {
    const mf::Index units = argc > 3 ? std::atoi(argv[3]) : 120;
    if (argc > 4) options.solver.rtol = std::atof(argv[4]);
    model = mf::ModelBuilder().add("motor_unit_pool", {}, {.units = units}).build();
    load = 0.2;
  }
  double sum = 0.0;
  for (int i = 0; i < calls; ++i) sum += mf::endurance_time(model, load, options);
  std::printf("%d calls, mean endurance time %.10f s\n", calls, calls > 0 ? sum / calls : 0.0);
  return 0;
}
