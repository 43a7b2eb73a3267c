"""Sweeps in memory (issue 13): the C++ pool gives each point exactly what simulate() and
endurance_time() give, bitwise, whatever the threads and chunking; each point ends with a status
(a bad point never stops the others unless on_failure="raise"); Ctrl-C stops a sweep cleanly."""

import math
import sys
import textwrap

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from interrupt_child import interrupt_child

import myofatigue as mf

KNEE = mf.models.three_compartment("knee")
PROTOCOL = ["Hold at 40% MVC until task failure", "Rest for 10 min", "MVC test"]
FR = mf.grid({"fatigue.F": np.linspace(0.008, 0.025, 4), "fatigue.R": [0.0008, 0.002, 0.003]})


def at(model, pts, i):
    return model.with_parameters(dict(zip(pts.keys, pts.values[i])))


def test_endurance_sweep_equals_endurance_time_point_by_point_bitwise():
    sw = mf.endurance_sweep(KNEE, FR, loads=[0.3, 0.6], threads=2, chunk=5, progress=False)
    assert sw.counts == {"ok": len(FR)}
    et = sw.values("endurance_time_s")
    assert et.shape == (len(FR), 2)
    for i in range(len(FR)):
        for j, load in enumerate([0.3, 0.6]):
            assert et[i, j] == mf.endurance_time(at(KNEE, FR, i), load)


def test_protocol_sweep_equals_simulate_point_by_point_bitwise():
    t = np.arange(0.0, 900.0, 30.0)
    out = mf.Outputs(["fatigue.capacity", "fatigue.MF"], trajectory=["fatigue.capacity"], t=t)
    sw = mf.sweep(KNEE, FR, PROTOCOL, outputs=out, threads=2, chunk=4, progress=False)
    assert sw.done and sw.counts == {"ok": len(FR)}
    for i in (0, 5, len(FR) - 1):
        r = mf.simulate(at(KNEE, FR, i), PROTOCOL)
        assert sw.values("final.fatigue.capacity")[i] == r["fatigue.capacity"][-1]
        assert sw.values("final.fatigue.MF")[i] == r["fatigue.MF"][-1]
        np.testing.assert_array_equal(sw.values("step_end_s")[i], [s.end_s for s in r.steps])
        assert sw.values("mvc_fraction")[i, 2] == r.steps[2].mvc_fraction
        assert list(sw.values("step_end_reason")[i]) == [1, 0, 3]  # task_failure, duration, instant
        expected = np.interp(t, r.t, r["fatigue.capacity"], right=np.nan)
        np.testing.assert_allclose(
            sw.values("trajectory.fatigue.capacity")[i], expected, rtol=1e-12, equal_nan=True
        )


def test_results_do_not_depend_on_threads_or_chunking():
    runs = [
        mf.endurance_sweep(KNEE, FR, loads=[0.25, 0.5], threads=th, chunk=ch, progress=False)
        for th, ch in ((1, 12), (2, 1), (2, 5), (3, 7))
    ]
    for sw in runs[1:]:
        assert (
            sw.values("endurance_time_s").tobytes() == runs[0].values("endurance_time_s").tobytes()
        )
        assert (sw.status_codes == runs[0].status_codes).all()


REFERENCE_ET = mf.endurance_sweep(
    KNEE, FR, loads=[0.35], threads=1, chunk=len(FR), progress=False
).values("endurance_time_s")


@settings(max_examples=15, deadline=None)
@given(threads=st.integers(1, 4), chunk=st.integers(1, 2 * len(FR)))
def test_any_threads_and_chunking_give_the_same_bits(threads, chunk):
    sw = mf.endurance_sweep(KNEE, FR, loads=[0.35], threads=threads, chunk=chunk, progress=False)
    assert sw.values("endurance_time_s").tobytes() == REFERENCE_ET.tobytes()


def test_bad_points_get_their_status_and_the_others_run():
    pts = mf.points({"fatigue.F": [0.01, 2.0, np.nan, 0.02], "fatigue.R": [0.002] * 4})
    sw = mf.endurance_sweep(KNEE, pts, loads=[0.4], progress=False)
    assert list(sw.status) == ["ok", "invalid_parameters", "invalid_parameters", "ok"]
    assert sw.counts == {"ok": 2, "invalid_parameters": 2}
    msg = sw.values("message")
    assert "fatigue.F" in msg[1] and "2" in msg[1]
    assert msg[0] == "" and np.isfinite(sw.values("endurance_time_s")[[0, 3]]).all()
    assert np.isnan(sw.values("endurance_time_s")[[1, 2]]).all()
    failures = sw.failures()
    assert list(failures.index) == [1, 2]
    assert set(failures["status"]) == {"invalid_parameters"}


def test_a_solver_failure_keeps_its_time_and_partial_data():
    sw = mf.sweep(KNEE, FR, PROTOCOL, outputs=["fatigue.capacity"], max_steps=12, progress=False)
    assert sw.counts == {"solver_failed": len(FR)}
    t_fail = sw.values("t_fail_s")
    assert (t_fail > 0).all() and np.isfinite(sw.values("final.fatigue.capacity")).all()
    assert (sw.values("step_end_reason")[:, 0] == 4).all()  # solver_failure, in the hold
    assert "MaxStepsReached" in sw.values("message")[0]


def test_a_point_over_its_time_limit_is_a_timeout():
    slow = ["Hold at 10% MVC for 1e5 s"]
    sw = mf.sweep(
        KNEE,
        FR,
        slow,
        outputs=["fatigue.capacity"],
        max_step=1e-3,
        point_timeout_s=0.01,
        chunk=6,
        progress=False,
    )
    assert sw.counts == {"timeout": len(FR)}
    assert (sw.values("t_fail_s") > 0).all()


def test_a_protocol_beyond_the_limits_is_a_protocol_error_status():
    sw = mf.sweep(
        KNEE,
        FR,
        ["Rest for 1 s", "Rest for 1 s"],
        outputs=["fatigue.capacity"],
        max_phases=1,
        progress=False,
    )
    assert sw.counts == {"protocol_error": len(FR)}
    assert "max_phases" in sw.values("message")[0] or "phases" in sw.values("message")[0]


def raising_rhs(t, x, inputs, channels, p):
    if p.tau > 1000.0:
        raise ValueError("tau too large for this test")
    return [inputs[0] - x[0] / p.tau]


def tension_time_model(rhs):
    """A 5-unit pool with a Python component whose right-hand side is `rhs` (a module-level
    function, so that it pickles to Dask workers); its parameter is tti.tau [s]."""
    tti = mf.Component(
        "tension_time",
        "tti",
        states=[mf.StateSpec("I", unit="s", allowed=(0.0, math.inf), initial=0.0)],
        reads=[mf.SignalSpec("muscle.force_fraction", unit="1")],
        parameters=[
            mf.ParameterSpec(
                "tau",
                unit="s",
                default=600.0,
                allowed=(1.0, 1e6),
                plausible=(60.0, 3600.0),
                source="assumption",
            )
        ],
        rhs=rhs,
    )
    return mf.build_model([("motor_unit_pool", {"units": 5}), tti])


def test_an_exception_in_a_python_component_is_an_error_status():
    model = tension_time_model(raising_rhs)
    pts = mf.points({"tti.tau": [600.0, 5000.0]})
    sw = mf.sweep(
        model,
        pts,
        ["Hold at 20% MVC for 2 s"],
        outputs=["tti.I"],
        threads=2,
        chunk=1,
        progress=False,
    )
    assert list(sw.status) == ["ok", "error"]
    assert "tau too large" in sw.values("message")[1]


def test_on_failure_raise_checks_ranges_first_then_stops_at_the_first_failure():
    bad = mf.points({"fatigue.F": [0.01, 2.0]})
    with pytest.raises(mf.ParameterError, match=r"fatigue\.F: point 1 .*allowed range") as e:
        mf.endurance_sweep(KNEE, bad, loads=[0.4], on_failure="raise", progress=False)
    assert e.value.field == "fatigue.F"
    # Every point fails here: one thread meets point 0 first; two may meet any point first.
    with pytest.raises(mf.SolverError, match=r"point 0 \(fatigue\.F=.*solver_failed"):
        mf.sweep(KNEE, FR, PROTOCOL, max_steps=12, on_failure="raise", threads=1, progress=False)
    with pytest.raises(mf.SolverError, match=r"point \d+ \(fatigue\.F=.*solver_failed"):
        mf.sweep(KNEE, FR, PROTOCOL, max_steps=12, on_failure="raise", threads=2, progress=False)


def test_arguments_are_checked_before_anything_runs():
    with pytest.raises(mf.ParameterError, match="did you mean.*'fatigue.F'") as e:
        mf.endurance_sweep(KNEE, {"fatigue.G": [0.01]}, loads=[0.4], progress=False)
    assert e.value.field == "fatigue.G"
    with pytest.raises(mf.ParameterError, match=r"outputs\.final\[0\].*fatigue\.capacity"):
        mf.sweep(KNEE, FR, PROTOCOL, outputs=["fatigue.capacty"], progress=False)
    with pytest.raises(mf.ParameterError, match=r"loads\[0\]"):
        mf.endurance_sweep(KNEE, FR, loads=[1.5], progress=False)
    with pytest.raises(mf.ParameterError, match="rtol"):
        mf.endurance_sweep(KNEE, FR, loads=[0.4], rtol=2.0, progress=False)
    with pytest.raises(mf.ArgumentTypeError, match="did you mean 'rtol'"):
        mf.endurance_sweep(KNEE, FR, loads=[0.4], rtl=1e-6, progress=False)
    with pytest.raises(mf.ProtocolError):
        mf.sweep(KNEE, FR, ["Hold at 400% MVC for 1 s"], progress=False)
    with pytest.raises(mf.ArgumentTypeError, match="threads"):
        mf.endurance_sweep(KNEE, FR, loads=[0.4], threads=1.5, progress=False)


def test_progress_takes_a_callable_or_a_tqdm_like_class():
    seen = []
    mf.endurance_sweep(KNEE, FR, loads=[0.4], chunk=4, progress=lambda d, n: seen.append((d, n)))
    assert seen[0] == (0, 12) and seen[-1] == (12, 12) and len(seen) == 4

    class Bar:
        made = []

        def __init__(self, total, initial, **kw):
            self.n = initial
            Bar.made.append(self)
            self.total = total

        def update(self, n):
            self.n += n

        def close(self):
            self.closed = True

    mf.endurance_sweep(KNEE, FR, loads=[0.4], progress=Bar)
    assert Bar.made[0].n == 12 and Bar.made[0].closed


def test_sweep_results_as_xarray_and_pandas():
    pytest.importorskip("xarray")
    sw = mf.endurance_sweep(KNEE, FR, loads=[0.3, 0.5], progress=False)
    ds = sw.ds
    assert ds["endurance_time_s"].dims == ("point", "load")
    assert ds["endurance_time_s"].attrs["units"] == "s"
    assert ds["fatigue.F"].dims == ("point",) and "fatigue.F" in ds.coords
    assert ds["fatigue.F"].attrs["units"] == "1/s"
    table = sw.to_pandas()
    assert table.index.names == ["point", "load"] and len(table) == 2 * len(FR)
    assert (table["status"] == "ok").all()


STORE_FREE_CHILD = textwrap.dedent(
    """
    import sys
    for name in ("zarr", "xarray", "tqdm", "pandas", "scipy"):
        sys.modules[name] = None  # importing any of them now fails
    import myofatigue as mf
    pts = mf.grid({"fatigue.F": [0.01, 0.02]})
    sw = mf.endurance_sweep(mf.models.three_compartment("knee"), pts, loads=[0.4])
    print(sw.counts["ok"])
    try:
        sw.ds
    except ImportError as e:
        print("sweep" in str(e))
    """
)


def test_a_sweep_in_memory_needs_only_numpy():
    import subprocess

    out = subprocess.run(
        [sys.executable, "-c", STORE_FREE_CHILD], capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["2", "True"]


SIGINT_CHILD = textwrap.dedent(
    """
    import signal, sys, traceback
    signal.signal(signal.SIGINT, signal.default_int_handler)  # even if the parent ignores SIGINT
    import numpy as np
    import myofatigue as mf

    knee = mf.models.three_compartment("knee")
    n = 300  # 30 000 steps, >= 20 ms each: far more work than the test waits for
    pts = mf.grid({"fatigue.F": np.linspace(0.01, 0.02, n)})
    args = (knee, pts, ["Hold at 30% MVC for 60 s"])
    kw = dict(outputs=["fatigue.capacity"], store=sys.argv[1], threads=1, chunk=1,
              max_step=0.002)

    def announce(done, total):
        if done == 1:
            print("started", flush=True)

    try:
        mf.sweep(*args, progress=announce, **kw)
        print("finished", flush=True)
    except KeyboardInterrupt:
        traceback.print_exc()
        print("interrupted", flush=True)
    counts = mf.open_sweep(sys.argv[1]).counts
    ok = counts["ok"]
    assert 0 < ok < n and counts["pending"] == n - ok, counts

    def stop_after_two_more(done, total):  # a resume, cut short again to keep the test quick
        assert done >= ok
        if done >= ok + 2:
            raise KeyboardInterrupt

    try:
        mf.sweep(*args, progress=stop_after_two_more, **kw)
    except KeyboardInterrupt:
        pass
    sw = mf.open_sweep(sys.argv[1])
    status, capacity = sw.status, sw.values("final.fatigue.capacity")
    done = np.flatnonzero(status == "ok")
    fresh = mf.sweep(knee, mf.points({"fatigue.F": pts.values[done[[0, -1]], 0]}),
                     ["Hold at 30% MVC for 60 s"], outputs=["fatigue.capacity"], max_step=0.002,
                     progress=False).values("final.fatigue.capacity")
    resumed = (len(done) >= ok + 2 and set(status) == {"ok", "pending"}
               and list(done) == list(range(len(done)))  # chunk=1, one thread: in order
               and capacity[done[[0, -1]]].tobytes() == fresh.tobytes())
    print("then ok" if resumed else f"then failed {len(done)} {ok}", flush=True)
    """
)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_sigint_stops_a_sweep_and_leaves_a_resumable_store(tmp_path):
    pytest.importorskip("zarr")
    interrupt_child(SIGINT_CHILD, str(tmp_path / "interrupted.zarr"))
