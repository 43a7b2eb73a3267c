// The sweep pool (simulation/sweep.hpp, issue 13): each point gives exactly what
// endurance_time() / simulate() give, whatever the threads and chunking; bad points end with a
// status and never stop the others; a stop request drops unfinished chunks only.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "myofatigue/model/registry.hpp"
#include "myofatigue/simulation/sweep.hpp"

using namespace myofatigue;

namespace {

Model knee() {
  return ModelBuilder().add("three_compartment", ParameterSet::named("FreyLaw2012.knee")).build();
}

Protocol protocol(std::vector<std::string> steps) { return Protocol::parse(steps); }

/// A 4 x 3 grid of (F, R), with the given extra rows appended.
std::shared_ptr<SweepSpec> endurance_spec(Index chunk,
                                          std::vector<std::array<double, 2>> extra = {}) {
  auto spec = std::make_shared<SweepSpec>();
  spec->model = knee();
  spec->keys = {"fatigue.F", "fatigue.R"};
  std::vector<std::array<double, 2>> rows;
  for (double f : {0.008, 0.012, 0.016, 0.02})
    for (double r : {0.0008, 0.002, 0.003}) rows.push_back({f, r});
  rows.insert(rows.end(), extra.begin(), extra.end());
  spec->points.resize(Index(rows.size()), 2);
  for (std::size_t i = 0; i < rows.size(); ++i)
    spec->points.row(Index(i)) << rows[i][0], rows[i][1];
  spec->task = EnduranceTask{{0.3, 0.6}};
  spec->chunk_points = chunk;
  return spec;
}

/// Every chunk of `spec` run on `threads` workers, assembled in point order.
SweepChunk::Rows run_all(const std::shared_ptr<SweepSpec>& spec,
                         unsigned threads,
                         std::vector<std::uint8_t>* status = nullptr) {
  spec->validate();
  std::vector<Index> ids;
  for (Index c = 0; c < spec->n_chunks(); ++c) ids.push_back(c);
  SweepRun run(spec, ids, {.threads = threads});
  SweepChunk::Rows et(spec->n_points(), 2);
  if (status) status->assign(std::size_t(spec->n_points()), 0);
  while (!run.finished()) {
    const auto c = run.next_completed(1.0);
    if (!c) continue;
    et.middleRows(c->first, c->count) = c->endurance_time_s;
    if (status) std::copy(c->status.begin(), c->status.end(), status->begin() + c->first);
  }
  CHECK(run.points_done() == spec->n_points());
  return et;
}

}  // namespace

TEST_CASE(
    "SweepRun: endurance times equal endurance_time() point by point, bitwise, for any threads and "
    "chunking") {
  const auto reference = run_all(endurance_spec(12), 1);
  const auto spec = endurance_spec(12);
  for (Index i = 0; i < spec->n_points(); ++i) {
    const Model m = spec->model.with_parameters(
        ParameterSet{{"fatigue.F", spec->points(i, 0)}, {"fatigue.R", spec->points(i, 1)}});
    CHECK(reference(i, 0) == endurance_time(m, 0.3));
    CHECK(reference(i, 1) == endurance_time(m, 0.6));
  }
  for (const auto& case_ : std::vector<std::pair<unsigned, Index>>{{2, 1}, {3, 5}, {4, 7}}) {
    const unsigned threads = case_.first;
    const Index chunk = case_.second;
    CAPTURE(threads);
    CAPTURE(chunk);
    const auto et = run_all(endurance_spec(chunk), threads);
    CHECK(std::equal(et.data(), et.data() + et.size(), reference.data()));
  }
}

TEST_CASE("SweepRun: invalid points end as invalid_parameters and the others still run") {
  std::vector<std::uint8_t> status;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const auto et = run_all(endurance_spec(4, {{2.0, 0.001}, {nan, 0.001}}), 2, &status);
  for (Index i = 0; i < 12; ++i) CHECK(status[std::size_t(i)] == std::uint8_t(PointStatus::Ok));
  CHECK(status[12] == std::uint8_t(PointStatus::InvalidParameters));
  CHECK(status[13] == std::uint8_t(PointStatus::InvalidParameters));
  CHECK(std::isnan(et(12, 0)));
  CHECK(std::isfinite(et(0, 0)));
}

TEST_CASE(
    "run_sweep_chunk: a solver failure keeps its time and the partial result, and a timeout is a "
    "status") {
  auto spec = std::make_shared<SweepSpec>();
  spec->model = knee();
  spec->keys = {"fatigue.F"};
  spec->points = Matrix::Constant(2, 1, 0.01);
  spec->task = SimulateTask{
      protocol({"Hold at 40% MVC until task failure", "MVC test"}),
      SweepOutputs{{"fatigue.capacity"}, {"fatigue.MF"}, Vector::LinSpaced(5, 0.0, 40.0)}};
  spec->options.solver.max_steps = 12;
  spec->chunk_points = 2;
  spec->validate();
  const auto failed = run_sweep_chunk(*spec, 0);
  REQUIRE(failed);
  CHECK(failed->status[0] == std::uint8_t(PointStatus::SolverFailed));
  CHECK(failed->t_fail_s[0] > 0.0);
  CHECK(std::isfinite(failed->final_values(0, 0)));
  CHECK(failed->message[0].find("MaxStepsReached") != std::string::npos);
  CHECK(failed->step_end_reason[0] == std::int8_t(EndReason::SolverFailure));

  spec->options.solver.max_steps = 1'000'000;
  spec->options.solver.max_step = 1e-4;  // hours of work per point: only the timeout ends it
  const auto slow = run_sweep_chunk(*spec, 0, nullptr, 0.02);
  REQUIRE(slow);
  CHECK(slow->status[0] == std::uint8_t(PointStatus::Timeout));
  CHECK(slow->status[1] == std::uint8_t(PointStatus::Timeout));
  CHECK(slow->trajectory(0, 0) == 0.0);  // fatigue.MF at t = 0: the partial data is kept
}

TEST_CASE("SweepRun: a stop request ends the run within a step and keeps only whole chunks") {
  auto spec = endurance_spec(3);
  spec->options.solver.max_step = 1e-4;  // about an hour of work in all
  spec->validate();
  std::vector<Index> ids{0, 1, 2, 3};
  SweepRun run(spec, ids, {.threads = 2});
  CHECK(!run.next_completed(0.05));
  run.request_stop();
  run.join();
  CHECK(run.points_done() == 0);
  CHECK(!run.next_completed(0.0));
  CHECK(run.finished());
}

TEST_CASE(
    "SweepSpec::validate: unknown keys, outputs, loads and chunk sizes are refused naming the "
    "field") {
  auto spec = endurance_spec(4);
  spec->keys[1] = "fatigue.G";
  CHECK_THROWS_WITH_AS(spec->validate(), doctest::Contains("fatigue.G"), ParameterError);
  spec = endurance_spec(4);
  spec->task = EnduranceTask{{1.5}};
  CHECK_THROWS_WITH_AS(spec->validate(), doctest::Contains("loads[0]"), ParameterError);
  spec = endurance_spec(0);
  CHECK_THROWS_WITH_AS(spec->validate(), doctest::Contains("chunk_points"), ParameterError);
  spec = endurance_spec(4);
  spec->task = SimulateTask{protocol({"Rest for 1 s"}), SweepOutputs{{"fatigue.capacty"}, {}, {}}};
  CHECK_THROWS_WITH_AS(spec->validate(), doctest::Contains("outputs.final[0]"), ParameterError);
  spec = endurance_spec(4);
  CHECK_THROWS_WITH_AS(SweepRun(spec, {9}, {.threads = 1}), doctest::Contains("chunk_ids"),
                       ParameterError);
}
