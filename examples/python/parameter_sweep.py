"""A parameter sweep: endurance times over a grid of 3CC fatigue and recovery rates, then
recovery after a hold over a Latin hypercube, each point's status recorded.

1. ``mf.grid`` of the knee's fatigue rate F and recovery rate R (3CC, Xia & Frey-Law 2008, J
   Biomech 41:3046; Frey-Law, Looft & Heitsman 2012 rates) over their plausible ranges, and
   ``mf.endurance_sweep`` at 20, 40 and 60 % MVC on every core. With zarr installed (the 'sweep'
   extra) the results stream into ``runs/FR.zarr``: run the script again and the sweep resumes
   (here: finds every point done), a kill loses nothing.
2. ``mf.latin_hypercube`` of (F, R, r) and ``mf.sweep`` of "hold at 40 % MVC to task failure,
   rest 10 min, MVC test": how much capacity comes back after the rest, one row per point.

Prints both tables' summaries and writes parameter_sweep.png to the working directory.
Twin of examples/cpp/parameter_sweep.cpp.

    python examples/python/parameter_sweep.py
"""

import importlib.util

import numpy as np

import myofatigue as mf


def main() -> None:
    knee = mf.models.three_compartment("knee")
    info = knee.parameter_info()

    # 1. Endurance over a grid of (F, R), three loads.
    pts = mf.grid(
        {
            "fatigue.F": np.linspace(*info["fatigue.F"].plausible, 8),
            "fatigue.R": np.geomspace(*info["fatigue.R"].plausible, 6),
        },
        model=knee,
    )
    store = "runs/FR.zarr" if importlib.util.find_spec("zarr") else None
    loads = [0.2, 0.4, 0.6]
    sw = mf.endurance_sweep(knee, pts, loads=loads, store=store, progress=False)
    print(sw)  # Sweep(endurance, 48 points: 48 ok, store='runs/FR.zarr')
    et = sw.values("endurance_time_s").reshape(8, 6, len(loads))  # grid order: F slowest
    for j, load in enumerate(loads):
        print(
            f"endurance at {100 * load:.0f}% MVC: {et[..., j].min():7.1f} - "
            f"{et[..., j].max():7.1f} s over the (F, R) grid"
        )

    # 2. Recovery after a hold to failure and 10 min of rest, over a Latin hypercube.
    lhs = mf.latin_hypercube(
        {k: info[k].plausible for k in ("fatigue.F", "fatigue.R", "fatigue.r")},
        n=64,
        seed=7,
        model=knee,
    )
    rec = mf.sweep(
        knee,
        lhs,
        ["Hold at 40% MVC until task failure", "Rest for 10 min", "MVC test"],
        outputs=["fatigue.capacity"],
        progress=False,
    )
    print(rec)
    recovered = rec.values("mvc_fraction")[:, 2]  # the MVC test is step 2
    print(
        f"capacity after 10 min of rest: {recovered.min():.3f} - {recovered.max():.3f} of fresh MVC"
    )
    if not rec.done or rec.counts.get("ok", 0) != len(lhs):
        print(rec.failures())

    try:
        import matplotlib
    except ImportError:
        return
    matplotlib.use("Agg")  # file output only; works without a display
    import matplotlib.pyplot as plt
    from matplotlib.ticker import NullFormatter

    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4.2))
    F = pts.column("fatigue.F").reshape(8, 6)[:, 0]
    R = pts.column("fatigue.R").reshape(8, 6)[0]
    image = left.pcolormesh(R, F, et[..., 1], shading="nearest")
    left.set_xscale("log")
    left.set_xlabel("recovery rate R [1/s]")
    left.set_ylabel("fatigue rate F [1/s]")
    left.set_title("endurance time at 40% MVC [s] (blank: never fails)")
    fig.colorbar(image, ax=left)
    points = right.scatter(lhs.column("fatigue.R"), recovered, c=lhs.column("fatigue.r"), s=14)
    right.set_xscale("log")
    right.set_xlabel("recovery rate R [1/s]")
    right.set_ylabel("capacity after 10 min rest [fraction of MVC]")
    right.set_title("recovery after a 40% MVC hold to failure")
    fig.colorbar(points, ax=right, label="r (recovery multiplier at rest)")
    for ax in (left, right):
        ax.xaxis.set_minor_formatter(NullFormatter())  # decade labels only: no overlap
    fig.tight_layout()
    fig.savefig("parameter_sweep.png", dpi=110)


if __name__ == "__main__":
    main()
