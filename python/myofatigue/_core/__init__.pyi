"""
myofatigue's compiled core (bindings of the C++ library); import myofatigue instead.
"""
from __future__ import annotations
import collections.abc
from myofatigue._errors import ArgumentTypeError
from myofatigue import Error
from myofatigue._errors import ModelError
from myofatigue._errors import ParameterError
from myofatigue._errors import ProtocolError
from myofatigue._errors import SolverError
from myofatigue._errors import UnknownVariableError
import numpy
import numpy.typing
import typing
from . import problems
class OdeSolution:
    """
    Continuous solution of solve_ivp(dense_output=True):
    one interpolating polynomial per accepted step (order 4 for Rodas5P, 3 for Rodas4).
    
    sol(t) with a scalar t gives the state (n,); with a 1-D array of k times, an (n, k) array.
    Outside [t_min, t_max] it extrapolates the first or last step's polynomial.
    """
    def __call__(self, t: typing.Any) -> typing.Any:
        ...
    def __getstate__(self) -> tuple[int, typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, 1]"], typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, 1]"], typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, 1]"], typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"], typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"], typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]"]]:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    def _evaluate_segment(self, i: typing.SupportsInt | typing.SupportsIndex, t: typing.Any) -> typing.Any:
        """
        The polynomial of segment i (one accepted step) at t, extrapolated outside it.
        """
    @property
    def n_segments(self) -> int:
        """
        Number of accepted steps kept.
        """
    @property
    def t_max(self) -> float:
        """
        End of the solved interval (the event time after a terminal event).
        """
    @property
    def t_min(self) -> float:
        """
        Start of the solved interval.
        """
    @property
    def ts(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, 1]"]:
        """
        Segment boundaries, increasing (n_segments + 1 times).
        """
class ParameterSet:
    """
    An immutable, named set of parameter values by full
    key ("fatigue.F"). Units are those of each parameter (Model.parameter_info()); rates are in 1/s.
    
    ParameterSet(values={}, name="") builds one from a mapping {key: float}.
    ParameterSet.named("FreyLaw2012.knee") returns a published set.
    """
    @staticmethod
    def named(name: str) -> ParameterSet:
        """
        A published parameter set by name, e.g. "FreyLaw2012.knee" (see names()).
        
        Raises ParameterError (ValueError) naming the closest published names.
        """
    @staticmethod
    def names() -> list[str]:
        """
        Names of every published parameter set.
        """
    def __contains__(self, key: str) -> bool:
        ...
    def __eq__(self, other: object) -> bool:
        """
        Equal values: built from the same parts (see __getstate__).
        """
    def __getitem__(self, key: str) -> float:
        """
        The value of `key`. Raises ParameterError (ValueError) suggesting close keys.
        """
    def __getstate__(self) -> dict:
        ...
    def __hash__(self) -> int:
        """
        A hash consistent with ==, from the state.
        """
    def __init__(self, values: collections.abc.Mapping[str, float] = {}, name: str = '') -> None:
        """
        A set from a mapping {full key: value}.
        
        Raises ArgumentTypeError (TypeError and ParameterError) naming the key whose value is not a real number, or `values` when it is not a mapping.
        """
    def __iter__(self) -> collections.abc.Iterator:
        ...
    def __len__(self) -> int:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: dict) -> None:
        """
        Pickle support: the state is plain data (dict, list, str, float), version 1; __setstate__ rebuilds an equal value and checks it like its constructor.
        """
    def items(self) -> typing.Any:
        """
        (key, value) pairs, as dict.items().
        """
    def keys(self) -> list[str]:
        """
        Full keys, sorted.
        """
    def to_dict(self) -> dict:
        """
        The values as a new dict {full key: float}.
        """
    def with_values(self, values: collections.abc.Mapping[str, float]) -> ParameterSet:
        """
        A copy with `values` (mapping or ParameterSet) overriding this set's values. Not validated here: Model.with_parameters() checks keys and ranges.
        """
    @property
    def name(self) -> str:
        """
        Name of the set ("" if anonymous).
        """
class ParameterInfo:
    """
    Metadata of one model parameter (read-only): unit, allowed and plausible ranges, default value and source.
    """
    def __repr__(self) -> str:
        ...
    @property
    def allowed(self) -> tuple[float, float]:
        """
        (lo, hi): values outside raise ParameterError.
        """
    @property
    def default_value(self) -> float:
        """
        Default value [unit].
        """
    @property
    def description(self) -> str:
        ...
    @property
    def plausible(self) -> tuple[float, float]:
        """
        (lo, hi): the physiologically plausible range (sweep range).
        """
    @property
    def source(self) -> str:
        """
        Citation key in docs/references.bib.
        """
    @property
    def symbol(self) -> str:
        """
        Symbol as in the source paper, e.g. "F".
        """
    @property
    def unit(self) -> str:
        """
        SI unit, "1" for dimensionless.
        """
class Model:
    """
    An assembled, immutable model (components with their state slices
    and resolved signals). Build one with build_model() or the constructors in myofatigue.models.
    Safe to share between threads; with_parameters() returns a new model. Picklable (rebuilt from its
    components' registered names and parameter values, and the myofatigue.Component declaration of a
    component written in Python, whose callables must then be module-level functions); == compares
    those.
    """
    def __eq__(self, other: object) -> bool:
        """
        Equal values: built from the same parts (see __getstate__).
        """
    def __getstate__(self) -> dict:
        ...
    def __hash__(self) -> int:
        """
        A hash consistent with ==, from the state.
        """
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: dict) -> None:
        """
        Pickle support: the state is plain data (dict, list, str, float), version 1; __setstate__ rebuilds an equal value and checks it like its constructor.
        """
    def citations(self) -> list[str]:
        """
        Citation keys (docs/references.bib) of every component.
        """
    def initial_state(self) -> numpy.typing.NDArray[numpy.float64]:
        """
        Rested, fresh state (a new float64 array of n_states values, state_keys order).
        """
    def parameter_info(self) -> dict:
        """
        Metadata of every parameter: dict {full key: ParameterInfo}.
        """
    def parameters(self) -> dict:
        """
        Every parameter value in use, as a dict {full key: value} (units: parameter_info()).
        """
    def with_parameters(self, values: collections.abc.Mapping[str, float]) -> Model:
        """
        A copy with some parameters changed; `values` is a mapping {full key: value} or a ParameterSet.
        
        Raises ParameterError (ValueError) naming the key, the value, its unit and the allowed range, or suggesting close keys for an unknown key.
        """
    @property
    def components(self) -> list[str]:
        """
        Names of the components (registered names, or the name of a myofatigue.Component), in evaluation order.
        """
    @property
    def n_states(self) -> int:
        """
        Number of states.
        """
    @property
    def observable_keys(self) -> list[str]:
        """
        Keys of the observables (e.g. 'fatigue.capacity').
        """
    @property
    def state_keys(self) -> list[str]:
        """
        State keys in state-vector order, e.g. ['fatigue.MA', 'fatigue.MR', 'fatigue.MF'].
        """
class Step:
    """
    One typed protocol step (the typed form of a step string), built
    with Step.hold(), Step.intermittent(), Step.rest() or Step.mvc_test() and passed to
    Protocol.from_steps(). Loads are fractions of fresh MVC (0.4, not 40); times are in seconds.
    Values are checked by Protocol.from_steps(), which names the step and the field.
    """
    @staticmethod
    def hold(load_fraction: float, *, duration_s: float | None = None, until_task_failure: bool = False, mode: str = 'isometric', interventions: str | collections.abc.Sequence[str] | collections.abc.Mapping[str, collections.abc.Mapping[str, float | str]] | None = None, label: str = '', **kwargs) -> Step:
        """
        A sustained contraction at load_fraction of fresh MVC, in (0, 1], for duration_s [s] or until task failure; mode 'isometric', 'concentric' or 'eccentric' (lengthening: the contractions that damage muscle). `interventions`: names, or {name: {parameter: value}}.
        """
    @staticmethod
    def intermittent(load_fraction: float, on_s: float, off_s: float, *, duration_s: float | None = None, until_task_failure: bool = False, mode: str = 'isometric', interventions: str | collections.abc.Sequence[str] | collections.abc.Mapping[str, collections.abc.Mapping[str, float | str]] | None = None, label: str = '', **kwargs) -> Step:
        """
        Cycles of on_s [s] at load_fraction (0, 1] and off_s [s] at rest, for duration_s [s] or until task failure; mode 'isometric', 'concentric' or 'eccentric'.
        """
    @staticmethod
    def mvc_test(*, label: str = '', **kwargs) -> Step:
        """
        An instantaneous maximal test: records the capacity (fraction of fresh MVC).
        """
    @staticmethod
    def rest(duration_s: float | None, *, interventions: str | collections.abc.Sequence[str] | collections.abc.Mapping[str, collections.abc.Mapping[str, float | str]] | None = None, label: str = '', **kwargs) -> Step:
        """
        Rest (no load) for duration_s [s], optionally with interventions.
        """
    @staticmethod
    def stimulate(frequency_hz: float, *, on_s: float = 0.0, off_s: float = 0.0, duration_s: float | None, interventions: str | collections.abc.Sequence[str] | collections.abc.Mapping[str, collections.abc.Mapping[str, float | str]] | None = None, label: str = '', **kwargs) -> Step:
        """
        Electrical stimulation (no voluntary effort) at frequency_hz [Hz], in (0, 1000], for duration_s [s]: continuous, or trains of on_s [s] every on_s + off_s [s].
        """
    def __eq__(self, other: object) -> bool:
        """
        Equal values: built from the same parts (see __getstate__).
        """
    def __getstate__(self) -> dict:
        ...
    def __hash__(self) -> int:
        """
        A hash consistent with ==, from the state.
        """
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: dict) -> None:
        """
        Pickle support: the state is plain data (dict, list, str, float), version 1; __setstate__ rebuilds an equal value and checks it like its constructor.
        """
    @property
    def duration_s(self) -> float | None:
        """
        Duration [s], or None.
        """
    @property
    def interventions(self) -> list[str]:
        """
        Names of the interventions applied during the step.
        """
    @property
    def kind(self) -> str:
        """
        'hold', 'intermittent', 'rest', 'mvc_test' or 'stimulate'.
        """
    @property
    def label(self) -> str:
        """
        The step's text (generated when not given).
        """
    @property
    def mode(self) -> typing.Any:
        """
        Contraction mode of a hold or intermittent step ('isometric', 'concentric' or 'eccentric'); None for other steps.
        """
    @property
    def until_task_failure(self) -> bool:
        ...
class Protocol:
    """
    An immutable sequence of protocol steps, parsed in C++.
    
    Protocol(["Hold at 40% MVC until task failure", "Rest for 10 min", "MVC test"]) (or one string,
    or a list of typed Steps: see Step and Protocol.from_steps()).
    Grammar: "Hold at P% MVC" | "Intermittent P% MVC N s on N s off" | "Rest" | "MVC test",
    followed by "for N <unit>" or "until task failure", then optionally "with <intervention>".
    Loads are parsed to fractions of fresh MVC (40% -> 0.4); durations to seconds.
    
    Raises ProtocolError (ValueError) with the (0-based) step index, the offending text and valid
    examples.
    """
    MAX_STEPS: typing.ClassVar[int] = 100000
    @staticmethod
    def from_steps(steps: collections.abc.Sequence[str | Step]) -> Protocol:
        """
        A protocol from typed steps (see Step).
        
        Raises ProtocolError (ValueError) naming the step index and the field out of range, or the limit on the number of steps (docs/protocols.md, Limits).
        """
    def __eq__(self, other: object) -> bool:
        """
        Equal values: built from the same parts (see __getstate__).
        """
    def __getstate__(self) -> dict:
        ...
    def __hash__(self) -> int:
        """
        A hash consistent with ==, from the state.
        """
    def __init__(self, steps: collections.abc.Sequence[str | Step], **kwargs) -> None:
        ...
    def __len__(self) -> int:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: dict) -> None:
        """
        Pickle support: the state is plain data (dict, list, str, float), version 1; __setstate__ rebuilds an equal value and checks it like its constructor.
        """
    def repeat(self, cycles: int) -> Protocol:
        """
        This protocol repeated `cycles` times (cycles >= 1).
        
        Raises ParameterError (ValueError) naming `cycles` when it is below 1; ProtocolError naming `cycles` when the result would exceed the limit on the number of steps (docs/protocols.md, Limits).
        """
    @property
    def steps(self) -> list[str]:
        """
        Labels of the steps (the original strings).
        """
class StepRange:
    """
    One protocol step in a Result (read-only).
    """
    def __repr__(self) -> str:
        ...
    @property
    def end_reason(self) -> str:
        """
        Why it ended: 'duration', 'task_failure', 'max_duration', 'instant', 'solver_failure' or 'not_reached'.
        """
    @property
    def end_s(self) -> float:
        """
        End time [s].
        """
    @property
    def first_sample(self) -> int:
        """
        Index into Result.t of the step's first sample.
        """
    @property
    def label(self) -> str:
        """
        The step's text.
        """
    @property
    def last_sample(self) -> int:
        """
        Index into Result.t of the step's last sample (inclusive).
        """
    @property
    def mvc_fraction(self) -> float:
        """
        Capacity (fraction of fresh MVC) measured by an 'MVC test' step, else NaN.
        """
    @property
    def start_s(self) -> float:
        """
        Start time [s].
        """
class Result:
    """
    The value returned by simulate(): sample times, every state,
    observable and protocol signal by key, per-step ranges, status, failure record, statistics and
    citations. Arrays are read-only NumPy views into this object (no copy); they keep it alive.
    Picklable; == compares every field (NaN equal to NaN).
    """
    __hash__: typing.ClassVar[None] = None  # type: ignore[assignment]
    def __contains__(self, key: str) -> bool:
        ...
    def __eq__(self, other: object) -> bool:
        """
        Equal results: every array element by element (NaN equal to NaN), every step, status, message, statistic and citation.
        """
    def __getitem__(self, key: str) -> typing.Any:
        """
        Samples of a variable (state, observable or signal) by key, e.g. result["fatigue.MF"]: a read-only view of shape (n_samples,). A per-unit variable of a replicated component by its key without the unit, e.g. result["pool.P"]: shape (n_samples, n_units); result["pool.P[3]"] is unit 3 alone.
        
        Raises UnknownVariableError (a KeyError and a ParameterError/ValueError) suggesting the closest keys.
        """
    def __getstate__(self) -> dict:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: dict) -> None:
        """
        Pickle support: the state is plain data with copies of the arrays, version 1.
        """
    def plot(self, keys = None, ax = None):
        """
        Plots variables against time [s] and returns the matplotlib ``Axes``.
        
            Args:
                keys: a key or a list of keys (default: every variable of ``result.variables``).
                ax: the ``Axes`` to draw on; when None, a new figure is created with pyplot (which uses
                    whatever backend is configured, e.g. Agg when headless).
        
            Step boundaries are marked with thin vertical lines. matplotlib is imported here only.
        
            Raises:
                UnknownVariableError (KeyError, ValueError): an unknown key (before anything is drawn).
                ImportError: matplotlib is not installed (``pip install "myofatigue[plot]"``).
            
        """
    def to_pandas(self):
        """
        Every variable as a ``pandas.DataFrame`` indexed by the sample time ``t`` [s].
        
            One column per key of ``result.variables`` (states, observables, protocol signals), in that
            order. The frame holds copies of the data. pandas is imported here, not at package import.
        
            Raises:
                ImportError: pandas is not installed.
            
        """
    def to_xarray(self):
        """
        Every variable as an ``xarray.Dataset`` over the sample time ``t`` [s].
        
            Scalar variables have dims ``("t",)``; the per-unit variables of a replicated component
            (``pool.P[0]`` ... ``pool.P[N-1]``) become one variable ``pool.P`` with dims
            ``("t", "unit")``. Each variable's ``attrs["units"]`` is its unit; the dataset's attrs hold
            the status and the citations. The data are copies. xarray is imported here only.
        
            Raises:
                ImportError: xarray is not installed (``pip install "myofatigue[xarray]"``).
            
        """
    @property
    def citations(self) -> list[str]:
        """
        Citation keys (docs/references.bib) of what this run used.
        """
    @property
    def data(self) -> numpy.ndarray:
        """
        All samples, one row per variable (variables order), one column per time (read-only view).
        """
    @property
    def failure(self) -> typing.Any:
        """
        None, or the failure record: t_s (last accepted time [s]), step_s (the step size that failed [s]), state (last accepted state, state_keys order), message.
        """
    @property
    def message(self) -> str:
        """
        What happened, in words.
        """
    @property
    def ok(self) -> bool:
        """
        True when the whole protocol was simulated.
        """
    @property
    def stats(self) -> dict:
        """
        Solver work counters summed over the run: dict with steps, rejected, rhs_evals, jacobian_evals, factorizations, linear_solves, switches (restarts where a switching function of a piecewise component changed sign) and wall_s [s].
        """
    @property
    def status(self) -> str:
        """
        'Completed', or the solver failure: 'StepSizeTooSmall', 'MaxStepsReached', 'NonFiniteState', 'SingularJacobian'.
        """
    @property
    def steps(self) -> list[StepRange]:
        """
        One StepRange per protocol step.
        """
    @property
    def t(self) -> numpy.ndarray:
        """
        Sample times [s] (read-only view, shape (n_samples,)).
        """
    @property
    def units(self) -> dict:
        """
        Unit of every variable, dict {key: unit} ('1' = dimensionless fraction).
        """
    @property
    def variables(self) -> list[str]:
        """
        Keys of every variable: states, then observables, then per-unit observables, then signals; a unit of a replicated component is 'pool.P[17]'.
        """
class _SweepSpec:
    """
    A validated sweep specification (private: see myofatigue.sweep).
    """
    def __init__(self, model: Model, keys: typing.Any, points: typing.Any, loads: typing.Any, protocol: Protocol | collections.abc.Sequence[str | Step], final_keys: typing.Any, trajectory_keys: typing.Any, times_s: typing.Any, chunk_points: typing.Any, options: dict) -> None:
        ...
    def run_chunk(self, chunk_id: typing.Any, point_timeout_s: typing.Any = None) -> typing.Any:
        """
        Runs one chunk on this thread (GIL released; the Dask back end's task); a dict of arrays.
        """
    @property
    def n_chunks(self) -> int:
        ...
    @property
    def n_points(self) -> int:
        ...
class _SweepRun:
    """
    A sweep in flight on the C++ thread pool (private: see myofatigue.sweep).
    """
    def __init__(self, spec: _SweepSpec, chunk_ids: typing.Any, threads: typing.Any, point_timeout_s: typing.Any) -> None:
        ...
    def join(self) -> None:
        ...
    def next_completed(self, spec: _SweepSpec, timeout_s: typing.SupportsFloat | typing.SupportsIndex) -> typing.Any:
        """
        The next finished chunk as a dict of arrays, or None after timeout_s [s] (GIL released while waiting).
        """
    def request_stop(self) -> None:
        ...
    @property
    def finished(self) -> bool:
        ...
    @property
    def points_done(self) -> int:
        ...
    @property
    def threads(self) -> int:
        ...
def _endurance_time_gradient(model: typing.Any, load_fraction: typing.Any, params: typing.Any, rtol: typing.Any = 1e-06, atol: typing.Any = 1e-09, max_task_duration_s: typing.Any = 14400.0, max_steps: typing.Any = 1000000, max_step: typing.Any = ...) -> tuple[float, numpy.typing.NDArray[numpy.float64]]:
    """
    Endurance time and dET/dp (see myofatigue.endurance_time(gradient=...)); (ET, array).
    """
def _point_status_names() -> list[str]:
    """
    Point status names by code (0 = pending).
    """
def _reject_unknown_keywords(function: typing.Any, unknown: dict, valid: collections.abc.Sequence[str]) -> None:
    """
    Raises ArgumentTypeError for the first key of `unknown`, suggesting the closest of `valid` (used by the Python-level functions that take **kwargs).
    """
def _result_variables(model: Model) -> dict:
    """
    {key: unit} of every variable simulate(model, ...) records.
    """
def _sensitivities(model: typing.Any, protocol: typing.Any, params: typing.Any, variables: typing.Any = None, t_eval: typing.Any = None, rtol: typing.Any = 1e-06, atol: typing.Any = 1e-09, max_task_duration_s: typing.Any = 14400.0, max_steps: typing.Any = 1000000, max_step: typing.Any = ..., on_failure: typing.Any = 'return') -> dict:
    """
    Forward sensitivities of a protocol run (see myofatigue.sensitivities()); a dict of arrays.
    """
def _simulation_option_defaults() -> dict:
    """
    {option name: default} of the solver options of simulate(), endurance_time() and the sweeps, read from the C++ SimulationOptions{} (private: the sweeps' fingerprint).
    """
def _solve_ivp(fun: typing.Any, t_span: typing.Any, y0: typing.Any, method: typing.Any, t_eval: typing.Any, dense_output: bool, events: typing.Any, rtol: typing.Any, atol: typing.Any, jac: typing.Any, jac_sparsity: typing.Any, first_step: typing.Any, max_step: typing.Any, min_step: typing.Any, max_steps: typing.Any, on_failure: typing.Any) -> dict:
    """
    Implementation of myofatigue.solve_ivp (see its docstring); returns a dict of fields.
    """
def build_model(components: collections.abc.Sequence[str], parameters: ParameterSet | collections.abc.Mapping[str, float] | None = None, **kwargs) -> Model:
    """
    Assembles a Model from registered components by name and components written in Python.
    
    Args:
        components: registered names (component_names()), e.g. ["three_compartment"], or one name;
            an entry may be a (name, options) pair, e.g. ("motor_unit_pool", {"units": 120}) for a
            replicated component (its per-unit states come back as 2-D arrays, see Result), or a
            myofatigue.Component (a component written in Python), e.g.
            [("motor_unit_pool", {"units": 40}), my_component].
        parameters: None, a ParameterSet (e.g. ParameterSet.named("FreyLaw2012.knee")) or a mapping
            {full key: value} overriding the defaults (SI units, rates in 1/s).
    
    Raises:
        ModelError (ValueError): unknown component (naming the closest names), a signal without a
            producer, or a cycle.
        ParameterError (ValueError): an unknown key or a value outside its allowed range.
        ArgumentTypeError (TypeError and ParameterError): an argument of the wrong type or an
            unknown keyword, naming it.
    """
def component_names() -> list[str]:
    """
    Names of every registered component (usable in build_model()).
    """
def endurance_time(model: Model, load_fraction: float, *, rtol: float = 1e-06, atol: float = 1e-09, method: str = 'Rodas5P', max_task_duration_s: float = 14400.0, max_steps: int = 1000000, max_step: float = ..., first_step: float = 0.0, max_phases: int = 1000000, linear_solver: str = 'Automatic', **kwargs) -> float:
    """
    Time to task failure [s] of a sustained hold from rest.
    
    The GIL is released during the solve; Ctrl-C stops it (on the main thread) with
    KeyboardInterrupt. With rtol and atol at their defaults, a model whose every component
    declares an endurance tolerance is integrated at it (the motor-unit pool: rtol 1e-3,
    atol 1e-6, its endurance times within 1.1e-4 of rtol 1e-6); any other rtol or atol is
    taken as given.
    
    Args:
        model: a Model with a capacity observable (e.g. models.three_compartment()).
        load_fraction: target load as a fraction of fresh MVC, in (0, 1] (0.4, not 40).
        rtol: relative tolerance of the solver, in (2.2e-14, 1).
        atol: absolute tolerance [state units; states are fractions], >= 0.
        method: "Rodas5P" (default), "Rodas4" or "Rosenbrock23".
        max_task_duration_s: cap [s] on a step that runs "until task failure" (default 4 h).
        max_steps: most solver step attempts (accepted + rejected) of the whole run, >= 1: one
            integrator runs every phase of the protocol; reaching it gives status MaxStepsReached.
        max_step: largest solver step [s], > 0 (default inf).
        first_step: initial solver step [s]; 0 chooses it automatically.
        max_phases: most constant-input phases the protocol may need (each hold or rest is one,
            each on/off half-cycle and stimulation pulse one more), >= 1 (default 1 000 000); a
            protocol that needs more is refused up front with a ProtocolError naming the step.
        linear_solver: "Automatic" (default), "Dense", "Sparse", "BlockBordered" or "BlockLowRank"
            (Woodbury over unit blocks plus the pool's coupling; what Automatic picks for pools).
    
    Returns:
        Endurance time [s]; math.inf when the load is held for max_task_duration_s without failing.
    
    Raises:
        ParameterError (ValueError): load_fraction outside (0, 1] or an option out of range.
        ArgumentTypeError (TypeError and ParameterError): an argument of the wrong type
            (load_fraction="0.4") or an unknown keyword, naming it.
        ModelError (ValueError): the model has no capacity observable.
        SolverError: the solver failed before task failure.
    """
def intervention_info() -> list:
    """
    Every registered intervention as a dict: name, description, channels (key, composition, description), parameters (key, unit, description, default, allowed, plausible, source), profiles (name, description, values; 'measured' first) and citations. myofatigue.interventions.list() wraps it.
    """
def intervention_names() -> list[str]:
    """
    Names of every registered intervention (usable after 'with' in a protocol step).
    """
def simulate(model: Model, protocol: Protocol | collections.abc.Sequence[str | Step], *, rtol: float = 1e-06, atol: float = 1e-09, method: str = 'Rodas5P', max_task_duration_s: float = 14400.0, on_failure: str = 'return', max_steps: int = 1000000, max_step: float = ..., first_step: float = 0.0, max_phases: int = 1000000, linear_solver: str = 'Automatic', **kwargs) -> Result:
    """
    Runs a protocol on a model from its rested initial state.
    
    The GIL is released during the solve, so other Python threads keep running. Ctrl-C (SIGINT)
    stops a solve started on the main thread within about 15 ms and raises KeyboardInterrupt.
    
    Args:
        model: a Model.
        protocol: a Protocol (or a list of step strings).
        rtol: relative tolerance of the solver, in (2.2e-14, 1).
        atol: absolute tolerance [state units; states are fractions], >= 0.
        method: "Rodas5P" (default), "Rodas4" or "Rosenbrock23".
        max_task_duration_s: cap [s] on a step that runs "until task failure" (default 4 h).
        max_steps: most solver step attempts (accepted + rejected) of the whole run, >= 1: one
            integrator runs every phase of the protocol; reaching it gives status MaxStepsReached.
        max_step: largest solver step [s], > 0 (default inf).
        first_step: initial solver step [s]; 0 chooses it automatically.
        max_phases: most constant-input phases the protocol may need (each hold or rest is one,
            each on/off half-cycle and stimulation pulse one more), >= 1 (default 1 000 000); a
            protocol that needs more is refused up front with a ProtocolError naming the step.
        linear_solver: "Automatic" (default), "Dense", "Sparse", "BlockBordered" or "BlockLowRank"
            (Woodbury over unit blocks plus the pool's coupling; what Automatic picks for pools).
        on_failure: "return" (default): a numerical failure gives a Result with ok == False, the
            partial trajectory and result.failure; "raise": raise SolverError instead.
    
    Returns:
        Result.
    
    Raises:
        ParameterError (ValueError): an option outside its allowed range (naming it).
        ArgumentTypeError (TypeError and ParameterError): an argument of the wrong type (rtol="a",
            max_steps=1.5) or an unknown keyword, naming it.
        ProtocolError (ValueError): an invalid step or an intervention the model cannot honour
            (naming the step).
        ModelError (ValueError): task failure asked of a model without a capacity observable.
        SolverError: a numerical failure when on_failure="raise".
    """
__version__: str = '0.1.0'
