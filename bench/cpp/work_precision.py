#!/usr/bin/env python3
"""Turns bench_stiff_solvers' JSON output into the tables of docs/benchmarks.md.

Usage:
    bench_stiff_solvers --benchmark_repetitions=3 --benchmark_report_aggregates_only=true \
        --benchmark_out=stiff.json --benchmark_out_format=json
    python3 bench/cpp/work_precision.py stiff.json

Reads the median aggregates (CPU time and counters) of benchmarks named
<PROBLEM>/<solver>/rtol:<rtol> and prints, as Markdown:
  1. the work-precision table (problem, solver, rtol, scd digits, CPU time, steps, rhs, jac);
  2. peer / Rodas5P CPU-time ratios at rtol = 1e-6 (same tolerances, unequal accuracy);
  3. peer / Rodas5P ratios at equal accuracy: each solver's curve log10(time) against scd is
     interpolated linearly (points sorted by scd) at the digits Rodas5P reaches at rtol 1e-6,
     1e-8 and 1e-10; "n/a" where a peer's curve does not reach that accuracy (no extrapolation).
Standard library only; a reporting helper, not a benchmark.
"""

import json
import math
import sys
from collections import defaultdict

REFERENCE = "Rodas5P"
PEERS = ["CVODE-BDF", "rosenbrock4", "Rodas4", "Rosenbrock23", "Rodas5P-AD", "Rodas5P-odeint"]


def load(path):
    with open(path) as f:
        data = json.load(f)
    rows = {}
    for b in data["benchmarks"]:
        if b.get("run_type") == "aggregate" and b.get("aggregate_name") != "median":
            continue
        name = b.get("run_name", b["name"])
        parts = name.split("/")
        if len(parts) != 3 or not parts[2].startswith("rtol:"):
            continue
        if b.get("error_occurred"):
            continue
        scale = {"ns": 1e-3, "us": 1.0, "ms": 1e3, "s": 1e6}[b.get("time_unit", "ns")]
        rows[(parts[0], parts[1], float(parts[2][5:]))] = {
            "cpu_us": b["cpu_time"] * scale,
            "scd": b.get("scd", float("nan")),
            "steps": b.get("steps", 0),
            "rhs": b.get("rhs", 0),
            "jac": b.get("jac", 0),
        }
    return rows


def interp_log_time(points, digits):
    """points: [(scd, cpu_us)]; linear in (scd, log10 time); None outside the range."""
    pts = sorted(p for p in points if math.isfinite(p[0]))
    if not pts or digits < pts[0][0] or digits > pts[-1][0]:
        return None
    for (d0, t0), (d1, t1) in zip(pts, pts[1:]):
        if d0 <= digits <= d1:
            if d1 == d0:
                return min(t0, t1)
            w = (digits - d0) / (d1 - d0)
            return 10 ** ((1 - w) * math.log10(t0) + w * math.log10(t1))
    return pts[-1][1] if digits == pts[-1][0] else None


def main(path):
    rows = load(path)
    problems = list(dict.fromkeys(k[0] for k in rows))
    solvers = list(dict.fromkeys(k[1] for k in rows))

    print("### Work-precision table (median CPU time of 3 repetitions)\n")
    print("| problem | solver | rtol | scd digits | CPU time [us] | steps | rhs | jac |")
    print("|---|---|---|---|---|---|---|---|")
    for p in problems:
        for s in solvers:
            for (pp, ss, r), v in sorted(rows.items(), key=lambda kv: -kv[0][2]):
                if pp == p and ss == s:
                    print(
                        f"| {p} | {s} | {r:.0e} | {v['scd']:.2f} | {v['cpu_us']:.0f} | "
                        f"{v['steps']:.0f} | {v['rhs']:.0f} | {v['jac']:.0f} |"
                    )

    print("\n### Ratios at rtol = 1e-6 (peer CPU time / Rodas5P CPU time; digits in brackets)\n")
    print("| problem | Rodas5P [us] (digits) | " + " | ".join(PEERS) + " |")
    print("|---|---|" + "---|" * len(PEERS))
    for p in problems:
        ref = rows.get((p, REFERENCE, 1e-6))
        if not ref:
            continue
        cells = []
        for s in PEERS:
            v = rows.get((p, s, 1e-6))
            cells.append(f"{v['cpu_us'] / ref['cpu_us']:.2f} ({v['scd']:.1f})" if v else "-")
        print(f"| {p} | {ref['cpu_us']:.0f} ({ref['scd']:.2f}) | " + " | ".join(cells) + " |")

    print("\n### Ratios at equal accuracy (interpolated; peer time / Rodas5P time)\n")
    print("| problem | digits (Rodas5P at rtol) | " + " | ".join(PEERS) + " |")
    print("|---|---|" + "---|" * len(PEERS))
    curves = defaultdict(list)
    for (p, s, r), v in rows.items():
        curves[(p, s)].append((v["scd"], v["cpu_us"]))
    for p in problems:
        for rtol in (1e-6, 1e-8, 1e-10):
            ref = rows.get((p, REFERENCE, rtol))
            if not ref:
                continue
            d = ref["scd"]
            t_ref = interp_log_time(curves[(p, REFERENCE)], d) or ref["cpu_us"]
            cells = []
            for s in PEERS:
                t = interp_log_time(curves[(p, s)], d)
                cells.append(f"{t / t_ref:.2f}" if t else "n/a")
            print(f"| {p} | {d:.2f} ({rtol:.0e}) | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "stiff.json")
