#pragma once
/// \file
/// \brief Parameter sweeps on a pool of threads: many points of one model (each a
/// with_parameters() copy) run through simulate() or endurance_time(), each point ending with a
/// status instead of an exception. Work is cut into chunks of consecutive points handed out from
/// one atomic counter; a point's result depends only on the spec and its row of the points, so
/// results are bitwise independent of the thread count and of which thread ran which chunk.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <variant>
#include <vector>

#include "myofatigue/model/model.hpp"
#include "myofatigue/protocol/protocol.hpp"
#include "myofatigue/simulation/simulate.hpp"

namespace myofatigue {

/// \brief How one point of a sweep ended (stored as one byte; 0 is "not run yet", the fill
/// value of a store's status array).
enum class PointStatus : std::uint8_t {
  Pending = 0,            ///< not run (or its chunk was not committed)
  Ok = 1,                 ///< completed; an endurance hold that never failed is Ok with ET = inf
  SolverFailed = 2,       ///< a numerical failure: the partial data up to t_end_s are kept
  InvalidParameters = 3,  ///< with_parameters() refused the point (message: key, value, range)
  ProtocolError = 4,      ///< the protocol cannot run with these parameters
  Timeout = 5,            ///< the point ran past SweepRunOptions::point_timeout_s (partial data)
  Error = 6,              ///< any other exception (message: its what())
  Crashed = 7,            ///< its process died (set by distributed back ends, never here)
};

/// \brief "pending", "ok", "solver_failed", "invalid_parameters", "protocol_error", "timeout",
/// "error", "crashed".
std::string_view to_string(PointStatus s) noexcept;

/// \brief What a simulate sweep records of each run, besides the per-step table.
struct SweepOutputs {
  std::vector<std::string> final_keys;       ///< variables (Result keys) at the run's last sample
  std::vector<std::string> trajectory_keys;  ///< variables interpolated onto times_s
  /// \brief Trajectory grid [s], strictly increasing, >= 0. Values come from linear
  /// interpolation between the solver's accepted steps; NaN past the end of the run.
  Vector times_s;
};

/// \brief Endurance times [s] of sustained holds at each load (fractions of fresh MVC).
struct EnduranceTask {
  std::vector<double> loads;
};

/// \brief One protocol run per point.
struct SimulateTask {
  Protocol protocol;
  SweepOutputs outputs;
};

/// \brief Everything that determines a sweep's results (immutable once a run starts).
struct SweepSpec {
  Model model;                    ///< the base model; each point overrides `keys`
  std::vector<std::string> keys;  ///< full parameter keys: the columns of `points`
  Matrix points;                  ///< n_points x keys.size() parameter values
  std::variant<EnduranceTask, SimulateTask> task;
  SimulationOptions options;  ///< solver.interrupted and solver.on_failure are set per run
  Index chunk_points = 64;    ///< points per chunk (the unit of work and of commit)

  Index n_points() const noexcept { return points.rows(); }
  Index n_chunks() const noexcept {
    return chunk_points > 0 ? (n_points() + chunk_points - 1) / chunk_points : 0;
  }
  /// \brief Checks the spec before anything runs.
  /// \throws ParameterError naming the field: an unknown parameter key (with the closest keys),
  /// a repeated key, points of the wrong width, chunk_points < 1, a load outside (0, 1], an
  /// output key the model's results do not have, a trajectory grid that is not increasing and
  /// >= 0; the options' own errors (SimulationOptions::validate).
  void validate() const;
};

/// \brief The results of points [first, first + count) of a sweep. Blocks are row-major with
/// one row per point, so a chunk maps onto a store's chunk without reshaping.
struct SweepChunk {
  using Rows = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  Index id = 0, first = 0, count = 0;
  std::vector<std::uint8_t> status;  ///< PointStatus per point
  std::vector<std::string> message;  ///< "" for Ok; what went wrong otherwise
  Vector t_fail_s;                   ///< time reached by a failed or timed-out point [s], else NaN
  Vector wall_s;                     ///< wall-clock time of the point [s] (not reproducible)
  Rows endurance_time_s;             ///< count x loads (EnduranceTask), NaN where not reached
  Rows final_values;                 ///< count x final_keys (SimulateTask)
  Rows step_end_s;                   ///< count x protocol steps (SimulateTask), NaN if not reached
  std::vector<std::int8_t> step_end_reason;  ///< count x steps, EndReason as int, -1 if not run
  Rows mvc_fraction;                         ///< count x steps: an MVC test's capacity, else NaN
  Rows trajectory;  ///< count x (trajectory_keys * times), key-major per point
};

/// \brief Runs chunk `chunk_id` of `spec` on the calling thread. Returns std::nullopt when `stop`
/// became true before the chunk finished (nothing of it is kept). point_timeout_s bounds each
/// point's wall time (Timeout, with its partial data).
std::optional<SweepChunk> run_sweep_chunk(
    const SweepSpec& spec,
    Index chunk_id,
    const std::atomic<bool>* stop = nullptr,
    double point_timeout_s = std::numeric_limits<double>::infinity());

/// \brief Resources of a run (outside the results: they change nothing but the speed).
struct SweepRunOptions {
  unsigned threads = 1;  ///< worker threads, >= 1 (capped at the number of chunks)
  double point_timeout_s = std::numeric_limits<double>::infinity();  ///< per point [s], > 0
};

/// \brief A sweep in flight on a pool of worker threads, started by the constructor. Workers take
/// chunk ids from one atomic counter and queue finished chunks; the owner drains them with
/// next_completed() (to commit them) while the workers go on. Thread-safe for one owner thread.
class SweepRun {
 public:
  /// \brief Starts running `chunk_ids` (each in [0, spec->n_chunks())) of a validated spec.
  /// \throws ParameterError naming "threads", "point_timeout_s" or "chunk_ids".
  SweepRun(std::shared_ptr<const SweepSpec> spec,
           std::vector<Index> chunk_ids,
           SweepRunOptions options);
  SweepRun(const SweepRun&) = delete;
  SweepRun& operator=(const SweepRun&) = delete;
  /// \brief Stops the workers (at their next solver step) and joins them.
  ~SweepRun();

  /// \brief The next finished chunk, waiting at most `timeout_s`; std::nullopt when none came in
  /// time or when finished() is true.
  std::optional<SweepChunk> next_completed(double timeout_s);
  /// \brief True when every worker has ended and every finished chunk was taken.
  bool finished() const;
  /// \brief Asks the workers to stop: each ends its current point at the next solver step and
  /// drops its unfinished chunk; chunks already finished stay available to next_completed().
  void request_stop() noexcept;
  /// \brief Waits for every worker to end (after request_stop(), within one solver step each).
  void join();
  /// \brief Points in finished chunks so far (for progress displays).
  Index points_done() const noexcept { return points_done_.load(std::memory_order_relaxed); }
  unsigned threads() const noexcept { return unsigned(workers_.size()); }

 private:
  void work();

  std::shared_ptr<const SweepSpec> spec_;
  std::vector<Index> chunk_ids_;
  SweepRunOptions options_;
  std::atomic<std::size_t> next_{0};
  std::atomic<bool> stop_{false};
  std::atomic<Index> points_done_{0};
  mutable std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<SweepChunk> finished_chunks_;
  unsigned running_ = 0;  ///< guarded by mutex_
  std::vector<std::thread> workers_;
};

}  // namespace myofatigue
