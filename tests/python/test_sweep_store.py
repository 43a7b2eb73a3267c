"""Sweep stores (issue 13): a Zarr v3 group that holds the same results whatever the threads and
chunking, survives kill -9 at any moment (resume loses nothing and repeats nothing), refuses a
resume with different inputs naming the field, and opens with plain xarray.open_zarr."""

import random
import signal
import subprocess
import sys
import textwrap
import time

import numpy as np
import pytest

import myofatigue as mf

zarr = pytest.importorskip("zarr")

KNEE = mf.models.three_compartment("knee")
PROTOCOL = ["Hold at 40% MVC until task failure", "Rest for 10 min", "MVC test"]
FR = mf.grid({"fatigue.F": np.linspace(0.008, 0.025, 5), "fatigue.R": [0.0008, 0.002, 0.003]})
OUTPUTS = mf.Outputs(["fatigue.capacity"], trajectory=["fatigue.MF"], t=np.arange(0, 1200, 60.0))


def store_arrays(path):
    """Every array of a store by name, except the wall-clock times (not reproducible)."""
    group = zarr.open_group(str(path), mode="r")
    return {name: np.asarray(arr[...]) for name, arr in group.arrays() if name != "wall_s"}


def assert_same_results(a, b):
    assert a.keys() == b.keys()
    for name in a:
        if a[name].dtype.kind in "OTU":
            assert list(a[name]) == list(b[name]), name
        else:
            assert a[name].tobytes() == b[name].tobytes(), name  # bitwise, NaN included


def test_stores_are_bitwise_equal_for_one_and_two_threads(tmp_path):
    for threads in (1, 2):
        mf.sweep(
            KNEE,
            FR,
            PROTOCOL,
            outputs=OUTPUTS,
            store=tmp_path / f"t{threads}.zarr",
            threads=threads,
            chunk=4,
            progress=False,
        )
    assert_same_results(store_arrays(tmp_path / "t1.zarr"), store_arrays(tmp_path / "t2.zarr"))


def test_results_do_not_depend_on_the_chunking(tmp_path):
    a = mf.sweep(
        KNEE,
        FR,
        PROTOCOL,
        outputs=OUTPUTS,
        store=tmp_path / "c3.zarr",
        chunk=3,
        threads=2,
        progress=False,
    )
    b = mf.sweep(
        KNEE, FR, PROTOCOL, outputs=OUTPUTS, store=None, chunk=7, threads=2, progress=False
    )
    for name in a.names():
        if name not in ("wall_s", "message"):
            assert a.values(name).tobytes() == b.values(name).tobytes(), name


def test_plain_xarray_opens_a_store_with_coordinates_and_units(tmp_path):
    xr = pytest.importorskip("xarray")
    sw = mf.endurance_sweep(KNEE, FR, loads=[0.3, 0.5], store=tmp_path / "et.zarr", progress=False)
    ds = xr.open_zarr(tmp_path / "et.zarr")
    assert ds["endurance_time_s"].dims == ("point", "load")
    assert {"fatigue.F", "fatigue.R", "load", "point"} <= set(ds.coords)
    assert ds["endurance_time_s"].attrs["units"] == "s"
    assert ds["status"].attrs["flag_meanings"].split()[1] == "ok"
    np.testing.assert_array_equal(ds["endurance_time_s"].values, sw.values("endurance_time_s"))
    again = mf.open_sweep(tmp_path / "et.zarr")
    assert again.counts == {"ok": len(FR)} and again.fingerprint == sw.fingerprint
    assert again.ds["fatigue.R"].attrs["units"] == "1/s"


def test_a_resume_with_different_inputs_is_refused_naming_the_field(tmp_path):
    path = tmp_path / "fp.zarr"
    mf.endurance_sweep(KNEE, FR, loads=[0.4], store=path, progress=False)
    cases = [
        (dict(rtol=1e-8), "rtol", r"1e-06 stored, 1e-08 given"),
        (dict(loads=[0.5]), "loads[0]", r"0\.4 stored, 0\.5 given"),
        (dict(model=mf.models.three_compartment("elbow")), "model", "parameters"),
        (
            dict(
                points=mf.grid(
                    {"fatigue.F": np.linspace(0.008, 0.026, 5), "fatigue.R": [0.0008, 0.002, 0.003]}
                )
            ),
            "points",
            "point 3",
        ),
        (dict(chunk=2), "chunk_points", "stored"),
    ]
    for change, field, text in cases:
        kw = dict(model=KNEE, points=FR, loads=[0.4], store=path, progress=False)
        kw.update(change)
        with pytest.raises(mf.ParameterError, match=text) as e:
            mf.endurance_sweep(kw.pop("model"), kw.pop("points"), **kw)
        assert e.value.field.startswith(field), (e.value.field, field)
    with pytest.raises(mf.ParameterError, match="resume=True") as e:
        mf.endurance_sweep(KNEE, FR, loads=[0.4], store=path, resume=False, progress=False)
    assert e.value.field == "store"
    sw = mf.endurance_sweep(
        KNEE, FR, loads=[0.5], store=path, resume=False, overwrite=True, progress=False
    )
    assert sw.counts == {"ok": len(FR)}
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "notes.txt").write_text("mine")
    with pytest.raises(mf.ParameterError, match="not a myofatigue sweep store"):
        mf.endurance_sweep(KNEE, FR, loads=[0.4], store=tmp_path / "other", progress=False)


KILLED_CHILD = textwrap.dedent(
    """
    import sys
    import numpy as np
    import myofatigue as mf

    def announce(done, total):
        print("started", flush=True)

    # 160 points of 6 000 steps: about a second or more of work, so that most kills land in it
    pts = mf.grid({"fatigue.F": np.linspace(0.008, 0.025, 20),
                   "fatigue.R": np.linspace(0.0008, 0.003, 8)})
    sw = mf.sweep(mf.models.three_compartment("knee"), pts, ["Hold at 30% MVC for 60 s", "MVC test"],
                  outputs=mf.Outputs(["fatigue.capacity"], trajectory=["fatigue.MF"],
                                     t=np.arange(0.0, 61.0, 10.0)),
                  store=sys.argv[1], threads=2, chunk=3, max_step=0.01, progress=announce)
    print(sw.counts.get("ok", 0), flush=True)
    """
)


def test_kill_9_at_random_moments_then_resume_equals_an_uninterrupted_run(tmp_path):
    killed = tmp_path / "killed.zarr"
    rng = random.Random(13)
    kills = 0
    for _ in range(8):
        child = subprocess.Popen(
            [sys.executable, "-c", KILLED_CHILD, str(killed)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            assert child.stdout.readline().strip() == "started"
            time.sleep(rng.uniform(0.0, 0.25))  # somewhere inside the sweep, or at its end
            child.send_signal(signal.SIGKILL)
            child.communicate(timeout=60)
        finally:
            if child.poll() is None:
                child.kill()
                child.communicate()
        kills += child.returncode == -signal.SIGKILL
        if mf.open_sweep(killed).done:
            break
    assert kills >= 3  # most kills landed while the sweep ran
    finished = subprocess.run(
        [sys.executable, "-c", KILLED_CHILD, str(killed)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert finished.returncode == 0, finished.stderr
    assert finished.stdout.split()[-1] == "160"  # every point ok, nothing pending
    clean = tmp_path / "clean.zarr"
    subprocess.run(
        [sys.executable, "-c", KILLED_CHILD, str(clean)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert_same_results(store_arrays(killed), store_arrays(clean))


def test_a_plan_cut_short_is_made_again_but_another_zarr_group_is_never_overwritten(tmp_path):
    cut = zarr.open_group(str(tmp_path / "cut.zarr"), mode="w", zarr_format=3)
    cut.attrs.update({"myofatigue_store_format": 1, "myofatigue_plan_complete": False})
    cut.create_array("point", shape=(3,), dtype="int64")  # a kill came before the plan was whole
    sw = mf.endurance_sweep(KNEE, FR, loads=[0.4], store=tmp_path / "cut.zarr", progress=False)
    assert sw.counts == {"ok": len(FR)}
    theirs = zarr.open_group(str(tmp_path / "theirs.zarr"), mode="w", zarr_format=3)
    theirs.create_array("data", shape=(3,), dtype="float64")
    with pytest.raises(mf.ParameterError, match="not a myofatigue sweep store"):
        mf.endurance_sweep(KNEE, FR, loads=[0.4], store=tmp_path / "theirs.zarr", progress=False)
    assert "data" in zarr.open_group(str(tmp_path / "theirs.zarr"), mode="r")


def test_a_resume_runs_only_pending_chunks_and_its_progress_starts_from_the_points_done(tmp_path):
    path = tmp_path / "partial.zarr"
    first = mf.endurance_sweep(KNEE, FR, loads=[0.4], store=path, chunk=4, progress=False)
    before = store_arrays(path)
    status = zarr.open_group(str(path), mode="r+")["status"]
    status[4:8] = 0  # as if the kill came before chunk 1's status was written
    assert mf.open_sweep(path).counts == {"ok": len(FR) - 4, "pending": 4}
    seen = []
    again = mf.endurance_sweep(
        KNEE, FR, loads=[0.4], store=path, progress=lambda d, n: seen.append(d)
    )
    assert seen == [len(FR) - 4, len(FR)]  # starts from the points done; one chunk ran
    assert again.counts == {"ok": len(FR)} and again.fingerprint == first.fingerprint
    assert_same_results(before, store_arrays(path))
