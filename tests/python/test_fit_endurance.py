"""fit_endurance (issue 13): least squares on log endurance times recovers the parameters that
made synthetic data, within two standard errors, and refuses bad data naming the column."""

import numpy as np
import pytest

import myofatigue as mf

pytest.importorskip("scipy")
KNEE = mf.models.three_compartment("knee")
LOADS = np.array([0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8])


def synthetic(true, noise, seed):
    truth = KNEE.with_parameters(true)
    et = np.array([mf.endurance_time(truth, f) for f in LOADS])
    rng = np.random.default_rng(seed)  # a fixed draw: the test is deterministic
    return {"load": LOADS, "endurance_time_s": et * np.exp(noise * rng.standard_normal(LOADS.size))}


def test_a_fit_recovers_synthetic_parameters_within_two_standard_errors():
    defaults = KNEE.parameters()
    true = {"fatigue.F": 1.3 * defaults["fatigue.F"], "fatigue.R": 0.8 * defaults["fatigue.R"]}
    fit = mf.fit_endurance(KNEE, synthetic(true, 0.05, seed=4), ["fatigue.F", "fatigue.R"])
    for key, value in true.items():
        assert abs(fit.params[key] - value) < 2 * fit.stderr[key], (key, fit)
        lo, hi = fit.ci(0.95)[key]
        assert lo < fit.params[key] < hi
    assert fit.result.success and fit.dof == LOADS.size - 2
    assert fit.model.parameters()["fatigue.F"] == pytest.approx(fit.params["fatigue.F"])


def test_noise_free_data_are_fitted_exactly_from_a_multistart():
    true = {"fatigue.F": 0.012}
    fit = mf.fit_endurance(KNEE, synthetic(true, 0.0, seed=0), ["fatigue.F"], n_starts=8)
    assert fit.params["fatigue.F"] == pytest.approx(0.012, rel=1e-5)


def test_bad_data_and_keys_are_refused_naming_the_field():
    good = synthetic({"fatigue.F": 0.012}, 0.0, seed=0)
    with pytest.raises(mf.ParameterError, match="load") as e:
        mf.fit_endurance(KNEE, {**good, "load": 40 * LOADS}, ["fatigue.F"])
    assert e.value.field == "load"
    with pytest.raises(mf.ParameterError, match="endurance_time_s") as e:
        mf.fit_endurance(KNEE, {"load": LOADS}, ["fatigue.F"])
    with pytest.raises(mf.ParameterError, match="did you mean") as e:
        mf.fit_endurance(KNEE, good, ["fatigue.G"])
    assert e.value.field == "fatigue.G"
