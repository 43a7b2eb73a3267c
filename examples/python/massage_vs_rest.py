"""Massage against passive rest and active recovery, as measured and as claimed.

Two scenarios on the integrative model (pool + blood flow + metabolites + central fatigue +
damage, soreness and skin):
1. Knee extensors: intermittent work at 50 % MVC to exhaustion, then 10 min of passive rest,
   active recovery (10 % MVC), effleurage with its measured profile, or effleurage with the
   practitioners' claimed profile, then a second bout to exhaustion. Prints the second-bout
   endurance times.
2. Elbow flexors: 60 maximal eccentric contractions, then daily sessions for 4 days (10 min of
   massage, measured or claimed, or none). Prints soreness and MVC day by day.

Force capacity, muscle blood flow and blood lactate of scenario 1 and soreness of scenario 2 go
to one figure, massage_vs_rest.png, in the working directory (needs matplotlib: pip install
"myofatigue[plot]"). The measured profile impedes post-exercise flow and relieves soreness; the
claimed one raises flow and clearance; neither changes the second bout, because ten minutes
later the motor units' recovery, not the metabolites, limits it (docs/interventions.md).

    python examples/python/massage_vs_rest.py
"""

import numpy as np

import myofatigue as mf

ARMS = {
    "passive rest": "passive_rest",
    "active recovery": "active_recovery",
    "massage (measured)": "massage.effleurage",
    "massage (claimed)": "massage.effleurage(profile=claimed)",
}
BOUT = "Intermittent 50% MVC 5 s on 5 s off until task failure"
ECCENTRIC = "Intermittent eccentric maximal 3 s on 9 s off for 60 contractions"


def between_bouts(model):
    """Scenario 1: the runs by arm, and the second-bout endurance times [s]."""
    runs, second = {}, {}
    for label, intervention in ARMS.items():
        r = mf.simulate(model, [BOUT, f"Rest for 10 min with {intervention}", BOUT])
        if not r.ok:
            raise RuntimeError(f"{label}: {r.message}")
        runs[label] = r
        second[label] = r.steps[2].end_s - r.steps[2].start_s
    return runs, second


def days_after_eccentric_work(model):
    """Scenario 2: soreness (0-10) and MVC each day, by arm, and the runs."""
    arms = {
        "no massage": None,
        "daily massage (measured)": "massage.effleurage",
        "daily massage (claimed)": "massage.effleurage(profile=claimed)",
    }
    table, runs = {}, {}
    for label, intervention in arms.items():
        steps = [ECCENTRIC, "MVC test", "Rest for 2 h"]
        for _ in range(4):
            session = "Rest for 10 min" + (f" with {intervention}" if intervention else "")
            steps += [session, "Rest for 1430 min", "MVC test"]
        r = mf.simulate(model, steps)
        if not r.ok:
            raise RuntimeError(f"{label}: {r.message}")
        tests = [s for s in r.steps if s.label == "MVC test"]
        sore = [float(r["soreness"][s.last_sample]) for s in tests]
        table[label] = (sore, [s.mvc_fraction for s in tests])
        runs[label] = r
    return table, runs


def plot(runs, sore_runs, path="massage_vs_rest.png"):
    import matplotlib

    matplotlib.use("Agg")  # file output only; works without a display
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(2, 2, figsize=(10, 7), layout="constrained")
    for label, r in runs.items():
        t = r.t / 60.0
        axes[0, 0].plot(t, r["mvc_fraction"], label=label)
        axes[0, 1].plot(t, r["muscle_blood_flow_ml_min"], label=label)
        axes[1, 0].plot(t, r["lactate_blood_mM"], label=label)
    for label, r in sore_runs.items():
        axes[1, 1].plot(r.t / 86400.0, r["soreness"], label=label)
    axes[0, 0].set(
        ylabel="force capacity [fraction of fresh MVC]",
        xlabel="time [min]",
        title="bout, 10 min of recovery, bout (knee)",
    )
    axes[0, 1].set(ylabel="muscle blood flow [mL/min]", xlabel="time [min]")
    axes[1, 0].set(ylabel="blood lactate [mM]", xlabel="time [min]")
    axes[1, 1].set(
        ylabel="soreness (0-10)",
        xlabel="days after eccentric work (elbow)",
        title="daily 10-min sessions",
    )
    for ax in axes.flat:
        ax.legend(fontsize=7)
        ax.grid(alpha=0.3)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def main() -> None:
    knee = mf.models.integrative("knee_extensors", motor_units=60)
    runs, second = between_bouts(knee)
    passive = second["passive rest"]
    print("Second bout (50 % MVC, 5 s on 5 s off) after 10 min of recovery, knee extensors:")
    for label, et in second.items():
        print(f"  {label:20s} {et:6.1f} s  ({100 * (et / passive - 1):+5.1f} % vs passive rest)")

    elbow = mf.models.integrative("elbow_flexors", motor_units=60)
    table, sore_runs = days_after_eccentric_work(elbow)
    print("\nAfter 60 maximal eccentric contractions of the elbow flexors, daily 10-min sessions:")
    print(f"  {'':28s}" + "".join(f"{'day ' + str(d):>12s}" for d in range(5)))
    for label, (sore, mvc) in table.items():
        print(f"  {label + ' soreness':28s}" + "".join(f"{s:12.2f}" for s in sore))
        print(f"  {label + ' MVC':28s}" + "".join(f"{m:12.3f}" for m in mvc))
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        print(
            '\n(matplotlib not installed: pip install "myofatigue[plot]" for massage_vs_rest.png)'
        )
        return
    print(f"\nwrote {plot(runs, sore_runs)}")
    relief = 1 - np.array(table["daily massage (measured)"][0][1:]) / np.array(
        table["no massage"][0][1:]
    )
    print(
        "soreness relief of daily massage, days 1-4: "
        + ", ".join(f"{100 * x:.0f} %" for x in relief)
    )


if __name__ == "__main__":
    main()
