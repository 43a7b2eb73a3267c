"""Forward sensitivities (docs/sensitivities.md): ``sensitivities()`` and
``endurance_time(..., gradient=[...])``, over the C++ sensitivity solver."""

from __future__ import annotations

import math

import numpy as np

from . import _core
from ._errors import ParameterError

__all__ = ["SensitivityResult", "sensitivities", "endurance_time"]


class SensitivityResult:
    """Values and forward sensitivities of a protocol run (see :func:`sensitivities`).

    Attributes:
        t: sample times [s], shape (n_t,).
        variables, parameters: tuples of keys (the axes below).
        values: (n_t, n_variables) values of the variables.
        data: (n_t, n_variables, n_parameters) d variable / d parameter at fixed t.
        step_end: (n_steps, n_parameters) d(end time of each step)/dp: zero until a task
            failure, then how every later breakpoint moves (dET/dp).
        mvc: (n_steps, n_parameters) d(MVC fraction)/dp of MVC-test steps (NaN elsewhere), the
            total derivative (the test moves with an earlier task failure).
        steps: one dict per step (label, start_s, end_s, end_reason, mvc_fraction).
        status: how the run ended ('Completed' or the solver failure).
        message: what happened, in words.
        ok: True when the whole protocol was run.
    """

    def __init__(self, raw):
        self.parameters = tuple(raw["parameters"])
        self.variables = tuple(raw["variables"])
        self.t = raw["t"]
        n_t, n_v, n_p = self.t.size, len(self.variables), len(self.parameters)
        self.values = raw["values"].T.copy()
        self.data = raw["data"].reshape(n_v, n_p, n_t).transpose(2, 0, 1).copy()
        self.step_end = raw["step_end"]
        self.mvc = raw["mvc"]
        self.steps = list(raw["steps"])
        self.status = raw["status"]
        self.message = raw["message"]

    @property
    def ok(self) -> bool:
        return self.status == "Completed"

    def _index(self, variable):
        try:
            return self.variables.index(variable)
        except ValueError:
            raise ParameterError(
                f"{variable}: is not one of the variables {list(self.variables)}", field=variable
            ) from None

    def __getitem__(self, variable) -> np.ndarray:
        """Values of one variable, shape (n_t,)."""
        return self.values[:, self._index(variable)]

    def of(self, variable) -> np.ndarray:
        """Sensitivities of one variable, shape (n_t, n_parameters)."""
        return self.data[:, self._index(variable), :]

    def to_xarray(self):
        """An xarray Dataset: ``value`` (time, variable) and ``sensitivity`` (time, variable,
        param). Needs xarray (the 'sweep' extra)."""
        import xarray as xr

        coords = {"time": self.t, "variable": list(self.variables), "param": list(self.parameters)}
        return xr.Dataset(
            {
                "value": (("time", "variable"), self.values),
                "sensitivity": (("time", "variable", "param"), self.data),
            },
            coords=coords,
            attrs={"status": self.status, "time_units": "s"},
        )

    def __repr__(self):
        return (
            f"SensitivityResult({self.t.size} samples, variables={list(self.variables)}, "
            f"parameters={list(self.parameters)}, status={self.status!r})"
        )


def _protocol(protocol):
    return protocol if isinstance(protocol, _core.Protocol) else _core.Protocol(protocol)


def sensitivities(
    model,
    protocol,
    params,
    variables=None,
    *,
    t_eval=None,
    rtol=1e-6,
    atol=1e-9,
    max_task_duration_s=4 * 3600.0,
    max_steps=1_000_000,
    max_step=math.inf,
    on_failure="return",
) -> SensitivityResult:
    """Forward sensitivities d variable / d parameter of a protocol run from rest.

    The states and their sensitivities S = dx/dp are integrated together (S' = J S + f_p, J S
    by a dual pass of the model's rhs); at a task failure the failure time moves with p by
    dET/dp = -(g_x S + g_p) / (g_x f + g_t), and the state sensitivities jump by
    (f- - f+) dET/dp where the next phase starts (docs/sensitivities.md).

    Args:
        model: a Model. protocol: a Protocol, or step strings.
        params: parameter keys ("fatigue.F", ...).
        variables: Result keys (states, observables, signals); default every state and
            observable.
        t_eval: times [s] to report at (sorted; the solver lands on each); default every
            accepted step.
        rtol, atol, max_task_duration_s, max_steps, max_step, on_failure: as simulate(); the
            sensitivity of parameter p is error-controlled at rtol and atol / ``|p|``.

    Returns:
        SensitivityResult (``.of(key)``, ``.to_xarray()``).

    Raises:
        ParameterError: unknown or duplicate keys, a bad option (naming it);
        ProtocolError / ModelError as simulate(); SolverError with on_failure="raise".
    """
    params = [params] if isinstance(params, str) else list(params)
    raw = _core._sensitivities(
        model,
        _protocol(protocol),
        params,
        variables,
        t_eval,
        rtol,
        atol,
        max_task_duration_s,
        max_steps,
        max_step,
        on_failure,
    )
    return SensitivityResult(raw)


def endurance_time(model, load_fraction, *, gradient=None, **options):
    """Time to task failure [s] of a sustained hold from rest (see ``_core.endurance_time``).

    With ``gradient=[keys]`` returns ``(et, {key: dET/dp})``: the exact derivative from the
    forward sensitivities at task failure, dET/dp = -(g_x S + g_p) / (g_x f + g_t) with
    g = capacity - load (docs/sensitivities.md); NaN where the load is never failed.
    ``options`` are endurance_time()'s (rtol, atol, max_task_duration_s, max_steps, max_step,
    and without ``gradient`` also method, first_step, max_phases, linear_solver).
    """
    if gradient is None:
        return _core.endurance_time(model, load_fraction, **options)
    keys = [gradient] if isinstance(gradient, str) else list(gradient)
    et, grad = _core._endurance_time_gradient(model, load_fraction, keys, **options)
    return et, {k: float(g) for k, g in zip(keys, grad)}


# The core's docstring without its first line, pybind11's signature (whose "*, ... **kwargs"
# reads as reST emphasis in the documentation site).
endurance_time.__doc__ = (
    (endurance_time.__doc__ or "") + "\n" + (_core.endurance_time.__doc__ or "").partition("\n")[2]
)
