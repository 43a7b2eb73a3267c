#pragma once
/// \file
/// \brief simulate(model, protocol, options) and endurance_time(model, load_fraction).

#include <cstddef>
#include <limits>
#include <vector>

#include "myofatigue/model/model.hpp"
#include "myofatigue/protocol/protocol.hpp"
#include "myofatigue/simulation/result.hpp"
#include "myofatigue/solvers/options.hpp"

namespace myofatigue {

/// \brief Settings of a simulation (immutable once passed in).
struct SimulationOptions {
  /// \brief Rodas5P, rtol 1e-6, atol 1e-9 (states are O(1)). One integrator runs the whole
  /// protocol, so solver.max_steps bounds the step attempts of the whole simulation, and
  /// solver.interrupted is polled once per step attempt.
  SolverOptions solver = default_solver();
  /// \brief Cap on a step that runs "until task failure" [s] (default 4 h, longer than every
  /// Frey-Law & Avin 2010 endurance time at >= 10 % MVC); reaching it ends the step with
  /// EndReason::MaxDuration and endurance_time() returns infinity.
  double max_task_duration_s = 4 * 3600.0;
  /// \brief Most constant-input phases a protocol may need (each hold or rest is one, each
  /// on/off half-cycle and each stimulation pulse one more). A protocol that needs more is
  /// refused with a ProtocolError before anything is integrated (docs/protocols.md, "Limits").
  std::size_t max_phases = 1'000'000;
  /// \brief endurance_time() only: where solver.rtol and solver.atol are the defaults below
  /// (1e-6, 1e-9; no atol_vector) and every component of the model declares a looser
  /// Component::endurance_rtol() r (the motor-unit pool: 1e-3, ETs within 1.2e-4 of rtol
  /// 1e-6 at 10-90 % MVC against its 5 % validation band), the hold is integrated at rtol = r, atol
  /// = 1e-3 r. false: always at solver.rtol / solver.atol. simulate() is not affected.
  bool model_tolerance = true;

  static SolverOptions default_solver() {
    SolverOptions s;
    s.rtol = 1e-6;
    s.atol = 1e-9;
    return s;
  }
  /// \throws ParameterError naming the field.
  void validate(Index n) const;
};

/// \brief Runs a protocol from the model's rested initial state.
/// \return a Result; a numerical failure gives status != Completed with the partial result,
/// unless options.solver.on_failure == Raise (then SolverError).
/// \throws ProtocolError for interventions the model cannot honour, or a protocol beyond the
/// limits (max_phases, phases too short to resolve at their time); ParameterError for options.
Result simulate(const Model& model,
                const Protocol& protocol,
                const SimulationOptions& options = {});

/// \brief The variables a Result of simulate(model, ...) has, in its row order (states,
/// observables, per-unit observables, signals, then observables under their standard names),
/// with units; known before anything is integrated (sweeps check their output keys with it).
std::vector<VariableInfo> result_variables(const Model& model);

/// \brief Time to task failure [s] of a sustained hold at load_fraction (0, 1] from rest;
/// +infinity when the load is held for max_task_duration_s without failing. At the model's
/// endurance tolerance where it declares one (SimulationOptions::model_tolerance).
/// \throws ParameterError for load_fraction outside (0, 1]; ModelError if the model has no
/// capacity observable.
double endurance_time(const Model& model,
                      double load_fraction,
                      const SimulationOptions& options = {});

}  // namespace myofatigue
