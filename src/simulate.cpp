// simulate(): compiles the protocol into constant-input phases and integrates each with the
// Rosenbrock driver (solve_ivp), restarting at every breakpoint and stopping on task failure.
#include "myofatigue/simulation/simulate.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <type_traits>

#include "myofatigue/algorithm/model_system.hpp"
#include "myofatigue/model/registry.hpp"
#include "myofatigue/solvers/solve_ivp.hpp"

namespace myofatigue {

class ResultBuilder {
 public:
  static Result& access(Result& r) { return r; }
  static void set(Result& r, Status s, std::optional<Failure> f, std::string msg) {
    r.status_ = s;
    r.failure_ = std::move(f);
    r.message_ = std::move(msg);
  }
  static void set_data(Result& r, Vector t, Result::Data data, std::vector<VariableInfo> vars,
                       std::vector<StepRange> steps, SolverStats stats, std::vector<std::string> cites) {
    r.t_ = std::move(t);
    r.data_ = std::move(data);
    r.variables_ = std::move(vars);
    r.steps_ = std::move(steps);
    r.stats_ = stats;
    r.citations_ = std::move(cites);
  }
};

namespace {

struct Phase {
  double duration_s;
  double target;
  bool check_failure;
};

void add_stats(SolverStats& a, const SolverStats& b) {
  a.steps += b.steps;
  a.rejected += b.rejected;
  a.rhs_evals += b.rhs_evals;
  a.jacobian_evals += b.jacobian_evals;
  a.factorizations += b.factorizations;
  a.linear_solves += b.linear_solves;
  a.switches += b.switches;
}

}  // namespace

void SimulationOptions::validate(Index n) const {
  solver.validate(n);
  detail::check_range("max_task_duration_s", max_task_duration_s, 0.0,
                      std::numeric_limits<double>::max(), "s", true, false);
}

namespace {

// What a protocol run keeps: every accepted solver step (simulate) or only where each
// constant-input phase ends (endurance_time, which needs only how the step ended).
enum class Keep { EveryStep, PhaseEnds };

// The integrated protocol before it becomes a Result.
struct Run {
  std::vector<double> t_out;
  std::vector<double> x_out;       // n per sample
  std::vector<double> target_out;  // 1 per sample
  SolverStats stats;
  std::vector<StepRange> steps;
  Status status = Status::Completed;
  std::optional<Failure> failure;
  std::string message = "The protocol completed.";
  std::vector<std::string> citations;
};

Run run_protocol(const Model& model, const Protocol& protocol, const SimulationOptions& options,
                 ModelSystem& system, Keep keep) {
  options.validate(model.n_states());
  const Index n = model.n_states();
  const Index n_obs = Index(model.observable_keys().size());
  Run run;

  // Resolve every intervention first, so a bad name fails before any integration.
  std::vector<std::vector<InterventionApplication>> step_apps(protocol.steps().size());
  run.citations = model.citations();
  for (std::size_t s = 0; s < protocol.steps().size(); ++s) {
    for (const auto& use : protocol.steps()[s].interventions) {
      std::shared_ptr<const Intervention> iv;
      try {
        iv = registry().make_intervention(use.name);
      } catch (const ModelError& e) {
        throw ProtocolError("step " + std::to_string(s) + " '" + protocol.steps()[s].label + "': " + e.what());
      }
      if (!use.parameters.empty()) {
        std::vector<double> v(iv->parameters().begin(), iv->parameters().end());
        const auto info = iv->parameter_info();
        for (const auto& [key, value] : use.parameters.values()) {
          bool found = false;
          for (std::size_t i = 0; i < info.size(); ++i)
            if (key == std::string(iv->name()) + "." + std::string(info[i].key)) {
              v[i] = value;
              found = true;
            }
          if (!found) throw ParameterError(key, "is not a parameter of intervention '" + std::string(iv->name()) + "'");
        }
        iv = iv->with_parameters(v);
      }
      InterventionApplication a{iv, {}, {}};
      for (const auto& ch : iv->channels()) {
        auto id = model.channel_id(ch.key);
        if (!id)
          throw ModelError("intervention '" + std::string(iv->name()) + "' writes channel '" +
                           std::string(ch.key) + "' that no component of this model reads");
        a.channel_ids.push_back(*id);
      }
      for (auto k : iv->citations())
        if (std::find(run.citations.begin(), run.citations.end(), k) == run.citations.end())
          run.citations.emplace_back(k);
      step_apps[s].push_back(std::move(a));
    }
  }
  const bool needs_capacity = std::any_of(protocol.steps().begin(), protocol.steps().end(),
                                          [](const Step& s) { return s.until_task_failure ||
                                                                     std::holds_alternative<MvcTest>(s.task); });
  if (needs_capacity && !model.capacity_observable())
    throw ModelError("the protocol needs task failure or an MVC test, but no component of the model "
                     "defines a capacity observable");


  double t = 0.0;
  double last_pulse_s = -std::numeric_limits<double>::infinity();
  Vector x = model.initial_state();
  auto record = [&](double ts, const Vector& xs, double target) {
    run.t_out.push_back(ts);
    run.x_out.insert(run.x_out.end(), xs.data(), xs.data() + n);
    run.target_out.push_back(target);
  };
  record(t, x, 0.0);
  std::vector<double> obs(std::size_t(std::max<Index>(n_obs, 1)));
  auto capacity_at = [&](double ts, const Vector& xs) {
    system.observe(ts, xs, obs.data());
    return obs[std::size_t(*model.capacity_observable())];
  };

  for (std::size_t s = 0; s < protocol.steps().size(); ++s) {
    const Step& step = protocol.steps()[s];
    StepRange range;
    range.label = step.label;
    range.start_s = t;
    range.first_sample = Index(run.t_out.size()) - 1;
    if (run.failure) {
      range.end_s = t;
      range.last_sample = range.first_sample;
      run.steps.push_back(range);
      continue;
    }
    if (std::holds_alternative<MvcTest>(step.task)) {
      system.target_fraction = 0.0;
      range.mvc_fraction = capacity_at(t, x);
      range.end_s = t;
      range.last_sample = range.first_sample;
      range.end_reason = EndReason::Instant;
      run.steps.push_back(range);
      continue;
    }
    const double length = step.duration_s.value_or(options.max_task_duration_s);
    for (auto& a : step_apps[s]) a.window = {t, t + length};
    system.applications = &step_apps[s];

    // Phases of constant input: intermittent tasks alternate on/off; stimulation is split at
    // every pulse (a state jump) until the step ends.
    const auto* inter = std::get_if<Intermittent>(&step.task);
    const auto* stim = std::get_if<Stimulate>(&step.task);
    const double hold_target = std::visit(
        [](const auto& task) -> double {
          using K = std::decay_t<decltype(task)>;
          if constexpr (std::is_same_v<K, Hold> || std::is_same_v<K, Intermittent>) return task.load_fraction;
          else return 0.0;
        },
        step.task);
    const double step_end = t + length;
    bool on = true;
    double train_start = t;
    long pulse_in_train = 0;
    range.end_reason = step.duration_s ? EndReason::Duration : EndReason::MaxDuration;
    double h_guess = 0.0;  // carried across phases: restarts need no new step-size search
    while (t < step_end * (1.0 - 1e-15) && !run.failure) {
      Phase ph{step_end - t, hold_target, step.until_task_failure && hold_target > 0.0};
      if (inter) {
        ph.duration_s = std::min(on ? inter->on_s : inter->off_s, step_end - t);
        ph.target = on ? inter->load_fraction : 0.0;
        ph.check_failure = step.until_task_failure && on;
      }
      if (stim) {
        const double pulse_time = train_start + double(pulse_in_train) / stim->frequency_hz;
        if (t >= pulse_time - 1e-12 * std::max(1.0, std::abs(t))) {
          for (std::size_t c = 0; c < model.components().size(); ++c)
            model.components()[c]->stimulus_pulse(x.data() + model.wiring()[c].offset,
                                                  model.components()[c]->parameters().data(),
                                                  t - last_pulse_s);
          last_pulse_s = t;
          ++pulse_in_train;
        }
        double next = train_start + double(pulse_in_train) / stim->frequency_hz;
        if (stim->on_s > 0.0 && next >= train_start + stim->on_s - 1e-12) {
          train_start += stim->on_s + stim->off_s;
          pulse_in_train = 0;
          next = train_start;
        }
        ph.duration_s = std::min(next, step_end) - t;
      }
      system.target_fraction = ph.target;
      IvpOptions o;
      o.solver = options.solver;
      o.solver.on_failure = OnFailure::ReturnPartial;
      o.record_steps = keep == Keep::EveryStep;
      if (h_guess > 0.0) o.solver.first_step = std::min(h_guess, ph.duration_s);
      if (ph.check_failure) {
        const double target = ph.target;
        o.events.push_back({[&, target](double te, const Vector& xe) { return capacity_at(te, xe) - target; },
                            true, -1});
      }
      const IvpResult r = solve_ivp(system, {t, t + ph.duration_s}, x, o);
      add_stats(run.stats, r.stats);
      h_guess = r.h_next;
      for (Index k = 1; k < r.t.size(); ++k) record(r.t[k], r.y.col(k), ph.target);
      t = r.t[r.t.size() - 1];
      x = r.y.col(r.y.cols() - 1);
      if (!r.success()) {
        run.status = r.status;
        run.failure = r.failure;
        run.message = "step " + std::to_string(s) + " '" + step.label + "': " + r.message;
        range.end_reason = EndReason::SolverFailure;
        break;
      }
      if (r.status == Status::StoppedByEvent) {
        range.end_reason = EndReason::TaskFailure;
        break;
      }
      on = !on;
    }
    system.applications = nullptr;
    range.end_s = t;
    range.last_sample = Index(run.t_out.size()) - 1;
    run.steps.push_back(range);
  }

  return run;
}

}  // namespace

Result simulate(const Model& model, const Protocol& protocol, const SimulationOptions& options) {
  const auto clock_start = std::chrono::steady_clock::now();
  ModelSystem system(model);
  Run run = run_protocol(model, protocol, options, system, Keep::EveryStep);

  // Assemble: states, observables, protocol signals; one row per variable.
  const Index n = model.n_states();
  const Index n_obs = Index(model.observable_keys().size());
  const Index m = Index(run.t_out.size());
  std::vector<VariableInfo> vars;
  for (const auto& st : model.states()) vars.push_back({st.key, st.unit, VariableKind::State});
  std::size_t obs_index = 0;
  for (const auto& c : model.components())
    for (const auto& o : c->observables()) {
      vars.push_back({model.observable_keys()[obs_index++], std::string(o.unit), VariableKind::Observable});
    }
  vars.push_back({"protocol.target_fraction", "1", VariableKind::Signal});
  Result::Data data(Index(vars.size()), m);
  std::vector<double> obs(std::size_t(std::max<Index>(n_obs, 1)));
  for (Index k = 0; k < m; ++k) {
    const Eigen::Map<const Vector> xk(run.x_out.data() + k * n, n);
    data.col(k).head(n) = xk;
    if (n_obs > 0) {
      system.target_fraction = run.target_out[std::size_t(k)];
      system.observe(run.t_out[std::size_t(k)], xk, obs.data());
      for (Index j = 0; j < n_obs; ++j) data(n + j, k) = obs[std::size_t(j)];
    }
    data(n + n_obs, k) = run.target_out[std::size_t(k)];
  }
  run.stats.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - clock_start).count();
  Result result;
  ResultBuilder::set(result, run.status, run.failure, run.message);
  ResultBuilder::set_data(result, Eigen::Map<const Vector>(run.t_out.data(), m), std::move(data),
                          std::move(vars), std::move(run.steps), run.stats, std::move(run.citations));
  if (run.failure && options.solver.on_failure == OnFailure::Raise)
    throw SolverError(run.status, *run.failure);
  return result;
}

double endurance_time(const Model& model, double load_fraction, const SimulationOptions& options) {
  detail::check_range("load_fraction", load_fraction, 0.0, 1.0, "", true, false);
  Step hold{Hold{load_fraction}, std::nullopt, true, {}, "endurance hold"};
  ModelSystem system(model);
  // Only how the hold ended matters: no samples, no Result.
  const Run r = run_protocol(model, Protocol::from_steps({hold}), options, system, Keep::PhaseEnds);
  const StepRange& s = r.steps.front();
  if (s.end_reason == EndReason::TaskFailure) return s.end_s;
  if (s.end_reason == EndReason::MaxDuration) return std::numeric_limits<double>::infinity();
  throw SolverError(r.status, r.failure.value_or(Failure{s.end_s, 0.0, {}, r.message}));
}

}  // namespace myofatigue
