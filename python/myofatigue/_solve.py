"""The solver layer of the public API: a scipy-shaped :func:`solve_ivp` and its :class:`OdeResult`
(bound in python/src/expose_solve.cpp; the driver is include/myofatigue/solvers/solve_ivp.hpp).

Re-exported by ``myofatigue/__init__.py``.
"""

from dataclasses import dataclass

import numpy as np

from . import _core

__all__ = ["Failure", "OdeResult", "OdeSolution", "solve_ivp"]

OdeSolution = _core.OdeSolution


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
    """Result of :func:`solve_ivp`: a dict whose keys are also attributes, like scipy's.

    scipy's fields:
        t: times, shape (m,).
        y: states, shape (n, m), one column per time.
        sol: the continuous solution (:class:`OdeSolution`) if dense_output, else None.
        t_events: per event, the times it occurred, shape (k,); None without events.
        y_events: per event, the states there, shape (k, n); None without events.
        nfev, njev, nlu: right-hand-side evaluations (those of the finite-difference Jacobian
            included), Jacobian evaluations, LU factorisations.
        status: 0 end of t_span reached, 1 a terminal event occurred, -1 the solver failed.
        message: human-readable reason of the end.
        success: status >= 0.

    myofatigue's extras:
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


def _with_args(f, args):
    """f(t, y, *args) as g(t, y), keeping scipy's event attributes."""

    def g(t, y):
        return f(t, y, *args)

    for attr in ("terminal", "direction"):
        if hasattr(f, attr):
            setattr(g, attr, getattr(f, attr))
    return g


def solve_ivp(
    fun,
    t_span,
    y0,
    method="Rodas5P",
    t_eval=None,
    dense_output=False,
    events=None,
    *,
    rtol=1e-3,
    atol=1e-6,
    jac=None,
    jac_sparsity=None,
    first_step=None,
    max_step=np.inf,
    max_steps=1_000_000,
    args=None,
    on_failure="return",
    **unknown,
):
    """Solves the initial value problem dy/dt = fun(t, y), y(t0) = y0, like
    ``scipy.integrate.solve_ivp`` but with stiff Rosenbrock methods in C++.

    Args:
        fun: either a callable ``fun(t, y) -> array (n,)`` (called with the GIL held; its
            exceptions propagate), or a problem from :mod:`myofatigue.problems` (for example
            ``problems.Hires()``), which is solved entirely in C++ with its analytic Jacobian and
            the GIL released.
        t_span: (t0, t_end), finite, t_end > t0 [the problem's time unit].
        y0: initial state, 1-D, finite, shape (n,).
        method: "Rodas5P" (default; order 5), "Rodas4" (order 4) or "Rosenbrock23" (order 2,
            for loose tolerances).
        t_eval: times at which to store the solution (1-D, sorted, inside t_span); None stores
            every accepted step. Values between steps come from the dense output.
        dense_output: keep a continuous solution in ``result.sol``.
        events: a callable ``g(t, y) -> float`` or a sequence of them; an event occurs where g
            changes sign and is located on the dense output. Optional attributes as in scipy:
            ``terminal`` (bool: stop at the first occurrence) and ``direction`` (> 0: only
            rising crossings, < 0: only falling, 0: both).
        rtol: relative tolerance, in (2.2e-14, 1).
        atol: absolute tolerance [state units], >= 0: a number or an array of shape (n,).
        jac: df/dy for a callable fun: a callable ``jac(t, y) -> (n, n)``, a constant (n, n)
            array (dense or scipy.sparse), or None for finite differences (column-coloured when
            jac_sparsity is given). df/dt is taken by a forward difference in t. Must be None for
            a problem from myofatigue.problems.
        jac_sparsity: (n, n) array whose nonzero entries mark where df/dy may be nonzero; None
            when unknown. Enables coloured finite differences and, from 100 states on, a sparse LU.
        first_step: initial step size [time unit], > 0; None chooses it automatically.
        max_step: largest step size [time unit], > 0 (default inf).
        max_steps: most step attempts (accepted + rejected), >= 1.
        args: extra positional arguments passed to fun, jac and the events, as in scipy.
        on_failure: "return" (default): a numerical failure returns the partial solution with
            status -1 and ``failure`` set; "raise": it raises SolverError instead.

    Ctrl-C (SIGINT) stops the solve within about 15 ms and raises KeyboardInterrupt, also for a
    problem from myofatigue.problems solved without the GIL (on the main thread; a solve in
    another thread is not interrupted).

    Returns:
        An :class:`OdeResult` (see its fields).

    Raises:
        ParameterError (a ValueError): an invalid argument; the message starts with its name
            (for example "rtol: value -1 is outside the allowed range (0, 1)") and ``field``
            is that name.
        ArgumentTypeError (a TypeError and a ParameterError): an argument of the wrong type
            (``rtol="a"``, ``max_steps=1.5``), an unknown keyword, or a callable (fun, jac, an
            event) that returned something other than real numbers (None, a str, ...).
        SolverError (a RuntimeError): a numerical failure with on_failure="raise".
        Whatever fun, jac or an event function raises.
    """
    if unknown:
        _core._reject_unknown_keywords("solve_ivp", unknown, _KEYWORDS)
    if args is not None:
        if not isinstance(args, tuple):
            args = (args,)
        if not callable(fun) or not all(callable(f) for f in _as_list(events)):
            _raise_parameter_error(
                "args", "needs callables: fun, jac and events take extra arguments only in Python"
            )
        fun = _with_args(fun, args)
        if callable(jac):
            jac = _with_args(jac, args)
        if events is not None:
            events = [_with_args(g, args) for g in _as_list(events)]
    if jac_sparsity is not None and hasattr(jac_sparsity, "toarray"):
        jac_sparsity = jac_sparsity.toarray()
    raw = _core._solve_ivp(
        fun, t_span, y0, method, t_eval, bool(dense_output), events, rtol, atol, jac,
        jac_sparsity, first_step, max_step, max_steps, on_failure,
    )
    if raw["failure"] is not None:
        raw["failure"] = Failure(**raw["failure"])
    return OdeResult(raw)


_KEYWORDS = [
    "fun", "t_span", "y0", "method", "t_eval", "dense_output", "events", "rtol", "atol", "jac",
    "jac_sparsity", "first_step", "max_step", "max_steps", "args", "on_failure",
]


def _as_list(events):
    if events is None:
        return []
    return [events] if callable(events) else list(events)


def _raise_parameter_error(field, detail):
    raise _core.ParameterError(f"{field}: {detail}", field=field)
