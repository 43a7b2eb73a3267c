"""Pure-Python conveniences of :class:`myofatigue.Result` (bound in C++ by expose_result.cpp).

``to_pandas()`` and ``plot()`` import pandas / matplotlib only when called, so neither is a
dependency of ``import myofatigue``. Importing this module attaches them to ``Result``.
"""

from __future__ import annotations

import numpy as np

from ._core import Result

__all__ = []


def _to_pandas(self):
    """Every variable as a ``pandas.DataFrame`` indexed by the sample time ``t`` [s].

    One column per key of ``result.variables`` (states, observables, protocol signals), in that
    order. The frame holds copies of the data. pandas is imported here, not at package import.

    Raises:
        ImportError: pandas is not installed.
    """
    import pandas as pd

    index = pd.Index(self.t.copy(), name="t")
    return pd.DataFrame({key: self[key].copy() for key in self.variables}, index=index)


def _plot(self, keys=None, ax=None):
    """Plots variables against time [s] and returns the matplotlib ``Axes``.

    Args:
        keys: a key or a list of keys (default: every variable of ``result.variables``).
        ax: the ``Axes`` to draw on; when None, a new figure is created with pyplot (which uses
            whatever backend is configured, e.g. Agg when headless).

    Step boundaries are marked with thin vertical lines. matplotlib is imported here only.

    Raises:
        UnknownVariableError (KeyError, ValueError): an unknown key (before anything is drawn).
        ImportError: matplotlib is not installed (``pip install "myofatigue[plot]"``).
    """
    if keys is None:
        keys = list(self.variables)
    elif isinstance(keys, str):
        keys = [keys]
    else:
        keys = list(keys)
    series = [(key, self[key]) for key in keys]  # validates every key before drawing
    if ax is None:
        try:
            import matplotlib.pyplot as plt
        except ImportError as e:
            raise ImportError(
                'Result.plot() needs matplotlib: pip install "myofatigue[plot]"'
            ) from e

        _, ax = plt.subplots()
    t = self.t
    for key, y in series:
        unit = self.units[key]
        ax.plot(t, y, label=key if unit in ("", "1") else f"{key} [{unit}]")
    for step in self.steps[:-1]:
        ax.axvline(step.end_s, color="0.8", linewidth=0.8, zorder=0)
    ax.set_xlabel("t [s]")
    if series:
        ax.legend()
    return ax


def _to_xarray(self):
    """Every variable as an ``xarray.Dataset`` over the sample time ``t`` [s].

    Scalar variables have dims ``("t",)``; the per-unit variables of a replicated component
    (``pool.P[0]`` ... ``pool.P[N-1]``) become one variable ``pool.P`` with dims
    ``("t", "unit")``. Each variable's ``attrs["units"]`` is its unit; the dataset's attrs hold
    the status and the citations. The data are copies. xarray is imported here only.

    Raises:
        ImportError: xarray is not installed (``pip install "myofatigue[xarray]"``).
    """
    try:
        import xarray as xr
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError(
            'Result.to_xarray() needs xarray: pip install "myofatigue[xarray]"'
        ) from e
    import re

    per_unit = re.compile(r"^(.*)\[(\d+)\]$")
    variables, seen = {}, set()
    n_units = 0
    for key in self.variables:
        match = per_unit.match(key)
        if match is None:
            variables[key] = (("t",), self[key].copy(), {"units": self.units[key]})
        elif match.group(1) not in seen:
            base = match.group(1)
            seen.add(base)
            block = self[base].copy()
            n_units = max(n_units, block.shape[1])
            variables[base] = (("t", "unit"), block, {"units": self.units[key]})
    coords = {"t": ("t", self.t.copy(), {"units": "s"})}
    if n_units:
        coords["unit"] = np.arange(n_units)
    return xr.Dataset(
        variables, coords=coords, attrs={"status": self.status, "citations": list(self.citations)}
    )


Result.to_pandas = _to_pandas
Result.to_xarray = _to_xarray
Result.plot = _plot
