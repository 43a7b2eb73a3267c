"""Solve the stiff ROBER, HIRES and VDPOL test problems with myofatigue's default Rosenbrock
method (Rodas5P) from Python, and print the correct digits against the published reference
solutions and the solver statistics. Twin of examples/cpp/stiff_demo.cpp.

The problems are defined in C++ (myofatigue.problems), so each solve runs entirely in C++ with
the analytic Jacobian. Runs from an installed package; needs no repository files.

    python examples/python/stiff_demo.py
"""

import math

import numpy as np

import myofatigue as mf

#: Final-time reference solutions of the "Test Set for IVP Solvers" (F. Mazzia, C. Magherini
#: et al., University of Bari, https://archimede.uniba.it/~testset/), computed there with RADAU
#: at tolerance ~1e-18; the problems are those of Hairer & Wanner, Solving ODEs II (1996).
REFERENCE = {
    "ROBER": [0.2083340149701255e-07, 0.8333360770334713e-13, 0.9999999791665050e00],
    "HIRES": [
        0.7371312573325668e-03,
        0.1442485726316185e-03,
        0.5888729740967575e-04,
        0.1175651343283149e-02,
        0.2386356198831331e-02,
        0.6238968252742796e-02,
        0.2849998395185769e-02,
        0.2850001604814231e-02,
    ],
    "VDPOL": [0.1706167732170483e01, -0.8928097010247975e00],  # eps = 1e-6
}

RTOL = 1e-8
#: atol per the test set's convention: ROBER's y2 ~ 1e-13 needs an atol far below it, HIRES's
#: components are ~1e-3 (atol = 1e-4 rtol), VDPOL's are O(1) (atol = rtol).
ATOL = {"ROBER": 1e-14, "HIRES": 1e-12, "VDPOL": 1e-8}


def correct_digits(y, reference):
    """Significant correct digits of the worst component (relative error, floor 1e-10)."""
    ref = np.asarray(reference)
    worst = np.max(np.abs(y - ref) / np.maximum(np.abs(ref), 1e-10))
    return -math.log10(max(worst, 1e-300))


def main() -> None:
    print(
        f"{'problem':8} {'method':8} {'rtol':>6} {'atol':>6} {'digits':>6} {'steps':>6} "
        f"{'rejected':>8} {'nfev':>7} {'njev':>6} {'nlu':>6} {'time':>9}"
    )
    for problem in (mf.problems.Rober(), mf.problems.Hires(), mf.problems.VdPol()):
        r = mf.solve_ivp(
            problem,
            problem.t_span,
            problem.y0,
            rtol=RTOL,
            atol=ATOL[problem.name],
            t_eval=[problem.t_end],
        )
        s = r.stats
        print(
            f"{problem.name:8} {r.method:8} {RTOL:6.0e} {ATOL[problem.name]:6.0e} "
            f"{correct_digits(r.y[:, -1], REFERENCE[problem.name]):6.2f} {s['steps']:6d} "
            f"{s['rejected']:8d} {r.nfev:7d} {r.njev:6d} {r.nlu:6d} "
            f"{1e3 * s['wall_s']:6.2f} ms" + ("" if r.success else f"  FAILED: {r.message}")
        )


if __name__ == "__main__":
    main()
