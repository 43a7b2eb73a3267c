"""sweep(), endurance_sweep(), open_sweep() and the Sweep they return.

The points run in C++ on a pool of threads (``_core._SweepRun``: no Python per point, GIL
released); this module plans the sweep, opens or resumes its store, commits each finished chunk
(data first, status last: ``_store``) and shows progress. Ctrl-C stops the workers at their next
solver step, commits the chunks already finished and re-raises KeyboardInterrupt.
"""

from __future__ import annotations

import os
import pathlib

import numpy as np

from .. import _core
from .._errors import ArgumentTypeError, ParameterError, ProtocolError, SolverError
from ._points import Points, _import, points as _to_points
from ._store import (
    STATUS_NAMES,
    MemoryStore,
    Plan,
    ZarrStore,
    canonical_json,
    first_difference,
    jsonable,
    stored_points,
)

__all__ = ["Outputs", "Sweep", "endurance_sweep", "open_sweep", "sweep"]

# The solver options a sweep takes, with their defaults from the C++ SimulationOptions{} (not
# restated here); on_failure is the sweep's own argument.
_DEFAULT_OPTIONS = {
    name: value
    for name, value in _core._simulation_option_defaults().items()
    if name != "on_failure"
}


class Outputs:
    """What a protocol sweep records per point, besides the per-step table (``step_end_s``,
    ``step_end_reason``, ``mvc_fraction``), ``status``, ``message``, ``t_fail_s`` and ``wall_s``.

    Args:
        final: variable keys (states, observables, signals; as in ``Result``) recorded at the
            run's last sample (for a failed point: its last accepted state). None: the model's
            observables.
        trajectory: variable keys recorded on the grid ``t``.
        t: trajectory sample times [s], increasing, >= 0. Values are linear interpolations
            between the solver's accepted steps, NaN after the run ended.
    """

    __slots__ = ("final", "trajectory", "t")

    def __init__(self, final=None, *, trajectory=(), t=None):
        self.final = None if final is None else _str_list(final, "outputs.final")
        self.trajectory = _str_list(trajectory, "outputs.trajectory")
        self.t = None if t is None else np.asarray(t, dtype=np.float64).ravel()
        if self.trajectory and self.t is None:
            raise ParameterError(
                "outputs.t: trajectories need sample times t=[...] [s]", field="outputs.t"
            )

    def __repr__(self):
        n_t = 0 if self.t is None else len(self.t)
        return f"Outputs(final={self.final!r}, trajectory={self.trajectory!r}, t=<{n_t} times>)"


class Sweep:
    """The results of a sweep: one status per point and the recorded outputs, in memory or in a
    Zarr store (``path``). Returned by :func:`sweep`, :func:`endurance_sweep` and
    :func:`open_sweep`.

    ``counts`` gives the number of points per status; ``ds`` an ``xarray.Dataset`` (dims
    ``point`` and, where they apply, ``load``, ``step``, ``time``; every parameter a coordinate on
    ``point``; units in attrs); ``to_pandas()`` a table; ``failures()`` the points that did not
    end ``ok``.
    """

    def __init__(self, store, plan: Plan):
        self._store = store
        self._plan = plan

    @property
    def path(self):
        """The store's path, or None for a sweep held in memory."""
        return self._store.path

    @property
    def keys(self) -> tuple[str, ...]:
        """The swept parameter keys."""
        return self._plan.keys

    @property
    def points(self) -> Points:
        return Points(self._plan.keys, self._plan.points)

    @property
    def n_points(self) -> int:
        return self._plan.n_points

    @property
    def task(self) -> str:
        """ "endurance" or "simulate"."""
        return self._plan.task

    @property
    def fingerprint(self) -> str:
        """sha256 of what determines the results (model, task, outputs, options, points)."""
        return self._plan.fingerprint

    @property
    def status_codes(self) -> np.ndarray:
        """Status per point as uint8 codes (index into ``STATUS_NAMES``; 0 = pending)."""
        return self._store.status()

    @property
    def status(self) -> np.ndarray:
        """Status per point by name ("ok", "solver_failed", ..., "pending")."""
        return np.asarray(STATUS_NAMES, dtype=object)[self.status_codes]

    @property
    def counts(self) -> dict[str, int]:
        """{status name: number of points} for the statuses present."""
        counts = np.bincount(self.status_codes, minlength=len(STATUS_NAMES))
        return {STATUS_NAMES[i]: int(c) for i, c in enumerate(counts) if c}

    @property
    def done(self) -> bool:
        """True when no point is pending."""
        return not (self.status_codes == 0).any()

    def values(self, name: str) -> np.ndarray:
        """One result array by name (e.g. "endurance_time_s", "final.fatigue.capacity"), as
        NumPy (point first)."""
        try:
            return self._store.read(name)
        except KeyError:
            raise ParameterError(
                f"{name}: is not an array of this sweep; it has {', '.join(self.names())}",
                field=name,
            ) from None

    def names(self) -> list[str]:
        """Names of the result arrays."""
        from ._store import data_arrays

        return [s.name for s in data_arrays(self._plan)]

    @property
    def ds(self):
        """The results as an ``xarray.Dataset`` (needs xarray: the 'sweep' extra). A sweep in a
        store is opened lazily with ``xarray.open_zarr``."""
        xr = _import("xarray", "sweep")
        if self._store.path is not None:
            return xr.open_zarr(self._store.path)
        from ._store import coordinate_arrays, data_arrays

        coords = {}
        for spec, values in coordinate_arrays(self._plan):
            coords[spec.name] = xr.Variable(spec.dims, np.asarray(values), spec.attrs)
        data = {}
        for spec in data_arrays(self._plan):
            attrs = {k: v for k, v in spec.attrs.items() if k != "coordinates"}
            data[spec.name] = xr.Variable(spec.dims, self._store.read(spec.name), attrs)
        return xr.Dataset(
            data, coords=coords, attrs={"fingerprint": self.fingerprint, "task": self.task}
        )

    def to_pandas(self):
        """A pandas DataFrame: one row per point (an endurance sweep: per point and load,
        MultiIndex (point, load)) with the parameters, status, message, t_fail_s, wall_s and the
        per-point outputs; per-step and trajectory arrays stay in ``ds``."""
        pd = _import("pandas", "sweep")
        table = {k: self._plan.points[:, j] for j, k in enumerate(self.keys)}
        table["status"] = pd.Categorical(self.status, categories=list(STATUS_NAMES))
        table["message"] = self.values("message")
        table["t_fail_s"] = self.values("t_fail_s")
        table["wall_s"] = self.values("wall_s")
        for key in self._plan.final_keys if self.task == "simulate" else ():
            table[f"final.{key}"] = self.values(f"final.{key}")
        frame = pd.DataFrame(table, index=pd.RangeIndex(self.n_points, name="point"))
        if self.task != "endurance":
            return frame
        loads = self._plan.loads
        et = self.values("endurance_time_s")
        long = frame.loc[np.repeat(frame.index, len(loads))].reset_index()
        long["load"] = np.tile(loads, self.n_points)
        long["endurance_time_s"] = et.reshape(-1)
        return long.set_index(["point", "load"])

    def failures(self):
        """The points that did not end "ok" (pending ones included), as a DataFrame indexed by
        point with the parameters, status, message and t_fail_s."""
        frame = self.to_pandas()
        if self.task == "endurance":
            frame = frame.groupby(level="point").first()
        failed = frame["status"] != "ok"
        return frame.loc[failed, [*self.keys, "status", "message", "t_fail_s"]]

    def __repr__(self):
        counts = ", ".join(f"{n} {s}" for s, n in self.counts.items())
        where = f", store={self.path!r}" if self.path else ""
        return f"Sweep({self.task}, {self.n_points} points: {counts}{where})"


# ---------------------------------------------------------------------------------- running


def sweep(
    model,
    points,
    protocol,
    *,
    outputs=None,
    store=None,
    resume=True,
    overwrite=False,
    client=None,
    threads=None,
    chunk=None,
    progress=True,
    on_failure="record",
    point_timeout_s=None,
    **options,
) -> Sweep:
    """Runs ``protocol`` once per point, each on ``model`` with the point's parameter values.

    Args:
        model: the base Model; each point overrides its keys.
        points: Points (``grid``, ``latin_hypercube``, ``points``), or anything ``points()``
            takes (a DataFrame, a mapping {key: values}).
        protocol: a Protocol or a list of step strings.
        outputs: an :class:`Outputs`, or a list of variable keys recorded at the end of each run;
            None: the model's observables at the end.
        store: None (results in memory; needs only numpy) or a path: a Zarr v3 group (the
            'sweep' extra) written chunk by chunk, resumable after a kill.
        resume: with a store that exists, continue it (only its pending chunks run); what
            determines the results must match, else ParameterError names the field.
        overwrite: with resume=False, replace an existing store (else it is an error).
        client: a ``dask.distributed.Client`` (LocalCluster, SLURMCluster, ...): the chunks run
            on its workers (the 'dask' extra) and the results are the same, bitwise; a point
            that kills its worker is isolated and recorded "crashed". None: the in-process pool.
        threads: worker threads (default: the CPUs this process may use).
        chunk: points per chunk, the unit of work and of commit (default from the number of
            points: about 64 chunks, at most 256 points each; a resumed store keeps its own).
            Results do not depend on it or on threads.
        progress: True (a ``tqdm.auto`` bar when tqdm is installed), False, a tqdm-like class,
            or a callable ``f(done, total)`` called after each committed chunk.
        on_failure: "record" (default: each point ends with a status, see ``Sweep.counts``), or
            "raise": parameter values are checked before anything runs, and the first failing
            point raises (after committing the chunks that finished).
        point_timeout_s: wall-clock limit per point [s] (status "timeout"); None: no limit.
        **options: solver options as for ``simulate`` (rtol, atol, method,
            max_task_duration_s, max_steps, max_step, first_step, max_phases, linear_solver).

    Returns:
        Sweep.

    Raises:
        ParameterError (ValueError): an unknown parameter key, an output key the model does not
            have, an option out of range, a store mismatch (naming the field), or (with
            on_failure="raise") a value out of its allowed range; ProtocolError: an invalid
            protocol; ArgumentTypeError: an argument of the wrong type; KeyboardInterrupt after
            Ctrl-C (the store keeps every finished chunk).
    """
    protocol = protocol if isinstance(protocol, _core.Protocol) else _core.Protocol(protocol)
    outputs = _to_outputs(outputs)
    return _run(
        model,
        points,
        protocol=protocol,
        loads=None,
        outputs=outputs,
        store=store,
        resume=resume,
        overwrite=overwrite,
        client=client,
        threads=threads,
        chunk=chunk,
        progress=progress,
        on_failure=on_failure,
        point_timeout_s=point_timeout_s,
        options=options,
        caller="sweep",
    )


def endurance_sweep(
    model,
    points,
    *,
    loads,
    store=None,
    resume=True,
    overwrite=False,
    client=None,
    threads=None,
    chunk=None,
    progress=True,
    on_failure="record",
    point_timeout_s=None,
    **options,
) -> Sweep:
    """Endurance times [s] of sustained holds at each of ``loads`` (fractions of fresh MVC),
    per point: ``Sweep.ds["endurance_time_s"]`` has dims (point, load); inf where the load was
    held for max_task_duration_s. Each time is ``endurance_time(model_at_point, load)``
    (at the model's endurance tolerance when rtol and atol are left at their defaults).

    Arguments as for :func:`sweep`; ``loads``: a sequence of loads in (0, 1].
    """
    loads = np.atleast_1d(np.asarray(loads, dtype=np.float64))
    if loads.ndim != 1:
        raise ParameterError("loads: expected a 1-D sequence of loads in (0, 1]", field="loads")
    return _run(
        model,
        points,
        protocol=None,
        loads=loads,
        outputs=None,
        store=store,
        resume=resume,
        overwrite=overwrite,
        client=client,
        threads=threads,
        chunk=chunk,
        progress=progress,
        on_failure=on_failure,
        point_timeout_s=point_timeout_s,
        options=options,
        caller="endurance_sweep",
    )


def open_sweep(path) -> Sweep:
    """Reopens a sweep store read-only (results so far; pending points have status "pending").

    Raises:
        ParameterError: ``path`` holds no complete sweep store.
    """
    attrs = ZarrStore.read_attrs(path)
    if attrs is None:
        raise ParameterError(
            f"store: {os.fspath(path)!r} holds no myofatigue sweep store", field="store"
        )
    import json

    spec = json.loads(attrs["spec"])
    placeholder = ZarrStore.open(path, None, mode="r")
    pts = stored_points(attrs, placeholder)
    parameter_units = {k: placeholder.group[k].attrs.get("units", "") for k in attrs["keys"]}
    descriptions = {k: placeholder.group[k].attrs.get("long_name", k) for k in attrs["keys"]}
    steps = list(placeholder.read("step_label")) if attrs["task"] == "simulate" else None
    plan = Plan(
        task=attrs["task"],
        keys=attrs["keys"],
        points=pts,
        parameter_units=parameter_units,
        parameter_descriptions=descriptions,
        loads=placeholder.read("load") if attrs["task"] == "endurance" else None,
        step_labels=steps,
        times=placeholder.read("time") if attrs["trajectory_keys"] else None,
        final_keys=attrs["final_keys"],
        trajectory_keys=attrs["trajectory_keys"],
        variable_units=attrs["variable_units"],
        chunk_points=attrs["chunk_points"],
        spec=spec,
    )
    placeholder.plan = plan
    return Sweep(placeholder, plan)


def _run(
    model,
    points,
    *,
    protocol,
    loads,
    outputs,
    store,
    resume,
    overwrite,
    client,
    threads,
    chunk,
    progress,
    on_failure,
    point_timeout_s,
    options,
    caller,
):
    if not isinstance(model, _core.Model):
        raise ArgumentTypeError(
            f"model: expected a Model (from build_model() or myofatigue.models), got "
            f"{type(model).__name__}",
            field="model",
        )
    pts = _to_points(points)
    if on_failure not in ("record", "raise"):
        raise ParameterError(
            f"on_failure: {on_failure!r} is not valid; valid: 'record', 'raise'", field="on_failure"
        )
    unknown = set(options) - set(_DEFAULT_OPTIONS)
    if unknown:
        import difflib

        name = sorted(unknown)[0]
        close = difflib.get_close_matches(name, list(_DEFAULT_OPTIONS), n=1)
        raise ArgumentTypeError(
            f"{caller}() got an unexpected keyword argument {name!r}"
            + (f"; did you mean {close[0]!r}?" if close else ""),
            field=name,
        )
    opts = {**_DEFAULT_OPTIONS, **options}
    threads = _threads(threads)
    for flag, name in ((resume, "resume"), (overwrite, "overwrite")):
        if not isinstance(flag, (bool, np.bool_)):
            raise ArgumentTypeError(
                f"{name}: expected a bool, got {type(flag).__name__}", field=name
            )

    # The store decides the chunking of a resumed sweep.
    path = None if store is None else os.fspath(store)
    existing = None if path is None else _existing_store(path)
    if existing is not None and resume and chunk is None:
        chunk = int(existing["chunk_points"])
    chunk = _chunk_points(chunk, len(pts))

    info = model.parameter_info()
    if outputs is not None and outputs.final is None:
        outputs = Outputs(list(model.observable_keys), trajectory=outputs.trajectory, t=outputs.t)
    spec_handle = _core._SweepSpec(
        model,
        list(pts.keys),
        pts.values,
        loads,
        protocol,
        None if outputs is None else outputs.final,
        None if outputs is None else outputs.trajectory,
        None if outputs is None else outputs.t,
        chunk,
        opts,
    )
    if on_failure == "raise":
        pts.check(model)  # before anything runs: the first value out of range, named

    variable_units = _core._result_variables(model) if protocol is not None else {}
    spec = {
        "format": 1,
        "task": "simulate" if protocol is not None else "endurance",
        "model": jsonable(model.__getstate__()),
        "protocol": None if protocol is None else jsonable(protocol.__getstate__()),
        "loads": None if loads is None else jsonable(loads),
        "outputs": None
        if outputs is None
        else {
            "final": outputs.final,
            "trajectory": outputs.trajectory,
            "t": None if outputs.t is None or not outputs.trajectory else jsonable(outputs.t),
        },
        "options": jsonable(opts),
        "keys": list(pts.keys),
        "n_points": len(pts),
        "points_sha256": _points_hash(pts.values),
        "chunk_points": chunk,
    }
    plan = Plan(
        task=spec["task"],
        keys=pts.keys,
        points=pts.values,
        parameter_units={k: info[k].unit for k in pts.keys if k in info},
        parameter_descriptions={k: info[k].description for k in pts.keys if k in info},
        loads=loads,
        step_labels=None if protocol is None else list(protocol.steps),
        times=None if outputs is None or not outputs.trajectory else outputs.t,
        final_keys=[] if outputs is None else outputs.final,
        trajectory_keys=[] if outputs is None else outputs.trajectory,
        variable_units={
            k: variable_units[k]
            for k in ([] if outputs is None else [*outputs.final, *outputs.trajectory])
        },
        chunk_points=chunk,
        spec=spec,
    )

    if path is None:
        st = MemoryStore(plan)
    elif existing is None:
        st = ZarrStore.create(path, plan, _core.__version__)
    elif resume:
        _check_same(existing, plan, path)
        st = ZarrStore.open(path, plan)
    elif overwrite:
        st = ZarrStore.create(path, plan, _core.__version__)
    else:
        raise ParameterError(
            f"store: {path!r} already holds a sweep; pass resume=True to continue it or "
            "overwrite=True to replace it",
            field="store",
        )

    status = st.status()
    pending = [c for c in range(plan.n_chunks) if (status[slice(*plan.chunk_range(c))] == 0).any()]
    result = Sweep(st, plan)
    if not pending:
        return result
    done = int(plan.n_points - sum(np.subtract(*plan.chunk_range(c)[::-1]) for c in pending))
    bar = _progress(progress, plan.n_points, done, caller)
    if client is None:
        source = _PoolSource(spec_handle, pending, threads, point_timeout_s)
    else:
        from ._dask import DaskDriver

        source = DaskDriver(
            client,
            plan,
            (
                model,
                list(pts.keys),
                pts.values,
                loads,
                protocol,
                None if outputs is None else outputs.final,
                None if outputs is None else outputs.trajectory,
                None if outputs is None else outputs.t,
                chunk,
                opts,
            ),
            pending,
            point_timeout_s,
        )
    committing = None
    first_failure = None
    try:
        for chunk_result in source:
            committing = chunk_result
            st.commit(chunk_result)
            committing = None
            if bar is not None:
                bar.update(int(chunk_result["count"]))
            if on_failure == "raise" and first_failure is None:
                bad = np.flatnonzero(np.asarray(chunk_result["status"]) != 1)
                if bad.size:
                    first_failure = (
                        int(chunk_result["first"]) + int(bad[0]),
                        int(chunk_result["status"][bad[0]]),
                        chunk_result["message"][int(bad[0])],
                    )
                    source.request_stop()  # chunks already finished still come, committed
    except KeyboardInterrupt:
        for late in source.stop():  # the pool: every worker ends at its next solver step
            st.commit(late)
        if committing is not None:
            st.commit(committing)  # idempotent: the same values into the same slots
        raise
    finally:
        if bar is not None:
            bar.close()
    if first_failure is not None:
        _raise_point_failure(plan, *first_failure)
    return result


class _PoolSource:
    """Finished chunks of the in-process C++ pool, drained in 100 ms slices (GIL released while
    waiting, so Python's SIGINT handler runs between slices)."""

    def __init__(self, spec, pending, threads, point_timeout_s):
        self.spec = spec
        self.run = _core._SweepRun(spec, pending, threads, point_timeout_s)

    def __iter__(self):
        while True:
            chunk = self.run.next_completed(self.spec, 0.1)
            if chunk is not None:
                yield chunk
            elif self.run.finished:
                return

    def request_stop(self):
        self.run.request_stop()

    def stop(self):
        """Stops and joins the workers; returns the chunks that finished meanwhile."""
        self.run.request_stop()
        self.run.join()
        late = []
        while (chunk := self.run.next_completed(self.spec, 0.0)) is not None:
            late.append(chunk)
        return late


# ----------------------------------------------------------------------------------- helpers


def _existing_store(path):
    """The attributes of a complete sweep store at `path`; None where there is nothing (or an
    unfinished plan, which holds no results). A directory that is not a sweep store is refused
    rather than overwritten."""
    p = pathlib.Path(path)
    if not p.exists():
        return None
    attrs = ZarrStore.read_group_attrs(path) if (p / "zarr.json").exists() else None
    if attrs is not None and attrs.get("myofatigue_plan_complete"):
        return attrs
    if p.is_dir() and (
        not any(p.iterdir()) or (attrs is not None and "myofatigue_store_format" in attrs)
    ):
        return None  # empty, or our plan that a kill interrupted: made again
    raise ParameterError(
        f"store: {path!r} exists and is not a myofatigue sweep store; give a new path",
        field="store",
    )


def _check_same(attrs, plan: Plan, path):
    import json

    stored = json.loads(attrs["spec"])
    given = json.loads(canonical_json(plan.spec))
    diff = first_difference(stored, given)
    if diff is None:
        return
    field, old, new = diff
    if field == "points_sha256":
        st = ZarrStore.open(path, plan, mode="r")
        old_points = stored_points(attrs, st)
        rows, cols = np.nonzero(
            ~((old_points == plan.points) | (np.isnan(old_points) & np.isnan(plan.points)))
        )
        i, j = int(rows[0]), int(cols[0])
        field = "points"
        old, new = (
            f"point {i} {plan.keys[j]}={float(old_points[i, j])!r}",
            f"{float(plan.points[i, j])!r}",
        )
    short = field.split(".")[-1] if field.startswith("options.") else field
    raise ParameterError(
        f"{short}: the store {path!r} was made with a different {field}: {_short(old)} stored, "
        f"{_short(new)} given; resume it with the same arguments, or pass resume=False, "
        "overwrite=True to start again",
        field=short,
    )


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 120 else text[:117] + "..."


def _points_hash(values: np.ndarray) -> str:
    import hashlib

    a = np.ascontiguousarray(values, dtype="<f8")
    return hashlib.sha256(repr(a.shape).encode() + a.tobytes()).hexdigest()


def _threads(threads) -> int:
    if threads is None:
        try:
            return max(1, len(os.sched_getaffinity(0)))
        except AttributeError:  # not Linux
            return max(1, os.cpu_count() or 1)
    if isinstance(threads, bool) or not isinstance(threads, (int, np.integer)):
        raise ArgumentTypeError(
            f"threads: expected an int >= 1 or None, got {type(threads).__name__}", field="threads"
        )
    if threads < 1:
        raise ParameterError(f"threads: value {threads} is outside [1, 4096]", field="threads")
    return int(threads)


def _chunk_points(chunk, n_points: int) -> int:
    if chunk is None:
        # From the number of points only (never from the threads), so the layout of a store
        # does not depend on the machine: about 64 chunks, at most 256 points each.
        return max(1, min(256, -(-n_points // 64)))
    if isinstance(chunk, bool) or not isinstance(chunk, (int, np.integer)):
        raise ArgumentTypeError(
            f"chunk: expected an int >= 1 or None, got {type(chunk).__name__}", field="chunk"
        )
    if chunk < 1:
        raise ParameterError(f"chunk: value {chunk} is outside [1, inf)", field="chunk")
    return int(chunk)


def _str_list(keys, field):
    if isinstance(keys, str):
        return [keys]
    try:
        out = list(keys)
    except TypeError:
        raise ArgumentTypeError(
            f"{field}: expected a list of variable keys (str), got {type(keys).__name__}",
            field=field,
        ) from None
    for k in out:
        if not isinstance(k, str):
            raise ArgumentTypeError(
                f"{field}: expected variable keys (str), got {type(k).__name__} {k!r}", field=field
            )
    return out


def _to_outputs(outputs):
    if outputs is None:
        return Outputs()
    if isinstance(outputs, Outputs):
        return outputs
    if isinstance(outputs, dict):
        unknown = set(outputs) - {"final", "trajectory", "t"}
        if unknown:
            raise ParameterError(
                f"outputs: unknown entries {sorted(unknown)}; valid: 'final', 'trajectory', 't'",
                field="outputs",
            )
        return Outputs(
            outputs.get("final"), trajectory=outputs.get("trajectory", ()), t=outputs.get("t")
        )
    return Outputs(outputs)


class _CallbackProgress:
    def __init__(self, callback, total, initial):
        self.callback, self.total, self.done = callback, total, initial
        callback(initial, total)

    def update(self, n):
        self.done += n
        self.callback(self.done, self.total)

    def close(self):
        pass


def _progress(progress, total, initial, caller):
    if progress is False or progress is None:
        return None
    if progress is True:
        try:
            from tqdm.auto import tqdm
        except ImportError:  # the default asks for a bar only where tqdm is installed
            return None
        return tqdm(total=total, initial=initial, unit="pt", desc=caller)
    if isinstance(progress, type):
        return progress(total=total, initial=initial, unit="pt", desc=caller)
    if callable(progress):
        return _CallbackProgress(progress, total, initial)
    raise ArgumentTypeError(
        "progress: expected True, False, a tqdm-like class or a callable f(done, total), got "
        f"{type(progress).__name__}",
        field="progress",
    )


def _raise_point_failure(plan: Plan, point: int, code: int, message: str):
    values = ", ".join(f"{k}={float(plan.points[point, j])!r}" for j, k in enumerate(plan.keys))
    text = f"point {point} ({values}): {STATUS_NAMES[code]}: {message}"
    if code == 2:
        raise SolverError(text)
    if code == 3:
        key = next((k for k in plan.keys if message.startswith(k)), "points")
        raise ParameterError(text, field=key)
    if code == 4:
        raise ProtocolError(text, field="protocol")
    if code == 5:
        raise TimeoutError(text)
    raise RuntimeError(text)
