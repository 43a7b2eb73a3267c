// A parameter sweep in C++: endurance times of the knee's 3CC model over a grid of fatigue and
// recovery rates (F, R) at 20, 40 and 60 % MVC, run on two worker threads, every point ending
// with a status. Checks that the pool gives exactly what endurance_time() gives point by point.
// Twin of examples/python/parameter_sweep.py. Built against the installed package:
// find_package(myofatigue) -> myofatigue::myofatigue.
#include <cstdio>
#include <memory>
#include <vector>

#include <myofatigue/myofatigue.hpp>

namespace mf = myofatigue;

int main() {
  const mf::Model knee = mf::ModelBuilder()
                             .add("three_compartment", mf::ParameterSet::named("FreyLaw2012.knee"))
                             .build();

  // A 6 x 4 grid over the plausible ranges of F and R (Model parameter_info), F slowest.
  auto spec = std::make_shared<mf::SweepSpec>();
  spec->model = knee;
  spec->keys = {"fatigue.F", "fatigue.R"};
  const std::vector<double> F{0.005, 0.008, 0.011, 0.014, 0.017, 0.020};
  const std::vector<double> R{0.0005, 0.001, 0.002, 0.004};
  spec->points.resize(mf::Index(F.size() * R.size()), 2);
  for (std::size_t i = 0; i < F.size(); ++i)
    for (std::size_t j = 0; j < R.size(); ++j)
      spec->points.row(mf::Index(i * R.size() + j)) << F[i], R[j];
  spec->task = mf::EnduranceTask{{0.2, 0.4, 0.6}};
  spec->chunk_points = 4;
  spec->validate();  // unknown keys, loads, options: before anything runs

  std::vector<mf::Index> chunks;
  for (mf::Index c = 0; c < spec->n_chunks(); ++c) chunks.push_back(c);
  mf::SweepRun run(spec, chunks, {.threads = 2});
  mf::SweepChunk::Rows et(spec->n_points(), 3);
  int not_ok = 0;
  while (!run.finished()) {
    auto chunk = run.next_completed(0.1);
    if (!chunk) continue;
    et.middleRows(chunk->first, chunk->count) = chunk->endurance_time_s;
    for (const auto s : chunk->status) not_ok += s != std::uint8_t(mf::PointStatus::Ok);
  }

  std::printf("%-10s %-10s %10s %10s %10s\n", "F [1/s]", "R [1/s]", "ET20 [s]", "ET40 [s]",
              "ET60 [s]");
  for (mf::Index p = 0; p < spec->n_points(); ++p)
    std::printf("%-10.4g %-10.4g %10.1f %10.1f %10.1f\n", spec->points(p, 0), spec->points(p, 1),
                et(p, 0), et(p, 1), et(p, 2));

  // The pool's results are endurance_time()'s, bit for bit.
  const mf::Index p = 9;
  const mf::Model at_p = knee.with_parameters(
      mf::ParameterSet{{"fatigue.F", spec->points(p, 0)}, {"fatigue.R", spec->points(p, 1)}});
  const bool same = mf::endurance_time(at_p, 0.4) == et(p, 1);
  std::printf("%d points not ok; point %ld equals endurance_time(): %s\n", not_ok, long(p),
              same ? "yes" : "NO");
  return not_ok == 0 && same ? 0 : 1;
}
