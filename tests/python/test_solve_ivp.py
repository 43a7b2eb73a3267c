"""myofatigue.solve_ivp: scipy's arguments and result fields, stiff reference solutions reached
from Python, C++ problems and Python callables agreeing, events, dense output, argument errors
naming the argument, callback exceptions propagating, failures keeping the partial solution, and
the GIL released during a C++ solve."""

import csv
import math
import pathlib

import numpy as np
import pytest

import myofatigue as mf

problems = mf.problems

REFERENCE_CSV = pathlib.Path(__file__).resolve().parents[1] / "data" / "stiff_testset.csv"


def reference(problem):
    """Final-time reference solution of the Test Set for IVP Solvers (tests/data/README.md)."""
    with REFERENCE_CSV.open() as f:
        rows = [r for r in csv.DictReader(f) if r["problem"] == problem]
    return np.array([float(r["value"]) for r in rows])


def correct_digits(y, ref):
    """Significant correct digits of the worst component (as tests/cpp/test_support.hpp)."""
    rel = np.abs(y - ref) / np.maximum(np.abs(ref), 1e-10)
    return -math.log10(max(rel.max(), 1e-300))


def hires_rhs(t, y):
    """HIRES written in NumPy (Schaefer 1975; the test set's description), independent of C++."""
    return np.array(
        [
            -1.71 * y[0] + 0.43 * y[1] + 8.32 * y[2] + 0.0007,
            1.71 * y[0] - 8.75 * y[1],
            -10.03 * y[2] + 0.43 * y[3] + 0.035 * y[4],
            8.32 * y[1] + 1.71 * y[2] - 1.12 * y[3],
            -1.745 * y[4] + 0.43 * y[5] + 0.43 * y[6],
            -280.0 * y[5] * y[7] + 0.69 * y[3] + 1.71 * y[4] - 0.43 * y[5] + 0.69 * y[6],
            280.0 * y[5] * y[7] - 1.81 * y[6],
            -280.0 * y[5] * y[7] + 1.81 * y[6],
        ]
    )


def decay(t, y):
    return -y


# --------------------------------------------------------------------------- reference solutions

# (problem, reference key, atol): atol per the test set's convention; ROBER's y2 ~ 1e-13 needs an
# atol far below it, HIRES components are ~1e-3, VDPOL's are O(1).
CASES = [
    (problems.Rober, "ROBER", 1e-14),
    (problems.Hires, "HIRES", 1e-12),
    (problems.VdPol, "VDPOL_eps1e-6", 1e-8),
    (problems.VdPolM, "VDPOLM_mu1000", 1e-8),
]


@pytest.mark.parametrize("problem, key, atol", CASES, ids=[c[1] for c in CASES])
def test_cpp_problem_reaches_6_correct_digits_at_rtol_1e_8(problem, key, atol):
    p = problem()
    r = mf.solve_ivp(p, p.t_span, p.y0, rtol=1e-8, atol=atol, t_eval=[p.t_end])
    assert r.success and r.status == 0
    assert r.jacobian == "Analytic"
    assert correct_digits(r.y[:, -1], reference(key)) >= 6.0


def test_python_callable_hires_agrees_with_the_cpp_problem_with_and_without_jac():
    p = problems.Hires()
    opts = dict(rtol=1e-8, atol=1e-12, t_eval=[p.t_end])
    cpp = mf.solve_ivp(p, p.t_span, p.y0, **opts)
    fd = mf.solve_ivp(hires_rhs, p.t_span, p.y0, **opts)
    analytic = mf.solve_ivp(hires_rhs, p.t_span, p.y0, jac=p.jacobian, **opts)
    assert fd.jacobian == "FiniteDifference" and analytic.jacobian == "Analytic"
    for r in (fd, analytic):
        assert r.success
        assert correct_digits(r.y[:, -1], reference("HIRES")) >= 6.0
        np.testing.assert_allclose(r.y[:, -1], cpp.y[:, -1], rtol=1e-6)


def test_python_callable_vdpol_agrees_with_the_cpp_problem():
    p = problems.VdPol()

    def vdpol(t, y):
        return np.array([y[1], ((1.0 - y[0] ** 2) * y[1] - y[0]) / 1e-6])

    cpp = mf.solve_ivp(p, p.t_span, p.y0, rtol=1e-8, atol=1e-8, t_eval=[p.t_end])
    py = mf.solve_ivp(vdpol, p.t_span, p.y0, rtol=1e-8, atol=1e-8, t_eval=[p.t_end])
    assert correct_digits(py.y[:, -1], reference("VDPOL_eps1e-6")) >= 6.0
    np.testing.assert_allclose(py.y[:, -1], cpp.y[:, -1], rtol=1e-6)


def test_jac_sparsity_gives_the_block_bordered_lu_and_the_same_solution_as_the_cpp_problem():
    p = problems.BlockBordered(units=40)  # 122 states: above the sparse threshold (100)
    opts = dict(rtol=1e-6, atol=1e-9, t_eval=[p.t_end])
    cpp = mf.solve_ivp(p, p.t_span, p.y0, **opts)
    py = mf.solve_ivp(p.rhs, p.t_span, p.y0, jac_sparsity=p.sparsity(), **opts)
    unknown = mf.solve_ivp(p.rhs, p.t_span, p.y0, **opts)
    # The pattern is an arrow (units coupled through 2 shared states): the Schur-complement LU.
    assert cpp.linear_solver == "BlockBordered" and py.linear_solver == "BlockBordered"
    assert unknown.linear_solver == "Dense"
    # Coloured finite differences: the shared rows leave about one colour per unit (~42), not
    # one per state (122), per Jacobian.
    assert py.nfev < 0.6 * unknown.nfev
    np.testing.assert_allclose(py.y, cpp.y, rtol=1e-4, atol=1e-8)
    np.testing.assert_allclose(unknown.y, cpp.y, rtol=1e-4, atol=1e-8)


# --------------------------------------------------------------------------- scipy's shapes


def test_result_has_scipy_fields_and_shapes():
    p = problems.Hires()
    r = mf.solve_ivp(p, p.t_span, p.y0)
    m = r.t.size
    assert isinstance(r, mf.OdeResult) and isinstance(r, dict)
    assert r.t.shape == (m,) and r.y.shape == (8, m) and m > 2
    assert r.t[0] == 0.0 and r.t[-1] == p.t_end and np.all(np.diff(r.t) > 0)
    np.testing.assert_array_equal(r.y[:, 0], p.y0)
    assert r.sol is None and r.t_events is None and r.y_events is None
    assert r.status == 0 and r.success is True and r.failure is None
    assert "successfully" in r.message
    assert r.nfev == r.stats["rhs_evals"] and r.njev == r.stats["jacobian_evals"]
    assert r.nlu == r.stats["factorizations"]
    assert set(r.stats) == {
        "steps",
        "rejected",
        "rhs_evals",
        "jacobian_evals",
        "factorizations",
        "linear_solves",
        "wall_s",
    }
    assert r.stats["steps"] == m - 1 and r.stats["wall_s"] > 0
    assert r["t"] is r.t and r.method == "Rodas5P"


def test_t_eval_is_respected_exactly():
    t_eval = np.linspace(0.0, 5.0, 11)
    r = mf.solve_ivp(decay, (0.0, 5.0), [1.0, 2.0], t_eval=t_eval, rtol=1e-10, atol=1e-12)
    np.testing.assert_array_equal(r.t, t_eval)
    assert r.y.shape == (2, 11)
    np.testing.assert_allclose(r.y, np.exp(-t_eval) * np.array([[1.0], [2.0]]), rtol=1e-8)


@pytest.mark.parametrize("method", ["Rodas5P", "Rodas4", "Rosenbrock23"])
def test_dense_output_matches_the_exact_solution_at_step_midpoints(method):
    p = problems.ProtheroRobinson()
    r = mf.solve_ivp(p, p.t_span, p.y0, method=method, dense_output=True, rtol=1e-8, atol=1e-10)
    assert r.sol.t_min == 0.0 and r.sol.t_max == p.t_end
    mid = 0.5 * (r.t[:-1] + r.t[1:])
    y_mid = r.sol(mid)
    assert y_mid.shape == (2, mid.size)
    exact = np.stack([problems.ProtheroRobinson.exact(t) for t in mid], axis=1)
    # The interpolants are of lower order than the steps: 1e-5 is far above rtol yet far below
    # the solution's variation over one step.
    np.testing.assert_allclose(y_mid, exact, atol=1e-5)
    assert r.sol(1.0).shape == (2,)
    np.testing.assert_allclose(r.sol(r.t), r.y, atol=1e-12)


# --------------------------------------------------------------------------- events


def crossing(threshold, terminal=False, direction=0.0):
    def g(t, y):
        return y[0] - threshold

    g.terminal = terminal
    g.direction = direction
    return g


def test_terminal_event_stops_at_the_analytic_crossing_time():
    # y = exp(-t) reaches 0.25 at t = ln 4.
    g = crossing(0.25, terminal=True, direction=-1)
    r = mf.solve_ivp(decay, (0.0, 10.0), [1.0], events=g, rtol=1e-9, atol=1e-12)
    assert r.status == 1 and r.success and "termination event" in r.message
    assert len(r.t_events) == 1 and r.t_events[0].shape == (1,)
    assert r.t_events[0][0] == pytest.approx(math.log(4.0), rel=1e-8)
    assert r.y_events[0].shape == (1, 1)
    assert r.y_events[0][0, 0] == pytest.approx(0.25, rel=1e-8)
    assert r.t[-1] == r.t_events[0][0]


def test_event_direction_selects_rising_or_falling_crossings():
    # y1 = sin t: rising zero crossings at 2 pi, 4 pi; falling at pi, 3 pi (t in (0, 13)); and
    # sin 0 = 0 where the solve starts, which occurs for rising and two-sided events (as scipy,
    # issue 14): the solution leaves zero upwards.
    def osc(t, y):
        return np.array([y[1], -y[0]])

    rising, falling, both = crossing(0.0, direction=1), crossing(0.0, direction=-1), crossing(0.0)
    r = mf.solve_ivp(
        osc, (0.0, 13.0), [0.0, 1.0], events=[rising, falling, both], rtol=1e-10, atol=1e-12
    )
    assert r.status == 0
    np.testing.assert_allclose(r.t_events[0], [0.0, 2 * np.pi, 4 * np.pi], atol=1e-7)
    np.testing.assert_allclose(r.t_events[1], [np.pi, 3 * np.pi], atol=1e-7)
    np.testing.assert_allclose(r.t_events[2], np.pi * np.arange(0, 5), atol=1e-7)
    assert r.y_events[0].shape == (3, 2)
    np.testing.assert_allclose(r.y_events[0][:, 1], [1.0, 1.0, 1.0], atol=1e-7)


def test_event_on_a_cpp_problem_matches_the_python_callable_version():
    p = problems.Hires()
    g = crossing(0.5, terminal=True, direction=-1)
    cpp = mf.solve_ivp(p, p.t_span, p.y0, events=g, rtol=1e-9, atol=1e-12)
    py = mf.solve_ivp(hires_rhs, p.t_span, p.y0, events=[g], rtol=1e-9, atol=1e-12)
    assert cpp.status == 1 and py.status == 1
    assert cpp.t_events[0][0] == pytest.approx(py.t_events[0][0], rel=1e-7)
    assert cpp.y_events[0][0, 0] == pytest.approx(0.5, rel=1e-9)


def test_args_reach_fun_and_events_like_scipy():
    def f(t, y, k):
        return -k * y

    def g(t, y, k):
        return y[0] - 0.5

    g.terminal = True
    r = mf.solve_ivp(f, (0.0, 10.0), [1.0], events=g, args=(2.0,), rtol=1e-10, atol=1e-12)
    assert r.t_events[0][0] == pytest.approx(math.log(2.0) / 2.0, rel=1e-8)


# --------------------------------------------------------------------------- errors

ROBER = problems.Rober()


def bad_event():
    return [crossing(0.5), "not a function"]


BAD_ARGUMENTS = [
    ("method", dict(method=None)),
    ("rtol", dict(rtol="tight")),
    ("t_span", dict(t_span=(0.0,))),
    ("t_span", dict(t_span=(0.0, math.inf))),
    ("y0", dict(y0=["a", "b", "c"])),
    ("events[1]", dict(events=bad_event())),
    ("events", dict(events=3)),
    ("max_steps", dict(max_steps=0)),
    ("jac", dict(jac=np.eye(2))),
    ("on_failure", dict(on_failure="ignore")),
    ("fun", dict(fun=42)),
]

# Where scipy raises, the message is scipy's (issue 14); field still names the argument.
SCIPY_BAD_ARGUMENTS = [
    ("method", dict(method="BDF"), "`method` must be one of"),
    ("atol", dict(atol=-1e-6), "`atol` must be positive."),
    ("atol", dict(atol=[1e-6, 1e-6]), "`atol` has wrong shape."),
    ("y0", dict(y0=[[1.0, 0.0, 0.0]]), "`y0` must be 1-dimensional."),
    (
        "y0",
        dict(y0=[1.0, math.nan, 0.0]),
        "All components of the initial state `y0` must be finite.",
    ),
    ("t_eval", dict(t_eval=[0.0, 2.0]), "Values in `t_eval` are not within `t_span`."),
    ("t_eval", dict(t_eval=[0.5, 0.2]), "Values in `t_eval` are not properly sorted."),
    ("first_step", dict(first_step=-1.0), "`first_step` must be positive."),
    ("max_step", dict(max_step=0.0), "`max_step` must be positive."),
]


@pytest.mark.parametrize(
    "field, kwargs, message",
    SCIPY_BAD_ARGUMENTS,
    ids=[f"{f}-{i}" for i, (f, _, _) in enumerate(SCIPY_BAD_ARGUMENTS)],
)
def test_bad_argument_where_scipy_raises_gives_its_message_and_names_the_field(
    field, kwargs, message
):
    args = dict(fun=decay, t_span=(0.0, 1.0), y0=[1.0, 0.0, 0.0])
    args.update(kwargs)
    with pytest.raises(ValueError) as info:
        mf.solve_ivp(**args)
    assert str(info.value).startswith(message)
    assert isinstance(info.value, mf.ParameterError) and info.value.field == field


@pytest.mark.parametrize(
    "field, kwargs", BAD_ARGUMENTS, ids=[f"{f}-{i}" for i, (f, _) in enumerate(BAD_ARGUMENTS)]
)
def test_bad_argument_raises_value_error_naming_it(field, kwargs):
    args = dict(fun=decay, t_span=(0.0, 1.0), y0=[1.0, 0.0, 0.0])
    args.update(kwargs)
    with pytest.raises(ValueError, match="^" + field.replace("[", r"\[") + ":") as info:
        mf.solve_ivp(**args)
    assert isinstance(info.value, mf.ParameterError)
    assert info.value.field == field


@pytest.mark.parametrize(
    "field, kwargs",
    [
        ("y0", dict(y0=[1.0, 0.0])),
        ("jac", dict(jac=lambda t, y: np.eye(3))),
        ("args", dict(args=(1.0,))),
    ],
)
def test_bad_argument_for_a_cpp_problem_raises_value_error_naming_it(field, kwargs):
    args = dict(fun=ROBER, t_span=(0.0, 1.0), y0=ROBER.y0)
    args.update(kwargs)
    with pytest.raises(mf.ParameterError, match="^" + field + ":"):
        mf.solve_ivp(**args)


def test_fun_returning_the_wrong_size_raises_value_error_naming_fun():
    with pytest.raises(mf.ParameterError, match="^fun:.*3 values but the state has 2"):
        mf.solve_ivp(lambda t, y: np.zeros(3), (0.0, 1.0), [1.0, 2.0])


@pytest.mark.parametrize(
    "problem_kwargs, field",
    [
        ((problems.VdPol, dict(eps=0.0)), "eps"),
        ((problems.Hires, dict(t_end=-1.0)), "t_end"),
        ((problems.BlockBordered, dict(units=0)), "units"),
    ],
)
def test_bad_problem_parameter_raises_value_error_naming_it(problem_kwargs, field):
    problem, kwargs = problem_kwargs
    with pytest.raises(mf.ParameterError, match="^" + field + ":"):
        problem(**kwargs)


# --------------------------------------------------------------------------- callback exceptions


class CallbackError(Exception):
    pass


def raise_after(n_calls, result):
    calls = {"n": 0}

    def f(t, y):
        calls["n"] += 1
        if calls["n"] > n_calls:
            raise CallbackError(f"call {calls['n']}")
        return result(t, y)

    return f


def test_exception_in_fun_propagates_unchanged():
    with pytest.raises(CallbackError, match="call 51"):
        mf.solve_ivp(raise_after(50, decay), (0.0, 10.0), [1.0])
    # The interpreter and the module are still usable afterwards.
    assert mf.solve_ivp(decay, (0.0, 1.0), [1.0]).success


def test_exception_in_jac_and_in_an_event_propagates_unchanged():
    with pytest.raises(CallbackError):
        mf.solve_ivp(decay, (0.0, 10.0), [1.0], jac=raise_after(3, lambda t, y: -np.eye(1)))
    with pytest.raises(CallbackError):
        mf.solve_ivp(decay, (0.0, 10.0), [1.0], events=raise_after(5, lambda t, y: y[0] - 0.1))
    p = problems.Hires()  # an event raising during a C++ (GIL-released) solve
    with pytest.raises(CallbackError):
        mf.solve_ivp(p, p.t_span, p.y0, events=raise_after(5, lambda t, y: y[0] - 0.1))


# --------------------------------------------------------------------------- failures


def test_failure_returns_the_partial_solution_with_time_step_and_state():
    r = mf.solve_ivp(ROBER, ROBER.t_span, ROBER.y0, rtol=1e-8, atol=1e-14, max_steps=5)
    assert r.success is False and r.status == -1
    assert "MaxStepsReached" in r.message
    f = r.failure
    assert f.status == "MaxStepsReached" and "max_steps = 5" in f.message
    assert 1 < r.t.size <= 6 and r.y.shape == (3, r.t.size)
    assert f.t_s == r.t[-1] and f.step_s > 0.0
    np.testing.assert_array_equal(f.state, r.y[:, -1])


def test_failure_raises_solver_error_with_the_same_record_on_request():
    with pytest.raises(mf.SolverError) as info:
        mf.solve_ivp(ROBER, ROBER.t_span, ROBER.y0, max_steps=5, on_failure="raise")
    assert info.value.status == "MaxStepsReached"
    assert info.value.t_s > 0.0 and info.value.state.shape == (3,)


def test_blow_up_is_a_failure_with_the_partial_solution_not_an_exception():
    r = mf.solve_ivp(lambda t, y: y**2, (0.0, 2.0), [1.0])  # y = 1 / (1 - t) blows up at t = 1
    assert r.status == -1 and not r.success
    # At rtol 1e-3 the numerical blow-up lags the exact one slightly.
    assert 0.99 < r.failure.t_s < 1.01 and r.t[-1] == r.failure.t_s


# --------------------------------------------------------------------------- problems


@pytest.mark.parametrize(
    "problem",
    [
        problems.Rober,
        problems.Hires,
        problems.VdPol,
        problems.VdPolM,
        problems.ProtheroRobinson,
        problems.BlockBordered,
    ],
)
def test_problem_jacobian_matches_finite_differences_of_its_rhs(problem):
    p = problem()
    y = p.y0 + 0.1 * np.linspace(0.5, 1.0, p.n)
    t = 0.3
    J = p.jacobian(t, y)
    assert J.shape == (p.n, p.n) and p.t_span == (0.0, p.t_end) and p.y0.shape == (p.n,)
    f0 = p.rhs(t, y)
    for j in range(p.n):
        h = 1e-7 * max(1.0, abs(y[j]))
        yp = y.copy()
        yp[j] += h
        np.testing.assert_allclose(
            (p.rhs(t, yp) - f0) / h, J[:, j], rtol=1e-4, atol=1e-4 * np.abs(J).max()
        )


def test_problems_are_immutable_values_with_repr():
    p = problems.VdPol(eps=1e-3)
    assert p.eps == 1e-3 and repr(p) == "VdPol(eps=0.001, t_end=2.0)"
    with pytest.raises(AttributeError):
        p.eps = 1.0
    b = problems.BlockBordered(units=5)
    assert b.n == 17 and b.sparsity().shape == (17, 17)
