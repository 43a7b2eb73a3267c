"""Sweep points: an immutable (n, k) table of parameter values by full key.

:func:`grid`, :func:`latin_hypercube` and :func:`points` build one; each checks what it can
without a model (names are str, values finite real numbers, bounds ordered) and, given
``model=``, also that every key is a parameter of that model and every value lies in its allowed
range. :func:`myofatigue.sweep` does the model checks again before anything runs.
"""

from __future__ import annotations

import difflib
import itertools
import math
from collections.abc import Mapping

import numpy as np

from .._errors import ArgumentTypeError, ParameterError

__all__ = ["Points", "grid", "latin_hypercube", "points"]


class Points:
    """Parameter points of a sweep: ``keys`` (full parameter keys, e.g. ``"fatigue.F"``) and
    ``values``, a read-only float64 array of shape ``(n_points, len(keys))`` in the parameters'
    units (``Model.parameter_info()``). Immutable; ``len(points)`` is the number of points."""

    __slots__ = ("_keys", "_values")

    def __init__(self, keys, values):
        keys = tuple(keys)
        for i, key in enumerate(keys):
            if not isinstance(key, str):
                raise ArgumentTypeError(
                    f"keys[{i}]: expected a full parameter key (str), got "
                    f"{type(key).__name__} {key!r}",
                    field=f"keys[{i}]",
                )
        if len(set(keys)) != len(keys):
            twice = next(k for k in keys if keys.count(k) > 1)
            raise ParameterError(f"{twice}: appears twice among the keys", field=twice)
        try:
            array = np.array(values, dtype=np.float64)
        except (TypeError, ValueError) as e:
            raise ArgumentTypeError(
                f"values: expected real numbers ({e})", field="values"
            ) from None
        if array.ndim == 1 and len(keys) == 1:
            array = array[:, None]
        if array.ndim != 2 or array.shape[1] != len(keys):
            raise ParameterError(
                f"values: expected shape (n_points, {len(keys)}) for {len(keys)} keys, got "
                f"{array.shape}",
                field="values",
            )
        array.setflags(write=False)
        self._keys = keys
        self._values = array

    @property
    def keys(self) -> tuple[str, ...]:
        """Full parameter keys, the columns of ``values``."""
        return self._keys

    @property
    def values(self) -> np.ndarray:
        """Parameter values, shape (n_points, n_keys), read-only."""
        return self._values

    def __len__(self) -> int:
        return self._values.shape[0]

    def column(self, key: str) -> np.ndarray:
        """The values of one key (read-only view, shape (n_points,))."""
        if key not in self._keys:
            raise ParameterError(
                f"{key}: is not a key of these points{_suggest(key, self._keys)}", field=key
            )
        return self._values[:, self._keys.index(key)]

    def to_dict(self) -> dict[str, np.ndarray]:
        """{key: array of shape (n_points,)} (copies)."""
        return {k: self._values[:, j].copy() for j, k in enumerate(self._keys)}

    def to_pandas(self):
        """A pandas DataFrame, one column per key (needs pandas)."""
        pd = _import("pandas", "sweep")
        return pd.DataFrame(self.to_dict())

    def check(self, model) -> None:
        """Checks every key against ``model``'s parameters and every value against its allowed
        range.

        Raises:
            ParameterError (ValueError): an unknown key (suggesting the closest keys), or a value
                outside its key's allowed range, naming the key, the point, the value, the unit
                and the range.
        """
        info = _parameter_info(model)
        for key in self._keys:
            _check_key(key, info)
        rows, cols = np.nonzero(~self.valid_mask(model, info))
        if rows.size:
            i, j = int(rows[0]), int(cols[0])
            key = self._keys[j]
            raise ParameterError(
                f"{key}: point {i} has value {float(self._values[i, j])!r}, outside the allowed range "
                f"{_range_text(info[key])}"
                + (f" ({rows.size} values outside in all)" if rows.size > 1 else ""),
                field=key,
            )

    def valid_mask(self, model, info=None) -> np.ndarray:
        """Boolean (n_points, n_keys): True where the value is finite and inside the key's
        allowed range (keys unknown to the model count as invalid)."""
        info = _parameter_info(model) if info is None else info
        mask = np.zeros(self._values.shape, dtype=bool)
        for j, key in enumerate(self._keys):
            if key in info:
                lo, hi = info[key].allowed
                col = self._values[:, j]
                mask[:, j] = np.isfinite(col) & (col >= lo) & (col <= hi)
        return mask

    def __eq__(self, other):
        if not isinstance(other, Points):
            return NotImplemented
        return self._keys == other._keys and np.array_equal(self._values, other._values)

    __hash__ = None  # holds an array: compare, do not hash

    def __repr__(self) -> str:
        ranges = ", ".join(
            f"{k!r}: [{self._values[:, j].min():.6g}, {self._values[:, j].max():.6g}]"
            if len(self)
            else f"{k!r}: []"
            for j, k in enumerate(self._keys)
        )
        return f"Points(n={len(self)}, {{{ranges}}})"


def grid(axes: Mapping, *, model=None) -> Points:
    """Every combination of the values given per key (a Cartesian grid).

    Args:
        axes: {full parameter key: 1-D sequence of values}; the first key varies slowest
            (``itertools.product`` order), so point ``i`` of a 2-key grid is
            ``(axes[k0][i // n1], axes[k1][i % n1])``.
        model: if given, keys and values are checked against its parameters now.

    Returns:
        Points with ``prod(len(v))`` rows.

    Raises:
        ArgumentTypeError: ``axes`` is not a mapping, or a value is not a real number.
        ParameterError: an empty axis, a non-finite value; with ``model``, an unknown key or a
            value outside the allowed range (naming the key and the range).
    """
    if not isinstance(axes, Mapping) or not axes:
        raise ArgumentTypeError(
            "axes: expected a non-empty mapping {full parameter key: values}, got "
            f"{type(axes).__name__}",
            field="axes",
        )
    columns = []
    for key, values in axes.items():
        col = _real_array(values, key)
        if col.ndim == 0:
            col = col[None]
        if col.ndim != 1 or col.size == 0:
            raise ParameterError(
                f"{key}: expected a non-empty 1-D sequence of values, got shape {col.shape}",
                field=key,
            )
        _check_finite(col, key)
        columns.append(col)
    values = np.array(list(itertools.product(*columns)), dtype=np.float64).reshape(-1, len(columns))
    pts = Points(axes.keys(), values)
    if model is not None:
        pts.check(model)
    return pts


def latin_hypercube(bounds: Mapping, *, n: int, seed=None, log=(), model=None) -> Points:
    """A Latin hypercube sample of ``n`` points inside the given bounds (scipy.stats.qmc).

    Args:
        bounds: {full parameter key: (low, high)} with low < high, finite.
        n: number of points, >= 1.
        seed: an int (or a numpy Generator) for a reproducible sample; None draws a fresh one.
        log: keys sampled uniformly in log space (bounds > 0), e.g. rates spanning decades.
        model: if given, keys and bounds are checked against its parameters now.

    Raises:
        ArgumentTypeError: wrong types (bounds not a mapping, n not an int).
        ParameterError: n < 1, bounds not finite or not increasing, a log key with bounds <= 0;
            with ``model``, an unknown key or bounds outside the allowed range.
        ImportError: scipy is missing (``pip install "myofatigue[sweep]"``).
    """
    if not isinstance(bounds, Mapping) or not bounds:
        raise ArgumentTypeError(
            "bounds: expected a non-empty mapping {full parameter key: (low, high)}, got "
            f"{type(bounds).__name__}",
            field="bounds",
        )
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)):
        raise ArgumentTypeError(f"n: expected an int >= 1, got {type(n).__name__} {n!r}", field="n")
    if n < 1:
        raise ParameterError(f"n: value {n} is outside [1, inf)", field="n")
    log = (log,) if isinstance(log, str) else tuple(log)
    for key in log:
        if key not in bounds:
            raise ParameterError(
                f"log: {key!r} is not a key of bounds{_suggest(key, bounds)}", field="log"
            )
    lows, highs = [], []
    for key, pair in bounds.items():
        b = _real_array(pair, key)
        if b.shape != (2,):
            raise ParameterError(f"{key}: expected (low, high), got shape {b.shape}", field=key)
        _check_finite(b, key)
        if not b[0] < b[1]:
            raise ParameterError(
                f"{key}: bounds ({float(b[0])!r}, {float(b[1])!r}) are not increasing", field=key
            )
        if key in log and b[0] <= 0:
            raise ParameterError(
                f"{key}: log-spaced bounds must be > 0, got ({float(b[0])!r}, {float(b[1])!r})",
                field=key,
            )
        lows.append(b[0])
        highs.append(b[1])
    if model is not None:
        info = _parameter_info(model)
        for key, lo, hi in zip(bounds, lows, highs):
            _check_key(key, info)
            a_lo, a_hi = info[key].allowed
            if lo < a_lo or hi > a_hi:
                raise ParameterError(
                    f"{key}: bounds ({float(lo)!r}, {float(hi)!r}) leave the allowed range "
                    f"{_range_text(info[key])}",
                    field=key,
                )
    qmc = _import("scipy.stats.qmc", "sweep")
    rng = np.random.default_rng(seed)
    try:
        sampler = qmc.LatinHypercube(d=len(lows), rng=rng)
    except TypeError:  # scipy < 1.15 names it seed
        sampler = qmc.LatinHypercube(d=len(lows), seed=rng)
    unit = sampler.random(n)
    keys = list(bounds)
    values = np.empty_like(unit)
    for j, key in enumerate(keys):
        lo, hi = lows[j], highs[j]
        if key in log:
            values[:, j] = np.exp(np.log(lo) + unit[:, j] * (np.log(hi) - np.log(lo)))
        else:
            values[:, j] = lo + unit[:, j] * (hi - lo)
    return Points(keys, values)


def points(data, *, names=None, model=None) -> Points:
    """Points from a pandas DataFrame (columns = keys), a mapping {key: values} of equal lengths,
    an (n, k) array with ``names`` (k keys), or Points (returned as they are).

    Raises:
        ArgumentTypeError: an unsupported type, or values that are not real numbers.
        ParameterError: columns of different lengths, an array without ``names`` or of the wrong
            width, non-finite values; with ``model``, an unknown key or a value outside its
            allowed range (naming the key, the point and the range).
    """
    if names is not None and not isinstance(data, (np.ndarray, list, tuple)):
        raise ParameterError("names: only an array of points takes names=", field="names")
    if isinstance(data, Points):
        pts = data
    elif hasattr(data, "columns") and hasattr(data, "to_numpy"):  # a pandas DataFrame
        keys = [str(c) for c in data.columns]
        pts = Points(keys, _real_array(data.to_numpy(), "data").reshape(len(data), len(keys)))
    elif isinstance(data, Mapping):
        if not data:
            raise ParameterError("data: the mapping is empty", field="data")
        cols = [np.atleast_1d(_real_array(v, k)) for k, v in data.items()]
        lengths = {c.shape for c in cols}
        if len(lengths) != 1 or cols[0].ndim != 1:
            raise ParameterError(
                "data: every key needs a 1-D sequence of the same length, got shapes "
                + ", ".join(f"{k}: {c.shape}" for k, c in zip(data, cols)),
                field="data",
            )
        pts = Points(data.keys(), np.column_stack(cols))
    elif isinstance(data, (np.ndarray, list, tuple)):
        if names is None:
            raise ParameterError(
                "names: an array of points needs names=[keys], one per column", field="names"
            )
        names = [names] if isinstance(names, str) else list(names)
        pts = Points(names, _real_array(data, "data"))
    else:
        raise ArgumentTypeError(
            "data: expected a pandas DataFrame, a mapping {key: values}, an (n, k) array with "
            f"names=, or Points; got {type(data).__name__}",
            field="data",
        )
    for j, key in enumerate(pts.keys):
        _check_finite(pts.values[:, j], key, allow_nan=True)
    if model is not None:
        pts.check(model)
    return pts


# ----------------------------------------------------------------------------------- helpers


def _import(module: str, extra: str):
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as e:
        raise ImportError(
            f"{module.split('.')[0]} is needed here but is not installed; install the "
            f"'{extra}' extra: pip install \"myofatigue[{extra}]\""
        ) from e


def _real_array(values, field: str) -> np.ndarray:
    try:
        a = np.asarray(values)
    except (TypeError, ValueError) as e:
        raise ArgumentTypeError(f"{field}: expected real numbers ({e})", field=field) from None
    if a.dtype == bool or not (
        np.issubdtype(a.dtype, np.integer) or np.issubdtype(a.dtype, np.floating)
    ):
        raise ArgumentTypeError(
            f"{field}: expected real numbers, got an array of {a.dtype}", field=field
        )
    return a.astype(np.float64)


def _check_finite(a: np.ndarray, field: str, allow_nan: bool = False) -> None:
    # NaN is allowed in explicit points: the sweep records such a point as invalid_parameters.
    bad = np.isinf(a) if allow_nan else ~np.isfinite(a)
    if bad.any():
        raise ParameterError(f"{field}: value {float(a[bad][0])!r} is not finite", field=field)


def _parameter_info(model) -> dict:
    if not hasattr(model, "parameter_info"):
        raise ArgumentTypeError(
            f"model: expected a Model (from build_model() or myofatigue.models), got "
            f"{type(model).__name__}",
            field="model",
        )
    return model.parameter_info()


def _check_key(key: str, info: dict) -> None:
    if key not in info:
        raise ParameterError(
            f"{key}: is not a parameter of the model{_suggest(key, info)}", field=key
        )


def _suggest(key, candidates) -> str:
    close = difflib.get_close_matches(key, list(candidates), n=3)
    return f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""


def _range_text(info) -> str:
    lo, hi = info.allowed
    unit = "" if info.unit in ("", "1") else f" {info.unit}"
    return f"[{lo:g}, {hi:g}]{unit}" if math.isfinite(hi) else f"[{lo:g}, inf){unit}"
