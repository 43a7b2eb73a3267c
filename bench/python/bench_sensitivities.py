"""Cost of forward sensitivities against the plain solve and against central differences, in
the same run (docs/benchmarks.md, "Sensitivities").

For each model: the plain endurance time, endurance_time(gradient=[p keys]) (the sensitivity
solve with the event term), and the 2 p + 1 solves of central differences; then simulate() of
a protocol against sensitivities() of the same protocol and against 2 p + 1 simulate() calls.
Ratios are to the plain solve measured in the same process (median of --repeats).

    python bench/python/bench_sensitivities.py --repeats 7
"""

import argparse
import os
import statistics
import time

import myofatigue as mf


def median_time(f, repeats):
    f()  # warm-up
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        f()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def cases():
    knee = mf.models.three_compartment("knee")
    pool = mf.build_model([("motor_unit_pool", {"units": 20})])
    return [
        (
            "3CC knee",
            knee,
            ["fatigue.F", "fatigue.R", "fatigue.LD"],
            0.4,
            ["Hold at 40% MVC until task failure", "Rest for 10 min", "MVC test"],
        ),
        (
            "pool, 20 units",
            pool,
            ["pool.FatFac", "pool.fat"],
            0.4,
            ["Hold at 40% MVC for 60 s", "Rest for 60 s"],
        ),
    ]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=7)
    args = ap.parse_args()
    tol = {"rtol": 1e-6, "atol": 1e-9}
    print(f"load average {os.getloadavg()[0]:.2f}; median of {args.repeats}; rtol 1e-6, atol 1e-9")
    print(
        "| model | p | plain ET [ms] | ET + dET/dp | central differences | plain simulate [ms] "
        "| sensitivities() | central differences |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for name, model, keys, load, protocol in cases():
        p = len(keys)
        et = median_time(lambda: mf.endurance_time(model, load, **tol), args.repeats)
        grad = median_time(
            lambda: mf.endurance_time(model, load, gradient=keys, **tol), args.repeats
        )
        perturbed = [
            model.with_parameters({k: model.parameters()[k] * (1 + s * 1e-4)})
            for k in keys
            for s in (1, -1)
        ]
        fd = median_time(
            lambda: [mf.endurance_time(m, load, **tol) for m in [model] + perturbed], args.repeats
        )
        sim = median_time(lambda: mf.simulate(model, protocol, **tol), args.repeats)
        sens = median_time(lambda: mf.sensitivities(model, protocol, keys, **tol), args.repeats)
        simfd = median_time(
            lambda: [mf.simulate(m, protocol, **tol) for m in [model] + perturbed], args.repeats
        )
        print(
            f"| {name} | {p} | {1e3 * et:.3f} | {grad / et:.2f}x | {fd / et:.2f}x "
            f"| {1e3 * sim:.3f} | {sens / sim:.2f}x | {simfd / sim:.2f}x |"
        )


if __name__ == "__main__":
    main()
