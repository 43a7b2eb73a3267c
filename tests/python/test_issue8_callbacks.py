"""Issue 8: solve_ivp's callables. What fun, jac or an event function returns must be real
numbers of the right shape: None (which NumPy would read as NaN), a str or an object array
raises a TypeError naming the callable and what it returned. A continuous solution without a
single accepted step cannot be evaluated: calling it raises a ValueError that says why."""

import numpy as np
import pytest

import myofatigue as mf


def decay(t, y):
    return -y


def crossing(t, y):
    return y[0] - 0.5


@pytest.mark.parametrize(
    "kwargs, field, returned",
    [
        (dict(fun=lambda t, y: None), "fun", "None"),
        (dict(fun=lambda t, y: None, y0=[1.0, 2.0]), "fun", "None"),
        (dict(fun=lambda t, y: "abc"), "fun", "str 'abc'"),
        (dict(fun=lambda t, y: [None]), "fun", "list [None]"),
        (dict(fun=lambda t, y: [1j]), "fun", "list [1j]"),
        (dict(jac=lambda t, y: None), "jac", "None"),
        (dict(jac=lambda t, y: [["x"]]), "jac", "list [['x']]"),
        (dict(events=lambda t, y: None), "events[0]", "None"),
        (dict(events=[crossing, lambda t, y: "0"]), "events[1]", "str '0'"),
    ],
)
def test_a_callable_returning_something_other_than_real_numbers_is_a_type_error(
    kwargs, field, returned
):
    args = dict(fun=decay, t_span=(0.0, 1.0), y0=[1.0])
    args.update(kwargs)
    with pytest.raises(TypeError) as info:
        mf.solve_ivp(**args)
    error = info.value
    assert isinstance(error, mf.ArgumentTypeError) and error.field == field
    assert str(error).startswith(f"{field}: returned {returned}"), str(error)


def test_a_callable_returning_the_wrong_size_is_still_a_parameter_error():
    with pytest.raises(mf.ParameterError, match="^fun:.*3 values but the state has 1") as info:
        mf.solve_ivp(lambda t, y: np.zeros(3), (0.0, 1.0), [1.0])
    assert not isinstance(info.value, TypeError)


def test_integer_and_list_returns_are_real_numbers():
    out = mf.solve_ivp(lambda t, y: [0], (0.0, 1.0), [1.0], events=lambda t, y: 1)
    assert out.success and out.y[0, -1] == 1.0


def test_calling_a_solution_without_segments_raises_a_value_error_saying_why():
    out = mf.solve_ivp(lambda t, y: y * float("nan"), (0, 1), [1.0], dense_output=True)
    assert not out.success and out.sol is not None and out.sol.n_segments == 0
    with pytest.raises(ValueError, match="no segments") as info:
        out.sol(0.5)
    assert isinstance(info.value, mf.Error) and info.value.field == "sol"
    with pytest.raises(mf.Error, match="nothing to interpolate"):
        out.sol([0.0, 0.5])
