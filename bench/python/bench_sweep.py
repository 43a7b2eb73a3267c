"""Parallel efficiency of the sweep pool against a Python loop and a ThreadPoolExecutor, in one run.

Workloads (issue 13, docs/benchmarks.md "Sweeps"):
  A  20 000 3CC endurance points (knee; F, R from a Latin hypercube over their plausible ranges;
     one load, 40 % MVC): 25-100 us each;
  B  2 000 3CC runs of "Hold at 40% MVC until task failure", "Rest for 10 min", "MVC test"
     (same F, R design), recording the final capacity: ~0.3 ms each;
  C  (with --integrative) 200 integrative-model endurance points at 30 % MVC.
For each: T1 and T2, the medians of --repeats sweeps at threads=1 and threads=2 (store=None,
no progress bar; threads 1 and 2 alternate so that drift in the machine's load hits both), and
E2 = T1 / (2 T2). The peers, on the same points in the same process: a Python loop over
with_parameters + endurance_time / simulate, and the same per-point call in a
ThreadPoolExecutor(2) (the GIL is released inside each solve).

Contention control: a sweep of identical points (the default knee at 40 % MVC, so every point
costs the same and no chunk is longer than another) timed at 1 and 2 threads in the same run.
Its E2 is what the machine gives two threads of pure C++ work right now; below 0.9 the second
core was busy (other processes) and every E2 of the run is marked contended.

    python bench/python/bench_sweep.py [--repeats 5] [--integrative] [--store DIR]
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


def design(model, n, seed):
    info = model.parameter_info()
    bounds = {k: info[k].plausible for k in ("fatigue.F", "fatigue.R")}
    return mf.latin_hypercube(bounds, n=n, seed=seed)


def pool_times(run, repeats):
    t1s, t2s = [], []
    for _ in range(repeats):
        t1s.append(timed(lambda: run(1))[0])
        t2s.append(timed(lambda: run(2))[0])
    return statistics.median(t1s), statistics.median(t2s)


def peers(per_point, n):
    loop, _ = timed(lambda: [per_point(i) for i in range(n)])
    with ThreadPoolExecutor(2) as ex:
        tpe, _ = timed(lambda: list(ex.map(per_point, range(n), chunksize=64)))
    return loop, tpe


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--integrative", action="store_true", help="also workload C (slow)")
    ap.add_argument("--store", default=None, help="directory for the store= timing (a temp dir)")
    args = ap.parse_args()

    knee = mf.models.three_compartment("knee")
    try:
        cpus = sorted(os.sched_getaffinity(0))
    except AttributeError:
        cpus = list(range(os.cpu_count() or 1))
    print(f"myofatigue {mf.__version__}; CPUs available: {len(cpus)} {cpus}; "
          f"load average before: {os.getloadavg()}")

    rows = []

    # Control: identical points, so any loss of efficiency is the machine's, not the pool's.
    same = mf.points({"fatigue.F": np.full(2000, knee.parameters()["fatigue.F"])})
    c1, c2 = pool_times(lambda th: mf.endurance_sweep(knee, same, loads=[0.4], threads=th,
                                                      progress=False), args.repeats)
    control = c1 / (2 * c2)
    rows.append(("control: 2 000 identical 3CC endurance points", 2000, c1, c2, None, None))

    # A: 20 000 endurance points.
    pts_a = design(knee, 20_000, seed=1)
    a1, a2 = pool_times(lambda th: mf.endurance_sweep(knee, pts_a, loads=[0.4], threads=th,
                                                      progress=False), args.repeats)

    def endurance_point(i, pts=pts_a):
        return mf.endurance_time(knee.with_parameters(dict(zip(pts.keys, pts.values[i]))), 0.4)

    a_loop, a_tpe = peers(endurance_point, len(pts_a))
    rows.append(("A: 3CC endurance time", len(pts_a), a1, a2, a_loop, a_tpe))

    # B: 2 000 hold / rest / MVC-test runs.
    pts_b = design(knee, 2000, seed=2)
    protocol = mf.Protocol(PROTOCOL)
    b1, b2 = pool_times(lambda th: mf.sweep(knee, pts_b, protocol, outputs=["fatigue.capacity"],
                                            threads=th, progress=False), args.repeats)

    def protocol_point(i, pts=pts_b):
        r = mf.simulate(knee.with_parameters(dict(zip(pts.keys, pts.values[i]))), protocol)
        return r["fatigue.capacity"][-1]

    b_loop, b_tpe = peers(protocol_point, len(pts_b))
    rows.append(("B: 3CC hold / rest 10 min / MVC test", len(pts_b), b1, b2, b_loop, b_tpe))

    if args.integrative:
        integ = mf.models.integrative("knee_extensors")
        info = integ.parameter_info()
        key = next(k for k in info if k.endswith(".F") or k.endswith("FatFac"))
        pts_c = mf.latin_hypercube({key: info[key].plausible}, n=200, seed=3)
        i1, i2 = pool_times(lambda th: mf.endurance_sweep(integ, pts_c, loads=[0.3], threads=th,
                                                          progress=False), max(1, args.repeats // 2))
        rows.append((f"C: integrative endurance ({key})", len(pts_c), i1, i2, None, None))

    # The store's cost: workload A into a Zarr store at 2 threads.
    store_s = None
    try:
        import zarr  # noqa: F401
        with tempfile.TemporaryDirectory(dir=args.store) as d:
            store_s, _ = timed(lambda: mf.endurance_sweep(knee, pts_a, loads=[0.4], threads=2,
                                                          store=os.path.join(d, "a.zarr"),
                                                          progress=False))
    except ImportError:
        pass

    print(f"load average after: {os.getloadavg()}")
    print()
    print("| workload | points | T1 [s] | T2 [s] | E2 = T1/(2 T2) | us/point (T1) | "
          "Python loop [s] | ThreadPoolExecutor(2) [s] | pool T2 vs loop |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, n, t1, t2, loop, tpe in rows:
        extra = (f"{loop:.3f} | {tpe:.3f} | {loop / t2:.2f}x" if loop is not None
                 else "- | - | -")
        print(f"| {name} | {n} | {t1:.3f} | {t2:.3f} | {t1 / (2 * t2):.2f} | "
              f"{1e6 * t1 / n:.1f} | {extra} |")
    print()
    print(f"control E2 = {control:.2f}: "
          + ("machine quiet enough (>= 0.9)" if control >= 0.9 else
             "CONTENDED (< 0.9): the second core was busy; E2 above is a lower bound"))
    if store_s is not None:
        print(f"A with store= (Zarr, 2 threads): {store_s:.3f} s against {a2:.3f} s in memory")


if __name__ == "__main__":
    main()
