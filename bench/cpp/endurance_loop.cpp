// N calls of endurance_time(3CC knee, 0.4): the workload of bench_models'
// "3CC-knee-40%/endurance_time" as a plain loop, for instruction counts, which are repeatable on
// a shared machine where wall times are not:
//   valgrind --tool=callgrind build/bench/bench/endurance_loop 200
#include <cstdio>
#include <cstdlib>

#include "myofatigue/model/registry.hpp"
#include "myofatigue/simulation/simulate.hpp"

int main(int argc, char** argv) {
  namespace mf = myofatigue;
  const int calls = argc > 1 ? std::atoi(argv[1]) : 200;
  const mf::Model knee =
      mf::ModelBuilder().add("three_compartment", mf::ParameterSet::named("FreyLaw2012.knee")).build();
  double sum = 0.0;
  for (int i = 0; i < calls; ++i) sum += mf::endurance_time(knee, 0.4);
  std::printf("%d calls, mean endurance time %.10f s\n", calls, calls > 0 ? sum / calls : 0.0);
  return 0;
}
