"""Where a sweep's results go: memory (numpy only) or a Zarr v3 group on disk.

Both stores hold the same arrays (``array_layout``), chunked along ``point`` by the sweep's
``chunk_points``, so one work chunk is exactly one storage chunk of every array: commits need no
locks and never read-modify-write.

The commit protocol that makes a killed sweep resumable with nothing lost and nothing done twice:

1. The plan goes first: every array is created and the coordinates (point, parameters, load,
   step, time) written before any point runs; the group's attributes then get
   ``myofatigue_plan_complete`` and the metadata is consolidated. A store without that mark holds
   no results and is made again.
2. A chunk commits all its data arrays, then its ``status`` chunk (1 byte per point; 0, the fill
   value, is "pending"). zarr-python 3 writes each chunk file to a temporary name and renames it
   (``LocalStore``), so after a kill every chunk file is old or new, never torn; a chunk whose
   status was not written counts as pending and is recomputed into the same slots (its data
   files, if written, are overwritten with identical values).
3. Resume recomputes the fingerprint of what determines the results (model, task, outputs,
   solver options, keys, points, chunking) and refuses a mismatch, naming the field.

This guards against the process dying (kill -9, an out-of-memory kill, a closed laptop); it does
not fsync, so a power cut may lose recent commits (they are then simply pending again unless the
file system itself tears a file).
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import warnings

import numpy as np

STATUS_NAMES = (
    "pending",
    "ok",
    "solver_failed",
    "invalid_parameters",
    "protocol_error",
    "timeout",
    "error",
    "crashed",
)
END_REASONS = (
    "duration",
    "task_failure",
    "max_duration",
    "instant",
    "solver_failure",
    "not_reached",
)
STORE_FORMAT = 1


class Plan:
    """What a sweep will compute and how it is laid out (the store's first content)."""

    def __init__(
        self,
        *,
        task,
        keys,
        points,
        parameter_units,
        parameter_descriptions,
        loads,
        step_labels,
        times,
        final_keys,
        trajectory_keys,
        variable_units,
        chunk_points,
        spec,
    ):
        self.task = task
        self.keys = tuple(keys)
        self.points = np.asarray(points, dtype=np.float64)
        self.parameter_units = dict(parameter_units)
        self.parameter_descriptions = dict(parameter_descriptions)
        self.loads = None if loads is None else np.asarray(loads, dtype=np.float64)
        self.step_labels = None if step_labels is None else list(step_labels)
        self.times = None if times is None else np.asarray(times, dtype=np.float64)
        self.final_keys = list(final_keys)
        self.trajectory_keys = list(trajectory_keys)
        self.variable_units = dict(variable_units)
        self.chunk_points = int(chunk_points)
        self.spec = spec
        self.fingerprint = fingerprint(spec)

    @property
    def n_points(self) -> int:
        return self.points.shape[0]

    @property
    def n_chunks(self) -> int:
        return -(-self.n_points // self.chunk_points)

    def chunk_range(self, chunk_id: int) -> tuple[int, int]:
        first = chunk_id * self.chunk_points
        return first, min(self.n_points, first + self.chunk_points)


def fingerprint(spec: dict) -> str:
    """sha256 of the canonical JSON of a sweep's spec."""
    return hashlib.sha256(canonical_json(spec).encode()).hexdigest()


def canonical_json(obj) -> str:
    return json.dumps(jsonable(obj), sort_keys=True, separators=(",", ":"))


def jsonable(obj):
    """Plain JSON data from a state (dicts, lists, numbers, str); anything else by its repr (a
    component written in Python: its declaration names its callables)."""
    if isinstance(obj, dict):
        return {str(k): jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [jsonable(v) for v in obj]
    if isinstance(obj, np.ndarray):
        return [jsonable(v) for v in obj.tolist()]
    if isinstance(obj, (bool, str)) or obj is None:
        return obj
    if isinstance(obj, (int, np.integer)):
        return int(obj)
    if isinstance(obj, (float, np.floating)):
        return float(obj)
    return repr(obj)


def first_difference(stored, given, path=""):
    """(path, stored value, given value) of the first difference between two JSON values, or
    None when equal (NaN equal to NaN)."""
    if isinstance(stored, dict) and isinstance(given, dict):
        for key in sorted(set(stored) | set(given)):
            sub = f"{path}.{key}" if path else key
            if key not in stored or key not in given:
                return sub, stored.get(key, "<absent>"), given.get(key, "<absent>")
            diff = first_difference(stored[key], given[key], sub)
            if diff:
                return diff
        return None
    if isinstance(stored, list) and isinstance(given, list):
        if len(stored) != len(given):
            return f"{path} (length)", len(stored), len(given)
        for i, (a, b) in enumerate(zip(stored, given)):
            diff = first_difference(a, b, f"{path}[{i}]")
            if diff:
                return diff
        return None
    same = stored == given or (
        isinstance(stored, float)
        and isinstance(given, float)
        and math.isnan(stored)
        and math.isnan(given)
    )
    return None if same else (path, stored, given)


# ------------------------------------------------------------------------------------ layout


class ArraySpec:
    __slots__ = ("name", "dims", "dtype", "fill", "attrs")

    def __init__(self, name, dims, dtype, fill, attrs):
        self.name, self.dims, self.dtype, self.fill, self.attrs = name, dims, dtype, fill, attrs


def coordinate_arrays(plan: Plan) -> list[tuple[ArraySpec, np.ndarray]]:
    """The coordinates, written with the plan: point, each parameter, load, step, time."""
    out = [
        (
            ArraySpec("point", ("point",), "int64", 0, {"long_name": "point index"}),
            np.arange(plan.n_points, dtype=np.int64),
        )
    ]
    for j, key in enumerate(plan.keys):
        out.append(
            (
                ArraySpec(
                    key,
                    ("point",),
                    "float64",
                    math.nan,
                    {
                        "units": plan.parameter_units.get(key, ""),
                        "long_name": plan.parameter_descriptions.get(key, key),
                    },
                ),
                plan.points[:, j],
            )
        )
    if plan.loads is not None:
        out.append(
            (
                ArraySpec(
                    "load",
                    ("load",),
                    "float64",
                    math.nan,
                    {"units": "1", "long_name": "load, fraction of fresh MVC"},
                ),
                plan.loads,
            )
        )
    if plan.step_labels is not None:
        out.append(
            (
                ArraySpec("step", ("step",), "int64", 0, {"long_name": "protocol step"}),
                np.arange(len(plan.step_labels), dtype=np.int64),
            )
        )
        out.append(
            (
                ArraySpec("step_label", ("step",), str, "", {"long_name": "step text"}),
                np.array(plan.step_labels, dtype=object),
            )
        )
    if plan.times is not None and plan.trajectory_keys:
        out.append(
            (
                ArraySpec(
                    "time",
                    ("time",),
                    "float64",
                    math.nan,
                    {"units": "s", "long_name": "trajectory sample time"},
                ),
                plan.times,
            )
        )
    return out


def data_arrays(plan: Plan) -> list[ArraySpec]:
    """The per-point results, in commit order: status last."""
    coords = " ".join(plan.keys)
    step_coords = (coords + " step_label").strip()

    def spec(name, dims, dtype, fill, **attrs):
        attrs["coordinates"] = step_coords if "step" in dims else coords
        return ArraySpec(name, dims, dtype, fill, attrs)

    out = []
    if plan.task == "endurance":
        out.append(
            spec(
                "endurance_time_s",
                ("point", "load"),
                "float64",
                math.nan,
                units="s",
                long_name="endurance time (inf: held for max_task_duration_s)",
            )
        )
    else:
        for key in plan.final_keys:
            out.append(
                spec(
                    f"final.{key}",
                    ("point",),
                    "float64",
                    math.nan,
                    units=plan.variable_units.get(key, ""),
                    long_name=f"{key} at the end of the run",
                )
            )
        out.append(
            spec(
                "step_end_s",
                ("point", "step"),
                "float64",
                math.nan,
                units="s",
                long_name="time each protocol step ended",
            )
        )
        out.append(
            spec(
                "step_end_reason",
                ("point", "step"),
                "int8",
                -1,
                long_name="why each step ended",
                flag_values=list(range(6)),
                flag_meanings=" ".join(END_REASONS),
            )
        )
        out.append(
            spec(
                "mvc_fraction",
                ("point", "step"),
                "float64",
                math.nan,
                units="1",
                long_name="capacity measured by an MVC test step",
            )
        )
        for key in plan.trajectory_keys:
            out.append(
                spec(
                    f"trajectory.{key}",
                    ("point", "time"),
                    "float64",
                    math.nan,
                    units=plan.variable_units.get(key, ""),
                    long_name=f"{key} (linear interpolation of the solver's steps)",
                )
            )
    out.append(
        spec(
            "t_fail_s",
            ("point",),
            "float64",
            math.nan,
            units="s",
            long_name="time reached by a failed or timed-out point",
        )
    )
    out.append(
        spec(
            "wall_s",
            ("point",),
            "float64",
            math.nan,
            units="s",
            long_name="wall-clock time of the point (not reproducible)",
        )
    )
    out.append(spec("message", ("point",), str, "", long_name="what went wrong ('' if ok)"))
    out.append(
        spec(
            "status",
            ("point",),
            "uint8",
            0,
            long_name="point status",
            flag_values=list(range(len(STATUS_NAMES))),
            flag_meanings=" ".join(STATUS_NAMES),
        )
    )
    return out


def chunk_values(plan: Plan, chunk: dict) -> dict[str, np.ndarray]:
    """The arrays of a finished chunk (from the C++ pool) by store name."""
    out = {}
    if plan.task == "endurance":
        out["endurance_time_s"] = chunk["endurance_time_s"]
    else:
        for k, key in enumerate(plan.final_keys):
            out[f"final.{key}"] = chunk["final"][:, k]
        out["step_end_s"] = chunk["step_end_s"]
        out["step_end_reason"] = chunk["step_end_reason"]
        out["mvc_fraction"] = chunk["mvc_fraction"]
        for k, key in enumerate(plan.trajectory_keys):
            out[f"trajectory.{key}"] = chunk["trajectory"][:, k, :]
    out["t_fail_s"] = chunk["t_fail_s"]
    out["wall_s"] = chunk["wall_s"]
    out["message"] = np.array(chunk["message"], dtype=object)
    out["status"] = chunk["status"]
    return out


def shape_of(plan: Plan, dims) -> tuple[int, ...]:
    sizes = {
        "point": plan.n_points,
        "load": 0 if plan.loads is None else len(plan.loads),
        "step": 0 if plan.step_labels is None else len(plan.step_labels),
        "time": 0 if plan.times is None else len(plan.times),
    }
    return tuple(sizes[d] for d in dims)


# ------------------------------------------------------------------------------------ stores


class MemoryStore:
    """Results in NumPy arrays (store=None): needs nothing but numpy."""

    path = None

    def __init__(self, plan: Plan):
        self.plan = plan
        self.arrays = {}
        self.attrs = {}
        for spec, values in coordinate_arrays(plan):
            self.arrays[spec.name] = np.array(
                values, dtype=object if spec.dtype is str else spec.dtype
            )
        for spec in data_arrays(plan):
            dtype = object if spec.dtype is str else spec.dtype
            self.arrays[spec.name] = np.full(shape_of(plan, spec.dims), spec.fill, dtype=dtype)

    def status(self) -> np.ndarray:
        return self.arrays["status"]

    def commit(self, chunk: dict) -> None:
        first = int(chunk["first"])
        last = first + int(chunk["count"])
        for name, values in chunk_values(self.plan, chunk).items():
            self.arrays[name][first:last] = values

    def read(self, name: str) -> np.ndarray:
        return self.arrays[name]


def _zarr():
    try:
        import zarr
    except ImportError as e:
        raise ImportError(
            "a sweep store on disk needs zarr >= 3 (Python >= 3.11), which is not installed; "
            "install the 'sweep' extra: pip install \"myofatigue[sweep]\" (or pass store=None)"
        ) from e
    if int(zarr.__version__.split(".")[0]) < 3:
        raise ImportError(
            f"a sweep store needs zarr >= 3, found {zarr.__version__}; "
            'pip install "myofatigue[sweep]"'
        )
    return zarr


class ZarrStore:
    """A sweep's results in a Zarr v3 group (see the module docstring for the commit protocol)."""

    def __init__(self, path, group, plan):
        self.path = os.fspath(path)
        self.group = group
        self.plan = plan
        self._arrays = {}

    # ------------------------------------------------------------------ making and opening
    @classmethod
    def create(cls, path, plan: Plan, version: str) -> "ZarrStore":
        zarr = _zarr()
        group = zarr.open_group(os.fspath(path), mode="w", zarr_format=3)
        # First the claim (a plan a kill interrupts is then known to be ours, and made again),
        # last the mark that the plan is whole.
        group.attrs.update(
            {"myofatigue_store_format": STORE_FORMAT, "myofatigue_plan_complete": False}
        )
        for spec, values in coordinate_arrays(plan):
            arr = cls._create_array(group, plan, spec)
            arr[...] = values
        for spec in data_arrays(plan):
            cls._create_array(group, plan, spec)
        group.attrs.update(
            {
                "myofatigue_version": version,
                "myofatigue_store_format": STORE_FORMAT,
                "fingerprint": plan.fingerprint,
                "spec": canonical_json(plan.spec),
                "task": plan.task,
                "keys": list(plan.keys),
                "final_keys": plan.final_keys,
                "trajectory_keys": plan.trajectory_keys,
                "variable_units": plan.variable_units,
                "n_points": plan.n_points,
                "chunk_points": plan.chunk_points,
                "status_names": list(STATUS_NAMES),
                "myofatigue_plan_complete": True,  # written last: the plan is whole
            }
        )
        cls._consolidate(path)
        return cls(path, zarr.open_group(os.fspath(path), mode="r+", use_consolidated=False), plan)

    @staticmethod
    def _create_array(group, plan, spec: ArraySpec):
        shape = shape_of(plan, spec.dims)
        chunks = tuple(
            plan.chunk_points if d == "point" else max(n, 1) for d, n in zip(spec.dims, shape)
        )
        chunks = tuple(max(1, c) for c in chunks)
        return group.create_array(
            spec.name,
            shape=shape,
            chunks=chunks,
            dtype=spec.dtype,
            fill_value=spec.fill,
            dimension_names=list(spec.dims),
            attributes=spec.attrs,
        )

    @staticmethod
    def _consolidate(path) -> None:
        # Consolidated metadata lets plain xarray.open_zarr(path) open the store without its
        # "failed to open with consolidated metadata" warning; shapes never change after the
        # plan, so consolidating once stays valid. zarr warns that v3 consolidation is outside
        # the v3 specification (it is zarr-python's and xarray's convention): known, so hushed.
        zarr = _zarr()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            zarr.consolidate_metadata(os.fspath(path))

    @staticmethod
    def read_attrs(path):
        """The group's attributes, or None when `path` holds no complete plan."""
        attrs = ZarrStore.read_group_attrs(path)
        return attrs if attrs and attrs.get("myofatigue_plan_complete") else None

    @staticmethod
    def read_group_attrs(path):
        """The attributes of the Zarr group at `path`, or None when there is none."""
        zarr = _zarr()
        try:
            group = zarr.open_group(os.fspath(path), mode="r", use_consolidated=False)
        except (FileNotFoundError, ValueError, KeyError):
            return None
        except Exception as e:  # zarr raises its own errors for non-group nodes
            if type(e).__name__ in (
                "GroupNotFoundError",
                "NodeTypeValidationError",
                "ContainsArrayError",
            ):
                return None
            raise
        return dict(group.attrs)

    @classmethod
    def open(cls, path, plan: Plan, mode="r+") -> "ZarrStore":
        zarr = _zarr()
        if mode != "r":
            cls._consolidate(path)  # in case a kill came between the plan and its consolidation
        group = zarr.open_group(os.fspath(path), mode=mode, use_consolidated=False)
        return cls(path, group, plan)

    # ------------------------------------------------------------------ use
    def _array(self, name):
        arr = self._arrays.get(name)
        if arr is None:
            arr = self._arrays[name] = self.group[name]
        return arr

    def status(self) -> np.ndarray:
        return np.asarray(self._array("status")[...])

    def commit(self, chunk: dict) -> None:
        first = int(chunk["first"])
        last = first + int(chunk["count"])
        values = chunk_values(self.plan, chunk)
        for name, block in values.items():  # dict order: status last (data_arrays order)
            self._array(name)[first:last] = block

    def read(self, name: str) -> np.ndarray:
        return np.asarray(self._array(name)[...])


def stored_points(group_attrs, store) -> np.ndarray:
    keys = group_attrs["keys"]
    return (
        np.column_stack([store.read(k) for k in keys])
        if keys
        else np.empty((int(group_attrs["n_points"]), 0))
    )
