#pragma once
/// \file
/// \brief Forward sensitivities dx(t)/dp of a protocol run, with the jumps at events and
/// switching restarts, and the exact gradient of the endurance time (docs/sensitivities.md).
///
/// The state x and its sensitivities S = dx/dp (n x n_p) are integrated together by the same
/// Rosenbrock method: S' = J S + f_p, with J S from one dual pass of the model's rhs seeded with
/// the columns of S (exact) and f_p from the components' rhs at shifted parameter values. At a
/// task failure (g = capacity - target = 0) the failure time moves with p by
/// dt*/dp = -(g_x S + g_p) / (g_x f + g_t), which is dET/dp; where the rhs jumps at such a time
/// (the next phase starts there) S jumps by (f- - f+) dt*/dp, and likewise at a switching
/// restart of a piecewise rhs.

#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "myofatigue/model/model.hpp"
#include "myofatigue/protocol/protocol.hpp"
#include "myofatigue/simulation/result.hpp"
#include "myofatigue/simulation/simulate.hpp"

namespace myofatigue {

/// \brief What sensitivities() computes.
struct SensitivityOptions {
  /// Full parameter keys ("fatigue.F"); at least one, no duplicates.
  std::vector<std::string> parameters;
  /// Result keys (states, observables, signals, standard names); empty: every state and
  /// observable of the model.
  std::vector<std::string> variables;
  /// Times [s] to report at (sorted, >= 0), where the integrator then lands exactly; empty:
  /// every accepted step. Times the run does not reach (after a solver failure, past the end)
  /// are left out of Sensitivities::t.
  std::vector<double> t_eval;
  /// Solver settings; the sensitivities are error-controlled with the states, at rtol and
  /// atol / |p_j| for the column of parameter j (atol where p_j = 0).
  SimulationOptions simulation;
};

/// \brief Values and sensitivities of the requested variables at every accepted step.
struct Sensitivities {
  std::vector<std::string> parameters;  ///< column order of every sensitivity
  std::vector<std::string> variables;   ///< row order of values
  Vector t;                             ///< sample times [s]
  Matrix values;                        ///< variables x samples
  /// d variable / d parameter: row v * n_p + j (variable v, parameter j), one column per sample;
  /// the partial derivative at fixed t. A sample tied to the protocol's clock after a task
  /// failure (the end of the rest that follows it) moves with the failure time: its total
  /// derivative adds (d variable/dt) * step_end.
  Matrix data;
  /// Per step: how the step ended, as simulate() reports it (mvc_fraction of MVC tests too).
  std::vector<StepRange> steps;
  /// d(end time of step s)/dp_j (steps x n_p): zero until a task failure, whose time moves
  /// with p; later steps move with it.
  Matrix step_end;
  /// d(MVC fraction of step s)/dp_j (steps x n_p), the total derivative (the test moves with
  /// an earlier task failure); NaN for steps that are not MVC tests.
  Matrix mvc;
  Status status = Status::Completed;
  std::string message;

  /// \brief samples x n_p sensitivities of one variable. \throws ParameterError for a key not
  /// in `variables`.
  Matrix of(std::string_view variable) const;
};

/// \brief Runs the protocol from rest with forward sensitivities (see the file comment).
/// Interventions whose window spans a task failure are differentiated as if their window
/// moved with it.
/// \throws ParameterError for unknown or duplicate parameter keys, unknown variables, or bad
/// options; ProtocolError / ModelError as simulate(). A numerical failure gives status !=
/// Completed with the partial result unless options.simulation.solver.on_failure == Raise.
Sensitivities sensitivities(const Model& model,
                            const Protocol& protocol,
                            const SensitivityOptions& options);

/// \brief Endurance time and its exact gradient.
struct EnduranceGradient {
  double endurance_time_s = std::numeric_limits<double>::infinity();
  /// dET/dp_j in the order of the parameters given; NaN where the load is held to
  /// max_task_duration_s (ET infinite).
  Vector gradient;
};

/// \brief endurance_time(model, load_fraction, options) with dET/dp from the sensitivities
/// at task failure: dET/dp = -(g_x S + g_p) / (g_x f + g_t), g = capacity - load. Integrated at
/// the same tolerance endurance_time() uses (the model's endurance tolerance where it declares
/// one, SimulationOptions::model_tolerance).
/// \throws as endurance_time(), and ParameterError for unknown or duplicate keys.
EnduranceGradient endurance_time_gradient(const Model& model,
                                          double load_fraction,
                                          std::span<const std::string> parameters,
                                          const SimulationOptions& options = {});

}  // namespace myofatigue
