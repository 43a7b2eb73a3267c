// Parameter sweeps on a pool of threads (simulation/sweep.hpp).
#include "myofatigue/simulation/sweep.hpp"

#include <algorithm>
#include <cmath>
#include <exception>
#include <functional>
#include <set>

#include "myofatigue/core/check.hpp"
#include "myofatigue/core/fuzzy.hpp"

namespace myofatigue {

std::string_view to_string(PointStatus s) noexcept {
  switch (s) {
    case PointStatus::Pending: return "pending";
    case PointStatus::Ok: return "ok";
    case PointStatus::SolverFailed: return "solver_failed";
    case PointStatus::InvalidParameters: return "invalid_parameters";
    case PointStatus::ProtocolError: return "protocol_error";
    case PointStatus::Timeout: return "timeout";
    case PointStatus::Error: return "error";
    case PointStatus::Crashed: return "crashed";
  }
  return "unknown";
}

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

/// Row of each key in the Result of simulate() (result_variables order).
std::vector<Index> result_rows(const Model& model,
                               const std::vector<std::string>& keys,
                               const std::string& field) {
  const std::vector<VariableInfo> vars = result_variables(model);
  std::vector<Index> rows;
  for (std::size_t k = 0; k < keys.size(); ++k) {
    const auto it = std::find_if(vars.begin(), vars.end(),
                                 [&](const VariableInfo& v) { return v.name == keys[k]; });
    if (it == vars.end()) {
      std::vector<std::string> names;
      names.reserve(vars.size());
      for (const auto& v : vars) names.push_back(v.name);
      throw ParameterError(field + "[" + std::to_string(k) + "]",
                           "'" + keys[k] + "' is not a variable of the model's results" +
                               detail::suggestion(keys[k], names));
    }
    rows.push_back(Index(it - vars.begin()));
  }
  return rows;
}

/// Linear interpolation of samples (t, y) at `at`; NaN outside [t.front(), t.back()].
double interpolate(const Vector& t, const double* y, double at) {
  const Index m = t.size();
  if (m == 0 || at < t[0] || at > t[m - 1]) return nan;
  // The last sample at or before `at`: the one after it is strictly later (phase boundaries
  // repeat a time, and this picks the later of the repeated samples).
  const Index j = Index(std::upper_bound(t.data(), t.data() + m, at) - t.data()) - 1;
  if (j >= m - 1) return y[m - 1];
  const double w = (at - t[j]) / (t[j + 1] - t[j]);
  return y[j] + w * (y[j + 1] - y[j]);
}

/// Why a point stopped early: the sweep's stop request or its own deadline.
struct PointClock {
  const std::atomic<bool>* stop = nullptr;
  std::chrono::steady_clock::time_point deadline;
  bool has_deadline = false;
  bool stopped() const { return stop && stop->load(std::memory_order_relaxed); }
  bool expired() const { return has_deadline && std::chrono::steady_clock::now() > deadline; }
};

}  // namespace

void SweepSpec::validate() const {
  // Keys: known parameters of the model, each once.
  const ParameterSet known = model.parameters();
  std::set<std::string, std::less<>> seen;
  for (std::size_t k = 0; k < keys.size(); ++k) {
    if (!known.contains(keys[k]))
      throw ParameterError(
          keys[k], "is not a parameter of the model" + detail::suggestion(keys[k], known.keys()));
    if (!seen.insert(keys[k]).second)
      throw ParameterError(keys[k], "appears twice among the sweep's keys");
  }
  if (points.cols() != Index(keys.size()))
    throw ParameterError("points", "has " + std::to_string(points.cols()) + " columns but " +
                                       std::to_string(keys.size()) + " keys");
  if (chunk_points < 1)
    throw ParameterError("chunk_points",
                         "value " + std::to_string(chunk_points) + " is outside [1, inf)");
  options.validate(model.n_states());
  if (const auto* e = std::get_if<EnduranceTask>(&task)) {
    if (e->loads.empty()) throw ParameterError("loads", "is empty; give at least one load");
    for (std::size_t i = 0; i < e->loads.size(); ++i)
      detail::check_range("loads[" + std::to_string(i) + "]", e->loads[i], 0.0, 1.0, "", true,
                          false);
    if (!model.capacity_observable())
      throw ModelError(
          "endurance sweeps need a capacity observable (task failure), and no "
          "component of the model has one");
  } else {
    const auto& s = std::get<SimulateTask>(task);
    result_rows(model, s.outputs.final_keys, "outputs.final");
    result_rows(model, s.outputs.trajectory_keys, "outputs.trajectory");
    const Vector& t = s.outputs.times_s;
    for (Index i = 0; i < t.size(); ++i) {
      if (!std::isfinite(t[i]) || t[i] < 0.0 || (i > 0 && !(t[i] > t[i - 1])))
        throw ParameterError("outputs.t",
                             "must be finite, >= 0 and strictly increasing; "
                             "element " +
                                 std::to_string(i) + " is " + detail::format_value(t[i]));
    }
    if (!s.outputs.trajectory_keys.empty() && t.size() == 0)
      throw ParameterError("outputs.t", "is empty but trajectories were asked for");
  }
}

std::optional<SweepChunk> run_sweep_chunk(const SweepSpec& spec,
                                          Index chunk_id,
                                          const std::atomic<bool>* stop,
                                          double point_timeout_s) {
  SweepChunk c;
  c.id = chunk_id;
  c.first = chunk_id * spec.chunk_points;
  c.count = std::max<Index>(0, std::min(spec.chunk_points, spec.n_points() - c.first));
  const Index n = c.count;
  c.status.assign(std::size_t(n), std::uint8_t(PointStatus::Pending));
  c.message.assign(std::size_t(n), std::string());
  c.t_fail_s = Vector::Constant(n, nan);
  c.wall_s = Vector::Constant(n, nan);

  const auto* endurance = std::get_if<EnduranceTask>(&spec.task);
  const auto* sim = std::get_if<SimulateTask>(&spec.task);
  std::vector<Index> final_rows, traj_rows;
  Index n_steps = 0, n_times = 0;
  if (endurance) {
    c.endurance_time_s = SweepChunk::Rows::Constant(n, Index(endurance->loads.size()), nan);
  } else {
    final_rows = result_rows(spec.model, sim->outputs.final_keys, "outputs.final");
    traj_rows = result_rows(spec.model, sim->outputs.trajectory_keys, "outputs.trajectory");
    n_steps = Index(sim->protocol.steps().size());
    n_times = sim->outputs.times_s.size();
    c.final_values = SweepChunk::Rows::Constant(n, Index(final_rows.size()), nan);
    c.step_end_s = SweepChunk::Rows::Constant(n, n_steps, nan);
    c.step_end_reason.assign(std::size_t(n * n_steps), std::int8_t(-1));
    c.mvc_fraction = SweepChunk::Rows::Constant(n, n_steps, nan);
    c.trajectory = SweepChunk::Rows::Constant(n, Index(traj_rows.size()) * n_times, nan);
  }

  PointClock clock{stop, {}, false};
  SimulationOptions options = spec.options;
  options.solver.on_failure = OnFailure::ReturnPartial;
  options.solver.interrupted = [&clock] { return clock.stopped() || clock.expired(); };
  const bool timed = std::isfinite(point_timeout_s);

  for (Index i = 0; i < n; ++i) {
    if (clock.stopped()) return std::nullopt;
    const auto started = std::chrono::steady_clock::now();
    clock.has_deadline = timed;
    if (timed)
      clock.deadline = started + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                     std::chrono::duration<double>(point_timeout_s));
    PointStatus status = PointStatus::Ok;
    std::string message;
    // An interrupted solve is a timeout unless the whole sweep is stopping (then the chunk is
    // dropped: a stopped point must never be committed).
    auto interrupted_status = [&]() {
      return clock.stopped() ? PointStatus::Pending : PointStatus::Timeout;
    };
    try {
      ParameterSet::Map values;
      for (std::size_t k = 0; k < spec.keys.size(); ++k)
        values[spec.keys[k]] = spec.points(c.first + i, Index(k));
      const Model model = spec.model.with_parameters(ParameterSet("", std::move(values)));
      if (endurance) {
        for (std::size_t l = 0; l < endurance->loads.size(); ++l) {
          try {
            c.endurance_time_s(i, Index(l)) = endurance_time(model, endurance->loads[l], options);
          } catch (const SolverError& e) {
            const PointStatus s = e.status() == Status::Interrupted ? interrupted_status()
                                                                    : PointStatus::SolverFailed;
            if (s == PointStatus::Pending) return std::nullopt;
            if (status == PointStatus::Ok) {  // the first failure names the point's status
              status = s;
              message = "load " + detail::format_value(endurance->loads[l]) + ": " + e.what();
              c.t_fail_s[i] = e.failure().t_s;
            }
            if (s == PointStatus::Timeout) break;  // the deadline is the whole point's
          }
        }
      } else {
        const Result r = simulate(model, sim->protocol, options);
        if (r.status() == Status::Interrupted) {
          status = interrupted_status();
          if (status == PointStatus::Pending) return std::nullopt;
        } else if (!r.ok()) {
          status = PointStatus::SolverFailed;
        }
        if (status != PointStatus::Ok) {
          message = r.message();
          if (r.failure()) c.t_fail_s[i] = r.failure()->t_s;
        }
        const Index m = r.t().size();
        if (m > 0)
          for (std::size_t k = 0; k < final_rows.size(); ++k)
            c.final_values(i, Index(k)) = r.data()(final_rows[k], m - 1);
        for (std::size_t k = 0; k < traj_rows.size(); ++k) {
          const double* y = r.data().row(traj_rows[k]).data();
          for (Index j = 0; j < n_times; ++j)
            c.trajectory(i, Index(k) * n_times + j) =
                interpolate(r.t(), y, sim->outputs.times_s[j]);
        }
        for (Index s = 0; s < std::min<Index>(n_steps, Index(r.steps().size())); ++s) {
          const StepRange& range = r.steps()[std::size_t(s)];
          if (range.end_reason == EndReason::NotReached) continue;
          c.step_end_s(i, s) = range.end_s;
          c.step_end_reason[std::size_t(i * n_steps + s)] = std::int8_t(range.end_reason);
          c.mvc_fraction(i, s) = range.mvc_fraction;
        }
      }
    } catch (const ParameterError& e) {
      status = PointStatus::InvalidParameters;
      message = e.what();
    } catch (const ProtocolError& e) {
      status = PointStatus::ProtocolError;
      message = e.what();
    } catch (const std::exception& e) {
      if (clock.stopped()) return std::nullopt;  // e.g. a Python component's KeyboardInterrupt
      status = PointStatus::Error;
      message = e.what();
    } catch (...) {
      if (clock.stopped()) return std::nullopt;
      status = PointStatus::Error;
      message = "an exception that is not a std::exception";
    }
    c.status[std::size_t(i)] = std::uint8_t(status);
    c.message[std::size_t(i)] = std::move(message);
    c.wall_s[i] = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  }
  return c;
}

SweepRun::SweepRun(std::shared_ptr<const SweepSpec> spec,
                   std::vector<Index> chunk_ids,
                   SweepRunOptions options)
    : spec_(std::move(spec)), chunk_ids_(std::move(chunk_ids)), options_(options) {
  if (options_.threads < 1) throw ParameterError("threads", "value 0 is outside [1, inf)");
  if (!(options_.point_timeout_s > 0.0))
    throw ParameterError(
        "point_timeout_s",
        "value " + detail::format_value(options_.point_timeout_s) + " is outside (0, inf]");
  for (const Index id : chunk_ids_)
    if (id < 0 || id >= spec_->n_chunks())
      throw ParameterError("chunk_ids", "chunk " + std::to_string(id) + " is outside [0, " +
                                            std::to_string(spec_->n_chunks()) + ")");
  const unsigned n = unsigned(std::min<std::size_t>(options_.threads, chunk_ids_.size()));
  running_ = n;
  workers_.reserve(n);
  try {
    for (unsigned w = 0; w < n; ++w) workers_.emplace_back([this] { work(); });
  } catch (...) {  // a thread that could not start: stop and join the others
    {
      std::lock_guard lock(mutex_);
      running_ = unsigned(workers_.size());
    }
    request_stop();
    join();
    throw;
  }
}

SweepRun::~SweepRun() {
  request_stop();
  join();
}

void SweepRun::work() {
  for (;;) {
    const std::size_t k = next_.fetch_add(1, std::memory_order_relaxed);
    if (k >= chunk_ids_.size() || stop_.load(std::memory_order_relaxed)) break;
    std::optional<SweepChunk> chunk;
    try {
      chunk = run_sweep_chunk(*spec_, chunk_ids_[k], &stop_, options_.point_timeout_s);
    } catch (const std::exception& e) {  // outside any point (e.g. no memory for the buffers)
      if (stop_.load()) break;
      SweepChunk failed;
      failed.id = chunk_ids_[k];
      failed.first = failed.id * spec_->chunk_points;
      failed.count = std::min(spec_->chunk_points, spec_->n_points() - failed.first);
      failed.status.assign(std::size_t(failed.count), std::uint8_t(PointStatus::Error));
      failed.message.assign(std::size_t(failed.count), e.what());
      chunk = std::move(failed);
    }
    if (!chunk) break;
    points_done_.fetch_add(chunk->count, std::memory_order_relaxed);
    std::lock_guard lock(mutex_);
    finished_chunks_.push_back(std::move(*chunk));
    ready_.notify_all();
  }
  std::lock_guard lock(mutex_);
  --running_;
  ready_.notify_all();
}

std::optional<SweepChunk> SweepRun::next_completed(double timeout_s) {
  std::unique_lock lock(mutex_);
  const auto wait = std::chrono::duration<double>(std::max(0.0, timeout_s));
  ready_.wait_for(lock, wait, [this] { return !finished_chunks_.empty() || running_ == 0; });
  if (finished_chunks_.empty()) return std::nullopt;
  SweepChunk c = std::move(finished_chunks_.front());
  finished_chunks_.pop_front();
  return c;
}

bool SweepRun::finished() const {
  std::lock_guard lock(mutex_);
  return running_ == 0 && finished_chunks_.empty();
}

void SweepRun::request_stop() noexcept { stop_.store(true, std::memory_order_relaxed); }

void SweepRun::join() {
  for (auto& w : workers_)
    if (w.joinable()) w.join();
}

}  // namespace myofatigue
