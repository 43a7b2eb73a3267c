// simulate(): runs the protocol's constant-input phases on one Integrator (solvers/driver.hpp),
// restarting it at every breakpoint and stopping a step on task failure.
#include "myofatigue/simulation/simulate.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <span>
#include <type_traits>
#include <utility>

#include "myofatigue/algorithm/model_system.hpp"
#include "myofatigue/model/registry.hpp"
#include "myofatigue/protocol/phases.hpp"
#include "myofatigue/solvers/driver.hpp"

namespace myofatigue {

class ResultBuilder {
 public:
  static Result& access(Result& r) { return r; }
  static void set(Result& r, Status s, std::optional<Failure> f, std::string msg) {
    r.status_ = s;
    r.failure_ = std::move(f);
    r.message_ = std::move(msg);
  }
  static void set_data(Result& r,
                       Vector t,
                       Result::Data data,
                       std::vector<VariableInfo> vars,
                       std::vector<StepRange> steps,
                       SolverStats stats,
                       std::vector<std::string> cites) {
    r.t_ = std::move(t);
    r.data_ = std::move(data);
    r.variables_ = std::move(vars);
    r.steps_ = std::move(steps);
    r.stats_ = stats;
    r.citations_ = std::move(cites);
  }
};

namespace {}  // namespace

void SimulationOptions::validate(Index n) const {
  solver.validate(n);
  detail::check_range("max_task_duration_s", max_task_duration_s, 0.0,
                      std::numeric_limits<double>::max(), "s", true, false);
  if (max_phases == 0) throw ParameterError("max_phases", "value 0 is outside [1, inf)");
}

namespace {

// What a protocol run keeps: every accepted solver step (simulate) or only where each
// constant-input phase ends (endurance_time, which needs only how the step ended).
enum class Keep { EveryStep, PhaseEnds };

// The integrated protocol before it becomes a Result.
struct Run {
  std::vector<double> t_out;
  std::vector<double> rows;  // Keep::EveryStep: one Result column per sample (result_variables)
  SolverStats stats;
  std::vector<StepRange> steps;
  Status status = Status::Completed;
  std::optional<Failure> failure;
  std::string message = "The protocol completed.";
  std::vector<std::string> citations;
};

}  // namespace

// The variables of a Result, in row order: states, observables, per-unit observables (one row
// per unit, "pool.FR[u]"), then every signal (the protocol's and those components write).
std::vector<VariableInfo> result_variables(const Model& model) {
  std::vector<VariableInfo> vars;
  for (const auto& st : model.states())
    vars.push_back({st.key, st.unit, VariableKind::State, st.base, st.unit_index, st.n_units});
  std::size_t obs_index = 0;
  for (const auto& c : model.components())
    for (const auto& o : c->observables())
      vars.push_back(
          {model.observable_keys()[obs_index++], std::string(o.unit), VariableKind::Observable});
  std::size_t unit_obs = 0;
  for (const auto& c : model.components())
    for (const auto& o : c->unit_observables()) {
      const std::string& base = model.unit_observable_keys()[unit_obs];
      const Index units = model.unit_observable_sizes()[unit_obs++];
      for (Index u = 0; u < units; ++u)
        vars.push_back(
            {unit_key(base, u), std::string(o.unit), VariableKind::Observable, base, u, units});
    }
  for (const auto& key : model.signal_keys()) {
    std::string unit = "1";
    for (const auto& spec : protocol_signals)
      if (spec.key == key) unit = std::string(spec.unit);
    for (const auto& c : model.components()) {
      for (const auto& spec : c->reads())  // an unproduced optional read: its fallback
        if (spec.key == key) unit = std::string(spec.unit);
      for (const auto& spec : c->writes())
        if (spec.key == key) unit = std::string(spec.unit);
    }
    vars.push_back({key, unit, VariableKind::Signal});
  }
  // Observables under their standard names too (ObservableSpec::alias): a copy of their rows.
  for (const auto& [alias, index] : model.observable_aliases()) {
    const auto& source = vars[std::size_t(model.n_states() + index)];
    vars.push_back({alias, source.unit, VariableKind::Observable});
  }
  return vars;
}

std::vector<std::vector<InterventionApplication>> resolve_interventions(
    const Model& model, const Protocol& protocol, std::vector<std::string>& citations) {
  std::vector<std::vector<InterventionApplication>> step_apps(protocol.steps().size());
  for (std::size_t s = 0; s < protocol.steps().size(); ++s) {
    for (const auto& use : protocol.steps()[s].interventions) {
      const std::string field = "steps[" + std::to_string(s) + "]";
      std::shared_ptr<const Intervention> iv = use.custom;
      try {
        if (!iv) iv = registry().make_intervention(use.name);
      } catch (const ModelError& e) {
        throw ProtocolError(
            "step " + std::to_string(s) + " '" + protocol.steps()[s].label + "': " + e.what(),
            field);
      }
      if (!use.profile.empty()) iv = iv->with_profile(use.profile);
      if (!use.parameters.empty()) {
        std::vector<double> v(iv->parameters().begin(), iv->parameters().end());
        const auto info = iv->parameter_info();
        // Keys "<name>.<symbol>"; the symbol matches case-insensitively, because protocol strings
        // are ("cuff_occlusion(pressure_mmhg=180)").
        const auto lower = [](std::string_view text) {
          std::string out(text);
          for (char& c : out) c = char(std::tolower(static_cast<unsigned char>(c)));
          return out;
        };
        const std::string prefix = std::string(iv->name()) + ".";
        for (const auto& [key, value] : use.parameters.values()) {
          bool found = false;
          std::string valid;
          for (std::size_t i = 0; i < info.size(); ++i) {
            valid.append(valid.empty() ? "" : ", ").append(info[i].key);
            if (lower(key) == lower(prefix + std::string(info[i].key))) {
              v[i] = value;
              found = true;
            }
          }
          if (!found)
            throw ParameterError(
                key, "is not a parameter of intervention '" + std::string(iv->name()) +
                         "' (valid: " + (valid.empty() ? std::string("none") : valid) + ")");
        }
        iv = iv->with_parameters(v);
      }
      // A channel the model does not honour is skipped (a massage acts on flow and on soreness;
      // a model without a soreness component still feels its effect on flow), but an
      // intervention that would act on nothing is refused: it is almost surely a mistake.
      InterventionApplication a{iv, {}, {}};
      bool acts = iv->channels().empty();
      std::string wanted;
      for (const auto& ch : iv->channels()) {
        const auto id = model.channel_id(ch.key);
        a.channel_ids.push_back(id ? *id : -1);
        acts |= id.has_value();
        wanted.append(wanted.empty() ? "'" : ", '").append(ch.key).append("'");
      }
      if (!acts)
        throw ModelError("intervention '" + std::string(iv->name()) + "' acts on the channels " +
                             wanted + ", none of which a component of this model honours",
                         std::string(iv->channels().front().key));
      for (auto k : iv->citations())
        if (std::find(citations.begin(), citations.end(), k) == citations.end())
          citations.emplace_back(k);
      step_apps[s].push_back(std::move(a));
    }
  }
  return step_apps;
}

namespace {

// The run ends with the integrator's failure, reported under the step it happened in.
void fail_run(Run& run,
              const Integrator<ModelSystem>& integrator,
              std::size_t s,
              const Step& step,
              StepRange& range) {
  run.status = integrator.status();
  run.failure = integrator.failure();
  run.message = "step " + std::to_string(s) + " '" + step.label + "': " + integrator.message();
  range.end_reason = EndReason::SolverFailure;
}

// Refuses, before anything is integrated, a protocol whose phases could not be resolved in
// double precision or whose number of constant-input phases exceeds options.max_phases. Phase
// counts and times are upper bounds: "until task failure" steps are taken at their full
// max_task_duration_s.
void check_limits(const Protocol& protocol,
                  const SimulationOptions& options,
                  const std::vector<std::vector<InterventionApplication>>& step_apps) {
  // A phase of length d ending near time T is known to about eps T / d relative: require 1e-6
  // or better (2^20 eps ~ 2.3e-10), which also leaves room for 65536 steps of the smallest size
  // the integrator takes there (16 eps T).
  constexpr double resolution = 1048576.0 * std::numeric_limits<double>::epsilon();
  double t_end = 0.0, phases = 0.0;
  for (std::size_t s = 0; s < protocol.steps().size(); ++s) {
    const Step& step = protocol.steps()[s];
    if (std::holds_alternative<MvcTest>(step.task)) continue;
    const double length = step.duration_s.value_or(options.max_task_duration_s);
    double shortest = length, count = 1.0;
    if (const auto* inter = std::get_if<Intermittent>(&step.task)) {
      shortest = std::min({length, inter->on_s, inter->off_s});
      count = 2.0 * std::ceil(length / (inter->on_s + inter->off_s));
    } else if (const auto* stim = std::get_if<Stimulate>(&step.task)) {
      const double period = 1.0 / stim->frequency_hz;
      if (stim->on_s > 0.0) {
        shortest = std::min({length, period, stim->on_s + stim->off_s});
        count = std::ceil(length / (stim->on_s + stim->off_s)) *
                std::ceil(stim->on_s * stim->frequency_hz);
      } else {
        shortest = std::min(length, period);
        count = std::ceil(length * stim->frequency_hz);
      }
    }
    for (const auto& a : step_apps[s])  // each breakpoint of an intervention splits a phase
      count += double(a.intervention->breakpoints({t_end, t_end + length}).size());
    t_end += length;
    phases += count;
    const std::string field = "steps[" + std::to_string(s) + "]";
    if (phases > double(options.max_phases))
      throw ProtocolError(field + " '" + step.label + "': the protocol needs " +
                              detail::format_value(phases) + " constant-input phases up to here, " +
                              "more than max_phases = " + std::to_string(options.max_phases) +
                              " (raise SimulationOptions::max_phases, or shorten the step)",
                          field);
    if (!(shortest >= resolution * std::max(1.0, t_end)))
      throw ProtocolError(
          field + " '" + step.label + "': a " + detail::format_value(shortest) +
              " s phase ending near t = " + detail::format_value(t_end) +
              " s cannot be resolved in double precision (phases there must last at "
              "least " +
              detail::format_value(resolution * std::max(1.0, t_end)) +
              " s); shorten the steps before it",
          field);
  }
}

Run run_protocol(const Model& model,
                 const Protocol& protocol,
                 const SimulationOptions& options,
                 ModelSystem& system,
                 Keep keep) {
  options.validate(model.n_states());
  const Index n = model.n_states();
  const Index n_obs = Index(model.observable_keys().size());
  Run run;

  // Resolve every intervention first, so a bad name fails before any integration.
  run.citations = model.citations();
  const std::vector<std::vector<InterventionApplication>> step_apps =
      resolve_interventions(model, protocol, run.citations);
  const bool needs_capacity =
      std::any_of(protocol.steps().begin(), protocol.steps().end(), [](const Step& s) {
        return s.until_task_failure || std::holds_alternative<MvcTest>(s.task);
      });
  if (needs_capacity && !model.capacity_observable())
    throw ModelError(
        "the protocol needs task failure or an MVC test, but no component of the model "
        "defines a capacity observable",
        "capacity");

  check_limits(protocol, options, step_apps);

  // One integrator for the whole protocol: phases restart it (start()), they do not rebuild it.
  SolverOptions solver = options.solver;
  solver.on_failure = OnFailure::ReturnPartial;
  Integrator<ModelSystem> integrator(system, n, solver);
  {
    Vector lower(n), upper(n);
    for (Index i = 0; i < n; ++i) {
      lower[i] = model.states()[std::size_t(i)].allowed.lo;
      upper[i] = model.states()[std::size_t(i)].allowed.hi;
    }
    integrator.set_bounds(std::move(lower), std::move(upper));
  }

  double t = 0.0;
  double last_pulse_s = -std::numeric_limits<double>::infinity();
  Vector x = model.initial_state();
  // A sample is written once, straight into the Result's column layout, with the target and
  // the interventions of the moment (observables and signals see the same channels as the rhs).
  const std::size_t n_unit_obs = std::size_t(model.n_unit_observable_values());
  const std::size_t n_signals = model.signal_keys().size();
  const std::size_t row_size =
      std::size_t(n + n_obs) + n_unit_obs + n_signals + model.observable_aliases().size();
  auto record = [&](double ts, const Vector& xs) {
    run.t_out.push_back(ts);
    if (keep != Keep::EveryStep) return;
    // Samples see the interventions at their own time (the window is half-open: a step's last
    // sample has its interventions off), not from inside the solver's segment, and so every
    // branch of a piecewise component as it is there, not as the solver held it over its step
    // (an added target that ends at the sample would otherwise be solved on a stale branch).
    const Window segment = std::exchange(
        system.segment,
        Window{-std::numeric_limits<double>::infinity(), std::numeric_limits<double>::infinity()});
    const std::uint8_t* held = system.held_branches();
    system.hold_branches(nullptr);
    const std::size_t at = run.rows.size();
    run.rows.resize(at + row_size);
    double* row = run.rows.data() + at;
    std::copy(xs.data(), xs.data() + n, row);
    if (n_obs > 0) system.observe(ts, xs, row + n);
    if (n_unit_obs > 0) system.observe_units(ts, xs, row + n + n_obs);
    system.signals(ts, xs, row + std::size_t(n + n_obs) + n_unit_obs);
    double* alias = row + std::size_t(n + n_obs) + n_unit_obs + n_signals;
    for (const auto& [name, index] : model.observable_aliases())
      *alias++ = row[std::size_t(n + index)];
    system.segment = segment;
    system.hold_branches(held);
  };
  record(t, x);
  std::vector<double> obs(std::size_t(std::max<Index>(n_obs, 1)));
  auto capacity_at = [&](double ts, const Vector& xs) {
    system.observe(ts, xs, obs.data());
    return obs[std::size_t(*model.capacity_observable())];
  };
  struct Recorder {
    decltype(record)& rec;
    void step(const Integrator<ModelSystem>::Core&, double, double t1, const Vector& y1) {
      rec(t1, y1);
    }
    void event(std::size_t, double, const Vector&) {}
  } recorder{record};
  std::vector<Event> failure_event(1);

  // Interventions acting now (in their window or after it, until their effect ends) and their
  // breakpoints, sorted, with the end of the effect among them.
  std::vector<InterventionApplication> active;
  std::vector<std::vector<double>> active_breaks;
  auto breakpoints_of = [](const InterventionApplication& a) {
    std::vector<double> b = a.intervention->breakpoints(a.window);
    b.push_back(a.intervention->effect_end(a.window));
    std::sort(b.begin(), b.end());
    return b;
  };
  auto activate = [&](const InterventionApplication& a, Window w) {
    active.push_back(a);
    active.back().window = w;
    active_breaks.push_back(breakpoints_of(active.back()));
  };
  auto drop_ended = [&](double now) {
    for (std::size_t i = active.size(); i-- > 0;)
      if (active[i].intervention->effect_end(active[i].window) <= now) {
        active.erase(active.begin() + std::ptrdiff_t(i));
        active_breaks.erase(active_breaks.begin() + std::ptrdiff_t(i));
      }
  };
  auto next_breakpoint = [&](double now) {
    double next = std::numeric_limits<double>::infinity();
    for (const auto& b : active_breaks) {
      const auto it = std::upper_bound(b.begin(), b.end(), now);
      if (it != b.end()) next = std::min(next, *it);
    }
    return next;
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
      system.target_fraction = system.lengthening = system.shortening = 0.0;
      range.mvc_fraction = capacity_at(t, x);
      range.end_s = t;
      range.last_sample = range.first_sample;
      range.end_reason = EndReason::Instant;
      run.steps.push_back(range);
      continue;
    }
    const double length = step.duration_s.value_or(options.max_task_duration_s);
    const double step_start = t;
    const double step_end = t + length;
    // This step's interventions join those whose after-effects still act.
    drop_ended(t);
    const std::size_t first_own = active.size();
    for (const auto& a : step_apps[s]) activate(a, {t, step_end});
    system.applications = active.empty() ? nullptr : &active;

    range.end_reason = step.duration_s ? EndReason::Duration : EndReason::MaxDuration;
    std::int64_t index = 0;  // of the step's phases (protocol/phases.hpp)
    bool ended = false;      // by task failure or a solver failure
    while (t < step_end && !ended) {
      const Phase phase = phase_of(step, step_start, step_end, index++);
      const double phase_end = phase.end_s, target = phase.target;
      if (phase.pulse) {
        for (std::size_t c = 0; c < model.components().size(); ++c)
          model.components()[c]->stimulus_pulse(x.data() + model.wiring()[c].offset,
                                                model.components()[c]->parameters().data(),
                                                t - last_pulse_s);
        last_pulse_s = t;
      }
      system.target_fraction = target;
      system.lengthening = phase.lengthening;
      system.shortening = phase.shortening;
      const bool check_failure = step.until_task_failure && phase.loaded_on;
      // A phase runs in segments between the interventions' breakpoints (the integrator
      // restarts at each, as at a phase boundary).
      while (t < phase_end && !ended) {
        const double segment_end = std::min(phase_end, next_breakpoint(t));
        if (!integrator.start(t, x)) {
          fail_run(run, integrator, s, step, range);
          ended = true;
          break;
        }
        // Task failure (docs/protocols.md): capacity at or below the target at the start of a
        // loaded phase ends it at once; during it, the first time capacity falls to the target.
        if (check_failure && capacity_at(t, x) - target <= 0.0) {
          range.end_reason = EndReason::TaskFailure;
          ended = true;
          break;
        }
        std::span<const Event> events;
        if (check_failure) {
          failure_event[0] = {
              [&, target](double te, const Vector& xe) { return capacity_at(te, xe) - target; },
              true, -1};
          events = failure_event;
        }
        system.segment = {t, segment_end};
        const Status status = integrator.advance(segment_end, events, recorder);
        system.segment = {-std::numeric_limits<double>::infinity(),
                          std::numeric_limits<double>::infinity()};
        t = integrator.t();
        x = integrator.y();
        if (integrator.failure()) {
          fail_run(run, integrator, s, step, range);
          ended = true;
        } else if (status == Status::StoppedByEvent) {
          range.end_reason = EndReason::TaskFailure;
          ended = true;
        }
      }
    }
    // The step's windows end where the step did (earlier than nominal on task failure).
    for (std::size_t i = first_own; i < active.size(); ++i) {
      active[i].window.end_s = t;
      active_breaks[i] = breakpoints_of(active[i]);
    }
    range.end_s = t;
    range.last_sample = Index(run.t_out.size()) - 1;
    run.steps.push_back(range);
  }
  system.applications = nullptr;  // `active` ends here
  run.stats = integrator.stats();
  return run;
}

}  // namespace

Result simulate(const Model& model, const Protocol& protocol, const SimulationOptions& options) {
  const auto clock_start = std::chrono::steady_clock::now();
  ModelSystem system(model);
  Run run = run_protocol(model, protocol, options, system, Keep::EveryStep);

  const std::vector<VariableInfo> vars = result_variables(model);
  const Index m = Index(run.t_out.size());
  Result::Data data = Eigen::Map<const Matrix>(run.rows.data(), Index(vars.size()), m);
  run.stats.wall_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - clock_start).count();
  Result result;
  ResultBuilder::set(result, run.status, run.failure, run.message);
  ResultBuilder::set_data(result, Eigen::Map<const Vector>(run.t_out.data(), m), std::move(data),
                          vars, std::move(run.steps), run.stats, std::move(run.citations));
  if (run.failure && options.solver.on_failure == OnFailure::Raise)
    throw SolverError(run.status, *run.failure);
  return result;
}

double endurance_time(const Model& model, double load_fraction, const SimulationOptions& options) {
  detail::check_range("load_fraction", load_fraction, 0.0, 1.0, "", true, false);
  Step hold{Hold{load_fraction}, std::nullopt, true, {}, "endurance hold"};
  ModelSystem system(model);
  // The model's endurance tolerance, where the caller left the default one.
  const SolverOptions defaults = SimulationOptions::default_solver();
  double rtol = 0.0;
  if (options.model_tolerance && options.solver.rtol == defaults.rtol &&
      options.solver.atol == defaults.atol && options.solver.atol_vector.size() == 0) {
    rtol = model.components().empty() ? 0.0 : 1.0;
    for (const auto& c : model.components()) rtol = std::min(rtol, c->endurance_rtol());
  }
  SimulationOptions looser;
  if (rtol > defaults.rtol) {
    looser = options;
    looser.solver.rtol = rtol;
    looser.solver.atol = 1e-3 * rtol;
  }
  // Only how the hold ended matters: no samples, no Result.
  const Run r = run_protocol(model, Protocol::from_steps({hold}),
                             rtol > defaults.rtol ? looser : options, system, Keep::PhaseEnds);
  const StepRange& s = r.steps.front();
  if (s.end_reason == EndReason::TaskFailure) return s.end_s;
  if (s.end_reason == EndReason::MaxDuration) return std::numeric_limits<double>::infinity();
  throw SolverError(r.status, r.failure.value_or(Failure{s.end_s, 0.0, {}, r.message}));
}

}  // namespace myofatigue
