"""Endurance-time curves of the three-compartment model for every joint, against Frey-Law & Avin.

The 3CC model (Xia & Frey-Law 2008, J Biomech 41:3046) with the Frey-Law, Looft & Heitsman 2012
(J Biomech 45:1803) fatigue and recovery rates for each joint, held from rest at 10-95 % MVC
until task failure, is drawn against the empirical power laws ET = b0 f^b1 of Frey-Law & Avin
2010 (Ergonomics 53:109, Table 2) for the joints that paper fits. Prints the table and writes
endurance_curve.png to the working directory. Twin of examples/cpp/endurance_curve.cpp.

    python examples/python/endurance_curve.py
"""

import math

import numpy as np

import myofatigue as mf

#: Frey-Law & Avin 2010, Table 2: (b0 [s], b1) of ET = b0 * f**b1, f the fraction of MVC.
POWER_LAW = {"general": (21.92, -1.98), "ankle": (34.71, -2.06), "elbow": (17.98, -2.21)}


def main() -> None:
    import matplotlib

    matplotlib.use("Agg")  # file output only; works without a display
    import matplotlib.pyplot as plt

    loads = np.arange(10, 96, 5) / 100.0
    joints = mf.models.joints("FreyLaw2012")
    fig, ax = plt.subplots(figsize=(8, 5.6))
    print(f"{'%MVC':<9}" + "".join(f"{100 * f:8.0f}" for f in loads))
    for index, joint in enumerate(joints):
        colour = f"C{index}"
        model = mf.models.three_compartment(joint)
        et = np.array([mf.endurance_time(model, f) for f in loads])  # [s]; inf: never fails
        print(f"{joint:<9}" + "".join(f"{v:8.1f}" for v in et) + f"   (3CC, FreyLaw2012.{joint})")
        finite = np.isfinite(et)
        ax.semilogy(
            100 * loads[finite], et[finite], color=colour, linewidth=2, label=f"3CC {joint}"
        )
        if joint in POWER_LAW:
            b0, b1 = POWER_LAW[joint]
            fine = np.linspace(0.10, 0.95, 200)
            ax.semilogy(
                100 * fine,
                b0 * fine**b1,
                color=colour,
                linestyle="--",
                label=f"Frey-Law & Avin 2010 {joint}",
            )
            print(f"{'  FL&A':<9}" + "".join(f"{b0 * f**b1:8.1f}" for f in loads))
    ax.set_xlabel("target load [% MVC]")
    ax.set_ylabel("endurance time [s]")
    ax.set_title("Sustained holds to task failure: 3CC (solid) vs Frey-Law & Avin 2010 (dashed)")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=7, ncol=2)
    fig.tight_layout()
    fig.savefig("endurance_curve.png", dpi=100)
    plt.close(fig)
    print("wrote endurance_curve.png")
    general = mf.endurance_time(mf.models.three_compartment("general"), 0.5)
    b0, b1 = POWER_LAW["general"]
    print(
        f"general joint at 50 % MVC: 3CC {general:.1f} s, Frey-Law & Avin {b0 * 0.5**b1:.1f} s "
        f"(ratio {general / (b0 * 0.5**b1):.2f}; the accepted band is 0.5-2)"
    )
    assert math.isfinite(general)


if __name__ == "__main__":
    main()
