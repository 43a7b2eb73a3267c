"""How the slow-recovery defaults were fitted (docs/models/damage.md, inflammation.md,
soreness.md): least squares on log ratios to the published targets, on a 20-unit
integrative.elbow_flexors model (knee_extensors for IL-6). Re-run after changing a component:

    python docs/validation/fit_slow_recovery.py [force|inflammation|il6]

Each stage prints the fitted values (JSON) and the simulated targets; copy the values into the
components' parameter tables. Takes a few minutes per stage on one core.
"""

import json
import sys

import numpy as np
from scipy.optimize import least_squares

import myofatigue as mf

MAX_ECC = "Intermittent eccentric maximal 3 s on 12 s off for 12 contractions"  # Nosaka 2002
LIGHT = "Intermittent eccentric 9% MVC 1 s on 1 s off for 2 h"  # Nosaka 2002
CONCENTRIC = "Intermittent concentric maximal 3 s on 12 s off for 12 contractions"  # Dundon 2008
ECC50 = "Intermittent eccentric maximal 3 s on 9 s off for 50 contractions"  # CK (D038)
KNEE_5H = "Intermittent 20% MVC 2 s on 2 s off for 5 h"  # Steensberg 2000


def model(muscle="elbow_flexors", **values):
    return mf.models.integrative(muscle, motor_units=20, **values)


def after(m, bout, hours):
    """MVC and 20:100 Hz ratio right after `bout` and `hours` later (a list)."""
    steps, prev = [bout, "MVC test"], 0.0
    for h in hours:
        steps += [f"Rest for {h - prev} h", "MVC test"]
        prev = h
    r = mf.simulate(m, steps)
    tests = [s for s in r.steps if s.label == "MVC test"]
    return (
        np.array([s.mvc_fraction for s in tests]),
        np.array([r["lff_ratio"][s.first_sample] for s in tests]),
        r,
        tests,
    )


def force_residuals(m, verbose=False):
    a, la, _, _ = after(m, MAX_ECC, [24, 96])
    b, _, _, _ = after(m, LIGHT.replace("1 s on 1 s off", "5 s on 5 s off"), [24, 96])
    c, lc, _, _ = after(m, CONCENTRIC, [2])
    if verbose:
        print(
            "max-ECC MVC 0/24/96 h",
            a.round(3),
            "light 0/24/96 h",
            b.round(3),
            "concentric 0/2 h",
            c.round(3),
            "20:100 ratio ecc/con",
            la[0].round(2),
            lc[0].round(2),
        )
    # damage.n is not fitted here: the CK after light work (356 IU/L, D005) says it makes little
    # damage, and with n free the fit buys light work's deficit with damage that lasts days.
    return np.log(
        [
            a[0] / 0.581,
            a[2] / 0.731,
            a[1] / 0.78,
            b[0] / 0.441,
            b[1] / 0.798,
            b[2] / 0.978,
            c[1] / 0.98,
            la[0] / 0.45,
            lc[0] / 0.45,
        ]
    )


def inflammation_residuals(m, verbose=False):
    days = [1, 2, 3, 4, 5, 7, 10]
    _, _, r, tests = after(m, ECC50, [24 * d for d in days])
    ck = np.array([r["ck_serum_u_l"][s.first_sample] for s in tests])[1:]
    ck_peak_day = r.t[int(np.argmax(r["ck_serum_u_l"]))] / 86400
    rise = 100.0 * (ck / m.parameters()["soreness.CK0"] - 1.0)
    s = np.asarray(r["soreness"])
    k = int(np.argmax(s))
    sore = np.array([s[t.first_sample] for t in tests])[1:]
    if verbose:
        print(
            "CK rise % by day",
            dict(zip(days, rise.round(0))),
            "soreness by day",
            dict(zip(days, sore.round(2))),
            "peak",
            s[k].round(2),
            "at",
            round(r.t[k] / 3600, 1),
            "h",
            "CK peak at day",
            round(ck_peak_day, 2),
        )
    # CK: the rises at days 4 / 7 / 10 (D038) and a peak at day 4 (days 4-5 after elbow-flexor
    # eccentric work, D038/D042/D044); soreness: ~5/10 at a peak near 48 h, mostly gone by day 7
    # and gone by day 10.
    return np.array(
        [
            np.log(max(rise[3], 1) / 6420),
            np.log(max(rise[5], 1) / 2100),
            np.log(max(rise[6], 1) / 311),
            np.log(ck_peak_day / 4.0),
            np.log(max(s[k], 1e-3) / 5.0),
            np.log(r.t[k] / 3600 / 48.0),
            2 * (sore[5] / s[k] - 0.2),
            2 * (sore[6] / s[k] - 0.05),
        ]
    )


def il6_residuals(m, verbose=False):
    r = mf.simulate(m, [KNEE_5H])
    fold = r["il6_plasma_pg_ml"][-1] / m.parameters()["inflammation.IL6_0"]
    if verbose:
        print("IL-6 after 5 h:", round(fold, 1), "fold")
    return np.array([np.log(fold / 19.0)])


STAGES = {
    "force": (["damage.g", "lff.k", "lff.n", "lff.tau"], "elbow_flexors", force_residuals),
    "inflammation": (
        [
            "inflammation.D_scale",
            "inflammation.k_clear",
            "inflammation.mu_n",
            "soreness.r_CK",
            "soreness.t_half_abs",
            "soreness.t_half_el",
            "soreness.N_half",
            "soreness.tau",
        ],
        "elbow_flexors",
        inflammation_residuals,
    ),
    "il6": (["inflammation.r_IL6"], "knee_extensors", il6_residuals),
}


def fit(stage):
    names, muscle, residuals = STAGES[stage]
    base = model(muscle)
    p0 = base.parameters()
    x0 = np.log([p0[k] for k in names])
    # Within each parameter's plausible (sweep) range, in log space.
    ranges = [base.parameter_info()[k].plausible for k in names]
    lo = np.log([r[0] for r in ranges])
    hi = np.log([r[1] for r in ranges])
    x0 = np.clip(x0, lo + 1e-9, hi - 1e-9)

    def f(x):
        return residuals(model(muscle, **dict(zip(names, np.exp(x)))))

    sol = least_squares(f, x0, bounds=(lo, hi), diff_step=0.05, max_nfev=80)
    values = dict(zip(names, np.exp(sol.x).tolist()))
    print(json.dumps(values))
    residuals(model(muscle, **values), verbose=True)


if __name__ == "__main__":
    for stage in sys.argv[1:] or list(STAGES):
        fit(stage)
