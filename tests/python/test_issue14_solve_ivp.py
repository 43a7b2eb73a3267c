"""Issue 14: myofatigue.solve_ivp takes every argument of scipy.integrate.solve_ivp and behaves
as scipy documents it (error types and messages included where scipy raises), with our methods.

Each test is one argument or edge case, written from scipy's documentation of solve_ivp; the
examples of the issue are regression tests (named in the test names). Where useful, scipy itself
is run on the same problem and compared."""

import math
import pickle
import re
import warnings

import numpy as np
import pytest
import scipy.integrate

import myofatigue as mf

scipy_solve_ivp = scipy.integrate.solve_ivp


def decay(t, y):
    return -y


def oscillator(t, y):
    """y1 = sin t, y2 = cos t from (0, 1)."""
    return np.array([y[1], -y[0]])


def counting(f):
    """f, and a list whose length is the number of calls made to it."""
    calls = []

    def g(*a):
        calls.append(a[0])
        return f(*a)

    return g, calls


def event(g, terminal=None, direction=None):
    if terminal is not None:
        g.terminal = terminal
    if direction is not None:
        g.direction = direction
    return g


# --------------------------------------------------------------------------- methods


@pytest.mark.parametrize("name", ["RK23", "RK45", "DOP853", "Radau", "BDF", "LSODA"])
def test_issue14_scipy_method_names_raise_value_error_listing_ours(name):
    with pytest.raises(ValueError, match="must be one of.*'Rodas5P', 'Rodas4', 'Rosenbrock23'"):
        mf.solve_ivp(decay, (0.0, 1.0), [1.0], method=name)


def test_issue14_a_scipy_solver_class_is_refused_too():
    with pytest.raises(ValueError, match="`method` must be one of"):
        mf.solve_ivp(decay, (0.0, 1.0), [1.0], method=scipy.integrate.RK45)


# --------------------------------------------------------------------------- args, vectorized


def test_issue14_args_may_be_passed_positionally_like_scipy():
    def f(t, y, k):
        return -k * y

    r = mf.solve_ivp(
        f, (0.0, 1.0), [1.0], "Rodas5P", None, False, None, False, (2.0,), rtol=1e-8, atol=1e-10
    )
    assert r.y[0, -1] == pytest.approx(math.exp(-2.0), rel=1e-6)


def test_issue14_args_that_cannot_be_unpacked_raise_scipys_type_error():
    with pytest.raises(TypeError, match="Supplied 'args' cannot be unpacked"):
        mf.solve_ivp(lambda t, y, k: -k * y, (0.0, 1.0), [1.0], args=2.0)


def test_issue14_args_reach_jac_and_events():
    def jac(t, y, k):
        return -k * np.eye(1)

    def g(t, y, k):
        return y[0] - 0.5

    counted_jac, jac_calls = counting(jac)
    r = mf.solve_ivp(
        lambda t, y, k: -k * y,
        (0.0, 5.0),
        [1.0],
        events=event(g, True),
        jac=counted_jac,
        args=[3.0],
        rtol=1e-9,
        atol=1e-12,
    )
    assert r.status == 1 and r.t_events[0][0] == pytest.approx(math.log(2.0) / 3.0, rel=1e-7)
    assert len(jac_calls) == r.njev > 0


@pytest.mark.parametrize("vectorized", [False, True])
def test_issue14_vectorized_is_accepted_and_a_vectorized_fun_gets_columns(vectorized):
    shapes = set()

    def f(t, y):
        shapes.add(y.shape)
        return -y

    r = mf.solve_ivp(f, (0.0, 1.0), [1.0, 2.0], vectorized=vectorized, rtol=1e-8, atol=1e-10)
    assert r.success
    np.testing.assert_allclose(r.y[:, -1], [math.exp(-1), 2 * math.exp(-1)], rtol=1e-6)
    assert shapes == ({(2, 1)} if vectorized else {(2,)})


# --------------------------------------------------------------------------- t_span


def test_issue14_backward_integration_like_scipy():
    t_eval = np.linspace(2.0, 0.0, 5)
    r = mf.solve_ivp(
        decay, (2.0, 0.0), [1.0], t_eval=t_eval, dense_output=True, rtol=1e-9, atol=1e-12
    )
    s = scipy_solve_ivp(
        decay, (2.0, 0.0), [1.0], t_eval=t_eval, dense_output=True, rtol=1e-9, atol=1e-12
    )
    assert r.status == 0 and r.success
    np.testing.assert_array_equal(r.t, s.t)
    np.testing.assert_allclose(r.y, np.exp(2.0 - t_eval)[None, :], rtol=1e-7)
    np.testing.assert_allclose(r.y, s.y, rtol=1e-6)
    # The continuous solution as scipy's: segments in the direction of integration.
    assert not r.sol.ascending and r.sol.ts[0] == 2.0 and r.sol.ts[-1] == 0.0
    assert np.all(np.diff(r.sol.ts) < 0)
    assert (r.sol.t_min, r.sol.t_max) == (0.0, 2.0)
    assert r.sol(1.0)[0] == pytest.approx(math.exp(1.0), rel=1e-6)


def test_issue14_backward_integration_without_t_eval_stores_decreasing_times():
    r = mf.solve_ivp(decay, (1.0, -1.0), [1.0], rtol=1e-8, atol=1e-10)
    assert r.t[0] == 1.0 and r.t[-1] == -1.0 and np.all(np.diff(r.t) < 0)
    assert r.y[0, -1] == pytest.approx(math.exp(2.0), rel=1e-6)


def test_issue14_backward_events_keep_their_direction_in_the_order_of_integration():
    # Backward from t = 10 on y' = -y: y grows as t decreases, so y - 2 rises through zero.
    rising = event(lambda t, y: y[0] - 2.0, direction=1)
    falling = event(lambda t, y: y[0] - 2.0, direction=-1)
    kw = dict(events=[rising, falling], rtol=1e-9, atol=1e-12)
    r = mf.solve_ivp(decay, (10.0, 0.0), [math.exp(-10.0) * 8.0], **kw)
    s = scipy_solve_ivp(decay, (10.0, 0.0), [math.exp(-10.0) * 8.0], **kw)
    assert r.t_events[0] == pytest.approx(s.t_events[0], rel=1e-7)
    assert r.t_events[0][0] == pytest.approx(math.log(4.0), rel=1e-8)  # y = 8 exp(-t)
    assert r.t_events[1].shape == s.t_events[1].shape == (0,)


def test_issue14_backward_integration_of_a_cpp_problem_goes_through_its_python_methods():
    # A mild lambda: backward in time the problem's decay is growth, e^(-lambda t).
    p = mf.problems.ProtheroRobinson(lambda_=-0.1)
    r = mf.solve_ivp(p, (2.0, 0.0), p.exact(2.0), rtol=1e-9, atol=1e-12)
    assert r.success and r.jacobian == "Analytic"
    np.testing.assert_allclose(r.y[:, -1], p.exact(0.0), rtol=1e-6, atol=1e-9)


def test_issue14_a_backward_failure_reports_the_users_time_and_state():
    r = mf.solve_ivp(decay, (5.0, 0.0), [1.0], max_steps=3)
    assert r.status == -1 and 0.0 < r.failure.t_s < 5.0 and r.t[-1] == r.failure.t_s
    assert f"at t = {r.failure.t_s!r}" in r.message
    with pytest.raises(mf.SolverError) as info:
        mf.solve_ivp(decay, (5.0, 0.0), [1.0], max_steps=3, on_failure="raise")
    assert info.value.t_s == r.failure.t_s


def test_issue14_equal_t0_and_t_end_returns_the_initial_state_like_scipy():
    r = mf.solve_ivp(decay, (3.0, 3.0), [1.0, 2.0], dense_output=True)
    s = scipy_solve_ivp(decay, (3.0, 3.0), [1.0, 2.0], dense_output=True)
    assert r.status == s.status == 0 and r.success
    np.testing.assert_array_equal(r.t, s.t)
    np.testing.assert_array_equal(r.y, s.y)
    np.testing.assert_array_equal(r.sol(5.0), s.sol(5.0))
    r = mf.solve_ivp(decay, (3.0, 3.0), [1.0], t_eval=[3.0])
    np.testing.assert_array_equal(r.t, [3.0])


# --------------------------------------------------------------------------- y0


def test_issue14_complex_y0_is_solved_as_a_real_system_of_twice_the_size():
    lam = -0.5 + 3.0j

    def f(t, y):
        return lam * y

    y0 = np.array([1.0 + 0.5j, -2.0j])
    t_eval = np.linspace(0.0, 2.0, 7)
    for jac in (None, lambda t, y: lam * np.eye(2), lam * np.eye(2)):
        r = mf.solve_ivp(
            f, (0.0, 2.0), y0, t_eval=t_eval, dense_output=True, jac=jac, rtol=1e-9, atol=1e-12
        )
        assert r.success and r.y.dtype == complex and r.y.shape == (2, 7)
        exact = y0[:, None] * np.exp(lam * t_eval)[None, :]
        np.testing.assert_allclose(r.y, exact, rtol=1e-6, atol=1e-9)
        assert r.sol(1.0).dtype == complex
        np.testing.assert_allclose(r.sol(1.0), y0 * np.exp(lam), rtol=1e-6)


def test_issue14_complex_y0_events_see_complex_states():
    g = event(lambda t, y: y[0].real - 0.5, terminal=True)
    r = mf.solve_ivp(decay, (0.0, 5.0), [1.0 + 1.0j], events=g, rtol=1e-9, atol=1e-12)
    assert r.status == 1 and r.t_events[0][0] == pytest.approx(math.log(2.0), rel=1e-7)
    assert r.y_events[0].dtype == complex and r.y_events[0].shape == (1, 1)


def test_issue14_empty_y0_like_scipy():
    r = mf.solve_ivp(decay, (0.0, 1.0), [])
    s = scipy_solve_ivp(decay, (0.0, 1.0), [])
    assert r.status == s.status == 0
    np.testing.assert_array_equal(r.t, s.t)
    assert r.y.shape == s.y.shape == (0, 2)


@pytest.mark.parametrize(
    "y0, message",
    [
        ([[1.0]], "`y0` must be 1-dimensional."),
        ([1.0, np.nan], "All components of the initial state `y0` must be finite."),
    ],
)
def test_issue14_bad_y0_raises_scipys_value_error(y0, message):
    with pytest.raises(ValueError, match=re.escape(message)) as info:
        mf.solve_ivp(decay, (0.0, 1.0), y0)
    assert info.value.field == "y0"


# --------------------------------------------------------------------------- jac


def test_issue14_jac_may_return_a_number_for_a_one_state_system():
    jac, calls = counting(lambda t, y: -1.0)
    r = mf.solve_ivp(decay, (0.0, 1.0), [1.0], jac=jac, rtol=1e-8, atol=1e-10)
    assert r.success and r.jacobian == "Analytic" and len(calls) == r.njev > 0
    assert r.y[0, -1] == pytest.approx(math.exp(-1.0), rel=1e-6)


def test_issue14_nfev_njev_nlu_count_what_ran():
    fun, fun_calls = counting(oscillator)
    jac, jac_calls = counting(lambda t, y: np.array([[0.0, 1.0], [-1.0, 0.0]]))
    g, g_calls = counting(lambda t, y: y[0])
    for kwargs in (dict(), dict(jac=jac)):
        fun_calls.clear()
        jac_calls.clear()
        r = mf.solve_ivp(fun, (0.0, 10.0), [0.0, 1.0], events=g, **kwargs)
        assert r.nfev == len(fun_calls)  # event calls are not counted, as scipy
        assert len(g_calls) > 0
        assert r.njev == (len(jac_calls) if kwargs else r.stats["jacobian_evals"])
        assert r.nlu == r.stats["factorizations"] > 0
    # A constant Jacobian is never evaluated: njev = 0 (as scipy's).
    r = mf.solve_ivp(oscillator, (0.0, 10.0), [0.0, 1.0], jac=np.array([[0.0, 1.0], [-1.0, 0.0]]))
    assert r.njev == 0 and r.nlu > 0


def test_issue14_lband_uband_give_a_band_pattern_and_a_packed_jac_as_lsoda():
    n = 6
    A = -2.0 * np.eye(n) + np.eye(n, k=1) + 0.5 * np.eye(n, k=-1)

    def f(t, y):
        return A @ y

    def packed(t, y):  # LSODA's layout: packed[uband + i - j, j] = A[i, j]
        p = np.zeros((3, n))
        for i in range(n):
            for j in range(max(0, i - 1), min(n, i + 2)):
                p[1 + i - j, j] = A[i, j]
        return p

    y0 = np.linspace(1.0, 2.0, n)
    full = mf.solve_ivp(f, (0.0, 1.0), y0, rtol=1e-9, atol=1e-12)
    band = mf.solve_ivp(f, (0.0, 1.0), y0, lband=1, uband=1, rtol=1e-9, atol=1e-12)
    band_jac = mf.solve_ivp(f, (0.0, 1.0), y0, lband=1, uband=1, jac=packed, rtol=1e-9, atol=1e-12)
    # Coloured finite differences over a tridiagonal pattern: 3 colours, not 6 columns.
    assert band.nfev < full.nfev
    assert band_jac.jacobian == "Analytic"
    np.testing.assert_allclose(band.y[:, -1], full.y[:, -1], rtol=1e-7)
    np.testing.assert_allclose(band_jac.y[:, -1], full.y[:, -1], rtol=1e-7)
    with pytest.raises(ValueError, match="^lband:"):
        mf.solve_ivp(f, (0.0, 1.0), y0, lband=-1)


def test_issue14_jac_sparsity_as_a_scipy_sparse_matrix():
    import scipy.sparse

    n = 4
    A = -np.diag(np.arange(1.0, n + 1))
    r = mf.solve_ivp(
        lambda t, y: A @ y,
        (0.0, 1.0),
        np.ones(n),
        jac_sparsity=scipy.sparse.identity(n, format="csr"),
        rtol=1e-9,
        atol=1e-12,
    )
    np.testing.assert_allclose(r.y[:, -1], np.exp(-np.arange(1.0, n + 1)), rtol=1e-6)


# --------------------------------------------------------------------------- tolerances, steps


def test_issue14_rtol_below_100_eps_warns_and_is_clipped_like_scipy():
    with pytest.warns(UserWarning, match="At least one element of `rtol` is too small"):
        r = mf.solve_ivp(decay, (0.0, 1.0), [1.0], rtol=1e-16, atol=1e-16)
    assert r.success and r.y[0, -1] == pytest.approx(math.exp(-1.0), rel=1e-11)


def test_issue14_array_rtol_is_per_component():
    y0 = [1.0, 1.0]
    loose_first = mf.solve_ivp(decay, (0.0, 5.0), y0, rtol=[1e-3, 1e-10], atol=1e-14)
    exact = math.exp(-5.0)
    err = np.abs(loose_first.y[:, -1] - exact) / exact
    assert err[1] < 1e-8 and err[0] >= err[1]
    with pytest.raises(ValueError, match="`rtol` has wrong shape"):
        mf.solve_ivp(decay, (0.0, 1.0), y0, rtol=[1e-3, 1e-3, 1e-3])


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(atol=[1e-6, 1e-6, 1e-6]), "`atol` has wrong shape."),
        (dict(atol=-1.0), "`atol` must be positive."),
        (dict(first_step=2.0), "`first_step` exceeds bounds."),
        (dict(first_step=0.0), "`first_step` must be positive."),
        (dict(max_step=0.0), "`max_step` must be positive."),
        (dict(t_eval=[[0.5]]), "`t_eval` must be 1-dimensional."),
        (dict(t_eval=[0.5, 1.5]), "Values in `t_eval` are not within `t_span`."),
        (dict(t_eval=[0.5, 0.5]), "Values in `t_eval` are not properly sorted."),
    ],
)
def test_issue14_bad_options_raise_scipys_value_error(kwargs, message):
    """Regression for "first_step longer than the interval is accepted"."""
    with pytest.raises(ValueError) as ours:
        mf.solve_ivp(decay, (0.0, 1.0), [1.0, 2.0], **kwargs)
    with pytest.raises(ValueError) as theirs:
        scipy_solve_ivp(decay, (0.0, 1.0), [1.0, 2.0], **kwargs)
    assert str(ours.value) == str(theirs.value) == message
    assert ours.value.field == next(iter(kwargs))


def test_issue14_max_step_bounds_every_step():
    r = mf.solve_ivp(decay, (0.0, 1.0), [1.0], max_step=0.01)
    assert np.diff(r.t).max() <= 0.01 * (1 + 1e-12)


def test_issue14_min_step_ends_the_solve_when_the_steps_must_be_smaller():
    # y = 1 / (1 - t) blows up at t = 1: the steps shrink towards it.
    r = mf.solve_ivp(lambda t, y: y**2, (0.0, 2.0), [1.0], min_step=1e-3)
    assert r.status == -1 and r.failure.status == "StepSizeTooSmall"
    assert "min_step" in r.message and 0.9 < r.t[-1] < 1.0
    assert np.diff(r.t)[:-1].min() >= 1e-3


# --------------------------------------------------------------------------- events


def sine_zero(direction=0.0, terminal=None):
    return event(lambda t, y: y[0], terminal, direction)


@pytest.mark.parametrize("terminal", [3, np.int64(3), 3.0])
def test_issue14_terminal_count_stops_at_that_occurrence_like_scipy(terminal):
    kw = dict(events=sine_zero(terminal=terminal), rtol=1e-9, atol=1e-12)
    r = mf.solve_ivp(oscillator, (0.0, 20.0), [0.0, 1.0], **kw)
    s = scipy_solve_ivp(oscillator, (0.0, 20.0), [0.0, 1.0], **kw)
    assert r.status == s.status == 1
    # sin t vanishes at 0 (where the solve starts, so as scipy it occurs there), pi, 2 pi.
    np.testing.assert_allclose(r.t_events[0], [0.0, np.pi, 2 * np.pi], atol=1e-8)
    np.testing.assert_allclose(r.t_events[0], s.t_events[0], atol=1e-6)
    assert r.t[-1] == r.t_events[0][-1]


@pytest.mark.parametrize("terminal", [3.5, -1, "yes"])
def test_issue14_terminal_that_is_not_a_bool_or_positive_int_raises_like_scipy(terminal):
    with pytest.raises(ValueError) as ours:
        mf.solve_ivp(oscillator, (0.0, 1.0), [0.0, 1.0], events=sine_zero(terminal=terminal))
    with pytest.raises(ValueError) as theirs:
        scipy_solve_ivp(oscillator, (0.0, 1.0), [0.0, 1.0], events=sine_zero(terminal=terminal))
    assert str(ours.value) == str(theirs.value)


@pytest.mark.parametrize("terminal, stops", [(True, True), (1, True), (False, False), (0, False)])
def test_issue14_terminal_bools_and_zero(terminal, stops):
    g = event(lambda t, y: y[0] - 0.5, terminal)
    r = mf.solve_ivp(decay, (0.0, 2.0), [1.0], events=g)
    assert r.status == (1 if stops else 0) and r.t_events[0].size == 1


def test_issue14_an_event_returning_none_raises_type_error():
    with pytest.raises(TypeError, match=r"events\[0\]: returned None"):
        mf.solve_ivp(decay, (0.0, 1.0), [1.0], events=lambda t, y: None)


def test_issue14_an_event_exactly_zero_at_t0_occurs_there_like_scipy():
    g = event(lambda t, y: y[0] - 1.0, terminal=True)
    r = mf.solve_ivp(decay, (0.0, 1.0), [1.0], events=g)
    s = scipy_solve_ivp(decay, (0.0, 1.0), [1.0], events=g)
    assert r.status == s.status == 1
    np.testing.assert_array_equal(r.t_events[0], s.t_events[0])  # [0.0]
    np.testing.assert_array_equal(r.t, s.t)  # [0.0, 0.0]: scipy appends the event point
    np.testing.assert_array_equal(r.y, s.y)
    r = mf.solve_ivp(decay, (0.0, 1.0), [1.0], events=g, dense_output=True)
    s = scipy_solve_ivp(decay, (0.0, 1.0), [1.0], events=g, dense_output=True)
    np.testing.assert_array_equal(r.t, s.t)
    np.testing.assert_array_equal(r.sol(0.0), [1.0])
    # Its direction still counts: leaving zero downwards is no rising occurrence.
    rising = event(lambda t, y: y[0] - 1.0, terminal=True, direction=1)
    assert mf.solve_ivp(decay, (0.0, 1.0), [1.0], events=rising).status == 0


def test_issue14_y_events_of_an_event_that_never_occurred_has_shape_0_like_scipy():
    never = lambda t, y: y[0] + 5.0  # noqa: E731
    once = lambda t, y: y[0] - 0.5  # noqa: E731
    r = mf.solve_ivp(decay, (0.0, 2.0), [1.0, 2.0], events=[never, once])
    s = scipy_solve_ivp(decay, (0.0, 2.0), [1.0, 2.0], events=[never, once])
    assert r.y_events[0].shape == s.y_events[0].shape == (0,)
    assert r.t_events[0].shape == s.t_events[0].shape == (0,)
    assert r.y_events[1].shape == s.y_events[1].shape == (1, 2)


# --------------------------------------------------------------------------- results


def test_issue14_sol_has_scipys_odesolution_interface():
    r = mf.solve_ivp(oscillator, (0.0, 3.0), [0.0, 1.0], dense_output=True, rtol=1e-8, atol=1e-10)
    sol = r.sol
    assert sol.n_segments == r.t.size - 1 and len(sol.interpolants) == sol.n_segments
    np.testing.assert_array_equal(sol.ts, r.t)
    assert sol.ascending and (sol.t_min, sol.t_max) == (0.0, 3.0)
    seg = sol.interpolants[2]
    tm = 0.5 * (seg.t_old + seg.t)
    np.testing.assert_array_equal(seg(tm), sol(tm))
    np.testing.assert_allclose(
        sol(np.array([1.0, 2.0])), [np.sin([1.0, 2.0]), np.cos([1.0, 2.0])], atol=1e-7
    )
    with pytest.raises(ValueError, match="`t` must be a float or a 1-D array."):
        sol(np.zeros((2, 2)))


def test_issue14_results_pickle_with_their_continuous_solution_events_and_failure():
    g = event(lambda t, y: y[0] - 0.5)
    r = mf.solve_ivp(oscillator, (0.0, 3.0), [0.0, 1.0], dense_output=True, events=g)
    again = pickle.loads(pickle.dumps(r))
    assert isinstance(again, mf.OdeResult) and again.keys() == r.keys()
    np.testing.assert_array_equal(again.y, r.y)
    np.testing.assert_array_equal(again.t_events[0], r.t_events[0])
    tc = np.linspace(0.0, 3.0, 13)
    np.testing.assert_array_equal(again.sol(tc), r.sol(tc))
    np.testing.assert_array_equal(again.sol.ts, r.sol.ts)
    failed = mf.solve_ivp(mf.problems.Rober(), (0.0, 1e5), [1.0, 0.0, 0.0], max_steps=5)
    again = pickle.loads(pickle.dumps(failed))
    assert again.status == -1 and again.failure.t_s == failed.failure.t_s
    np.testing.assert_array_equal(again.failure.state, failed.failure.state)


# --------------------------------------------------------------------------- numerics


def rober_strict(t, y):
    """Robertson's problem, failing on any floating-point exception or warning in it."""
    with np.errstate(all="raise"):
        return np.array(
            [
                -0.04 * y[0] + 1e4 * y[1] * y[2],
                0.04 * y[0] - 1e4 * y[1] * y[2] - 3e7 * y[1] ** 2,
                3e7 * y[1] ** 2,
            ]
        )


@pytest.mark.parametrize("method", ["Rodas5P", "Rodas4", "Rosenbrock23"])
# atol below y2's ~1e-5: with atol 1e-4 y2 is not controlled, turns negative and the solution
# itself blows up (scipy's BDF too), which is the problem's, not the trial stages'.
@pytest.mark.parametrize("rtol, atol", [(1e-3, 1e-6), (1e-2, 1e-6)])
def test_issue14_rober_trial_stages_never_reach_fun_with_huge_states(method, rtol, atol):
    """Regression: Rodas5P called fun with states near 1e111..1e232 in steps it then rejected,
    so a user running under -W error saw an overflow from their own function."""
    largest = [0.0]

    def f(t, y):
        largest[0] = max(largest[0], np.abs(y).max())
        return rober_strict(t, y)

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        r = mf.solve_ivp(f, (0.0, 1e5), [1.0, 0.0, 0.0], method=method, rtol=rtol, atol=atol)
    assert r.success
    assert largest[0] < 1e7  # the states are fractions; a trial stage may stray, not explode
    np.testing.assert_allclose(r.y[:, -1].sum(), 1.0, rtol=1e-2)


def test_issue14_a_span_to_1e20_finishes_with_the_right_answer():
    """Regression: ended with NonFiniteState near t = 1e17 (df/dt's increment rounded away)."""
    r = mf.solve_ivp(lambda t, y: 1 - y, (0, 1e20), [0.0])
    assert r.status == 0 and r.t[-1] == 1e20
    assert r.y[0, -1] == pytest.approx(1.0, rel=1e-6)


def linear(t, y):
    return np.array([-y[0] - 5 * y[1], y[0] + y[1]])


def linear_exact(t):
    return np.vstack((-5 * np.sin(2 * t), 2 * np.cos(2 * t) + np.sin(2 * t)))


def weighted_rms_error(y, y_true, rtol, atol):
    """Per time, the RMS over the components of (y - y_true) / (atol + rtol |y_true|)."""
    e = (y - y_true) / (atol + rtol * np.abs(y_true))
    return np.sqrt(np.mean(e**2, axis=0))


@pytest.mark.parametrize(
    "method",
    [
        "Rodas5P",
        "Rodas4",
        pytest.param(
            "Rosenbrock23",
            marks=pytest.mark.xfail(
                reason="order 2 advancing without local extrapolation, as ode23s: its global error is "
                "123 in this norm at rtol 1e-3 (docs/solvers.md, 'Accuracy at loose tolerances')"
            ),
        ),
    ],
)
def test_issue14_global_error_on_a_linear_oscillator_at_default_tolerances(method):
    """scipy's accuracy bar for its implicit methods on this oscillator (scipy's test suite,
    test_integration_const_jac): the weighted RMS global error stays below 10 at the steps and
    15 on the dense output (docs/solvers.md, "Accuracy at loose tolerances")."""
    r = mf.solve_ivp(linear, (0.0, 2.0), [0.0, 2.0], method=method, dense_output=True)
    assert r.success
    assert weighted_rms_error(r.y, linear_exact(r.t), 1e-3, 1e-6).max() < 10
    tc = np.linspace(0.0, 2.0, 50)
    assert weighted_rms_error(r.sol(tc), linear_exact(tc), 1e-3, 1e-6).max() < 15


def test_issue14_rosenbrock23_keeps_the_local_error_of_every_step_within_the_tolerance():
    """What Rosenbrock23's error control promises (and keeps) where the global bar above is out
    of its reach: each accepted step, retaken from the exact solution, errs by at most the
    tolerance in the controller's norm (scale atol + rtol max(|y0|, |y1|))."""
    r = mf.solve_ivp(linear, (0.0, 2.0), [0.0, 2.0], method="Rosenbrock23")
    worst = 0.0
    for t0, t1 in zip(r.t[:-1], r.t[1:]):
        y0, y1 = linear_exact(np.array([t0]))[:, 0], linear_exact(np.array([t1]))[:, 0]
        step = mf.solve_ivp(linear, (t0, t1), y0, method="Rosenbrock23", first_step=t1 - t0)
        assert step.stats["steps"] == 1
        scale = 1e-6 + 1e-3 * np.maximum(np.abs(y0), np.abs(y1))
        worst = max(worst, np.sqrt(np.mean(((step.y[:, -1] - y1) / scale) ** 2)))
    assert worst <= 1.0


# --------------------------------------------------------------------------- Ctrl-C


def test_issue14_keyboard_interrupt_while_converting_what_fun_returned_propagates():
    """py::array::ensure cleared any exception raised during the conversion, so Ctrl-C there
    became "fun returned ...: not an array"."""

    class Interrupting:
        def __array__(self, dtype=None, copy=None):
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        mf.solve_ivp(lambda t, y: Interrupting(), (0.0, 1.0), [1.0])
