"""fit_endurance: parameters of a model fitted to measured endurance times, with standard errors.

``scipy.optimize.least_squares`` (method "trf") on log residuals over log parameters, bounded by
the plausible ranges. Until the exact event-aware dET/dp of forward sensitivities exists (issue
13, later), the Jacobian is central differences in log parameters, and every evaluation of the
model (the point and its 2 p neighbours, or all multi-start candidates) is one endurance sweep on
the C++ pool. Needs scipy (the 'sweep' extra).
"""

from __future__ import annotations

import math
import warnings

import numpy as np

from ._errors import ArgumentTypeError, Error, ParameterError
from ._sweep import endurance_sweep, latin_hypercube, points
from ._sweep._points import _import, _suggest

__all__ = ["EnduranceFit", "fit_endurance"]


class EnduranceFit:
    """The result of :func:`fit_endurance`.

    Attributes:
        params: {key: fitted value}; stderr: {key: standard error} (delta method from the log
            parameters); corr: correlation matrix of the log parameters (keys order);
        cov: covariance of the log parameters; model: the model with the fitted values;
        result: scipy's own OptimizeResult; keys; loads, observed: the data fitted;
        cost: half the sum of squared residuals; dof: residual degrees of freedom.
    """

    def __init__(self, *, keys, theta, cov, result, model, loads, observed, sd, dof):
        self.keys = tuple(keys)
        self.theta = theta
        self.cov = cov
        self.result = result
        self.model = model
        self.loads = loads
        self.observed = observed
        self.sd = sd
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
        return {k: (float(math.exp(th - t * s)), float(math.exp(th + t * s)))
                for k, th, s in zip(self.keys, self.theta, se)}

    def plot(self, ax=None):
        """Observed endurance times against the fitted curve (log scale); returns the axes."""
        plt = _import("matplotlib.pyplot", "sweep")
        if ax is None:
            _, ax = plt.subplots()
        fine = np.linspace(self.loads.min(), self.loads.max(), 40)
        curve = endurance_sweep(self.model, points({k: [v] for k, v in self.params.items()}),
                                loads=fine, progress=False).values("endurance_time_s")[0]
        ax.semilogy(100 * fine, curve, label="fitted model")
        ax.errorbar(100 * self.loads, self.observed, yerr=self.sd, fmt="o", label="data")
        ax.set_xlabel("load [% MVC]")
        ax.set_ylabel("endurance time [s]")
        ax.legend()
        return ax

    def __repr__(self):
        parts = ", ".join(f"{k}={self.params[k]:.4g} ± {self.stderr[k]:.2g}" for k in self.keys)
        return f"EnduranceFit({parts}, cost={self.cost:.4g})"


def fit_endurance(model, data, params, *, x0=None, bounds=None, n_starts=1, seed=0, step=1e-4,
                  threads=None, **options) -> EnduranceFit:
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
    optimize = _import("scipy.optimize", "sweep")
    keys = [params] if isinstance(params, str) else list(params)
    info = model.parameter_info()
    for k in keys:
        if k not in info:
            raise ParameterError(f"{k}: is not a parameter of the model{_suggest(k, info)}",
                                 field=k)
    loads, observed, sd = _data(data)
    bounds = dict(bounds or {})
    lo = np.log([bounds.get(k, info[k].plausible)[0] for k in keys])
    hi = np.log([bounds.get(k, info[k].plausible)[1] for k in keys])
    if not (np.isfinite(lo).all() and np.isfinite(hi).all() and (lo < hi).all()):
        raise ParameterError("bounds: each must be (lo, hi) with 0 < lo < hi", field="bounds")
    current = model.parameters()
    start = np.log([float((x0 or {}).get(k, current[k])) for k in keys])
    start = np.clip(start, lo, hi)
    unique_loads, where = np.unique(loads, return_inverse=True)
    scale = sd / observed if sd is not None else np.ones_like(observed)
    cap = float(options.get("max_task_duration_s", 4 * 3600.0))
    options.setdefault("progress", False)

    def residuals_of(thetas):
        """Residual vectors of many log-parameter rows, as one sweep."""
        sw = endurance_sweep(model, points(np.exp(np.atleast_2d(thetas)), names=keys),
                             loads=unique_loads, threads=threads, **options)
        et = sw.values("endurance_time_s")
        if not (sw.status_codes == 1).all() or np.isnan(et).any():
            bad = np.flatnonzero(sw.status_codes != 1)
            raise Error(f"fit_endurance: the model gave no endurance time at "
                        f"{dict(zip(keys, np.exp(np.atleast_2d(thetas))[bad[0] if bad.size else 0]))}"
                        f" ({sw.counts})", field="params")
        # A load never failed within the cap counts as failing at the cap: a finite residual
        # that still pushes the fit away from parameters that cannot fail.
        et = np.minimum(et, cap)
        return (np.log(et[:, where]) - np.log(observed)) / scale

    cache = {}

    def fun(theta):
        key = theta.tobytes()
        if key not in cache:
            cache.clear()
            cache[key] = residuals_of(theta[None, :])[0]
        return cache[key]

    def jac(theta):
        h = step
        rows = [theta]
        for j in range(len(theta)):
            for sign in (1.0, -1.0):
                t = theta.copy()
                t[j] = np.clip(t[j] + sign * h, lo[j], hi[j])
                rows.append(t)
        r = residuals_of(np.array(rows))
        cache.clear()
        cache[theta.tobytes()] = r[0]
        J = np.empty((r.shape[1], len(theta)))
        for j in range(len(theta)):
            plus, minus = rows[1 + 2 * j], rows[2 + 2 * j]
            J[:, j] = (r[1 + 2 * j] - r[2 + 2 * j]) / (plus[j] - minus[j])
        return J

    starts = [start]
    if n_starts > 1:
        lhs = latin_hypercube({k: (math.exp(a), math.exp(b)) for k, a, b in zip(keys, lo, hi)},
                              n=int(n_starts), seed=seed, log=keys)
        candidates = np.log(lhs.values)
        costs = (residuals_of(candidates) ** 2).sum(axis=1)
        starts += [candidates[i] for i in np.argsort(costs)[:3]]
    best = None
    for s in starts:
        res = optimize.least_squares(fun, s, jac=jac, bounds=(lo, hi), x_scale="jac",
                                     method="trf")
        if best is None or res.cost < best.cost:
            best = res
    m, n = observed.size, len(keys)
    dof = m - n
    J = best.jac
    jtj = J.T @ J
    s2 = 2.0 * best.cost / dof if dof > 0 else float("nan")
    cov = s2 * np.linalg.pinv(jtj)
    fit = EnduranceFit(keys=keys, theta=best.x, cov=cov, result=best,
                       model=model.with_parameters(dict(zip(keys, np.exp(best.x)))),
                       loads=loads, observed=observed, sd=sd, dof=dof)
    cond = np.linalg.cond(jtj)
    off = np.abs(fit.corr - np.eye(n)).max() if n > 1 else 0.0
    if cond > 1e8 or off > 0.95:
        warnings.warn(f"fit_endurance: ill-conditioned (cond(J^T J) = {cond:.3g}, largest "
                      f"|correlation| {off:.3f}): the data do not determine every parameter; "
                      "standard errors are unreliable", UserWarning, stacklevel=2)
    return fit


def _data(data):
    if hasattr(data, "columns"):
        cols = {c: np.asarray(data[c]) for c in data.columns}
    elif isinstance(data, dict):
        cols = {c: np.asarray(v) for c, v in data.items()}
    else:
        raise ArgumentTypeError("data: expected a DataFrame or a mapping with columns 'load' and "
                                f"'endurance_time_s', got {type(data).__name__}", field="data")
    for c in ("load", "endurance_time_s"):
        if c not in cols:
            raise ParameterError(f"data: missing column {c!r}{_suggest(c, cols)}", field=c)
    if "subject" in cols and len(np.unique(cols["subject"])) > 1:
        raise ParameterError("subject: several subjects are not fitted jointly yet; fit each "
                             "subject's rows separately", field="subject")
    loads = cols["load"].astype(np.float64)
    et = cols["endurance_time_s"].astype(np.float64)
    if loads.ndim != 1 or loads.shape != et.shape or loads.size < 1:
        raise ParameterError("data: 'load' and 'endurance_time_s' must be 1-D of one length",
                             field="data")
    if not ((loads > 0) & (loads <= 1)).all():
        raise ParameterError("load: every load must be in (0, 1] (0.4, not 40)", field="load")
    if not (np.isfinite(et) & (et > 0)).all():
        raise ParameterError("endurance_time_s: every time must be finite and > 0 [s]",
                             field="endurance_time_s")
    sd = None
    if "sd" in cols:
        sd = cols["sd"].astype(np.float64)
        if sd.shape != et.shape or not (np.isfinite(sd) & (sd > 0)).all():
            raise ParameterError("sd: must be finite, > 0 [s], one per row", field="sd")
    return loads, et, sd
