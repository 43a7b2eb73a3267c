"""Components written in Python: declarations composed with the built-in components.

A :class:`Component` declares what a C++ ``ComponentImpl`` declares (``include/myofatigue/model/
component.hpp``): its states, the signals it reads and writes, the modulation channels it
honours, its observables and parameters, and a right-hand side, here a Python callable working on
NumPy arrays. :func:`myofatigue.build_model` composes it with registered components by signal
key::

    import myofatigue as mf

    def tension_time(t, x, inputs, channels, p):
        (index,) = x            # tti.I [s]
        (force,) = inputs       # muscle.force_fraction [1]
        return [force - index / p.tau]

    tti = mf.Component(
        "tension_time", "tti",
        states=[mf.StateSpec("I", unit="s", description="tension-time index",
                             allowed=(0.0, math.inf))],
        reads=[mf.SignalSpec("muscle.force_fraction", unit="1")],
        parameters=[mf.ParameterSpec("tau", unit="s", default=600.0, allowed=(1.0, 1e6))],
        rhs=tension_time)
    model = mf.build_model([("motor_unit_pool", {"units": 40}), tti])

The callables are called from C++ with the GIL taken for each call (the solves themselves run
without it): one Python call per right-hand side evaluation, plus the Jacobian's (the user's
``jacobian`` or ``1 + 2 (n_states + n_reads + 1)`` calls of ``rhs`` by central differences)
whenever the solver refreshes its Jacobian. That costs microseconds per call where a C++
component costs nanoseconds: write a C++ component (CONTRIBUTING.md) for large models, long
sweeps, or equations that must be differentiated exactly across kinks (switching functions).

Every declaration is an immutable value (frozen dataclasses): equal when built from equal parts,
hashable, and picklable when its callables are (module-level functions; a lambda or a nested
function raises :class:`pickle.PicklingError` naming the component and the callable).
"""

from __future__ import annotations

import collections
import keyword
import math
import numbers
import pickle
from dataclasses import dataclass, field
from typing import Callable, Optional, Tuple

from ._errors import ArgumentTypeError, ModelError, ParameterError

__all__ = ["ChannelSpec", "Component", "ObservableSpec", "ParameterSpec", "SignalSpec", "StateSpec"]

_INF = math.inf


def _describe(value) -> str:
    text = repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{type(value).__name__} {text}"


def _str(value, field_name: str, *, empty: bool = True) -> str:
    if not isinstance(value, str):
        raise ArgumentTypeError(
            f"{field_name}: expected a str, got {_describe(value)}", field=field_name
        )
    if not empty and not value:
        raise ModelError(f"{field_name}: must not be empty", field=field_name)
    return value


def _real(value, field_name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ArgumentTypeError(
            f"{field_name}: expected a real number, got {_describe(value)}", field=field_name
        )
    return float(value)


def _range(value, field_name: str) -> Tuple[float, float]:
    if isinstance(value, str) or not hasattr(value, "__len__") or len(value) != 2:
        raise ArgumentTypeError(
            f"{field_name}: expected a (lo, hi) pair of real numbers, got {_describe(value)}",
            field=field_name,
        )
    lo, hi = _real(value[0], field_name), _real(value[1], field_name)
    if math.isnan(lo) or math.isnan(hi) or lo > hi:
        raise ParameterError(
            f"{field_name}: ({lo!r}, {hi!r}) is not a range (lo <= hi)", field=field_name
        )
    return (lo, hi)


def _key(value, field_name: str) -> str:
    """A full key "prefix.symbol"."""
    key = _str(value, field_name)
    head, dot, tail = key.partition(".")
    if not (head and dot and tail) or any(c.isspace() for c in key):
        raise ModelError(
            f"{field_name}: {key!r} is not a full key 'prefix.symbol' "
            "(e.g. 'muscle.force_fraction')",
            field=field_name,
        )
    return key


def _symbol(value, field_name: str) -> str:
    symbol = _str(value, field_name, empty=False)
    if "." in symbol or any(c.isspace() for c in symbol):
        raise ModelError(
            f"{field_name}: {symbol!r} must not contain '.' or spaces (the full key "
            "is 'prefix.symbol')",
            field=field_name,
        )
    return symbol


@dataclass(frozen=True)
class StateSpec:
    """A state of a Python component; its full key is "prefix.symbol".

    Args:
        symbol: the symbol as in the source paper, e.g. "MF".
        unit: SI unit, "1" for a dimensionless fraction.
        description: what it is.
        allowed: (lo, hi) the state must stay inside (also where finite differences stay).
        initial: its value at rest, fresh muscle, inside ``allowed``.
    """

    symbol: str
    unit: str
    description: str = ""
    allowed: Tuple[float, float] = (-_INF, _INF)
    initial: float = 0.0

    def __post_init__(self):
        where = f"StateSpec({self.symbol!r})" if isinstance(self.symbol, str) else "StateSpec"
        _symbol(self.symbol, f"{where}.symbol")
        _str(self.unit, f"{where}.unit")
        _str(self.description, f"{where}.description")
        allowed = _range(self.allowed, f"{where}.allowed")
        initial = _real(self.initial, f"{where}.initial")
        if not allowed[0] <= initial <= allowed[1]:
            raise ParameterError(
                f"{where}.initial: {initial!r} {self.unit} is outside the allowed "
                f"range [{allowed[0]!r}, {allowed[1]!r}]",
                field=f"{where}.initial",
            )
        object.__setattr__(self, "allowed", allowed)
        object.__setattr__(self, "initial", initial)


@dataclass(frozen=True)
class SignalSpec:
    """A signal read or written by a Python component: a named, unit-carrying scalar passed
    between components, e.g. "muscle.force_fraction" (written by the motor-unit pool) or
    "protocol.target_fraction" (written by the protocol).

    Args:
        key: the full key "prefix.symbol".
        unit: SI unit, "1" for a dimensionless fraction.
        description: what it is.
    """

    key: str
    unit: str
    description: str = ""

    def __post_init__(self):
        where = f"SignalSpec({self.key!r})" if isinstance(self.key, str) else "SignalSpec"
        _key(self.key, f"{where}.key")
        _str(self.unit, f"{where}.unit")
        _str(self.description, f"{where}.description")


@dataclass(frozen=True)
class ChannelSpec:
    """A modulation channel a Python component honours (interventions act on it).

    Args:
        key: the full key, e.g. "fatigue.recovery_gain".
        composition: "gain" (contributions multiply, neutral value 1) or "offset" (they add,
            neutral value 0).
        description: what it modulates.
    """

    key: str
    composition: str = "gain"
    description: str = ""

    def __post_init__(self):
        where = f"ChannelSpec({self.key!r})" if isinstance(self.key, str) else "ChannelSpec"
        _key(self.key, f"{where}.key")
        if _str(self.composition, f"{where}.composition") not in ("gain", "offset"):
            raise ParameterError(
                f"{where}.composition: {self.composition!r} is not valid; valid: 'gain', 'offset'",
                field=f"{where}.composition",
            )
        _str(self.description, f"{where}.description")


@dataclass(frozen=True)
class ObservableSpec:
    """An observable of a Python component (computed by its ``observe`` callable).

    Args:
        symbol: full key "prefix.symbol" in results.
        unit: SI unit, "1" for a dimensionless fraction.
        description: what it is.
        is_capacity: True for the force fraction producible now (of fresh MVC), which defines
            task failure (at most one per model).
    """

    symbol: str
    unit: str
    description: str = ""
    is_capacity: bool = False

    def __post_init__(self):
        where = (
            f"ObservableSpec({self.symbol!r})" if isinstance(self.symbol, str) else "ObservableSpec"
        )
        _symbol(self.symbol, f"{where}.symbol")
        _str(self.unit, f"{where}.unit")
        _str(self.description, f"{where}.description")
        if not isinstance(self.is_capacity, bool):
            raise ArgumentTypeError(
                f"{where}.is_capacity: expected a bool, got {_describe(self.is_capacity)}",
                field=f"{where}.is_capacity",
            )


@dataclass(frozen=True)
class ParameterSpec:
    """A parameter of a Python component (it becomes a :class:`myofatigue.ParameterInfo` of the
    model; its full key is "prefix.symbol").

    Args:
        symbol: the symbol as in the source paper; a Python identifier, because the right-hand
            side reads it as an attribute (``p.tau``).
        unit: SI unit ("1/s" for a rate), "1" for dimensionless.
        default: the default value, inside ``allowed``.
        description: what it is.
        allowed: (lo, hi): values outside raise ParameterError.
        plausible: (lo, hi): the physiologically plausible range to sweep (default: allowed).
        source: citation key (docs/references.bib), or e.g. "assumption".
    """

    symbol: str
    unit: str
    default: float
    description: str = ""
    allowed: Tuple[float, float] = (-_INF, _INF)
    plausible: Optional[Tuple[float, float]] = None
    source: str = ""

    def __post_init__(self):
        where = (
            f"ParameterSpec({self.symbol!r})" if isinstance(self.symbol, str) else "ParameterSpec"
        )
        symbol = _symbol(self.symbol, f"{where}.symbol")
        if not symbol.isidentifier() or keyword.iskeyword(symbol) or symbol.startswith("_"):
            raise ModelError(
                f"{where}.symbol: {symbol!r} must be a Python identifier that is not "
                "a keyword and does not start with '_' (the rhs reads p.<symbol>)",
                field=f"{where}.symbol",
            )
        _str(self.unit, f"{where}.unit")
        default = _real(self.default, f"{where}.default")
        _str(self.description, f"{where}.description")
        allowed = _range(self.allowed, f"{where}.allowed")
        plausible = (
            allowed if self.plausible is None else _range(self.plausible, f"{where}.plausible")
        )
        _str(self.source, f"{where}.source")
        if not allowed[0] <= default <= allowed[1]:
            raise ParameterError(
                f"{where}.default: {default!r} {self.unit} is outside the allowed "
                f"range [{allowed[0]!r}, {allowed[1]!r}]",
                field=f"{where}.default",
            )
        object.__setattr__(self, "default", default)
        object.__setattr__(self, "allowed", allowed)
        object.__setattr__(self, "plausible", plausible)


def _specs(values, kind, field_name: str) -> tuple:
    if isinstance(values, (str, bytes)) or not hasattr(values, "__iter__"):
        raise ArgumentTypeError(
            f"{field_name}: expected a sequence of {kind.__name__}, got {_describe(values)}",
            field=field_name,
        )
    out = tuple(values)
    for i, spec in enumerate(out):
        if not isinstance(spec, kind):
            raise ArgumentTypeError(
                f"{field_name}[{i}]: expected a {kind.__name__}, got {_describe(spec)}",
                field=f"{field_name}[{i}]",
            )
    return out


def _unique(values, field_name: str) -> None:
    seen = set()
    for v in values:
        if v in seen:
            raise ModelError(f"{field_name}: {v!r} is declared twice", field=field_name)
        seen.add(v)


def _callable(value, field_name: str, required: bool):
    if value is None and not required:
        return None
    if not callable(value):
        raise ArgumentTypeError(
            f"{field_name}: expected a callable f(t, x, inputs, channels, p), "
            f"got {_describe(value)}",
            field=field_name,
        )
    return value


@dataclass(frozen=True)
class Component:
    """A component whose equations are Python callables, composable with the registered ones in
    :func:`myofatigue.build_model` (``build_model(["three_compartment", my_component])``).

    The callables all take ``(t, x, inputs, channels, p)``:

    - ``t``: time [s] (float);
    - ``x``: the component's states, a new float64 array in ``states`` order (state units);
    - ``inputs``: the signals it reads, a float64 array in ``reads`` order (their units);
    - ``channels``: the channels it honours, a float64 array in ``channels`` order: 1 for a
      gain and 0 for an offset while no intervention acts;
    - ``p``: the parameter values in use, a named tuple (``p.tau``, or ``p[0]``) in
      ``parameters`` order (their units).

    Args:
        name: the component's name in ``Model.components`` and error messages, e.g.
            "tension_time".
        prefix: key prefix of its states, parameters and observables ("tti" gives "tti.I").
        states: its states (:class:`StateSpec`), at least one.
        rhs: ``rhs(t, x, inputs, channels, p)`` returns dx/dt [state unit / s], one real per
            state, when the component writes no signal; otherwise the pair ``(dxdt, outputs)``,
            ``outputs`` one real per entry of ``writes``. Values must be finite. It must be a
            function of its arguments only (the solver calls it at trial points, in any order).
        reads: signals it reads (:class:`SignalSpec`); each needs a producer in the model (the
            protocol writes "protocol.target_fraction").
        writes: signals it writes (:class:`SignalSpec`), read by components after it.
        channels: modulation channels it honours (:class:`ChannelSpec`).
        observables: what it reports besides its states (:class:`ObservableSpec`); needs
            ``observe``.
        observe: ``observe(t, x, inputs, channels, p)`` returns one real per observable.
        parameters: its parameters (:class:`ParameterSpec`).
        jacobian: optional ``jacobian(t, x, inputs, channels, p)`` returning a dict of arrays:
            "dfdx" (n_states x n_states), "dfdu" (n_states x n_reads), "dydx" (n_writes x
            n_states) and "dydu" (n_writes x n_reads), each required when not empty, and
            optionally "dfdt" (n_states) and "dydt" (n_writes), zero when left out. Without it
            the Jacobian comes from central differences of ``rhs`` (one-sided at the edges of a
            state's allowed range).
        citations: citation keys of its sources (docs/references.bib).

    Raises:
        ArgumentTypeError (TypeError and ValueError): an argument of the wrong type, naming it.
        ModelError (ValueError): a symbol or key declared twice, a malformed key, observables
            without ``observe`` (or the reverse).
    """

    name: str
    prefix: str
    states: Tuple[StateSpec, ...]
    rhs: Callable
    reads: Tuple[SignalSpec, ...] = ()
    writes: Tuple[SignalSpec, ...] = ()
    channels: Tuple[ChannelSpec, ...] = ()
    observables: Tuple[ObservableSpec, ...] = ()
    observe: Optional[Callable] = None
    parameters: Tuple[ParameterSpec, ...] = ()
    jacobian: Optional[Callable] = None
    citations: Tuple[str, ...] = field(default=())

    def __post_init__(self):
        name = _symbol(self.name, "Component.name")
        where = f"component '{name}'"
        _symbol(self.prefix, f"{name}.prefix")  # checked; the value is self.prefix
        states = _specs(self.states, StateSpec, f"{name}.states")
        if not states:
            raise ModelError(f"{where}: needs at least one state", field=f"{name}.states")
        reads = _specs(self.reads, SignalSpec, f"{name}.reads")
        writes = _specs(self.writes, SignalSpec, f"{name}.writes")
        channels = _specs(self.channels, ChannelSpec, f"{name}.channels")
        observables = _specs(self.observables, ObservableSpec, f"{name}.observables")
        parameters = _specs(self.parameters, ParameterSpec, f"{name}.parameters")
        _unique([s.symbol for s in states], f"{name}.states")
        _unique([s.key for s in reads], f"{name}.reads")
        _unique([s.key for s in writes], f"{name}.writes")
        _unique([c.key for c in channels], f"{name}.channels")
        _unique([o.symbol for o in observables], f"{name}.observables")
        _unique([p.symbol for p in parameters], f"{name}.parameters")
        if sum(o.is_capacity for o in observables) > 1:
            raise ModelError(
                f"{where}: at most one observable may be the capacity", field=f"{name}.observables"
            )
        _callable(self.rhs, f"{name}.rhs", True)
        observe = _callable(self.observe, f"{name}.observe", False)
        if observables and observe is None:
            raise ModelError(
                f"{where}: declares observables but no observe callable", field=f"{name}.observe"
            )
        if observe is not None and not observables:
            raise ModelError(
                f"{where}: has an observe callable but declares no observables",
                field=f"{name}.observables",
            )
        _callable(self.jacobian, f"{name}.jacobian", False)
        citations = _specs(self.citations, str, f"{name}.citations")
        for attr, value in (
            ("states", states),
            ("reads", reads),
            ("writes", writes),
            ("channels", channels),
            ("observables", observables),
            ("parameters", parameters),
            ("citations", citations),
        ):
            object.__setattr__(self, attr, value)

    def jacobian_error(self, t: float, x, inputs=(), channels=None, parameters=None) -> float:
        """How far ``jacobian`` is from central differences of ``rhs`` at one point: the largest
        ``|J_user - J_fd| / max(1, |J_fd|)`` over every entry of dfdx, dfdu, dfdt, dydx, dydu and
        dydt (what the C++ conformance tests check for registered components). Pick a point away
        from kinks of the rhs; about 1e-8 or less means the Jacobian is right.

        Args:
            t: time [s].
            x: the states (``states`` order).
            inputs: the read signals (``reads`` order).
            channels: the channel values (``channels`` order); None: neutral (1 for a gain, 0
                for an offset).
            parameters: None (the defaults) or a mapping {symbol: value} overriding some.

        Raises:
            ModelError (ValueError): the component has no ``jacobian``, or a part of it is
                missing or of the wrong shape.
        """
        import numpy as np

        name = self.name
        if self.jacobian is None:
            raise ModelError(
                f"component '{name}' has no jacobian to check", field=f"{name}.jacobian"
            )
        S, r, m = len(self.states), len(self.reads), len(self.writes)
        x = np.array(x, dtype=float).reshape(S)
        u = np.array(inputs, dtype=float).reshape(r)
        ch = (
            np.array([1.0 if c.composition == "gain" else 0.0 for c in self.channels])
            if channels is None
            else np.array(channels, dtype=float).reshape(len(self.channels))
        )
        values = {p.symbol: p.default for p in self.parameters}
        values.update(parameters or {})
        p = self._parameter_type()(**values)

        def f(t_, x_, u_):
            out = self.rhs(t_, x_.copy(), u_.copy(), ch.copy(), p)
            dxdt, y = (out, ()) if m == 0 else out
            return np.concatenate(
                [np.asarray(dxdt, dtype=float).ravel(), np.asarray(y, dtype=float).ravel()]
            )

        h0 = np.finfo(float).eps ** (1.0 / 3.0)
        point = np.concatenate([x, u, [float(t)]])
        fd = np.zeros((S + m, S + r + 1))
        for j in range(S + r + 1):
            h = h0 * max(abs(point[j]), 1.0)
            hi, lo = point.copy(), point.copy()
            hi[j] += h
            lo[j] -= h
            fd[:, j] = (f(hi[-1], hi[:S], hi[S : S + r]) - f(lo[-1], lo[:S], lo[S : S + r])) / (
                hi[j] - lo[j]
            )
        parts = self.jacobian(float(t), x.copy(), u.copy(), ch.copy(), p)
        user = np.zeros_like(fd)
        blocks = {
            "dfdx": (slice(0, S), slice(0, S)),
            "dfdu": (slice(0, S), slice(S, S + r)),
            "dfdt": (slice(0, S), S + r),
            "dydx": (slice(S, S + m), slice(0, S)),
            "dydu": (slice(S, S + m), slice(S, S + r)),
            "dydt": (slice(S, S + m), S + r),
        }
        for key, where in blocks.items():
            if key in parts:
                target = user[where]
                value = np.asarray(parts[key], dtype=float)
                if value.shape != target.shape:
                    raise ModelError(
                        f"{name}.jacobian: {key} has shape {value.shape}, expected {target.shape}",
                        field=f"{name}.jacobian",
                    )
                user[where] = value
        return float(np.max(np.abs(user - fd) / np.maximum(1.0, np.abs(fd)), initial=0.0))

    def _parameter_type(self):
        """The named-tuple type of ``p`` (called once per built component, by C++)."""
        return collections.namedtuple(
            f"{self.name}_parameters", [p.symbol for p in self.parameters]
        )

    def __reduce__(self):
        # Pickled by reference to its callables: check them first, so that a lambda fails with
        # a message naming the component instead of pickle's "attribute lookup failed".
        for attr in ("rhs", "observe", "jacobian"):
            fn = getattr(self, attr)
            if fn is None:
                continue
            try:
                pickle.dumps(fn)
            except Exception as exc:  # PicklingError, AttributeError, TypeError: all mean "no"
                raise pickle.PicklingError(
                    f"component '{self.name}': its {attr} callable {fn!r} cannot be pickled "
                    f"({exc}); define it as a module-level function so that models using this "
                    "component pickle (process pools, Dask)"
                ) from exc
        return (_rebuild, (type(self), self._fields()))

    def _fields(self) -> dict:
        return {f: getattr(self, f) for f in self.__dataclass_fields__}

    def __repr__(self) -> str:
        return (
            f"Component(name={self.name!r}, prefix={self.prefix!r}, states="
            f"{[s.symbol for s in self.states]}, reads={[s.key for s in self.reads]}, "
            f"writes={[s.key for s in self.writes]})"
        )


def _rebuild(cls, fields: dict) -> Component:
    return cls(**fields)
