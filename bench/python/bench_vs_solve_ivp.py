"""myofatigue.solve_ivp against scipy.integrate.solve_ivp (BDF, Radau, LSODA), measured in the
same run, on the stiff test problems ROBER, HIRES and VDPOL (eps = 1e-6), and a 3CC
hold-to-failure simulation (myofatigue.endurance_time) against scipy with a terminal event.

Every solver gets the same right-hand side: scipy and the "myofatigue (Python fun)" rows call the
NumPy functions below (with the analytic Jacobian as `jac`); the "myofatigue (C++ problem)" rows
pass the C++-defined problem (myofatigue.problems), whose rhs and Jacobian are the same equations
in C++ (checked against the NumPy ones at start-up). Times are wall-clock medians of repeated
calls from Python; digits are the significant correct digits of the worst component at t_end
against the reference solutions of the Test Set for IVP Solvers (Mazzia & Magherini, Univ.
Bari). Ratios are given at the same rtol and, because methods reach different accuracy at the
same rtol, at equal accuracy: scipy's time over the cheapest myofatigue (C++ problem) run, on an
rtol grid 1e-3 .. 1e-12 in half decades, with at least as many correct digits. A scipy run that
does not finish within the budget is reported as such (stopped by a
wall-clock terminal event in a probe run) and its tighter tolerances are skipped.

    python bench/python/bench_vs_solve_ivp.py            # rtol 1e-4, 1e-6, 1e-8, 1e-10
    python bench/python/bench_vs_solve_ivp.py --quick    # rtol 1e-4, 1e-8; fewer repeats
"""

import argparse
import math
import platform
import statistics
import time

import numpy as np
import scipy
from scipy.integrate import solve_ivp as scipy_solve_ivp

import myofatigue as mf

# --------------------------------------------------------------------------- problems (NumPy)


def rober_rhs(t, y):
    a, b = 0.04 * y[0], 1e4 * y[1] * y[2]
    c = 3e7 * y[1] * y[1]
    return np.array([-a + b, a - b - c, c])


def rober_jac(t, y):
    return np.array(
        [
            [-0.04, 1e4 * y[2], 1e4 * y[1]],
            [0.04, -1e4 * y[2] - 6e7 * y[1], -1e4 * y[1]],
            [0.0, 6e7 * y[1], 0.0],
        ]
    )


def hires_rhs(t, y):
    r = 280.0 * y[5] * y[7]
    return np.array(
        [
            -1.71 * y[0] + 0.43 * y[1] + 8.32 * y[2] + 0.0007,
            1.71 * y[0] - 8.75 * y[1],
            -10.03 * y[2] + 0.43 * y[3] + 0.035 * y[4],
            8.32 * y[1] + 1.71 * y[2] - 1.12 * y[3],
            -1.745 * y[4] + 0.43 * y[5] + 0.43 * y[6],
            -r + 0.69 * y[3] + 1.71 * y[4] - 0.43 * y[5] + 0.69 * y[6],
            r - 1.81 * y[6],
            -r + 1.81 * y[6],
        ]
    )


def hires_jac(t, y):
    J = np.zeros((8, 8))
    J[0, :3] = -1.71, 0.43, 8.32
    J[1, :2] = 1.71, -8.75
    J[2, 2:5] = -10.03, 0.43, 0.035
    J[3, 1:4] = 8.32, 1.71, -1.12
    J[4, 4:7] = -1.745, 0.43, 0.43
    J[5, 3:8] = 0.69, 1.71, -0.43 - 280.0 * y[7], 0.69, -280.0 * y[5]
    J[6, 5:8] = 280.0 * y[7], -1.81, 280.0 * y[5]
    J[7, 5:8] = -280.0 * y[7], 1.81, -280.0 * y[5]
    return J


EPS = 1e-6  # VDPOL as in the test set


def vdpol_rhs(t, y):
    return np.array([y[1], ((1.0 - y[0] * y[0]) * y[1] - y[0]) / EPS])


def vdpol_jac(t, y):
    return np.array([[0.0, 1.0], [(-2.0 * y[0] * y[1] - 1.0) / EPS, (1.0 - y[0] * y[0]) / EPS]])


#: name: (C++ problem, NumPy rhs, NumPy jac, reference at t_end, atol as a multiple of rtol).
#: References: Test Set for IVP Solvers (F. Mazzia, C. Magherini et al., Univ. Bari), RADAU at
#: ~1e-18. atol per the test set's convention (ROBER's y2 ~ 1e-13; HIRES's states ~ 1e-3).
PROBLEMS = {
    "ROBER": (
        mf.problems.Rober(),
        rober_rhs,
        rober_jac,
        [0.2083340149701255e-07, 0.8333360770334713e-13, 0.9999999791665050e00],
        1e-6,
    ),
    "HIRES": (
        mf.problems.Hires(),
        hires_rhs,
        hires_jac,
        [
            0.7371312573325668e-03,
            0.1442485726316185e-03,
            0.5888729740967575e-04,
            0.1175651343283149e-02,
            0.2386356198831331e-02,
            0.6238968252742796e-02,
            0.2849998395185769e-02,
            0.2850001604814231e-02,
        ],
        1e-4,
    ),
    "VDPOL": (
        mf.problems.VdPol(eps=EPS),
        vdpol_rhs,
        vdpol_jac,
        [0.1706167732170483e01, -0.8928097010247975e00],
        1.0,
    ),
}


def check_same_equations():
    """The NumPy rhs and Jacobian equal the C++ problem's at a few states (same equations)."""
    rng = np.random.default_rng(1)
    for name, (problem, rhs, jac, _, _) in PROBLEMS.items():
        for y in (problem.y0, problem.y0 + rng.uniform(0.0, 0.1, problem.n)):
            np.testing.assert_allclose(
                rhs(0.5, y), problem.rhs(0.5, y), rtol=1e-12, atol=1e-12, err_msg=name
            )
            np.testing.assert_allclose(
                jac(0.5, y), problem.jacobian(0.5, y), rtol=1e-12, atol=1e-12, err_msg=name
            )


def correct_digits(y, reference):
    ref = np.asarray(reference)
    worst = np.max(np.abs(y - ref) / np.maximum(np.abs(ref), 1e-10))
    return -math.log10(max(worst, 1e-300))


def median_time(call, repeats, min_total_s):
    """Median wall time [s] of call() over at least `repeats` calls and min_total_s seconds."""
    times = []
    start = time.perf_counter()
    while len(times) < repeats or (
        time.perf_counter() - start < min_total_s and len(times) < 10_000
    ):
        t0 = time.perf_counter()
        call()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), len(times)


def deadline_event(budget_s):
    """A terminal event that fires once `budget_s` of wall time has passed (a probe's time cap)."""
    deadline = time.perf_counter() + budget_s

    def g(t, y):
        return deadline - time.perf_counter()

    g.terminal = True
    return g


# --------------------------------------------------------------------------- stiff test set


def precision_curve(problem, ref, atol_factor, repeats):
    """(digits, median time [s]) of the C++ problem over rtol 1e-3 .. 1e-12 in half decades."""
    curve = []
    for k in np.arange(3.0, 12.01, 0.5):
        rtol = 10.0**-k

        def run(rtol=rtol):
            return mf.solve_ivp(
                problem, problem.t_span, problem.y0, rtol=rtol, atol=atol_factor * rtol
            )

        r = run()
        if r.success:
            curve.append((correct_digits(r.y[:, -1], ref), median_time(run, repeats, 0.05)[0]))
    return curve


def cheapest_at(curve, digits):
    """Least time on the curve reaching at least `digits` correct digits (None if none does)."""
    times = [t for d, t in curve if d >= digits]
    return min(times) if times else None


def bench_stiff(rtols, repeats, budget_s):
    """Rows (problem, solver, rtol, digits or note, time, steps, same-rtol C++ time,
    equal-accuracy C++ time)."""
    rows = []
    for name, (problem, rhs, jac, ref, atol_factor) in PROBLEMS.items():
        curve = precision_curve(problem, ref, atol_factor, repeats)
        given_up = set()  # scipy methods that exceeded the budget at a looser tolerance
        for rtol in rtols:
            atol = atol_factor * rtol
            span, y0 = problem.t_span, problem.y0

            def run_cpp():
                return mf.solve_ivp(problem, span, y0, rtol=rtol, atol=atol)

            def run_py():
                return mf.solve_ivp(rhs, span, y0, rtol=rtol, atol=atol, jac=jac)

            r = run_cpp()
            t_cpp, _ = median_time(run_cpp, repeats, 0.2)
            d = correct_digits(r.y[:, -1], ref)
            rows.append(
                (
                    name,
                    "myofatigue Rodas5P (C++ problem)",
                    rtol,
                    d,
                    t_cpp,
                    r.stats["steps"],
                    t_cpp,
                    cheapest_at(curve, d),
                )
            )
            r = run_py()
            t_py, _ = median_time(run_py, max(1, repeats // 2), 0.0)
            d = correct_digits(r.y[:, -1], ref)
            rows.append(
                (
                    name,
                    "myofatigue Rodas5P (Python fun)",
                    rtol,
                    d,
                    t_py,
                    r.stats["steps"],
                    t_cpp,
                    cheapest_at(curve, d),
                )
            )
            for method in ("BDF", "Radau", "LSODA"):
                label = f"scipy {method}"
                if method in given_up:
                    rows.append((name, label, rtol, None, None, None, t_cpp, None))
                    continue
                probe_start = time.perf_counter()
                s = scipy_solve_ivp(
                    rhs,
                    span,
                    y0,
                    method=method,
                    rtol=rtol,
                    atol=atol,
                    jac=jac,
                    events=deadline_event(budget_s),
                )
                probe_s = time.perf_counter() - probe_start
                if s.status == 1 or not s.success:
                    given_up.add(method)
                    why = f"> {budget_s:g} s" if s.status == 1 else f"failed: {s.message}"
                    rows.append((name, label, rtol, why, None, None, t_cpp, None))
                    continue
                digits = correct_digits(s.y[:, -1], ref)
                n_rep = 1 if probe_s > 2.0 else max(1, repeats // 2)

                def run_scipy():
                    return scipy_solve_ivp(
                        rhs, span, y0, method=method, rtol=rtol, atol=atol, jac=jac
                    )

                t_s, _ = median_time(run_scipy, n_rep, 0.0)
                rows.append(
                    (
                        name,
                        label,
                        rtol,
                        digits,
                        t_s,
                        s.t.size - 1,
                        t_cpp,
                        cheapest_at(curve, digits),
                    )
                )
    return rows


def ratio_text(t, t_ref):
    return f"{t / t_ref:.3g}x" if t_ref else "n/a"


def print_stiff_table(rows):
    print(
        "| problem | solver | rtol | digits | steps | time [ms] | time / myofatigue C++, "
        "same rtol | time / myofatigue C++, equal digits |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for name, label, rtol, digits, t, steps, t_cpp, t_equal in rows:
        if t is None:
            note = digits if isinstance(digits, str) else "skipped (looser rtol exceeded budget)"
            print(f"| {name} | {label} | {rtol:.0e} | {note} | | | | |")
            continue
        print(
            f"| {name} | {label} | {rtol:.0e} | {digits:.1f} | {steps} | {1e3 * t:.3g} | "
            f"{ratio_text(t, t_cpp)} | {ratio_text(t, t_equal)} |"
        )


def ratios(rows, method, column):
    """scipy time / myofatigue C++ time for one scipy method; column 6: same rtol, 7: equal
    digits."""
    return sorted(
        r[4] / r[column]
        for r in rows
        if r[1] == f"scipy {method}" and r[4] is not None and r[column]
    )


def print_ratio_summary(rows):
    print(
        "\n| scipy method | scipy / myofatigue C++ problem, same rtol: min / median / max | "
        "same, at equal correct digits: min / median / max | "
        "scipy / myofatigue Python fun, same rtol: min / median / max |"
    )
    print("| --- | --- | --- | --- |")
    py_time = {(r[0], r[2]): r[4] for r in rows if r[1].endswith("(Python fun)")}
    for method in ("BDF", "Radau", "LSODA"):
        same, equal = ratios(rows, method, 6), ratios(rows, method, 7)
        vs_py = sorted(
            r[4] / py_time[(r[0], r[2])]
            for r in rows
            if r[1] == f"scipy {method}" and r[4] is not None
        )
        if not same:
            continue
        cells = [
            f"{v[0]:.3g} / {statistics.median(v):.3g} / {v[-1]:.3g}" if v else "n/a"
            for v in (same, equal, vs_py)
        ]
        print(f"| {method} | " + " | ".join(cells) + " |")


# --------------------------------------------------------------------------- 3CC hold to failure


def bench_endurance(repeats):
    """myofatigue.endurance_time(3CC knee, 0.4) vs scipy solve_ivp of the same ODE in Python.

    3CC (Xia & Frey-Law 2008, Eqs. 1-4; docs/models/three_compartment_fatigue.md) with the
    knee's F, R (Frey-Law 2012 Table 1) and LD = LR = 10 /s read from the model; a sustained
    hold from rest at TL = 0.4 until task failure MA + MR < TL (terminal event), capped at 4 h,
    rtol 1e-6 and atol 1e-9 (endurance_time's defaults) for every solver.
    """
    model = mf.models.three_compartment("knee")
    p = model.parameters()
    F, R, LD, LR = p["fatigue.F"], p["fatigue.R"], p["fatigue.LD"], p["fatigue.LR"]
    TL = 0.4

    def rhs(t, x):
        ma, mr, mf_ = x
        if ma < TL:
            c = LD * (TL - ma) if mr > TL - ma else LD * mr
        else:
            c = LR * (TL - ma)
        return [c - F * ma, -c + R * mf_, F * ma - R * mf_]

    def jac(t, x):
        ma, mr, _ = x
        if ma < TL:
            dc = [-LD, 0.0, 0.0] if mr > TL - ma else [0.0, LD, 0.0]
        else:
            dc = [-LR, 0.0, 0.0]
        return np.array([[dc[0] - F, dc[1], dc[2]], [-dc[0], -dc[1], -dc[2] + R], [F, 0.0, -R]])

    def failure(t, x):
        return x[0] + x[1] - TL

    failure.terminal = True
    failure.direction = -1

    x0 = np.array([0.0, 1.0, 0.0])
    rows = []
    et = mf.endurance_time(model, TL)
    t_mf, n_mf = median_time(lambda: mf.endurance_time(model, TL), repeats * 200, 0.5)
    rows.append(("myofatigue.endurance_time (C++ model)", et, t_mf, n_mf))

    def solve_mf_py():
        return mf.solve_ivp(
            rhs, (0.0, 4 * 3600.0), x0, rtol=1e-6, atol=1e-9, jac=jac, events=failure
        )

    et_py = solve_mf_py().t_events[0][0]
    t_py, n_py = median_time(solve_mf_py, repeats, 0.2)
    rows.append(("myofatigue.solve_ivp (Python fun, Rodas5P)", et_py, t_py, n_py))
    for method in ("RK45", "BDF", "Radau", "LSODA"):
        kw = {} if method == "RK45" else {"jac": jac}

        def solve_scipy(method=method, kw=kw):
            return scipy_solve_ivp(
                rhs,
                (0.0, 4 * 3600.0),
                x0,
                method=method,
                rtol=1e-6,
                atol=1e-9,
                events=failure,
                **kw,
            )

        s = solve_scipy()
        t_s, n_s = median_time(solve_scipy, repeats, 0.2)
        rows.append((f"scipy {method}", s.t_events[0][0] if s.status == 1 else math.inf, t_s, n_s))
    print(
        "\n| 3CC knee, hold at 40 % MVC to failure | endurance time [s] | time [us] | "
        "time / endurance_time | calls |"
    )
    print("| --- | --- | --- | --- | --- |")
    for label, value, t, n in rows:
        print(f"| {label} | {value:.4f} | {1e6 * t:.1f} | {t / t_mf:.3g}x | {n} |")
    return t_mf


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--quick",
        action="store_true",
        help="rtol 1e-4 and 1e-8 only, fewer repeats, 10 s budget per scipy run",
    )
    args = parser.parse_args()
    rtols = [1e-4, 1e-8] if args.quick else [1e-4, 1e-6, 1e-8, 1e-10]
    repeats = 3 if args.quick else 7
    budget_s = 10.0 if args.quick else 60.0

    check_same_equations()
    print(
        f"myofatigue {mf.__version__}, scipy {scipy.__version__}, numpy {np.__version__}, "
        f"Python {platform.python_version()}, {platform.machine()}"
    )
    print(f"command: python bench/python/bench_vs_solve_ivp.py{' --quick' if args.quick else ''}\n")
    rows = bench_stiff(rtols, repeats, budget_s)
    print_stiff_table(rows)
    print_ratio_summary(rows)
    t_mf = bench_endurance(repeats)
    same, equal = ratios(rows, "BDF", 6), ratios(rows, "BDF", 7)
    print(
        f"\ntargets: >= 100x faster than scipy BDF (C++ problem from Python): min ratio "
        f"{min(same):.3g}x at the same rtol, {min(equal):.3g}x at equal digits -> "
        f"{'met' if min(same) >= 100 and min(equal) >= 100 else 'missed'}; "
        f"endurance_time < 50 us: {1e6 * t_mf:.1f} us -> {'met' if t_mf < 50e-6 else 'missed'}"
    )


if __name__ == "__main__":
    main()
