"""The model layer from Python: registry by name, ParameterSet, Model, simulate(), Result and
endurance_time(), and how their errors map to Python exceptions."""

import gc
import math

import numpy as np
import pytest

import myofatigue as mf

FREYLAW2012_JOINTS = ["ankle", "knee", "trunk", "shoulder", "elbow", "hand", "general"]


@pytest.fixture(scope="module")
def knee():
    return mf.models.three_compartment("knee")


@pytest.fixture(scope="module")
def result(knee):
    protocol = mf.Protocol(
        [
            "Hold at 40% MVC until task failure",
            "Rest for 10 min",
            "MVC test",
            "Hold at 30% MVC for 20 s",
        ]
    )
    return mf.simulate(knee, protocol)


# ------------------------------------------------------------------------------ registry by name
def test_registry_lists_components_interventions_and_published_sets():
    assert "three_compartment" in mf.component_names()
    assert {"hyperaemia_boost", "passive_rest"} <= set(mf.intervention_names())
    names = mf.ParameterSet.names()
    for joint in FREYLAW2012_JOINTS:
        assert f"FreyLaw2012.{joint}" in names
    assert "Looft2018.knee" in names and "Rakshit2021.knee" in names


def test_parameter_set_named_returns_the_published_values():
    s = mf.ParameterSet.named("FreyLaw2012.knee")
    assert s.name == "FreyLaw2012.knee"
    assert s["fatigue.F"] == pytest.approx(0.015) and s["fatigue.R"] == pytest.approx(0.00149)
    assert "fatigue.F" in s and len(s) == len(s.keys()) == len(list(s))
    assert s.to_dict() == dict(s.items())


def test_unknown_parameter_set_is_a_value_error_suggesting_closest_names():
    with pytest.raises(mf.ParameterError, match="FreyLaw2012.knee") as info:
        mf.ParameterSet.named("FreyLaw2012.kne")
    assert isinstance(info.value, ValueError)


def test_parameter_set_from_a_mapping_and_overrides():
    s = mf.ParameterSet({"fatigue.F": 0.02}, name="mine")
    assert s.name == "mine" and s.to_dict() == {"fatigue.F": 0.02}
    t = mf.ParameterSet.named("FreyLaw2012.knee").with_values({"fatigue.F": 0.03})
    assert t["fatigue.F"] == 0.03 and t["fatigue.R"] == pytest.approx(0.00149)
    with pytest.raises(mf.ParameterError, match="fatigue.F"):
        mf.ParameterSet({"fatigue.F": "fast"})
    with pytest.raises(mf.ParameterError, match="fatigue.G"):
        s["fatigue.G"]


# ------------------------------------------------------------------------------ Model
def test_build_model_by_registered_name_with_a_parameter_set_or_a_dict():
    by_set = mf.build_model(
        ["three_compartment"], parameters=mf.ParameterSet.named("FreyLaw2012.knee")
    )
    by_dict = mf.build_model(
        "three_compartment", parameters={"fatigue.F": 0.015, "fatigue.R": 0.00149}
    )
    assert by_set.parameters() == by_dict.parameters()
    assert by_set.n_states == 3
    assert by_set.state_keys == ["fatigue.MA", "fatigue.MR", "fatigue.MF"]
    assert by_set.components == ["three_compartment"]
    assert "fatigue.capacity" in by_set.observable_keys
    np.testing.assert_array_equal(by_set.initial_state(), [0.0, 1.0, 0.0])
    assert "XiaFreyLaw2008" in by_set.citations()
    info = by_set.parameter_info()["fatigue.F"]
    assert info.unit == "1/s" and info.allowed[0] <= 0.015 <= info.allowed[1]


def test_unknown_component_is_a_model_error_naming_the_closest_name():
    with pytest.raises(mf.ModelError, match="three_compartment") as info:
        mf.build_model(["three_compartmnt"])
    assert isinstance(info.value, ValueError)


def test_with_parameters_returns_a_new_model_and_leaves_the_original():
    m = mf.models.three_compartment("knee")
    faster = m.with_parameters({"fatigue.F": 0.03})
    assert faster.parameters()["fatigue.F"] == 0.03
    assert m.parameters()["fatigue.F"] == pytest.approx(0.015)
    assert mf.endurance_time(faster, 0.4) < mf.endurance_time(m, 0.4)


def test_out_of_range_parameter_names_key_value_unit_and_range():
    m = mf.models.three_compartment()
    with pytest.raises(mf.ParameterError) as info:
        m.with_parameters({"fatigue.F": 2.0})
    message = str(info.value)
    for part in ("fatigue.F", "2", "1/s", "[0, 1]"):
        assert part in message
    with pytest.raises(mf.ParameterError, match="did you mean 'fatigue.F'"):
        m.with_parameters({"fatigue.FF": 0.01})
    with pytest.raises(mf.ParameterError, match="fatigue.F"):
        mf.build_model(["three_compartment"], parameters={"fatigue.F": -1.0})


@pytest.mark.parametrize("joint", FREYLAW2012_JOINTS)
def test_three_compartment_uses_the_freylaw2012_set_of_each_joint(joint):
    m = mf.models.three_compartment(joint)
    published = mf.ParameterSet.named(f"FreyLaw2012.{joint}")
    for key in published:
        assert m.parameters()[key] == published[key]


def test_three_compartment_rejects_an_unknown_joint_listing_the_valid_ones():
    with pytest.raises(ValueError) as info:
        mf.models.three_compartment("wrist")
    assert isinstance(info.value, mf.ParameterError)
    assert "joint" in str(info.value)
    for joint in FREYLAW2012_JOINTS:
        assert joint in str(info.value)


@pytest.mark.parametrize("source,r", [("Looft2018", 15.0), ("Rakshit2021", 14.85)])
def test_three_compartment_r_uses_the_rest_multiplier_of_its_source(source, r):
    m = mf.models.three_compartment_r("knee", source=source)
    assert m.parameters()["fatigue.r"] == pytest.approx(r)


def test_three_compartment_r_rejects_unknown_source_and_joint():
    with pytest.raises(mf.ParameterError, match="Looft2018, Rakshit2021"):
        mf.models.three_compartment_r("knee", source="Xia2008")
    with pytest.raises(mf.ParameterError, match="joint.*ankle"):
        mf.models.three_compartment_r("trunk", source="Rakshit2021")


# ------------------------------------------------------------------------------ Result
def test_result_arrays_have_one_sample_per_time(result):
    n = result.t.shape[0]
    assert result.t.ndim == 1 and n > 10
    assert result.data.shape == (len(result.variables), n)
    for key in result.variables:
        assert result[key].shape == (n,)
        assert np.all(np.isfinite(result[key]))
    assert np.all(np.diff(result.t) > 0)
    assert {
        "fatigue.MA",
        "fatigue.MR",
        "fatigue.MF",
        "fatigue.capacity",
        "protocol.target_fraction",
    } <= set(result.variables)
    assert result.units["fatigue.MF"] == "1"


def test_result_arrays_are_read_only_views_without_copy(result):
    mf_view = result["fatigue.MF"]
    assert not mf_view.flags.owndata and not result.t.flags.owndata
    assert not mf_view.flags.writeable and not result.t.flags.writeable
    row = result.variables.index("fatigue.MF")
    assert np.shares_memory(mf_view, result.data[row])
    assert np.shares_memory(result["fatigue.MF"], mf_view)  # same buffer every time
    with pytest.raises(ValueError):
        mf_view[0] = 1.0


def test_result_views_keep_the_result_alive(knee):
    r = mf.simulate(knee, ["Hold at 50% MVC for 30 s"])
    expected = r["fatigue.MF"].copy()
    t_expected = r.t.copy()
    view, t = r["fatigue.MF"], r.t
    del r
    gc.collect()
    _ = [np.ones(len(expected)) * 7 for _ in range(100)]  # would reuse freed memory
    np.testing.assert_array_equal(view, expected)
    np.testing.assert_array_equal(t, t_expected)


def test_states_stay_fractions_that_sum_to_one(result):
    total = result["fatigue.MA"] + result["fatigue.MR"] + result["fatigue.MF"]
    np.testing.assert_allclose(total, 1.0, atol=1e-6)
    np.testing.assert_allclose(
        result["fatigue.capacity"], result["fatigue.MA"] + result["fatigue.MR"]
    )


def test_steps_report_ranges_and_why_they_ended(result):
    steps = result.steps
    assert [s.label for s in steps] == [
        "Hold at 40% MVC until task failure",
        "Rest for 10 min",
        "MVC test",
        "Hold at 30% MVC for 20 s",
    ]
    assert [s.end_reason for s in steps] == ["task_failure", "duration", "instant", "duration"]
    for s in steps:
        assert result.t[s.first_sample] == s.start_s and result.t[s.last_sample] == s.end_s
    for a, b in zip(steps, steps[1:]):
        assert a.end_s == b.start_s
    assert steps[1].end_s - steps[1].start_s == pytest.approx(600.0)
    assert 0.4 < steps[2].mvc_fraction < 1.0 and math.isnan(steps[0].mvc_fraction)
    # At task failure the capacity has fallen to the target.
    assert result["fatigue.capacity"][steps[0].last_sample] == pytest.approx(0.4, abs=1e-6)


def test_result_status_stats_and_citations(result):
    assert result.status == "Completed" and result.ok and result.failure is None
    assert result.stats["steps"] > 0 and result.stats["wall_s"] >= 0.0
    assert set(result.stats) == {
        "steps",
        "rejected",
        "rhs_evals",
        "jacobian_evals",
        "factorizations",
        "linear_solves",
        "switches",
        "wall_s",
    }
    assert "XiaFreyLaw2008" in result.citations and "FreyLaw2012" in result.citations


def test_a_hold_past_task_failure_restarts_once_on_the_controllers_other_branch(knee):
    # The 3CC controller's kinks are switching functions (docs/solvers.md): the hold to failure
    # has no rejected step, and going on past failure switches to C = L_D MR exactly once.
    to_failure = mf.simulate(knee, ["Hold at 40% MVC until task failure"])
    assert to_failure.stats["rejected"] == 0 and to_failure.stats["switches"] == 0
    past = mf.simulate(knee, ["Hold at 40% MVC for 3 min"])
    assert past.ok and past.stats["switches"] == 1


def test_unknown_result_key_is_a_key_error_and_a_value_error_suggesting_keys(result):
    with pytest.raises(mf.UnknownVariableError) as info:
        result["fatigue.Mf"]
    assert isinstance(info.value, KeyError) and isinstance(info.value, mf.ParameterError)
    assert isinstance(info.value, ValueError)
    assert "fatigue.Mf" in str(info.value) and "'fatigue.MF'" in str(info.value)
    assert "fatigue.MF" in result and "fatigue.Mf" not in result
    with pytest.raises(TypeError):
        result[0]


def test_intervention_by_name_speeds_recovery_and_adds_its_citations(knee):
    plain = mf.simulate(knee, ["Hold at 40% MVC for 60 s", "Rest for 5 min"])
    boosted = mf.simulate(
        knee, ["Hold at 40% MVC for 60 s", "Rest for 5 min with hyperaemia_boost"]
    )
    assert boosted["fatigue.MF"][-1] < 0.5 * plain["fatigue.MF"][-1]
    assert "LooftFreyLaw2020" in boosted.citations and "LooftFreyLaw2020" not in plain.citations


def test_intervention_parameters_in_the_protocol_string(knee):
    # "with name(key=value)": the dose in the string, the same as a typed override.
    weak = mf.simulate(
        knee, ["Hold at 40% MVC for 60 s", "Rest for 5 min with hyperaemia_boost(gain=2)"]
    )
    strong = mf.simulate(
        knee, ["Hold at 40% MVC for 60 s", "Rest for 5 min with hyperaemia_boost(GAIN=30)"]
    )
    typed = mf.simulate(
        knee,
        [
            mf.Step.hold(0.4, duration_s=60),
            mf.Step.rest(300, interventions={"hyperaemia_boost": {"gain": 2.0}}),
        ],
    )
    assert strong["fatigue.MF"][-1] < weak["fatigue.MF"][-1]
    assert weak["fatigue.MF"][-1] == typed["fatigue.MF"][-1]
    with pytest.raises(mf.ParameterError, match="valid: gain"):
        mf.simulate(knee, ["Rest for 5 min with hyperaemia_boost(rate=2)"])
    with pytest.raises(mf.ProtocolError, match="steps\\[0\\]|step 0"):
        mf.Protocol(["Rest for 5 min with hyperaemia_boost(gain=)"])


def test_to_pandas_has_every_variable_indexed_by_time(result):
    pytest.importorskip("pandas")
    df = result.to_pandas()
    assert list(df.columns) == result.variables
    assert df.index.name == "t" and len(df) == len(result.t)
    np.testing.assert_array_equal(df.index.to_numpy(), result.t)
    np.testing.assert_array_equal(df["fatigue.MF"].to_numpy(), result["fatigue.MF"])


def test_plot_draws_on_a_headless_backend_and_returns_the_axes(result):
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ax = result.plot()
    assert len(ax.get_lines()) >= len(result.variables)
    fig, given = plt.subplots()
    assert result.plot("fatigue.capacity", ax=given) is given
    assert [line.get_label() for line in given.get_lines()][0] == "fatigue.capacity"
    with pytest.raises(KeyError):
        result.plot(["fatigue.capacity", "fatigue.nope"], ax=given)
    plt.close("all")


# ------------------------------------------------------------------------------ numerical failure
def test_numerical_failure_returns_the_partial_result_with_time_step_and_state(knee):
    r = mf.simulate(knee, ["Hold at 40% MVC until task failure", "Rest for 1 min"], max_steps=3)
    assert not r.ok and r.status == "MaxStepsReached"
    f = r.failure
    assert f.t_s == r.t[-1] and f.step_s > 0 and f.state.shape == (3,) and "max_steps" in f.message
    np.testing.assert_allclose(f.state, [r[k][-1] for k in knee.state_keys])
    assert [s.end_reason for s in r.steps] == ["solver_failure", "not_reached"]
    assert np.all(np.isfinite(r.data))


def test_on_failure_raise_gives_a_solver_error(knee):
    with pytest.raises(mf.SolverError, match="MaxStepsReached"):
        mf.simulate(knee, "Hold at 40% MVC until task failure", max_steps=3, on_failure="raise")


@pytest.mark.parametrize(
    "kwargs,field",
    [
        ({"rtol": -1.0}, "rtol"),
        ({"rtol": 0.0}, "rtol"),
        ({"atol": -1e-9}, "atol"),
        ({"atol": math.nan}, "atol"),
        ({"method": "RK45"}, "method"),
        ({"max_task_duration_s": 0.0}, "max_task_duration_s"),
        ({"on_failure": "ignore"}, "on_failure"),
        ({"max_steps": 0}, "max_steps"),
        ({"max_step": -1.0}, "max_step"),
        ({"first_step": -1.0}, "first_step"),
    ],
)
def test_bad_options_raise_a_parameter_error_naming_the_option(knee, kwargs, field):
    with pytest.raises(mf.ParameterError, match=field):
        mf.simulate(knee, "Rest for 1 min", **kwargs)


def test_solver_methods_agree(knee):
    ets = [
        mf.endurance_time(knee, 0.5, method=m, rtol=1e-8, atol=1e-10)
        for m in ("Rodas5P", "Rodas4", "Rosenbrock23")
    ]
    assert max(ets) - min(ets) < 1e-3 * ets[0]


# ------------------------------------------------------------------------------ endurance_time
def closed_form_endurance_s(F, R, load):
    """Endurance time of the 3CC with an ideal controller (MA = TL throughout):
    dMF/dt = F TL - R MF gives MF(t) = F TL / R (1 - exp(-R t)); failure when MA + MR = 1 - MF
    falls to TL. Xia & Frey-Law 2008 (J Biomech 41:3046); Frey-Law, Looft & Heitsman 2012."""
    return -math.log(1.0 - R * (1.0 - load) / (F * load)) / R


@pytest.mark.parametrize("joint", FREYLAW2012_JOINTS)
def test_endurance_time_matches_the_closed_form_within_2_percent(joint):
    # The default controller gains LD = LR = 10 /s (Xia & Frey-Law 2008) make MA track TL within
    # a fraction of a second, far below 2 % of the endurance times (tens to hundreds of s).
    model = mf.models.three_compartment(joint)
    p = model.parameters()
    for load in (0.2, 0.4, 0.6, 0.8):
        expected = closed_form_endurance_s(p["fatigue.F"], p["fatigue.R"], load)
        assert mf.endurance_time(model, load) == pytest.approx(expected, rel=0.02)


def test_endurance_time_is_infinite_below_the_fatigue_threshold(knee):
    # No failure when R (1 - TL) >= F TL, i.e. TL <= R / (F + R) (~9 % MVC for the knee).
    assert mf.endurance_time(knee, 0.05) == math.inf
    assert mf.endurance_time(knee, 0.4, max_task_duration_s=10.0) == math.inf


@pytest.mark.parametrize("load", [0.0, -0.1, 1.5, 40.0, math.nan])
def test_endurance_time_rejects_a_load_outside_0_1_naming_load_fraction(knee, load):
    with pytest.raises(mf.ParameterError, match="load_fraction"):
        mf.endurance_time(knee, load)
