"""Parallel efficiency of the sweep pool against a Python loop and a ThreadPoolExecutor, in one run.

Workloads (issue 13, docs/benchmarks.md "Sweeps"):
  A  20 000 3CC endurance points (knee; F, R from a Latin hypercube over their plausible ranges;
     one load, 40 % MVC): 25-100 us each;
  B  2 000 3CC runs of "Hold at 40% MVC until task failure", "Rest for 10 min", "MVC test"
     (same F, R design), recording the final capacity: ~0.3 ms each;
  C  (with --integrative) 200 integrative-model (knee extensors) endurance points at 30 % MVC,
     pool.FatFac over its plausible range: ~50 ms each.
For each: T1 and T2, the medians of --repeats sweeps at threads=1 and threads=2 (store=None,
no progress bar; threads 1 and 2 alternate so that drift in the machine's load hits both), and
E2 = T1 / (2 T2). The peers, on the same points in the same process: a Python loop over
with_parameters + endurance_time / simulate, and the same per-point call in a
ThreadPoolExecutor(2) (the GIL is released inside each solve).

Contention control: a sweep of 2 000 identical points (the default knee at 40 % MVC, so every
point costs the same and no chunk is longer than another), its E2 measured just before each
workload. It is what the machine gives two threads of pure C++ work at that moment; below 0.9 the
second core was busy (other processes) and that workload's E2 is marked contended. Each row also
reports the CPU time the process got during T2 divided by T2 ("cores obtained", 2 on a free
machine) and CPU(T1)/CPU(T2) (1 when running in parallel costs no extra work).

    python bench/python/bench_sweep.py [--repeats 5] [--integrative] [--dask] [--store DIR]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np

import myofatigue as mf

PROTOCOL = ["Hold at 40% MVC until task failure", "Rest for 10 min", "MVC test"]


def timed(f):
    t0 = time.perf_counter()
    out = f()
    return time.perf_counter() - t0, out


def timed_cpu(f):
    """(wall [s], CPU time of this process, every thread [s])."""
    c0, t0 = time.process_time(), time.perf_counter()
    f()
    return time.perf_counter() - t0, time.process_time() - c0


def design(model, n, seed):
    info = model.parameter_info()
    bounds = {k: info[k].plausible for k in ("fatigue.F", "fatigue.R")}
    return mf.latin_hypercube(bounds, n=n, seed=seed)


def pool_times(run, repeats):
    """Medians of (wall T1, wall T2, CPU T1, CPU T2) over `repeats` alternating runs."""
    runs = [(timed_cpu(lambda: run(1)), timed_cpu(lambda: run(2))) for _ in range(repeats)]
    t1, t2 = (statistics.median(r[i][0] for r in runs) for i in (0, 1))
    c1, c2 = (statistics.median(r[i][1] for r in runs) for i in (0, 1))
    return t1, t2, c1, c2


def peers(per_point, n):
    loop, _ = timed(lambda: [per_point(i) for i in range(n)])
    with ThreadPoolExecutor(2) as ex:
        tpe, _ = timed(lambda: list(ex.map(per_point, range(n), chunksize=64)))
    return loop, tpe


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--integrative", action="store_true", help="also workload C (slow)")
    ap.add_argument(
        "--dask",
        action="store_true",
        help="also a Dask LocalCluster (2 workers x 1 thread) on A and B",
    )
    ap.add_argument("--store", default=None, help="directory for the store= timing (a temp dir)")
    args = ap.parse_args()

    knee = mf.models.three_compartment("knee")
    try:
        cpus = sorted(os.sched_getaffinity(0))
    except AttributeError:
        cpus = list(range(os.cpu_count() or 1))
    print(
        f"myofatigue {mf.__version__}; CPUs available: {len(cpus)} {cpus}; "
        f"load average before: {os.getloadavg()}"
    )

    rows = []
    same = mf.points({"fatigue.F": np.full(2000, knee.parameters()["fatigue.F"])})

    def control():
        """E2 of identical points, measured just before a workload: what the machine gives two
        threads of pure C++ work at that moment (below 0.9: the second core was busy)."""
        t1, t2, _, _ = pool_times(
            lambda th: mf.endurance_sweep(knee, same, loads=[0.4], threads=th, progress=False), 3
        )
        return t1 / (2 * t2)

    def measure(name, n, run, repeats, per_point=None):
        ctl = control()
        t1, t2, c1, c2 = pool_times(run, repeats)
        loop, tpe = peers(per_point, n) if per_point else (None, None)
        rows.append((name, n, t1, t2, c1, c2, ctl, loop, tpe))

    # A: 20 000 endurance points.
    pts_a = design(knee, 20_000, seed=1)

    def endurance_point(i, pts=pts_a):
        return mf.endurance_time(knee.with_parameters(dict(zip(pts.keys, pts.values[i]))), 0.4)

    measure(
        "A: 3CC endurance time",
        len(pts_a),
        lambda th: mf.endurance_sweep(knee, pts_a, loads=[0.4], threads=th, progress=False),
        args.repeats,
        endurance_point,
    )

    # B: 2 000 hold / rest / MVC-test runs.
    pts_b = design(knee, 2000, seed=2)
    protocol = mf.Protocol(PROTOCOL)

    def protocol_point(i, pts=pts_b):
        r = mf.simulate(knee.with_parameters(dict(zip(pts.keys, pts.values[i]))), protocol)
        return r["fatigue.capacity"][-1]

    measure(
        "B: 3CC hold / rest 10 min / MVC test",
        len(pts_b),
        lambda th: mf.sweep(
            knee, pts_b, protocol, outputs=["fatigue.capacity"], threads=th, progress=False
        ),
        args.repeats,
        protocol_point,
    )

    if args.integrative:
        integ = mf.models.integrative("knee_extensors")
        key = "pool.FatFac"  # the pool's fatigue rate, over its plausible range
        pts_c = mf.latin_hypercube({key: integ.parameter_info()[key].plausible}, n=200, seed=3)
        measure(
            f"C: integrative endurance ({key})",
            len(pts_c),
            lambda th: mf.endurance_sweep(integ, pts_c, loads=[0.3], threads=th, progress=False),
            max(1, args.repeats // 2),
        )

    # Dask: a LocalCluster of 2 single-threaded worker processes on A and B (same points).
    dask_rows = []
    if args.dask:
        from distributed import Client, LocalCluster

        with (
            LocalCluster(
                n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
            ) as cluster,
            Client(cluster) as client,
        ):
            for name, run in (
                (
                    "A",
                    lambda: mf.endurance_sweep(
                        knee, pts_a, loads=[0.4], client=client, progress=False
                    ),
                ),
                (
                    "B",
                    lambda: mf.sweep(
                        knee,
                        pts_b,
                        protocol,
                        outputs=["fatigue.capacity"],
                        client=client,
                        progress=False,
                    ),
                ),
            ):
                run()  # warm-up: workers import myofatigue and build the spec once
                dask_rows.append(
                    (name, statistics.median(timed(run)[0] for _ in range(args.repeats)))
                )

    # The store's cost: workload A into a Zarr store at 2 threads.
    store_s = None
    try:
        import zarr  # noqa: F401

        with tempfile.TemporaryDirectory(dir=args.store) as d:
            store_s, _ = timed(
                lambda: mf.endurance_sweep(
                    knee,
                    pts_a,
                    loads=[0.4],
                    threads=2,
                    store=os.path.join(d, "a.zarr"),
                    progress=False,
                )
            )
    except ImportError:
        pass

    print(f"load average after: {os.getloadavg()}")
    print()
    print(
        "| workload | points | T1 [s] | T2 [s] | E2 = T1/(2 T2) | cores obtained in T2 "
        "(CPU/wall) | CPU T1/T2 | control E2 just before | us/point (T1) | Python loop [s] | "
        "ThreadPoolExecutor(2) [s] | loop / pool T2 |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for name, n, t1, t2, c1, c2, ctl, loop, tpe in rows:
        extra = f"{loop:.3f} | {tpe:.3f} | {loop / t2:.2f}x" if loop is not None else "- | - | -"
        print(
            f"| {name} | {n} | {t1:.3f} | {t2:.3f} | {t1 / (2 * t2):.2f} | {c2 / t2:.2f} | "
            f"{c1 / c2:.2f} | {ctl:.2f}{'' if ctl >= 0.9 else ' (contended)'} | "
            f"{1e6 * t1 / n:.1f} | {extra} |"
        )
    print()
    print(
        "E2 is meaningful only where the control reads >= 0.9 and T2 obtained ~2 cores; "
        "CPU T1/T2 ~1 means the pool does no extra work in parallel."
    )
    t2_of = {r[0][0]: r[3] for r in rows}
    for name, t in dask_rows:
        print(
            f"Dask LocalCluster (2 workers x 1 thread), workload {name}: {t:.3f} s, "
            f"{t / t2_of[name]:.2f}x the in-process pool's T2"
        )
    if store_s is not None:
        print(
            f"A with store= (Zarr, 2 threads, one run): {store_s:.3f} s against "
            f"{rows[0][3]:.3f} s in memory (T2)"
        )


if __name__ == "__main__":
    main()
