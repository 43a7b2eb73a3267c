"""The solver layer of the public API: :func:`solve_ivp`, which takes every argument of
``scipy.integrate.solve_ivp`` and behaves as it does, and its :class:`OdeResult` and
:class:`OdeSolution` (bound in python/src/expose_solve.cpp; the driver is
include/myofatigue/solvers/solve_ivp.hpp).

What scipy does at the argument level (its error types and messages, backward integration,
complex and empty states, ``t0 == t_end``, ``vectorized``, banded Jacobians) is done here, by
checking the arguments as scipy does and mapping the problem onto the forward, real problem that
the C++ driver solves; docs/solvers.md lists what still differs and why.

Re-exported by ``myofatigue/__init__.py``.
"""

import warnings
from dataclasses import dataclass

import numpy as np

from . import _core

__all__ = ["Failure", "OdeResult", "OdeSolution", "solve_ivp"]

METHODS = ("Rodas5P", "Rodas4", "Rosenbrock23")
# scipy's own methods: named in the error so that code ported from scipy learns what to use.
_SCIPY_METHODS = ("RK23", "RK45", "DOP853", "Radau", "BDF", "LSODA")
_EPS = np.finfo(float).eps
_OPTIONS = [
    "rtol",
    "atol",
    "jac",
    "jac_sparsity",
    "first_step",
    "max_step",
    "min_step",
    "lband",
    "uband",
    "max_steps",
    "on_failure",
]
_KEYWORDS = [
    "fun",
    "t_span",
    "y0",
    "method",
    "t_eval",
    "dense_output",
    "events",
    "vectorized",
    "args",
    *_OPTIONS,
]


@dataclass(frozen=True)
class Failure:
    """Where and why a solve failed; the partial solution up to ``t_s`` is kept in the result.

    Attributes:
        status: "StepSizeTooSmall", "MaxStepsReached", "NonFiniteState", "SingularJacobian" or
            "Interrupted".
        t_s: time of the last accepted state [the problem's time unit].
        step_s: step size that failed [same unit].
        state: last accepted state, shape (n,).
        message: what went wrong, with the numbers.
    """

    status: str
    t_s: float
    step_s: float
    state: np.ndarray
    message: str


class OdeResult(dict):
    """Result of :func:`solve_ivp`: a dict whose keys are also attributes, like scipy's: the
    fields of scipy's result, then myofatigue's extras.

    Fields:
        t: times, shape (m,).
        y: states, shape (n, m), one column per time (complex when y0 was).
        sol: the continuous solution (:class:`OdeSolution`) if dense_output, else None.
        t_events: per event, the times it occurred, shape (k,); None without events.
        y_events: per event, the states there, shape (k, n), or (0,) for an event that never
            occurred (as scipy); None without events.
        nfev, njev, nlu: calls of fun (those of the finite-difference Jacobian and of df/dt
            included; not the event functions'), Jacobian evaluations (calls of a callable jac;
            0 for a constant one; finite-difference Jacobians when jac is None), LU
            factorisations.
        status: 0 end of t_span reached, 1 a terminal event occurred, -1 the solver failed.
        message: human-readable reason of the end.
        success: status >= 0.

    Extra fields:
        stats: dict of steps, rejected, rhs_evals, jacobian_evals, factorizations,
            linear_solves and wall_s (wall-clock time of the solve [s]).
        failure: a :class:`Failure` (time, step size, state) when status == -1, else None.
        method: the method used; jacobian: "Analytic", "AutoDiff" or "FiniteDifference";
        linear_solver: "Dense", "Sparse" or "BlockBordered" (the Schur-complement LU chosen for
            block-bordered sparsity patterns, e.g. motor-unit pools).
    """

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError as e:
            raise AttributeError(name) from e

    def __dir__(self):
        return list(self.keys())

    def __repr__(self):
        n, m = self["y"].shape
        return (
            f"OdeResult(status={self['status']}, message={self['message']!r}, n={n}, m={m}, "
            f"method={self['method']!r}, nfev={self['nfev']}, njev={self['njev']}, "
            f"nlu={self['nlu']})"
        )

    def __reduce__(self):
        # dict subclasses pickle their items through __setitem__ after __init__; saying so
        # explicitly keeps pickle away from __getattr__ (which maps a missing key to
        # AttributeError, as pickle expects, but this is plainer).
        return (OdeResult, (dict(self),))


class _Mapping:
    """How the problem solved in C++ (forward in time, real) maps back to the user's: time
    t = sign * s, and state y = z[:n] + 1j z[n:] when the user's y0 was complex."""

    def __init__(self, sign=1.0, complex_n=None):
        self.sign = sign
        self.complex_n = complex_n

    def state(self, z):
        """z (2n,) or (2n, k) or (k, 2n) along axis 0 -> the user's y."""
        if self.complex_n is None:
            return z
        n = self.complex_n
        return z[:n] + 1j * z[n:]

    def state_rows(self, z):
        """Rows of states (k, 2n) -> (k, n) complex."""
        if self.complex_n is None:
            return z
        n = self.complex_n
        return z[:, :n] + 1j * z[:, n:]


class _Segment:
    """One step of an :class:`OdeSolution`, shaped like scipy's ``DenseOutput``: ``t_old`` and
    ``t`` in the direction of integration, ``t_min``, ``t_max`` and ``__call__(t)``."""

    def __init__(self, solution, i):
        self._solution = solution
        self._i = i
        self.t_old = float(solution.ts[i])
        self.t = float(solution.ts[i + 1])
        self.t_min, self.t_max = min(self.t_old, self.t), max(self.t_old, self.t)

    def __call__(self, t):
        return self._solution._evaluate(t, self._i)


class OdeSolution:
    """Continuous solution of ``solve_ivp(..., dense_output=True)``, with the interface of
    ``scipy.integrate.OdeSolution``: one interpolating polynomial per accepted step (order 4
    for Rodas5P, 3 for Rodas4, 2 for Rosenbrock23).

    Attributes:
        ts: segment boundaries in the direction of integration (n_segments + 1 times).
        interpolants: one callable per segment (``t_old``, ``t``, ``t_min``, ``t_max``).
        t_min, t_max: the solved interval.
        n_segments: number of segments (accepted steps).
        ascending: whether time increased during the integration.

    ``sol(t)`` with a scalar t gives the state (n,); with a 1-D array of k times, an (n, k)
    array. Outside [t_min, t_max] it extrapolates the first or last segment's polynomial.
    Pickles (the polynomials' coefficients are kept).
    """

    def __init__(self, core, mapping=None, constant=None):
        # core: a _core.OdeSolution over the forward time s; constant: (t0, t_end, y0) for a
        # solve that took no step (t0 == t_end or an empty state): y0 everywhere, as scipy.
        self._core = core
        self._mapping = mapping or _Mapping()
        self._constant = constant
        if constant is not None:
            t0, t_end, _ = constant
            self.ts = np.array([t0, t_end], dtype=float)
        else:
            self.ts = self._mapping.sign * np.asarray(core.ts)
        self.n_segments = max(len(self.ts) - 1, 0)
        self.ascending = self._mapping.sign > 0
        self.t_min = float(self.ts.min()) if self.ts.size else 0.0
        self.t_max = float(self.ts.max()) if self.ts.size else 0.0

    @property
    def interpolants(self):
        return [_Segment(self, i) for i in range(self.n_segments)]

    def _evaluate(self, t, segment=None):
        t = np.asarray(t, dtype=float)
        if t.ndim > 1:
            raise ValueError("`t` must be a float or a 1-D array.")
        if self._constant is not None:
            y0 = self._constant[2]
            return y0.copy() if t.ndim == 0 else np.repeat(y0[:, None], t.size, axis=1)
        s = self._mapping.sign * t
        z = self._core(s) if segment is None else self._core._evaluate_segment(segment, s)
        return self._mapping.state(np.asarray(z))

    def __call__(self, t):
        return self._evaluate(t)

    def __repr__(self):
        return (
            f"OdeSolution(t_min={self.t_min!r}, t_max={self.t_max!r}, n_segments={self.n_segments})"
        )


def solve_ivp(
    fun,
    t_span,
    y0,
    method="Rodas5P",
    t_eval=None,
    dense_output=False,
    events=None,
    vectorized=False,
    args=None,
    **options,
):
    """Solves the initial value problem dy/dt = fun(t, y), y(t0) = y0, with the arguments and
    the behaviour of ``scipy.integrate.solve_ivp`` but stiff Rosenbrock methods in C++.

    Args:
        fun: either a callable ``fun(t, y, *args) -> array (n,)`` (called with the GIL held; its
            exceptions propagate), or a problem from :mod:`myofatigue.problems` (for example
            ``problems.Hires()``), which is solved entirely in C++ with its analytic Jacobian and
            the GIL released (forward in time and real; otherwise through its ``rhs`` and
            ``jacobian`` methods).
        t_span: (t0, t_end), finite [the problem's time unit]. t_end < t0 integrates backward;
            t_end == t0 returns the initial state, as scipy.
        y0: initial state, 1-D, finite, shape (n,); may be empty, or complex (then solved as the
            real system of its real and imaginary parts, twice the size; fun, jac and the events
            see complex states, and jac must be the complex df/dy, fun being analytic in y).
        method: "Rodas5P" (default; order 5), "Rodas4" (order 4) or "Rosenbrock23" (order 2,
            for loose tolerances). scipy's methods ("RK45", "BDF", ...) are refused.
        t_eval: times at which to store the solution (1-D, inside t_span, strictly ordered in
            the direction of integration); None stores every accepted step.
        dense_output: keep a continuous solution in ``result.sol`` (an :class:`OdeSolution`).
        events: a callable ``g(t, y, *args) -> float`` or a sequence of them; an event occurs
            where g changes sign, or starts from exactly 0 at t0 (as scipy), and is located on
            the dense output. Optional attributes as in scipy: ``terminal`` (bool, or a positive
            integer: stop at that occurrence) and ``direction`` (> 0: only rising crossings,
            < 0: only falling, 0: both).
        vectorized: whether fun accepts states of shape (n, k); when True it is called with
            (n, 1) columns and its result flattened, as scipy does for single evaluations.
        args: extra positional arguments passed to fun, jac and the events, as in scipy.
        **options: the solver options, as keywords:

            - rtol: relative tolerance, in (0, 1), a number or an array of shape (n,); values
              below 100 * eps are raised to it with a warning, as scipy.
            - atol: absolute tolerance [state units], >= 0: a number or an array of shape (n,).
            - jac: df/dy for a callable fun: a callable ``jac(t, y, *args) -> (n, n)`` (a number
              for n == 1), a constant (n, n) array (dense or scipy.sparse), or None for finite
              differences (column-coloured when jac_sparsity is given). df/dt is taken by a
              forward difference in t. Must be None for a problem from myofatigue.problems.
            - jac_sparsity: (n, n) array whose nonzero entries mark where df/dy may be nonzero.
              Enables coloured finite differences and, from 100 states on, a sparse LU.
            - lband, uband: the Jacobian is banded: df_i/dy_j = 0 unless
              -lband <= j - i <= uband (as for scipy's LSODA). Gives the sparsity pattern; a
              callable jac then returns the packed band,
              ``jac_packed[uband + i - j, j] = df_i/dy_j``, shape (lband + uband + 1, n), as
              LSODA's.
            - first_step: initial step size [time unit], in (0, ``|t_end - t0|``]; None
              chooses it.
            - max_step: largest step size [time unit], > 0 (default inf).
            - min_step: smallest step size [time unit], >= 0 (default 0): a solve whose step
              would fall below it ends with status -1 (StepSizeTooSmall), as LSODA's.
            - max_steps: most step attempts (accepted + rejected), >= 1 (default 1e6).
            - on_failure: "return" (default): a numerical failure returns the partial solution
              with status -1 and ``failure`` set; "raise": it raises SolverError instead.

    Ctrl-C (SIGINT) stops the solve within about 15 ms and raises KeyboardInterrupt, also for a
    problem from myofatigue.problems solved without the GIL (on the main thread; a solve in
    another thread is not interrupted).

    Returns:
        An :class:`OdeResult` (see its fields).

    Raises:
        ValueError with scipy's message where scipy raises one (``method``, ``y0``, ``t_eval``,
            ``first_step``, ``max_step``, ``atol``, an event's ``terminal``); as a
            :class:`ParameterError` whose ``field`` is the argument.
        ParameterError (a ValueError): other invalid arguments; the message starts with the
            argument's name ("rtol: value 2 is outside the allowed range (0, 1)").
        ArgumentTypeError (a TypeError and a ParameterError): an argument of the wrong type,
            an unknown keyword, or a callable (fun, jac, an event) that returned something
            other than real numbers (None, a str, ...).
        SolverError (a RuntimeError): a numerical failure with on_failure="raise".
        Whatever fun, jac or an event function raises.
    """
    unknown = {k: v for k, v in options.items() if k not in _OPTIONS}
    if unknown:
        _core._reject_unknown_keywords("solve_ivp", unknown, _KEYWORDS)
    rtol = options.get("rtol", 1e-3)
    atol = options.get("atol", 1e-6)
    jac = options.get("jac")
    jac_sparsity = options.get("jac_sparsity")
    first_step = options.get("first_step")
    max_step = options.get("max_step", np.inf)
    min_step = options.get("min_step", 0.0)
    lband, uband = options.get("lband"), options.get("uband")
    max_steps = options.get("max_steps", 1_000_000)
    on_failure = options.get("on_failure", "return")

    _check_method(method)
    t0, t_end = _time_span(t_span)
    sign = -1.0 if t_end < t0 else 1.0
    problem = _is_problem(fun)

    if args is not None:
        try:
            args = tuple(args)
        except TypeError as e:
            raise TypeError(
                f"Supplied 'args' cannot be unpacked. Please supply `args` as a tuple (e.g. "
                f"`args=({args},)`)"
            ) from e
        if problem or not all(callable(g) for g in _as_list(events)):
            _raise(
                "args",
                "args: needs callables: fun, jac and events take extra arguments only in Python",
            )
        fun = _with_args(fun, args)
        if callable(jac):
            jac = _with_args(jac, args)
        if events is not None:
            events = [_with_args(g, args) for g in _as_list(events)]

    y0_given = y0
    y0 = _initial_state(y0)
    is_complex = y0 is not None and np.iscomplexobj(y0)
    n = y0.shape[0] if y0 is not None else None

    if problem and (sign < 0 or is_complex):
        # The C++ problems integrate forward and real only: go through their Python methods.
        if jac is None:
            jac = fun.jacobian
        fun = fun.rhs
        problem = False

    if vectorized and not problem:
        fun = _unvectorized(fun)

    if n is not None:
        rtol = _relative_tolerance(rtol, n)
        atol = _absolute_tolerance(atol, n)
    _check_step_sizes(first_step, max_step, t0, t_end)
    t_eval = _output_times(t_eval, t0, t_end)
    event_specs = _prepare_events(events)

    if lband is not None or uband is not None:
        if n is None:
            _raise("lband", "lband, uband: need a numeric y0")
        lower, upper = _band(lband, "lband", n), _band(uband, "uband", n)
        if jac_sparsity is None:
            jac_sparsity = _band_pattern(n, lower, upper)
        if callable(jac):
            jac = _unpacked_band(jac, n, lower, upper)

    if n is not None and (t0 == t_end or n == 0):
        return _without_steps(fun, t0, t_end, y0, method, t_eval, dense_output, event_specs, jac)

    mapping = _Mapping(sign, n if is_complex else None)
    if sign < 0 or is_complex:
        fun, jac, jac_sparsity, event_specs = _mapped_problem(
            fun, jac, jac_sparsity, event_specs, mapping
        )
        if is_complex:
            y0 = np.concatenate([y0.real, y0.imag])
            rtol = _doubled(rtol)
            atol = _doubled(atol)
        if t_eval is not None:
            t_eval = sign * t_eval
    if jac_sparsity is not None and hasattr(jac_sparsity, "toarray"):
        jac_sparsity = jac_sparsity.toarray()

    try:
        raw = _core._solve_ivp(
            fun,
            (sign * t0, sign * t_end),
            y0_given if y0 is None else y0,
            method,
            t_eval,
            bool(dense_output),
            event_specs,
            rtol,
            atol,
            jac,
            jac_sparsity,
            first_step,
            max_step,
            min_step,
            max_steps,
            on_failure,
        )
    except _core.SolverError as e:
        e.t_s = sign * e.t_s  # where the user's problem failed, not the mapped one
        e.state = mapping.state(e.state)
        raise
    if raw["status"] == 1 and t_eval is None and raw["t"].size == 1:
        # A terminal event at t0 itself: scipy appends the event point to [t0], so t = [t0, t0].
        raw["t"] = np.repeat(raw["t"], 2)
        raw["y"] = np.repeat(raw["y"], 2, axis=1)
    return _result(raw, mapping, events is not None)


def _result(raw, mapping, have_events):
    """The C++ result (forward, real) as the user's OdeResult."""
    raw["t"] = mapping.sign * raw["t"] if mapping.sign < 0 else raw["t"]
    raw["y"] = mapping.state(raw["y"])
    if raw["sol"] is not None:
        if raw["sol"].n_segments == 0 and raw["status"] == 1:
            # Stopped by a terminal event at t0 before any step: the solution is that point.
            t0 = float(raw["t"][0])
            raw["sol"] = OdeSolution(None, mapping, (t0, t0, raw["y"][:, 0].copy()))
        else:
            raw["sol"] = OdeSolution(raw["sol"], mapping)
    if have_events:
        raw["t_events"] = [mapping.sign * np.asarray(te) for te in raw["t_events"]]
        # scipy keeps an event that never occurred as np.asarray([]): shape (0,).
        raw["y_events"] = [
            mapping.state_rows(np.asarray(ye)) if len(te) else np.empty(0)
            for te, ye in zip(raw["t_events"], raw["y_events"])
        ]
    if raw["failure"] is not None:
        f = raw["failure"]
        f["t_s"] = mapping.sign * f["t_s"]
        f["state"] = mapping.state(f["state"])
        raw["failure"] = Failure(**f)
        if mapping.sign < 0:  # the driver's message gives the time of the mapped problem
            raw["message"] = (
                f"{f['status']} at t = {f['t_s']!r} with step {f['step_s']!r}: {f['message']}"
            )
    return OdeResult(raw)


# ------------------------------------------------------------------------ arguments, as scipy


def _raise(field, message):
    raise _core.ParameterError(message, field=field)


def _check_method(method):
    if isinstance(method, str) and method in METHODS:
        return
    if isinstance(method, str) and method in _SCIPY_METHODS:
        detail = f"scipy's {method!r} is not one of myofatigue's (stiff Rosenbrock) methods"
    elif isinstance(method, type):
        detail = "scipy's OdeSolver classes are not accepted"
    elif isinstance(method, str):
        detail = f"got {method!r}"
    else:
        # A wrong type, worded as every other one here; still a ValueError, as scipy's.
        raise _core.ArgumentTypeError(
            f"method: expected a method name, one of {list(METHODS)}, got "
            f"{type(method).__name__} {method!r}",
            field="method",
        )
    _raise("method", f"`method` must be one of {list(METHODS)}; {detail}.")


def _time_span(t_span):
    try:
        t0, t_end = map(float, t_span)
    except (TypeError, ValueError) as e:
        raise _core.ArgumentTypeError(
            f"t_span: must be a pair (t0, t_end) of real numbers, got {t_span!r}", field="t_span"
        ) from e
    if not (np.isfinite(t0) and np.isfinite(t_end)):
        _raise("t_span", f"t_span: must be two finite times, got ({t0!r}, {t_end!r})")
    return t0, t_end


def _is_problem(fun):
    kinds = tuple(
        getattr(_core.problems, name)
        for name in ("Rober", "Hires", "VdPol", "VdPolM", "ProtheroRobinson", "BlockBordered")
    )
    return isinstance(fun, kinds)


def _initial_state(y0):
    """y0 as a float or complex array; None when it is not numeric (C++ then names the type)."""
    a = np.asarray(y0)
    if a.dtype.kind not in "biufc":
        return None
    if a.ndim != 1:
        _raise("y0", "`y0` must be 1-dimensional.")
    a = a.astype(complex if a.dtype.kind == "c" else float)
    if not np.isfinite(a).all():
        _raise("y0", "All components of the initial state `y0` must be finite.")
    return a


def _numeric(x):
    """x as a float array, or None when it is not made of real numbers (C++ then raises
    ArgumentTypeError naming the argument)."""
    try:
        a = np.asarray(x)
    except (TypeError, ValueError):
        return None
    return a.astype(float) if a.dtype.kind in "biuf" else None


def _relative_tolerance(rtol, n):
    r = _numeric(rtol)
    if r is None:
        return rtol
    if r.ndim > 0 and r.shape != (n,):
        _raise("rtol", "`rtol` has wrong shape.")
    if np.any(r < 100 * _EPS):
        warnings.warn(
            "At least one element of `rtol` is too small. "
            f"Setting `rtol = np.maximum(rtol, {100 * _EPS})`.",
            stacklevel=4,
        )
        r = np.maximum(r, 100 * _EPS)
    return r


def _absolute_tolerance(atol, n):
    a = _numeric(atol)
    if a is None:
        return atol
    if a.ndim > 0 and a.shape != (n,):
        _raise("atol", "`atol` has wrong shape.")
    if np.any(a < 0):
        _raise("atol", "`atol` must be positive.")
    return a


def _doubled(tol):
    t = np.asarray(tol, dtype=float)
    return t if t.ndim == 0 else np.concatenate([t, t])


def _is_number(x):
    return isinstance(x, (int, float, np.integer, np.floating)) and not isinstance(x, bool)


def _check_step_sizes(first_step, max_step, t0, t_end):
    if first_step is not None and _is_number(first_step):
        if first_step <= 0:
            _raise("first_step", "`first_step` must be positive.")
        if first_step > abs(t_end - t0):
            _raise("first_step", "`first_step` exceeds bounds.")
    if _is_number(max_step) and max_step <= 0:
        _raise("max_step", "`max_step` must be positive.")


def _output_times(t_eval, t0, t_end):
    """t_eval checked as scipy does; returned as floats in the user's time."""
    if t_eval is None:
        return None
    te = np.asarray(t_eval)
    if te.dtype.kind not in "biuf":
        return t_eval  # C++ names the wrong type
    te = te.astype(float)
    if te.ndim != 1:
        _raise("t_eval", "`t_eval` must be 1-dimensional.")
    if np.any(te < min(t0, t_end)) or np.any(te > max(t0, t_end)):
        _raise("t_eval", "Values in `t_eval` are not within `t_span`.")
    d = np.diff(te)
    if (t_end > t0 and np.any(d <= 0)) or (t_end < t0 and np.any(d >= 0)):
        _raise("t_eval", "Values in `t_eval` are not properly sorted.")
    return te


def _as_list(events):
    if events is None:
        return []
    return [events] if callable(events) else list(events)


def _prepare_events(events):
    """[(g, stop_after, direction)]: stop_after 0 never stops, k stops at the k-th occurrence."""
    if events is None:
        return None
    if not callable(events):
        try:
            events = list(events)
        except TypeError:
            raise _core.ArgumentTypeError(
                f"events: expected a callable g(t, y) or a sequence of them, got "
                f"{type(events).__name__} {events!r}",
                field="events",
            ) from None
    specs = []
    for k, g in enumerate(_as_list(events)):
        if not callable(g):
            raise _core.ArgumentTypeError(
                f"events[{k}]: expected a callable g(t, y), got {type(g).__name__} {g!r}",
                field=f"events[{k}]",
            )
        terminal = getattr(g, "terminal", None)
        if terminal is None or terminal == 0:
            stop_after = 0
        elif int(terminal) == terminal and terminal > 0:
            stop_after = int(terminal)
        else:
            _raise(
                f"events[{k}].terminal",
                "The `terminal` attribute of each event must be a boolean or positive integer.",
            )
        specs.append((g, stop_after, getattr(g, "direction", 0.0)))
    return specs


def _with_args(f, args):
    """f(t, y, *args) as g(t, y), keeping scipy's event attributes."""

    def g(t, y):
        return f(t, y, *args)

    for attr in ("terminal", "direction"):
        if hasattr(f, attr):
            setattr(g, attr, getattr(f, attr))
    return g


def _unvectorized(fun):
    """A vectorized fun called on one state, as scipy's solvers do: with y as an (n, 1) column."""

    def f(t, y):
        return np.asarray(fun(t, y[:, None])).ravel()

    return f


def _band(value, name, n):
    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not 0 <= value < n:
        _raise(name, f"{name}: must be an int in [0, {n - 1}] (a band width), got {value!r}")
    return int(value)


def _band_pattern(n, lower, upper):
    i, j = np.indices((n, n))
    return ((j - i >= -lower) & (j - i <= upper)).astype(float)


def _unpacked_band(jac, n, lower, upper):
    """LSODA's packed banded jac (jac_packed[uband + i - j, j] = J[i, j]) as a full (n, n) one."""
    rows = lower + upper + 1

    def full(t, y):
        packed = np.asarray(jac(t, y), dtype=float)
        if packed.shape != (rows, n):
            _raise(
                "jac",
                f"jac: with lband and uband it must return the packed band, shape "
                f"({rows}, {n}), got {packed.shape}",
            )
        J = np.zeros((n, n))
        for i in range(n):
            for j in range(max(0, i - lower), min(n, i + upper + 1)):
                J[i, j] = packed[upper + i - j, j]
        return J

    return full


# ------------------------------------------------------------------------ mapped problems


def _mapped_problem(fun, jac, jac_sparsity, event_specs, mapping):
    """The forward, real problem in s = sign * t and z = (Re y, Im y) that C++ solves:
    dz/ds = sign * (Re f, Im f). A complex df/dy J = A + iB (fun analytic in y) acts on z as
    [[A, -B], [B, A]]."""
    sign, to_y = mapping.sign, mapping.state
    cplx = mapping.complex_n is not None

    def to_z(v):
        v = np.asarray(v)
        return np.concatenate([v.real, v.imag]) if cplx else v

    def f(s, z):
        out = np.asarray(fun(sign * s, to_y(z)))
        return sign * (to_z(out.astype(complex)) if cplx else out)

    def real_jacobian(J):
        if hasattr(J, "toarray"):
            J = J.toarray()
        J = np.asarray(J)
        if cplx:
            J = J.astype(complex)
            if J.ndim < 2:  # a number for a one-state system
                J = J.reshape(1, 1)
            J = np.block([[J.real, -J.imag], [J.imag, J.real]])
        return sign * J

    if callable(jac):

        def mapped_jac(s, z):
            return real_jacobian(jac(sign * s, to_y(z)))
    elif jac is not None:
        mapped_jac = real_jacobian(jac)
    else:
        mapped_jac = None

    if jac_sparsity is not None and cplx:
        S = jac_sparsity.toarray() if hasattr(jac_sparsity, "toarray") else np.asarray(jac_sparsity)
        S = (S != 0).astype(float)
        jac_sparsity = np.block([[S, S], [S, S]])

    def mapped_event(g):
        def e(s, z):
            return g(sign * s, to_y(z))

        return e

    if event_specs is not None:
        # direction is about the order in which the solve meets the values, so it is unchanged.
        event_specs = [(mapped_event(g), stop, direction) for g, stop, direction in event_specs]
    return f, mapped_jac, jac_sparsity, event_specs


def _without_steps(fun, t0, t_end, y0, method, t_eval, dense_output, event_specs, jac):
    """t0 == t_end or an empty state: nothing to integrate. As scipy: the result holds t0 and
    t_end (or t_eval) with the initial state, and events are looked for between the two."""
    status = 0
    t_stop = t_end
    t_events = y_events = None
    if event_specs is not None:
        t_events, y_events = [], []
        found = []
        for g, stop_after, direction in event_specs:
            g0, g1 = _event_value(g, t0, y0), _event_value(g, t_end, y0)
            up, down = g0 <= 0 <= g1, g0 >= 0 >= g1
            occurs = up if direction > 0 else down if direction < 0 else (up or down)
            te = _root(g, t0, t_end, y0, g0, g1) if occurs else None
            found.append(te)
            t_events.append(np.array([te]) if occurs else np.empty(0))
            y_events.append(y0[None, :].copy() if occurs else np.empty(0))
        # Each event can occur once here, so only a first-occurrence terminal event stops.
        terminal = [
            te for te, (_, stop, _) in zip(found, event_specs) if te is not None and stop == 1
        ]
        if terminal:
            status = 1
            t_stop = min(terminal, key=lambda te: abs(te - t0))
    if t_eval is None:
        t = np.array([t0, t_stop])
    else:
        t = t_eval[np.abs(t_eval - t0) <= abs(t_stop - t0)]
    y = np.repeat(y0[:, None], t.size, axis=1)
    sol = (
        OdeSolution(None, _Mapping(-1.0 if t_end < t0 else 1.0), (t0, t_stop, y0))
        if dense_output
        else None
    )
    stats = dict(
        steps=0,
        rejected=0,
        rhs_evals=0,
        jacobian_evals=0,
        factorizations=0,
        linear_solves=0,
        wall_s=0.0,
    )
    return OdeResult(
        t=t,
        y=y,
        sol=sol,
        t_events=t_events,
        y_events=y_events,
        nfev=0,
        njev=0,
        nlu=0,
        status=status,
        message="A termination event occurred."
        if status == 1
        else "The solver successfully reached the end of the integration interval.",
        success=True,
        stats=stats,
        failure=None,
        method=method,
        jacobian="FiniteDifference" if jac is None else "Analytic",
        linear_solver="Dense",
    )


def _event_value(g, t, y):
    v = np.asarray(g(t, y.copy()))
    if v.dtype.kind not in "biuf" or v.size != 1:
        raise _core.ArgumentTypeError(
            f"events: returned {v!r}; it must return one real number", field="events"
        )
    return float(v)


def _root(g, a, b, y, ga, gb):
    """The zero of g(t, y) between a and b with the state held (bisection to 4 eps, as scipy's
    brentq tolerance), where ga and gb bracket it."""
    if ga == 0 or a == b:
        return a
    if gb == 0:
        return b
    for _ in range(200):
        m = 0.5 * (a + b)
        if abs(b - a) <= 4 * _EPS * max(abs(a), abs(b), 1.0) or m in (a, b):
            break
        gm = _event_value(g, m, y)
        if gm == 0:
            return m
        if (gm > 0) == (ga > 0):
            a, ga = m, gm
        else:
            b = m
    return 0.5 * (a + b)
