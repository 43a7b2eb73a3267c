"""SALib glue: a real ``SALib.ProblemSpec`` with bounds from the parameters' plausible ranges, and
a plain ``f(X) -> Y`` that runs a sweep, so SALib's own sample / evaluate / analyze stay in
charge (SALib is "decoupled" from the model by design; docs/sweeps.md, "Sensitivity analysis")::

    sp = mf.salib.problem(knee, ["fatigue.F", "fatigue.R", "fatigue.r"])
    sp.sample_sobol(1024).evaluate(mf.salib.evaluator(knee, sp, loads=[0.4],
                                                      output="log_endurance_time_s",
                                                      store="runs/sobol.zarr"))
    sp.analyze_sobol()

Missing outputs (a point that did not end "ok", or a non-finite value such as an endurance time
of inf when a load is never failed) raise an :class:`~myofatigue.Error` with the counts; they are
never dropped or filled, since Sobol indices need every sample (SALib #134, #566). Narrow the
bounds, raise ``max_task_duration_s`` or pick another output.

Needs SALib (``pip install "myofatigue[sa]"``).
"""

from __future__ import annotations

import numpy as np

from ._errors import ArgumentTypeError, Error, ParameterError
from ._sweep import endurance_sweep, points, sweep
from ._sweep._points import _import, _suggest

__all__ = ["evaluator", "problem"]


def problem(model, keys, *, bounds=None):
    """A ``SALib.ProblemSpec`` over ``keys``, bounded by each parameter's plausible range
    (``Model.parameter_info()[key].plausible``) unless ``bounds`` {key: (lo, hi)} overrides some.

    Raises:
        ParameterError: an unknown key (suggesting close ones), or bounds outside the allowed
            range (naming the key and the range).
        ImportError: SALib is not installed (the 'sa' extra).
    """
    salib = _import("SALib", "sa")
    keys = [keys] if isinstance(keys, str) else list(keys)
    info = model.parameter_info()
    bounds = dict(bounds or {})
    rows = []
    for key in keys:
        if key not in info:
            raise ParameterError(
                f"{key}: is not a parameter of the model{_suggest(key, info)}", field=key
            )
        lo, hi = bounds.pop(key, info[key].plausible)
        a_lo, a_hi = info[key].allowed
        if not (a_lo <= lo < hi <= a_hi):
            raise ParameterError(
                f"{key}: bounds ({lo!r}, {hi!r}) must be increasing and inside "
                f"the allowed range [{a_lo:g}, {a_hi:g}]",
                field=key,
            )
        rows.append([float(lo), float(hi)])
    if bounds:
        extra = next(iter(bounds))
        raise ParameterError(f"bounds: {extra!r} is not one of the keys {keys}", field="bounds")
    return salib.ProblemSpec({"names": keys, "bounds": rows, "num_vars": len(keys)})


def evaluator(
    model,
    keys,
    *,
    loads=None,
    protocol=None,
    output="endurance_time_s",
    store=None,
    **sweep_options,
):
    """A function ``f(X) -> Y`` for ``ProblemSpec.evaluate``: each row of X (columns in the order
    of ``keys``, or a ProblemSpec's names) is one point of a sweep of ``model``.

    Args:
        keys: the parameter keys of X's columns, or the ``ProblemSpec`` itself.
        loads: an endurance sweep at these loads (Y has one column per load, one column is
            returned as a vector), or
        protocol: a protocol sweep (``outputs=`` may be given in ``sweep_options``).
        output: the sweep array to return ("endurance_time_s", "final.fatigue.capacity",
            "mvc_fraction", ...), or "log_endurance_time_s" (natural log).
        store: a path: the evaluation runs into (and resumes) that store.
        **sweep_options: passed to ``sweep`` / ``endurance_sweep`` (threads, client, rtol, ...).

    Raises (when called):
        Error (ValueError): missing outputs, with the counts by status and of non-finite values
            (field "output").
    """
    if hasattr(keys, "get") and "names" in keys:
        keys = list(keys["names"])
    keys = [keys] if isinstance(keys, str) else list(keys)
    if (loads is None) == (protocol is None):
        raise ParameterError(
            "loads, protocol: give exactly one (an endurance or a protocol sweep)", field="loads"
        )
    log = output == "log_endurance_time_s"
    array = "endurance_time_s" if log else output
    if not isinstance(output, str):
        raise ArgumentTypeError(
            f"output: expected a sweep array name (str), got {type(output).__name__}",
            field="output",
        )
    sweep_options.setdefault("progress", False)

    def evaluate(X):
        pts = points(np.asarray(X, dtype=np.float64), names=keys)
        if loads is not None:
            sw = endurance_sweep(model, pts, loads=loads, store=store, **sweep_options)
        else:
            sw = sweep(model, pts, protocol, store=store, **sweep_options)
        if array not in sw.names():
            raise ParameterError(
                f"output: {output!r} is not an array of this sweep; it has "
                f"{', '.join(sw.names())}{_suggest(array, sw.names())}",
                field="output",
            )
        y = np.asarray(sw.values(array), dtype=np.float64)
        not_ok = sw.status_codes != 1
        bad = ~np.isfinite(y) if y.ndim == 1 else ~np.isfinite(y).all(axis=1)
        if not_ok.any() or bad.any():
            counts = ", ".join(f"{n} {s}" for s, n in sw.counts.items())
            raise Error(
                f"output: {int((not_ok | bad).sum())} of {len(pts)} samples have no finite "
                f"{array} ({counts}; {int(bad.sum())} non-finite values, e.g. an endurance time "
                "of inf where the load was held for max_task_duration_s). Sobol indices need "
                "every sample: narrow the bounds, raise max_task_duration_s or choose another "
                "output; sw.failures() of the same sweep lists them",
                field="output",
            )
        if log:
            y = np.log(y)
        return y[:, 0] if y.ndim == 2 and y.shape[1] == 1 else y

    return evaluate
