"""The Dask back end of sweeps (issue 13): a LocalCluster of worker processes gives a store
bitwise equal to the in-process pool's, and a point that kills its worker is isolated and
recorded "crashed" while every other point keeps its result."""

import os

import numpy as np
import pytest

import myofatigue as mf
from test_sweep import tension_time_model

distributed = pytest.importorskip("distributed")
zarr = pytest.importorskip("zarr")

KNEE = mf.models.three_compartment("knee")
PROTOCOL = ["Hold at 40% MVC until task failure", "Rest for 10 min", "MVC test"]
FR = mf.grid({"fatigue.F": np.linspace(0.008, 0.025, 4), "fatigue.R": [0.0008, 0.002, 0.003]})


def dying_rhs(t, x, inputs, channels, p):
    """A component whose process dies for tau > 1000 (a segfault stands in for it here)."""
    if p.tau > 1000.0:
        os._exit(3)
    return [inputs[0] - x[0] / p.tau]


@pytest.fixture(scope="module")
def client():
    import dask

    # One death marks a task as killed (Dask's default retries it 3 times on new workers).
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
        with distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster:
            with distributed.Client(cluster) as c:
                yield c


def store_arrays(path):
    group = zarr.open_group(str(path), mode="r")
    return {name: np.asarray(arr[...]) for name, arr in group.arrays() if name != "wall_s"}


def test_a_local_cluster_writes_the_same_store_as_the_in_process_pool(client, tmp_path):
    out = mf.Outputs(["fatigue.capacity"], trajectory=["fatigue.MF"], t=np.arange(0, 900, 60.0))
    mf.sweep(
        KNEE,
        FR,
        PROTOCOL,
        outputs=out,
        store=tmp_path / "pool.zarr",
        threads=1,
        chunk=2,
        progress=False,
    )
    sw = mf.sweep(
        KNEE,
        FR,
        PROTOCOL,
        outputs=out,
        store=tmp_path / "dask.zarr",
        client=client,
        chunk=2,
        progress=False,
    )
    assert sw.counts == {"ok": len(FR)}
    pool, dask_ = store_arrays(tmp_path / "pool.zarr"), store_arrays(tmp_path / "dask.zarr")
    assert pool.keys() == dask_.keys()
    for name in pool:
        if pool[name].dtype.kind in "OTU":
            assert list(pool[name]) == list(dask_[name]), name
        else:
            assert pool[name].tobytes() == dask_[name].tobytes(), name


def test_a_point_that_kills_its_worker_is_isolated_and_recorded_crashed(client):
    model = tension_time_model(dying_rhs)
    pts = mf.points({"tti.tau": [600.0, 700.0, 5000.0, 800.0, 900.0, 650.0]})
    sw = mf.sweep(
        model,
        pts,
        ["Hold at 20% MVC for 5 s"],
        outputs=["tti.I"],
        client=client,
        chunk=4,
        progress=False,
    )
    assert list(sw.status) == ["ok", "ok", "crashed", "ok", "ok", "ok"]
    assert "worker died" in sw.values("message")[2]
    reference = mf.sweep(
        model,
        mf.points({"tti.tau": [600.0, 700.0, 800.0]}),
        ["Hold at 20% MVC for 5 s"],
        outputs=["tti.I"],
        threads=1,
        progress=False,
    ).values("final.tti.I")
    assert sw.values("final.tti.I")[[0, 1, 3]].tobytes() == reference.tobytes()
