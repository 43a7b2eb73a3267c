"""Motor-unit pool (Potvin & Fuglevand 2017) from Python: myofatigue against pymuscle.

The same work in both: a pool of 120 motor units for 512 s. pymuscle (PyPI ``pymuscle``, its
``PotvinFuglevandMuscle``) is stepped at 10 Hz, as the paper's code samples, at the constant
excitation that gives 20 % of the rested maximal force at the start; myofatigue integrates a
20 % MVC hold to task failure (``endurance_time``: 512 s for the published model) and the same
hold for 512 s with every accepted step recorded (``simulate``), its excitation solved at every
instant so that the force stays at the target. Also: myofatigue's cost at N = 120, 240, 480 and
1000 units, to show it grows linearly.

Run:  python bench/python/bench_pool_vs_pymuscle.py [--repeat 3]
(``pip install pymuscle`` for the peer; without it only myofatigue's rows are printed.)
"""

from __future__ import annotations

import argparse
import time

import numpy as np

import myofatigue as mf

DURATION_S = 512.0
TARGET = 0.2


def best_of(repeat: int, fn) -> tuple[float, object]:
    """Best wall time [s] of `repeat` calls, and the last value."""
    best, value = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        value = fn()
        best = min(best, time.perf_counter() - start)
    return best, value


def pymuscle_run(units: int):
    """512 s of pymuscle's Potvin-Fuglevand muscle at 10 Hz; None if pymuscle is missing."""
    try:
        from pymuscle import PotvinFuglevandMuscle
    except ImportError:
        return None

    def excitation_for(fraction: float) -> float:
        # Bisect the rested force-excitation curve for the target's fraction of maximal force.
        probe = PotvinFuglevandMuscle(
            units, apply_central_fatigue=False, apply_peripheral_fatigue=False
        )
        full = np.sum(probe.step(np.full(units, probe.max_excitation), 0.1))
        lo, hi = 0.0, probe.max_excitation
        for _ in range(50):
            mid = 0.5 * (lo + hi)
            force = np.sum(
                PotvinFuglevandMuscle(
                    units, apply_central_fatigue=False, apply_peripheral_fatigue=False
                ).step(np.full(units, mid), 0.1)
            )
            lo, hi = (mid, hi) if force < fraction * full else (lo, mid)
        return 0.5 * (lo + hi)

    excitation = np.full(units, excitation_for(TARGET))

    def run():
        muscle = PotvinFuglevandMuscle(units)
        for _ in range(int(DURATION_S * 10)):
            force = muscle.step(excitation, 0.1)
        return float(np.sum(force))

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    print(f"{'case':44s} {'units':>5s} {'time [ms]':>10s}  notes")
    rows = {}
    for units in (120, 240, 480, 1000):
        pool = mf.models.potvin_fuglevand(units=units)
        t_et, et = best_of(args.repeat, lambda: mf.endurance_time(pool, TARGET))
        rows[units] = t_et
        print(
            f"{'myofatigue endurance_time(20 % MVC)':44s} {units:5d} {t_et * 1e3:10.2f}  "
            f"ET = {et:.1f} s"
        )
        if units == 120:
            t_sim, r = best_of(
                args.repeat, lambda: mf.simulate(pool, [f"Hold at 20% MVC for {DURATION_S} s"])
            )
            print(
                f"{'myofatigue simulate(20 % MVC for 512 s)':44s} {units:5d} {t_sim * 1e3:10.2f}  "
                f"{r.stats['steps']} steps, {r.stats['rejected']} rejected"
            )
    print(f"growth time(1000) / time(120): {rows[1000] / rows[120]:.2f} (linear: 8.3)")

    run = pymuscle_run(120)
    if run is None:
        print("pymuscle is not installed: no peer row (pip install pymuscle)")
        return
    t_peer, force = best_of(args.repeat, run)
    print(
        f"{'pymuscle PotvinFuglevandMuscle, 10 Hz, 512 s':44s} {120:5d} {t_peer * 1e3:10.2f}  "
        f"final force {force:.1f} (pymuscle units)"
    )
    print(f"pymuscle / myofatigue endurance_time: {t_peer / rows[120]:.1f}x")


if __name__ == "__main__":
    main()
