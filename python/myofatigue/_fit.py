"""fit_endurance and fit: model parameters fitted to measured endurance times or time series,
with standard errors, intervals, correlations and an ill-conditioning warning.

``scipy.optimize.least_squares`` (method "trf") over log parameters, bounded by the plausible
ranges, with the exact Jacobian from forward sensitivities (docs/sensitivities.md): for
endurance times dET/dp with its event term, for time series dx(t)/dp at the data times.
Multi-start candidates (a Latin hypercube) are screened first. Needs scipy (the 'sweep' extra).
"""

from __future__ import annotations

import math
import warnings

import numpy as np

from . import _core
from ._errors import ArgumentTypeError, Error, ParameterError
from ._sensitivities import sensitivities
from ._sweep import endurance_sweep, latin_hypercube, points
from ._sweep._points import _import, _suggest

__all__ = ["EnduranceFit", "Fit", "TimeSeriesFit", "fit", "fit_endurance"]

# Options the sensitivity solves take (the others of endurance_sweep only affect the screening).
_SOLVER_OPTIONS = ("rtol", "atol", "max_task_duration_s", "max_steps", "max_step")


class Fit:
    """What every fit returns (:func:`fit_endurance`, :func:`fit`).

    Attributes:
        params: {key: fitted value}; stderr: {key: standard error} (delta method from the log
            parameters); corr: correlation matrix of the log parameters (keys order);
        cov: covariance of the log parameters; theta: the fitted log parameters; model: the
        model with the fitted values; result: scipy's own OptimizeResult; keys;
        cost: half the sum of squared residuals; dof: residual degrees of freedom.
    """

    def __init__(self, *, keys, theta, cov, result, model, dof):
        self.keys = tuple(keys)
        self.theta = theta
        self.cov = cov
        self.result = result
        self.model = model
        self.dof = dof
        se = np.sqrt(np.diag(cov))
        self.params = {k: float(math.exp(t)) for k, t in zip(self.keys, theta)}
        self.stderr = {k: float(math.exp(t) * s) for k, t, s in zip(self.keys, theta, se)}
        d = np.where(se > 0, se, 1.0)
        self.corr = cov / np.outer(d, d)

    @property
    def cost(self) -> float:
        return float(self.result.cost)

    def ci(self, level: float = 0.95) -> dict:
        """{key: (low, high)}: t-based intervals on the log parameters, mapped back (so they are
        asymmetric and stay positive)."""
        stats = _import("scipy.stats", "sweep")
        t = stats.t.ppf(0.5 + level / 2.0, max(self.dof, 1))
        se = np.sqrt(np.diag(self.cov))
        return {
            k: (float(math.exp(th - t * s)), float(math.exp(th + t * s)))
            for k, th, s in zip(self.keys, self.theta, se)
        }

    def __repr__(self):
        parts = ", ".join(f"{k}={self.params[k]:.4g} ± {self.stderr[k]:.2g}" for k in self.keys)
        return f"{type(self).__name__}({parts}, cost={self.cost:.4g})"


class EnduranceFit(Fit):
    """The result of :func:`fit_endurance` (a :class:`Fit`); loads, observed, sd: the data."""

    def __init__(self, *, loads, observed, sd, **common):
        super().__init__(**common)
        self.loads = loads
        self.observed = observed
        self.sd = sd

    def plot(self, ax=None):
        """Observed endurance times against the fitted curve (log scale); returns the axes."""
        plt = _import("matplotlib.pyplot", "plot")
        if ax is None:
            _, ax = plt.subplots()
        fine = np.linspace(self.loads.min(), self.loads.max(), 40)
        curve = endurance_sweep(
            self.model, points({k: [v] for k, v in self.params.items()}), loads=fine, progress=False
        ).values("endurance_time_s")[0]
        ax.semilogy(100 * fine, curve, label="fitted model")
        ax.errorbar(100 * self.loads, self.observed, yerr=self.sd, fmt="o", label="data")
        ax.set_xlabel("load [% MVC]")
        ax.set_ylabel("endurance time [s]")
        ax.legend()
        return ax


class TimeSeriesFit(Fit):
    """The result of :func:`fit` (a :class:`Fit`); protocol and data: what was fitted
    ({key: (t, values, sd)})."""

    def __init__(self, *, protocol, data, **common):
        super().__init__(**common)
        self.protocol = protocol
        self.data = data

    def plot(self, axes=None):
        """Each fitted variable's data against the fitted model's trajectory; returns the axes."""
        plt = _import("matplotlib.pyplot", "plot")
        keys = list(self.data)
        if axes is None:
            _, axes = plt.subplots(
                len(keys), 1, sharex=True, squeeze=False, figsize=(6, 2.4 * len(keys))
            )
            axes = axes[:, 0]
        r = _core.simulate(self.model, self.protocol)
        for ax, key in zip(axes, keys):
            t, y, sd = self.data[key]
            ax.plot(r.t, r[key], label="fitted model")
            ax.errorbar(t, y, yerr=sd, fmt="o", ms=3, label="data")
            ax.set_ylabel(key)
        axes[-1].set_xlabel("time [s]")
        axes[0].legend()
        return axes


def _check_keys(model, params):
    keys = [params] if isinstance(params, str) else list(params)
    info = model.parameter_info()
    for k in keys:
        if k not in info:
            raise ParameterError(
                f"{k}: is not a parameter of the model{_suggest(k, info)}", field=k
            )
    return keys, info


def _log_bounds(keys, info, bounds):
    bounds = dict(bounds or {})
    lo = np.log([bounds.get(k, info[k].plausible)[0] for k in keys])
    hi = np.log([bounds.get(k, info[k].plausible)[1] for k in keys])
    if not (np.isfinite(lo).all() and np.isfinite(hi).all() and (lo < hi).all()):
        raise ParameterError("bounds: each must be (lo, hi) with 0 < lo < hi", field="bounds")
    return lo, hi


def _solve(fun, jac, starts, lo, hi, m, n, name):
    """Least squares from each start; the best result, its covariance of the log parameters
    (s^2 (J^T J)^-1, s^2 = 2 cost / (m - n)), dof, and the ill-conditioning warning."""
    optimize = _import("scipy.optimize", "sweep")
    best = None
    for s in starts:
        res = optimize.least_squares(fun, s, jac=jac, bounds=(lo, hi), x_scale="jac", method="trf")
        if best is None or res.cost < best.cost:
            best = res
    dof = m - n
    J = best.jac
    jtj = J.T @ J
    s2 = 2.0 * best.cost / dof if dof > 0 else float("nan")
    cov = s2 * np.linalg.pinv(jtj)
    se = np.sqrt(np.abs(np.diag(cov)))
    d = np.where(se > 0, se, 1.0)
    corr = cov / np.outer(d, d)
    cond = np.linalg.cond(jtj)
    off = np.abs(corr - np.eye(n)).max() if n > 1 else 0.0
    if cond > 1e8 or off > 0.95:
        warnings.warn(
            f"{name}: ill-conditioned (cond(J^T J) = {cond:.3g}, largest "
            f"|correlation| {off:.3f}): the data do not determine every parameter; "
            "standard errors are unreliable",
            UserWarning,
            stacklevel=3,
        )
    return best, cov, dof


def _cached(evaluate):
    """fun and jac for least_squares from one evaluate(theta) -> (residuals, J)."""
    cache = {}

    def both(theta):
        key = theta.tobytes()
        if key not in cache:
            cache.clear()
            cache[key] = evaluate(theta)
        return cache[key]

    return (lambda th: both(th)[0]), (lambda th: both(th)[1])


def fit_endurance(
    model, data, params, *, x0=None, bounds=None, n_starts=1, seed=0, threads=None, **options
) -> EnduranceFit:
    """Fits ``params`` of ``model`` to measured endurance times.

    Args:
        data: a DataFrame or mapping with ``load`` (fractions of fresh MVC, (0, 1]) and
            ``endurance_time_s`` [s], optionally ``sd`` [s] (one standard deviation of each
            time; residuals are then divided by sd / endurance_time_s, the sd of its log).
        params: the keys to fit (the others stay at the model's values).
        x0: {key: start}; default the model's values.
        bounds: {key: (lo, hi)}; default each key's plausible range.
        n_starts: > 1: that many Latin-hypercube starts in the bounds are screened in one sweep
            and the fit starts from the best three (and x0).
        step: central-difference step in log parameters.
        threads, ``**options``: passed to ``endurance_sweep`` (rtol, max_task_duration_s, ...).

    Returns:
        EnduranceFit. Warns (UserWarning) when the problem is ill-conditioned (cond(J^T J) > 1e8
        or a correlation above 0.95 in magnitude): the data do not pin down every parameter.

    Raises:
        ParameterError: unknown keys, bad data (naming the column), bounds outside the allowed
            range; Error: the model failed at the solution (no endurance time).
    """
    keys, info = _check_keys(model, params)
    loads, observed, sd = _data(data)
    lo, hi = _log_bounds(keys, info, bounds)
    current = model.parameters()
    start = np.log([float((x0 or {}).get(k, current[k])) for k in keys])
    start = np.clip(start, lo, hi)
    unique_loads, where = np.unique(loads, return_inverse=True)
    scale = sd / observed if sd is not None else np.ones_like(observed)
    cap = float(options.get("max_task_duration_s", 4 * 3600.0))
    solver = {k: options[k] for k in _SOLVER_OPTIONS if k in options}
    options.setdefault("progress", False)

    def evaluate(theta):
        """Residuals and their exact Jacobian in log parameters, dr/dlog p = p dET/dp / ET."""
        trial = model.with_parameters(dict(zip(keys, np.exp(theta))))
        et = np.empty(unique_loads.size)
        dlog = np.empty((unique_loads.size, len(keys)))
        for i, load in enumerate(unique_loads):
            try:
                value, grad = _core._endurance_time_gradient(trial, float(load), keys, **solver)
            except _core.SolverError as e:
                raise Error(
                    f"fit_endurance: the model gave no endurance time at "
                    f"{dict(zip(keys, np.exp(theta)))}, load {load}: {e}",
                    field="params",
                ) from e
            if not math.isfinite(value) or value > cap:
                # Never failed within the cap: counts as failing at the cap (a finite residual
                # that pushes the fit away from parameters that cannot fail), flat in p.
                et[i], dlog[i] = cap, 0.0
            else:
                et[i], dlog[i] = value, grad * np.exp(theta) / value
        r = (np.log(et[where]) - np.log(observed)) / scale
        return r, dlog[where] / scale[:, None]

    def screen(thetas):
        """Residual vectors of many log-parameter rows, as one sweep (values only)."""
        sw = endurance_sweep(
            model,
            points(np.exp(np.atleast_2d(thetas)), names=keys),
            loads=unique_loads,
            threads=threads,
            **options,
        )
        et = np.minimum(sw.values("endurance_time_s"), cap)
        r = (np.log(et[:, where]) - np.log(observed)) / scale
        return np.where(np.isfinite(r), r, np.inf)

    fun, jac = _cached(evaluate)
    starts = [start]
    if n_starts > 1:
        lhs = latin_hypercube(
            {k: (math.exp(a), math.exp(b)) for k, a, b in zip(keys, lo, hi)},
            n=int(n_starts),
            seed=seed,
            log=keys,
        )
        candidates = np.log(lhs.values)
        costs = (screen(candidates) ** 2).sum(axis=1)
        starts += [candidates[i] for i in np.argsort(costs)[:3]]
    best, cov, dof = _solve(fun, jac, starts, lo, hi, observed.size, len(keys), "fit_endurance")
    return EnduranceFit(
        keys=keys,
        theta=best.x,
        cov=cov,
        result=best,
        model=model.with_parameters(dict(zip(keys, np.exp(best.x)))),
        loads=loads,
        observed=observed,
        sd=sd,
        dof=dof,
    )


def fit(
    model, protocol, data, params, *, x0=None, bounds=None, n_starts=1, seed=0, **options
) -> TimeSeriesFit:
    """Fits ``params`` of ``model`` to time series measured during ``protocol``.

    Residuals (model(t_i) - y_i) / sd_i over every data point of every variable, minimised by
    least squares over log parameters with the exact Jacobian dx(t_i)/dp from
    :func:`sensitivities` (the solver lands on every data time).

    Args:
        model: a Model. protocol: a Protocol or step strings.
        data: {Result key: (t, values) or (t, values, sd) or {"t": .., "values": .., "sd": ..}},
            e.g. {"force_fraction": (t, f)}; or a DataFrame with columns ``variable``, ``t``,
            ``value`` and optionally ``sd``. Times in [s] on the protocol's clock. Without sd
            every point weighs 1 (give sd when variables of different units are mixed).
        params: the keys to fit. x0, bounds, n_starts, seed: as :func:`fit_endurance`.
        **options: rtol, atol, max_task_duration_s, max_steps, max_step of the solves.

    Returns:
        TimeSeriesFit (params, stderr, ci(), corr, model, result, plot()); warns on
        ill-conditioning as :func:`fit_endurance`.

    Raises:
        ParameterError: unknown keys or variables, bad data (naming the variable); Error: the
            run ends before a data time (a solver failure).
    """
    _import("scipy.optimize", "sweep")
    keys, info = _check_keys(model, params)
    series = _series(data)
    protocol = protocol if isinstance(protocol, _core.Protocol) else _core.Protocol(protocol)
    lo, hi = _log_bounds(keys, info, bounds)
    current = model.parameters()
    start = np.clip(np.log([float((x0 or {}).get(k, current[k])) for k in keys]), lo, hi)
    variables = list(series)
    t_all = np.unique(np.concatenate([t for t, _, _ in series.values()]))
    observed = np.concatenate([y for _, y, _ in series.values()])
    weight = np.concatenate([1.0 / sd for _, _, sd in series.values()])
    for k in options:
        if k not in _SOLVER_OPTIONS:
            raise ParameterError(
                f"{k}: is not an option of fit() (valid: {', '.join(_SOLVER_OPTIONS)})", field=k
            )

    def evaluate(theta):
        trial = model.with_parameters(dict(zip(keys, np.exp(theta))))
        s = sensitivities(trial, protocol, keys, variables, t_eval=t_all, **options)
        if s.t.size != t_all.size:
            raise Error(
                f"fit: the run ended at t = {s.t[-1] if s.t.size else 0.0} s, before the "
                f"last data time {t_all[-1]} s ({s.message})",
                field="data",
            )
        r, J = [], []
        for v, (t, _, _) in enumerate(series.values()):
            idx = np.searchsorted(t_all, t)
            r.append(s.values[idx, v])
            J.append(s.data[idx, v, :] * np.exp(theta))
        return (np.concatenate(r) - observed) * weight, np.vstack(J) * weight[:, None]

    fun, jac = _cached(evaluate)
    starts = [start]
    if n_starts > 1:
        lhs = latin_hypercube(
            {k: (math.exp(a), math.exp(b)) for k, a, b in zip(keys, lo, hi)},
            n=int(n_starts),
            seed=seed,
            log=keys,
        )
        costs = []
        for cand in np.log(lhs.values):
            try:
                costs.append(float((evaluate(cand)[0] ** 2).sum()))
            except Error:
                costs.append(math.inf)
        starts += [np.log(lhs.values)[i] for i in np.argsort(costs)[:3]]
    best, cov, dof = _solve(fun, jac, starts, lo, hi, observed.size, len(keys), "fit")
    return TimeSeriesFit(
        keys=keys,
        theta=best.x,
        cov=cov,
        result=best,
        model=model.with_parameters(dict(zip(keys, np.exp(best.x)))),
        protocol=protocol,
        data=series,
        dof=dof,
    )


def _series(data):
    """{key: (t, values, sd)} from fit()'s data argument, checked."""
    if hasattr(data, "columns"):
        for c in ("variable", "t", "value"):
            if c not in data.columns:
                raise ParameterError(f"data: missing column {c!r}", field=c)
        data = {
            k: (g["t"], g["value"], g["sd"] if "sd" in g.columns else None)
            for k, g in data.groupby("variable", sort=False)
        }
    if not isinstance(data, dict) or not data:
        raise ArgumentTypeError(
            "data: expected {variable: (t, values[, sd])} or a DataFrame "
            f"with columns variable, t, value, got {type(data).__name__}",
            field="data",
        )
    out = {}
    for key, item in data.items():
        if isinstance(item, dict):
            t, y, sd = item.get("t"), item.get("values", item.get("value")), item.get("sd")
        else:
            item = tuple(item)
            if len(item) not in (2, 3):
                raise ParameterError(f"{key}: expected (t, values) or (t, values, sd)", field=key)
            t, y, sd = (item + (None,))[:3]
        t = np.asarray(t, dtype=np.float64)
        y = np.asarray(y, dtype=np.float64)
        sd = (
            np.ones_like(y)
            if sd is None
            else np.broadcast_to(np.asarray(sd, dtype=np.float64), y.shape).copy()
        )
        if t.ndim != 1 or t.shape != y.shape or t.size == 0:
            raise ParameterError(f"{key}: t and values must be 1-D of one length", field=key)
        if not (np.isfinite(t).all() and (t >= 0).all() and (np.diff(t) > 0).all()):
            raise ParameterError(f"{key}: times must be finite, >= 0 and increasing [s]", field=key)
        if not (np.isfinite(y).all() and np.isfinite(sd).all() and (sd > 0).all()):
            raise ParameterError(f"{key}: values must be finite and sd finite and > 0", field=key)
        out[str(key)] = (t, y, sd)
    return out


def _data(data):
    if hasattr(data, "columns"):
        cols = {c: np.asarray(data[c]) for c in data.columns}
    elif isinstance(data, dict):
        cols = {c: np.asarray(v) for c, v in data.items()}
    else:
        raise ArgumentTypeError(
            "data: expected a DataFrame or a mapping with columns 'load' and "
            f"'endurance_time_s', got {type(data).__name__}",
            field="data",
        )
    for c in ("load", "endurance_time_s"):
        if c not in cols:
            raise ParameterError(f"data: missing column {c!r}{_suggest(c, cols)}", field=c)
    if "subject" in cols and len(np.unique(cols["subject"])) > 1:
        raise ParameterError(
            "subject: several subjects are not fitted jointly yet; fit each "
            "subject's rows separately",
            field="subject",
        )
    loads = cols["load"].astype(np.float64)
    et = cols["endurance_time_s"].astype(np.float64)
    if loads.ndim != 1 or loads.shape != et.shape or loads.size < 1:
        raise ParameterError(
            "data: 'load' and 'endurance_time_s' must be 1-D of one length", field="data"
        )
    if not ((loads > 0) & (loads <= 1)).all():
        raise ParameterError("load: every load must be in (0, 1] (0.4, not 40)", field="load")
    if not (np.isfinite(et) & (et > 0)).all():
        raise ParameterError(
            "endurance_time_s: every time must be finite and > 0 [s]", field="endurance_time_s"
        )
    sd = None
    if "sd" in cols:
        sd = cols["sd"].astype(np.float64)
        if sd.shape != et.shape or not (np.isfinite(sd) & (sd > 0)).all():
            raise ParameterError("sd: must be finite, > 0 [s], one per row", field="sd")
    return loads, et, sd
