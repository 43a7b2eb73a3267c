"""CPU time of the integrative model through issue 10's protocol (30 min of intermittent 50 % MVC
contractions, 6 s on 4 s off, then 60 min of rest), issue 11's 7-day protocol (50 maximal
eccentric contractions, an MVC test every day, a repeated bout on day 7), the same week with a
daily massage, and 2 min of handgrip followed by 10 min of passive rest, massage or active
recovery (issue 12), for several pool sizes.

    python bench/python/bench_integrative.py [--units 30 120 480] [--repeat 3] [--protocol minutes days days_massage passive massage active]

Prints, per pool size, the best CPU time of --repeat runs (time.process_time: the solve runs in
C++ with the GIL released, on one core), the solver's steps and rejections and the samples kept.
The scipy BDF and CVODE peers of issue 10 are not measured yet (docs/benchmarks.md).
"""

import argparse
import time

import myofatigue as mf

BOUT = "Intermittent eccentric maximal 3 s on 9 s off for 50 contractions"
PROTOCOLS = {
    "minutes": ("general", ["Intermittent 50% MVC 6 s on 4 s off for 30 min", "Rest for 60 min"]),
    "days": (
        "elbow_flexors",
        [BOUT, "MVC test"] + ["Rest for 1 day", "MVC test"] * 7 + [BOUT, "MVC test"],
    ),
    # Issue 12: the same week with a 10-min massage every day (after-effects that overlap), and
    # Wiltshire 2010's handgrip followed by each recovery modality.
    "days_massage": (
        "elbow_flexors",
        [BOUT, "MVC test"]
        + ["Rest for 10 min with massage.effleurage", "Rest for 1430 min", "MVC test"] * 7
        + [BOUT, "MVC test"],
    ),
    "passive": ("hand_grip", ["Hold at 40% MVC for 2 min", "Rest for 10 min with passive_rest"]),
    "massage": (
        "hand_grip",
        ["Hold at 40% MVC for 2 min", "Rest for 10 min with massage.effleurage"],
    ),
    "active": ("hand_grip", ["Hold at 40% MVC for 2 min", "Rest for 10 min with active_recovery"]),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, nargs="+", default=[30, 120, 480])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--protocol", nargs="+", choices=list(PROTOCOLS), default=list(PROTOCOLS))
    args = parser.parse_args()
    for name in args.protocol:
        muscle, protocol = PROTOCOLS[name]
        print(f"protocol '{name}' ({muscle}): {protocol[0]} ... ({len(protocol)} steps)")
        base = None
        for n in args.units:
            model = mf.models.integrative(muscle, motor_units=n)
            best, result = float("inf"), None
            for _ in range(args.repeat):
                t0 = time.process_time()
                result = mf.simulate(model, protocol)
                best = min(best, time.process_time() - t0)
            base = base or best
            stats = result.stats
            print(
                f"  N = {n:5d}: {1e3 * best:8.1f} ms CPU ({best / base:5.2f}x N = {args.units[0]}), "
                f"{stats['steps']} steps, {stats['rejected']} rejected, {len(result.t)} samples, "
                f"status {result.status}"
            )


if __name__ == "__main__":
    main()
