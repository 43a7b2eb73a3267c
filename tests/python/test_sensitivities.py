"""Forward sensitivities (issue 13): endurance_time(gradient=...) equals central differences of
endurance times (the event term included), sensitivities() has the documented shapes and
errors, and mf.fit recovers synthetic time-series parameters within two standard errors.

Tolerances: the solves run at rtol 1e-10; a central difference with h = 1e-4 p then has
truncation ~1e-8 and noise ~rtol / 1e-4 = 1e-6 relative, so 1e-5 relative is the bar (a missing
event term is off by O(1))."""

import math

import numpy as np
import pytest

import myofatigue as mf

TIGHT = {"rtol": 1e-10, "atol": 1e-12}


def central(model, key, f, rel=1e-4):
    p = model.parameters()[key]
    h = rel * p
    plus, minus = model.with_parameters({key: p + h}), model.with_parameters({key: p - h})
    return (f(plus) - f(minus)) / (2 * h)


@pytest.mark.parametrize("muscle", ["knee", "elbow", "hand", "shoulder", "ankle", "trunk"])
def test_endurance_gradient_equals_central_differences_for_the_published_3cc_sets(muscle):
    model = mf.models.three_compartment(muscle)
    keys = ["fatigue.F", "fatigue.R", "fatigue.LD"]
    for load in (0.3, 0.7):
        et, grad = mf.endurance_time(model, load, gradient=keys, **TIGHT)
        assert et == pytest.approx(mf.endurance_time(model, load, **TIGHT), rel=1e-9)
        assert list(grad) == keys
        for key in keys:
            fd = central(model, key, lambda m: mf.endurance_time(m, load, **TIGHT))
            p = model.parameters()[key]
            assert abs(grad[key] - fd) * p <= 1e-5 * et + 1e-5 * abs(fd * p), (key, load)


def test_endurance_gradient_is_nan_where_the_load_is_never_failed():
    model = mf.models.three_compartment("knee")
    et, grad = mf.endurance_time(model, 0.01, gradient="fatigue.F", max_task_duration_s=600.0)
    assert math.isinf(et) and math.isnan(grad["fatigue.F"])


def test_sensitivities_shapes_keys_and_the_state_sensitivity_against_differences():
    model = mf.models.three_compartment("knee")
    protocol = ["Hold at 40% MVC for 60 s", "Rest for 60 s", "MVC test"]
    s = mf.sensitivities(
        model, protocol, ["fatigue.F", "fatigue.R"], ["fatigue.MF", "fatigue.capacity"], **TIGHT
    )
    assert s.ok and s.data.shape == (s.t.size, 2, 2) and s.values.shape == (s.t.size, 2)
    assert s.of("fatigue.MF").shape == (s.t.size, 2)
    # capacity = 1 - MF for 3CC: its sensitivity is minus MF's (an observable, by the stencil)
    np.testing.assert_allclose(s.of("fatigue.capacity"), -s.of("fatigue.MF"), atol=1e-9)
    fd = central(model, "fatigue.F", lambda m: mf.simulate(m, protocol, **TIGHT)["fatigue.MF"][-1])
    assert s.of("fatigue.MF")[-1, 0] == pytest.approx(fd, rel=1e-5)
    assert s.mvc[2, 0] == pytest.approx(-fd, rel=1e-5)
    at = mf.sensitivities(
        model, protocol, "fatigue.F", ["fatigue.MF"], t_eval=[30.0, 120.0], **TIGHT
    )
    np.testing.assert_array_equal(at.t, [30.0, 120.0])
    assert at.of("fatigue.MF")[-1, 0] == pytest.approx(s.of("fatigue.MF")[-1, 0], rel=1e-7)


def test_sensitivities_errors_name_the_field():
    model = mf.models.three_compartment("knee")
    with pytest.raises(mf.ParameterError) as e:
        mf.sensitivities(model, ["Rest for 1 s"], ["fatigue.Q"])
    assert "fatigue.Q" in str(e.value)
    with pytest.raises(mf.ParameterError) as e:
        mf.sensitivities(model, ["Rest for 1 s"], ["fatigue.F"], ["fatigue.XX"])
    assert e.value.field == "variables"
    with pytest.raises(mf.ParameterError, match="twice"):
        mf.sensitivities(model, ["Rest for 1 s"], ["fatigue.F", "fatigue.F"])


def test_fit_recovers_synthetic_time_series_parameters_within_two_standard_errors():
    pytest.importorskip("scipy")
    knee = mf.models.three_compartment("knee")
    protocol = ["Intermittent 60% MVC 10 s on 5 s off for 3 min", "Rest for 2 min"]
    defaults = knee.parameters()
    true = {"fatigue.F": 1.25 * defaults["fatigue.F"], "fatigue.R": 0.8 * defaults["fatigue.R"]}
    t = np.linspace(5.0, 300.0, 40)
    clean = mf.sensitivities(
        knee.with_parameters(true), protocol, "fatigue.F", ["fatigue.capacity"], t_eval=t
    )["fatigue.capacity"]
    noisy = clean + 0.005 * np.random.default_rng(7).standard_normal(t.size)
    fit = mf.fit(
        knee, protocol, {"fatigue.capacity": (t, noisy, 0.005)}, ["fatigue.F", "fatigue.R"]
    )
    assert fit.result.success and fit.dof == t.size - 2
    for key, value in true.items():
        assert abs(fit.params[key] - value) < 2 * fit.stderr[key], (key, fit)
        lo, hi = fit.ci(0.95)[key]
        assert lo < fit.params[key] < hi
    assert fit.corr.shape == (2, 2)


def test_fit_refuses_bad_series_naming_the_variable():
    pytest.importorskip("scipy")
    knee = mf.models.three_compartment("knee")
    with pytest.raises(mf.ParameterError) as e:
        mf.fit(knee, ["Rest for 10 s"], {"fatigue.MF": ([2.0, 1.0], [0.0, 0.0])}, ["fatigue.F"])
    assert e.value.field == "fatigue.MF"
    with pytest.raises(mf.ParameterError) as e:
        mf.fit(knee, ["Rest for 10 s"], {"fatigue.MF": ([1.0], [0.0])}, ["fatigue.G"])
    assert e.value.field == "fatigue.G"
