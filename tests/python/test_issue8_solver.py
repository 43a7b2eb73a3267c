"""Issue 8 from Python: long solves of finite solutions complete (the finite-difference
increment of t no longer rounds away past t ~ 1e16), atol = 0 works on zero states, and every
myofatigue error from the registry names what it is about."""

import numpy as np
import pytest

import myofatigue as mf


def test_issue8_decay_over_1e20_seconds_completes_with_a_python_rhs():
    sol = mf.solve_ivp(lambda t, y: -y, (0.0, 1e20), [1.0])
    assert sol.status == 0, sol.message
    assert abs(sol.y[0, -1]) < 1e-6


def test_issue8_relaxation_over_1e20_seconds_completes_with_a_python_rhs():
    sol = mf.solve_ivp(lambda t, y: 1.0 - y, (0.0, 1e20), [0.0])
    assert sol.status == 0, sol.message
    assert sol.y[0, -1] == pytest.approx(1.0, rel=1e-6)


def test_issue8_atol_zero_on_the_rested_state_simulates_to_task_failure():
    knee = mf.models.three_compartment("knee")
    r = mf.simulate(knee, ["Hold at 40% MVC until task failure"], atol=0.0)
    assert r.ok, r.message
    assert r.steps[0].end_reason == "task_failure"
    assert r.steps[0].end_s == pytest.approx(mf.endurance_time(knee, 0.4), rel=1e-5)
    assert np.all(np.diff(r.t) > 0)


def test_issue8_unknown_component_names_itself_in_field():
    with pytest.raises(mf.ModelError) as e:
        mf.build_model(["three_compartmnet"])
    assert e.value.field == "three_compartmnet"
    assert "three_compartment" in str(e.value)
