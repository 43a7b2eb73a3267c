"""Issue 9: Model, Protocol, ParameterSet, Step and Result pickle and unpickle to equal values,
so they cross process boundaries (concurrent.futures.ProcessPoolExecutor, Dask).

A Model is pickled as what it is made of (per component: registered name, parameter values by
symbol, options) and rebuilt through the registry, so an unpickled model simulates exactly like
the original."""

import concurrent.futures
import math
import multiprocessing
import pickle

import numpy as np
import pytest

import myofatigue as mf

S = mf.Step


def roundtrip(value):
    return pickle.loads(pickle.dumps(value))


MODELS = {
    "3CC knee": lambda: mf.models.three_compartment("knee"),
    "3CC-r with an override": lambda: mf.models.three_compartment_r("hand").with_parameters(
        {"fatigue.F": 0.02}
    ),
    "liu2002": lambda: mf.models.liu2002(F=0.02),
    "ding2003": lambda: mf.models.ding2003(),
}


@pytest.mark.parametrize("make", MODELS.values(), ids=MODELS.keys())
def test_a_model_unpickles_to_an_equal_model_with_the_same_parameters(make):
    model = make()
    again = roundtrip(model)
    assert again == model and hash(again) == hash(model) and again is not model
    assert again.components == model.components and again.state_keys == model.state_keys
    assert again.parameters() == model.parameters()
    np.testing.assert_array_equal(again.initial_state(), model.initial_state())


def test_models_that_differ_are_not_equal():
    knee = mf.models.three_compartment("knee")
    assert knee != mf.models.three_compartment("elbow")
    assert knee != knee.with_parameters({"fatigue.F": 0.03})
    assert knee == mf.build_model(
        "three_compartment", parameters=mf.ParameterSet.named("FreyLaw2012.knee")
    )
    assert knee != "three_compartment" and knee != None  # noqa: E711
    assert (
        len({knee, mf.models.three_compartment("knee"), mf.models.three_compartment("hand")}) == 2
    )


def test_a_model_state_lists_components_by_name_with_parameters_and_options():
    state = mf.models.three_compartment("knee").__getstate__()
    assert state["version"] == 1
    [component] = state["components"]
    assert component["name"] == "three_compartment" and component["options"] == {}
    assert component["parameters"]["F"] == pytest.approx(0.015)


def test_a_model_state_from_elsewhere_is_checked():
    state = mf.models.three_compartment("knee").__getstate__()
    bad = dict(state, components=[dict(state["components"][0], parameters={"G": 1.0})])
    with pytest.raises(mf.ParameterError, match="fatigue.G") as info:
        mf.Model.__new__(mf.Model).__setstate__(bad)
    assert info.value.field == "fatigue.G"
    bad = dict(state, components=[dict(state["components"][0], options={"units": 120})])
    with pytest.raises(mf.ParameterError, match="not replicated") as info:
        mf.Model.__new__(mf.Model).__setstate__(bad)
    assert info.value.field == "units"
    with pytest.raises(mf.ParameterError, match="version"):
        mf.Model.__new__(mf.Model).__setstate__(dict(state, version=2))


PROTOCOLS = {
    "strings": lambda: mf.Protocol(
        [
            "Hold at 40% MVC until task failure",
            "Rest for 10 min",
            "MVC test",
            "Stimulate at 30 Hz 1 s on 1 s off for 2 min",
        ]
    ),
    "typed with labels and intervention parameters": lambda: mf.Protocol.from_steps(
        [
            S.hold(0.4, duration_s=30.0, label="warm-up"),
            S.rest(300.0, interventions={"hyperaemia_boost": {"gain": 2.0}}),
            S.intermittent(0.5, 6.0, 4.0, until_task_failure=True),
            S.mvc_test(),
        ]
    ),
    "repeated": lambda: mf.Protocol(["Hold at 30% MVC for 10 s", "Rest for 5 s"]).repeat(3),
}


@pytest.mark.parametrize("make", PROTOCOLS.values(), ids=PROTOCOLS.keys())
def test_a_protocol_unpickles_to_an_equal_protocol(make):
    protocol = make()
    again = roundtrip(protocol)
    assert again == protocol and hash(again) == hash(protocol)
    assert again.steps == protocol.steps and len(again) == len(protocol)


def test_intervention_parameters_survive_pickling():
    knee = mf.models.three_compartment("knee")
    strong = mf.Protocol.from_steps(
        [
            S.hold(0.5, duration_s=60.0),
            S.rest(300.0, interventions={"hyperaemia_boost": {"gain": 30.0}}),
        ]
    )
    weak = mf.Protocol.from_steps(
        [
            S.hold(0.5, duration_s=60.0),
            S.rest(300.0, interventions={"hyperaemia_boost": {"gain": 2.0}}),
        ]
    )
    assert strong != weak and roundtrip(strong) != weak
    np.testing.assert_array_equal(
        mf.simulate(knee, roundtrip(strong)).data, mf.simulate(knee, strong).data
    )
    assert not np.array_equal(
        mf.simulate(knee, roundtrip(weak)).data, mf.simulate(knee, strong).data
    )


def test_steps_and_parameter_sets_unpickle_to_equal_values():
    for step in (
        S.hold(0.4, until_task_failure=True),
        S.stimulate(30.0, on_s=1.0, off_s=1.0, duration_s=60.0),
        S.mvc_test(label="check"),
        S.rest(10.0, interventions=["passive_rest"]),
    ):
        assert roundtrip(step) == step and hash(roundtrip(step)) == hash(step)
        assert roundtrip(step).kind == step.kind and roundtrip(step).label == step.label
    assert S.hold(0.4, duration_s=1.0) != S.hold(0.5, duration_s=1.0)
    named = mf.ParameterSet.named("FreyLaw2012.knee")
    assert roundtrip(named) == named and roundtrip(named).name == "FreyLaw2012.knee"
    anonymous = mf.ParameterSet({"fatigue.F": 0.02})
    assert roundtrip(anonymous) == anonymous and anonymous != named
    assert hash(roundtrip(named)) == hash(named)


@pytest.fixture(scope="module")
def results():
    knee = mf.models.three_compartment("knee")
    complete = mf.simulate(
        knee, ["Hold at 40% MVC until task failure", "Rest for 10 min", "MVC test"]
    )
    failed = mf.simulate(
        knee, ["Hold at 40% MVC until task failure", "Rest for 1 min"], max_steps=3
    )
    return {"complete": complete, "failed": failed}


@pytest.mark.parametrize("name", ["complete", "failed"])
def test_a_result_unpickles_to_an_equal_result(results, name):
    result = results[name]
    again = roundtrip(result)
    assert again == result and again is not result
    assert again.status == result.status and again.message == result.message
    np.testing.assert_array_equal(again.t, result.t)
    np.testing.assert_array_equal(again.data, result.data)
    assert again.variables == result.variables and again.units == result.units
    assert [(s.label, s.end_reason, s.first_sample, s.last_sample) for s in again.steps] == [
        (s.label, s.end_reason, s.first_sample, s.last_sample) for s in result.steps
    ]
    assert again.stats == result.stats and again.citations == result.citations
    assert not again["fatigue.MF"].flags.writeable  # views, as from simulate()
    if result.failure is None:
        assert again.failure is None
        assert math.isnan(again.steps[0].mvc_fraction) and again.steps[2].mvc_fraction > 0.4
    else:
        assert again.failure.t_s == result.failure.t_s
        np.testing.assert_array_equal(again.failure.state, result.failure.state)


def test_results_that_differ_are_not_equal(results):
    assert results["complete"] != results["failed"]
    assert results["complete"] != "a result" and results["complete"] != None  # noqa: E711
    with pytest.raises(TypeError):
        hash(results["complete"])  # mutable-looking arrays inside: unhashable, like numpy arrays


def test_an_uninitialised_instance_cannot_be_pickled():
    for cls in (mf.Model, mf.Protocol, mf.ParameterSet, mf.Step, mf.Result):
        with pytest.raises(TypeError, match="is not initialised"):
            pickle.dumps(cls.__new__(cls))


def simulate_in_worker(model, protocol):
    """Runs in the worker process: the model and protocol arrive pickled, the result goes back."""
    return mf.simulate(model, protocol)


def test_a_process_pool_simulates_a_pickled_model_and_returns_an_equal_result():
    model = mf.models.three_compartment_r("knee").with_parameters({"fatigue.F": 0.02})
    protocol = mf.Protocol.from_steps(
        [
            S.hold(0.4, until_task_failure=True),
            S.rest(120.0, interventions=["hyperaemia_boost"]),
            S.mvc_test(),
        ]
    )
    # spawn: the worker starts from a fresh interpreter, so nothing is inherited by fork.
    context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        remote = pool.submit(simulate_in_worker, model, protocol).result(timeout=120)
    local = mf.simulate(model, protocol)
    assert remote.ok and remote.steps[0].end_reason == "task_failure"
    np.testing.assert_array_equal(remote.t, local.t)
    np.testing.assert_array_equal(remote.data, local.data)
    assert [s.end_s for s in remote.steps] == [s.end_s for s in local.steps]
