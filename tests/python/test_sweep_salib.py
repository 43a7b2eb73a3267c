"""SALib glue (issue 13): a real ProblemSpec bounded by the plausible ranges, a sweep as its
evaluator (SALib samples, evaluates and analyses), and missing outputs refused with the counts."""

import numpy as np
import pytest

import myofatigue as mf

SALib = pytest.importorskip("SALib")
KNEE = mf.models.three_compartment("knee")


def test_problem_bounds_are_the_plausible_ranges_and_keys_are_checked():
    sp = mf.salib.problem(KNEE, ["fatigue.F", "fatigue.R"])
    assert isinstance(sp, SALib.ProblemSpec)
    info = KNEE.parameter_info()
    assert sp["names"] == ["fatigue.F", "fatigue.R"]
    assert sp["bounds"] == [list(info["fatigue.F"].plausible), list(info["fatigue.R"].plausible)]
    with pytest.raises(mf.ParameterError, match="did you mean") as e:
        mf.salib.problem(KNEE, ["fatigue.G"])
    assert e.value.field == "fatigue.G"
    with pytest.raises(mf.ParameterError, match=r"allowed range \[1, 100\]"):
        mf.salib.problem(KNEE, ["fatigue.r"], bounds={"fatigue.r": (0.5, 2.0)})


def test_sobol_indices_from_a_sweep_evaluator_match_a_python_loop():
    sp = mf.salib.problem(KNEE, ["fatigue.F", "fatigue.R"])
    sp.sample_sobol(8, seed=3)
    f = mf.salib.evaluator(KNEE, sp, loads=[0.4], output="log_endurance_time_s", threads=2)
    sp.evaluate(f)
    expected = [
        np.log(mf.endurance_time(KNEE.with_parameters(dict(zip(sp["names"], x))), 0.4))
        for x in sp.samples
    ]
    np.testing.assert_array_equal(sp.results, expected)
    sp.analyze_sobol()
    total = sp.analysis["ST"]
    assert total.shape == (2,) and total[0] > total[1]  # F drives endurance at 40 % more than R


def test_missing_outputs_raise_with_the_counts():
    sp = mf.salib.problem(KNEE, ["fatigue.F"], bounds={"fatigue.F": (0.001, 0.02)})
    sp.sample_sobol(8, seed=1)
    f = mf.salib.evaluator(KNEE, sp, loads=[0.1], max_task_duration_s=600.0)
    with pytest.raises(
        mf.Error, match=r"samples have no finite endurance_time_s .*non-finite"
    ) as e:
        sp.evaluate(f)
    assert e.value.field == "output"
