"""myofatigue: muscle-fatigue models with Eigen-native stiff ODE solvers.

The compiled core (``myofatigue._core``) does every solve in C++ with the GIL released; this
package re-exports it under stable names:

- solvers: :func:`solve_ivp` (scipy-shaped; Rodas5P, Rodas4, Rosenbrock23) and the C++ test
  problems in :mod:`myofatigue.problems`;
- models: :func:`build_model`, :class:`ParameterSet`, the published models in
  :mod:`myofatigue.models`, :class:`Protocol`, :func:`simulate`, :func:`endurance_time`;
- sweeps: :func:`sweep` and :func:`endurance_sweep` over :func:`grid`,
  :func:`latin_hypercube` or :func:`points` on a C++ thread pool, into memory or a resumable Zarr
  store (:func:`open_sweep`) or on a Dask cluster, returning a :class:`Sweep`; SALib problems
  and evaluators in :mod:`myofatigue.salib`; :func:`fit_endurance` and :func:`fit` (docs/sweeps.md);
- forward sensitivities: :func:`sensitivities`, ``endurance_time(..., gradient=[...])``
  (docs/sensitivities.md);
- components written in Python: :class:`Component` with :class:`StateSpec`,
  :class:`SignalSpec`, :class:`ChannelSpec`, :class:`ObservableSpec` and
  :class:`ParameterSpec`, composed with the registered ones by :func:`build_model`;
- errors: :class:`Error` (a ``ValueError``, with the attribute ``field``) and its subclasses
  :class:`ParameterError`, :class:`ProtocolError`, :class:`ModelError`,
  :class:`ArgumentTypeError` (also a ``TypeError``: an argument of the wrong type) and
  :class:`UnknownVariableError` (also a ``KeyError``); :class:`SolverError` (a
  ``RuntimeError``).

Units are SI throughout: seconds, newtons, fractions of MVC (0.4, not 40).
"""

from . import interventions, models
from ._core import (
    ArgumentTypeError,
    Error,
    Model,
    ModelError,
    ParameterError,
    ParameterInfo,
    ParameterSet,
    Protocol,
    ProtocolError,
    Result,
    SolverError,
    Step,
    StepRange,
    UnknownVariableError,
    __version__,
    build_model,
    component_names,
    intervention_names,
    problems,
    simulate,
)
from . import _result  # noqa: F401  (attaches Result.to_pandas and Result.plot)
from . import salib  # SALib glue; SALib itself is imported only when used
from ._component import (
    ChannelSpec,
    Component,
    ObservableSpec,
    ParameterSpec,
    SignalSpec,
    StateSpec,
)
from ._fit import EnduranceFit, Fit, TimeSeriesFit, fit, fit_endurance
from ._sensitivities import SensitivityResult, endurance_time, sensitivities
from ._solve import OdeResult, solve_ivp
from ._sweep import (
    Outputs,
    Points,
    Sweep,
    endurance_sweep,
    grid,
    latin_hypercube,
    open_sweep,
    points,
    sweep,
)

__all__ = [
    "ArgumentTypeError",
    "ChannelSpec",
    "Component",
    "EnduranceFit",
    "Error",
    "Fit",
    "Model",
    "ModelError",
    "ObservableSpec",
    "OdeResult",
    "Outputs",
    "ParameterError",
    "ParameterInfo",
    "ParameterSet",
    "ParameterSpec",
    "Points",
    "Protocol",
    "ProtocolError",
    "Result",
    "SensitivityResult",
    "SignalSpec",
    "SolverError",
    "StateSpec",
    "Step",
    "StepRange",
    "Sweep",
    "TimeSeriesFit",
    "UnknownVariableError",
    "__version__",
    "build_model",
    "component_names",
    "endurance_sweep",
    "endurance_time",
    "fit",
    "fit_endurance",
    "grid",
    "intervention_names",
    "interventions",
    "latin_hypercube",
    "models",
    "open_sweep",
    "points",
    "problems",
    "salib",
    "sensitivities",
    "simulate",
    "solve_ivp",
    "sweep",
]
