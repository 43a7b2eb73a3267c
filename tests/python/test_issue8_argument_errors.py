"""Issue 8: an argument of the wrong type or value names itself. Every entry point converts its
arguments through one layer (python/src/convert.hpp): a wrong type raises ArgumentTypeError (a
TypeError and a ParameterError), a wrong value a ParameterError (or a ProtocolError for a
protocol step); the message starts with the argument's name and says what it accepts, and
``field`` is that name. None of these is pybind11's generic "incompatible function arguments"."""

import numpy as np
import pytest

import myofatigue as mf
from myofatigue import problems

KNEE = mf.models.three_compartment("knee")
REST = "Rest for 1 min"


def decay(t, y):
    return -y


def check(call, field, kind):
    """call() raises `kind` whose field is `field` and whose message starts with it."""
    with pytest.raises(mf.Error) as info:
        call()
    error = info.value
    assert isinstance(error, kind), repr(error)
    assert error.field == field, (error.field, str(error))
    assert str(error).startswith(field + ":"), str(error)
    assert "incompatible function arguments" not in str(error)
    assert "Unable to cast" not in str(error)
    return error


WRONG_TYPES = {
    "simulate rtol str": (lambda: mf.simulate(KNEE, REST, rtol="a"), "rtol"),
    "simulate rtol None": (lambda: mf.simulate(KNEE, REST, rtol=None), "rtol"),
    "simulate atol list": (lambda: mf.simulate(KNEE, REST, atol=[1e-9] * 3), "atol"),
    "simulate method None": (lambda: mf.simulate(KNEE, REST, method=None), "method"),
    "simulate max_steps float": (lambda: mf.simulate(KNEE, REST, max_steps=1.5), "max_steps"),
    "simulate max_steps bool": (lambda: mf.simulate(KNEE, REST, max_steps=True), "max_steps"),
    "simulate on_failure None": (lambda: mf.simulate(KNEE, REST, on_failure=None), "on_failure"),
    "simulate max_step str": (lambda: mf.simulate(KNEE, REST, max_step="1"), "max_step"),
    "simulate unknown keyword": (lambda: mf.simulate(KNEE, REST, rtl=1e-6), "rtl"),
    "simulate model None": (lambda: mf.simulate(None, REST), "model"),
    "simulate model str": (lambda: mf.simulate("three_compartment", REST), "model"),
    "simulate protocol int": (lambda: mf.simulate(KNEE, 42), "protocol"),
    "simulate step int": (lambda: mf.simulate(KNEE, [REST, 42]), "steps[1]"),
    "endurance_time load str": (lambda: mf.endurance_time(KNEE, "0.4"), "load_fraction"),
    "endurance_time load None": (lambda: mf.endurance_time(KNEE, None), "load_fraction"),
    "endurance_time max_steps": (lambda: mf.endurance_time(KNEE, 0.4, max_steps=1.5), "max_steps"),
    "endurance_time unknown": (
        lambda: mf.endurance_time(KNEE, 0.4, on_failure="raise"),
        "on_failure",
    ),
    "build_model int": (lambda: mf.build_model(3), "components"),
    "build_model element": (lambda: mf.build_model(["three_compartment", 5]), "components[1]"),
    "build_model parameters": (
        lambda: mf.build_model("three_compartment", parameters=5),
        "parameters",
    ),
    "build_model value": (
        lambda: mf.build_model("three_compartment", parameters={"fatigue.F": "fast"}),
        "fatigue.F",
    ),
    "build_model key": (
        lambda: mf.build_model("three_compartment", parameters={1: 0.1}),
        "parameters",
    ),
    "build_model unknown": (lambda: mf.build_model("three_compartment", params={}), "params"),
    "Protocol int": (lambda: mf.Protocol(40), "steps"),
    "Protocol element": (lambda: mf.Protocol([40]), "steps[0]"),
    "Protocol unknown": (lambda: mf.Protocol([REST], cycles=2), "cycles"),
    "Protocol.from_steps element": (
        lambda: mf.Protocol.from_steps([mf.Step.rest(1.0), REST]),
        "steps[1]",
    ),
    "Protocol.repeat str": (lambda: mf.Protocol(REST).repeat("3"), "cycles"),
    "Step.hold load str": (lambda: mf.Step.hold("0.4", duration_s=1.0), "load_fraction"),
    "Step.rest duration str": (lambda: mf.Step.rest("1 min"), "duration_s"),
    "Step.hold until None": (
        lambda: mf.Step.hold(0.4, until_task_failure=None),
        "until_task_failure",
    ),
    "Step.hold unknown": (lambda: mf.Step.hold(0.4, duraton_s=1.0), "duraton_s"),
    "Step.mvc_test unknown": (lambda: mf.Step.mvc_test(name="x"), "name"),
    "ParameterSet.named int": (lambda: mf.ParameterSet.named(3), "name"),
    "Model.with_parameters list": (lambda: KNEE.with_parameters([0.1]), "values"),
    "Result key int": (lambda: mf.simulate(KNEE, REST)[0], "key"),
    "solve_ivp rtol str": (lambda: mf.solve_ivp(decay, (0, 1), [1.0], rtol="a"), "rtol"),
    "solve_ivp rtol None": (lambda: mf.solve_ivp(decay, (0, 1), [1.0], rtol=None), "rtol"),
    "solve_ivp method None": (lambda: mf.solve_ivp(decay, (0, 1), [1.0], method=None), "method"),
    "solve_ivp max_steps float": (
        lambda: mf.solve_ivp(decay, (0, 1), [1.0], max_steps=1.5),
        "max_steps",
    ),
    "solve_ivp on_failure None": (
        lambda: mf.solve_ivp(decay, (0, 1), [1.0], on_failure=None),
        "on_failure",
    ),
    "solve_ivp y0 str": (lambda: mf.solve_ivp(decay, (0, 1), "1"), "y0"),
    "solve_ivp unknown": (lambda: mf.solve_ivp(decay, (0, 1), [1.0], rtl=1e-6), "rtl"),
    "problem t_end str": (lambda: problems.Hires(t_end="1"), "t_end"),
    "problem units float": (lambda: problems.BlockBordered(units=2.5), "units"),
    "problem eps None": (lambda: problems.VdPol(eps=None), "eps"),
    "problem rhs t str": (lambda: problems.Hires().rhs("0", problems.Hires().y0), "t"),
    "solve_ivp problem unknown": (
        lambda: mf.solve_ivp(problems.Hires(), (0, 1), problems.Hires().y0, vectorised=True),
        "vectorised",
    ),
}


@pytest.mark.parametrize("call, field", WRONG_TYPES.values(), ids=WRONG_TYPES.keys())
def test_a_wrong_type_is_a_type_error_naming_the_argument(call, field):
    error = check(call, field, mf.ArgumentTypeError)
    assert isinstance(error, TypeError) and isinstance(error, mf.ParameterError)
    assert "expected" in str(error) or "unexpected keyword" in str(error)


WRONG_VALUES = {
    "simulate max_steps 2**63": (lambda: mf.simulate(KNEE, REST, max_steps=2**63), "max_steps"),
    "simulate max_steps huge": (lambda: mf.simulate(KNEE, REST, max_steps=10**30), "max_steps"),
    "simulate rtol int overflow": (lambda: mf.simulate(KNEE, REST, rtol=10**400), "rtol"),
    "simulate lone surrogate": (lambda: mf.simulate(KNEE, "\ud800"), "steps[0]"),
    "Protocol lone surrogate": (lambda: mf.Protocol([REST, "Rest \udfff"]), "steps[1]"),
    "build_model lone surrogate": (lambda: mf.build_model("\ud800"), "components"),
    "method lone surrogate": (lambda: mf.simulate(KNEE, REST, method="Rodas\ud800"), "method"),
    "solve_ivp max_steps 2**63": (
        lambda: mf.solve_ivp(decay, (0, 1), [1.0], max_steps=2**63),
        "max_steps",
    ),
    "solve_ivp max_steps 0": (lambda: mf.solve_ivp(decay, (0, 1), [1.0], max_steps=0), "max_steps"),
}


@pytest.mark.parametrize("call, field", WRONG_VALUES.values(), ids=WRONG_VALUES.keys())
def test_a_wrong_value_is_a_parameter_error_naming_the_argument(call, field):
    error = check(call, field, mf.ParameterError)
    assert not isinstance(error, TypeError)


def test_a_lone_surrogate_is_reported_with_its_position():
    error = check(lambda: mf.Protocol(["Rest \ud800 for 1 min"]), "steps[0]", mf.ParameterError)
    assert "U+D800" in str(error) and "index 5" in str(error)


def test_an_unknown_keyword_suggests_the_closest_and_lists_the_valid_ones():
    error = check(lambda: mf.simulate(KNEE, REST, rtl=1e-6), "rtl", mf.ArgumentTypeError)
    assert "did you mean 'rtol'" in str(error) and "max_task_duration_s" in str(error)
    error = check(
        lambda: mf.solve_ivp(decay, (0, 1), [1.0], dense=True), "dense", mf.ArgumentTypeError
    )
    assert "dense_output" in str(error)


def test_numpy_scalars_and_integers_are_accepted_where_a_real_or_an_int_is_expected():
    r = mf.simulate(
        KNEE,
        REST,
        rtol=np.float32(1e-6),
        atol=np.float64(1e-9),
        max_steps=np.int64(10**6),
        max_step=np.inf,
        first_step=0,
    )
    assert r.ok
    assert mf.endurance_time(KNEE, np.float32(0.5)) == pytest.approx(
        mf.endurance_time(KNEE, 0.5), rel=1e-6
    )
    assert len(mf.Protocol(REST).repeat(np.int32(2))) == 2
    out = mf.solve_ivp(decay, (0, 1), [1.0], rtol=np.array(1e-6), max_steps=np.int16(1000))
    assert out.success


class BadRepr:
    def __repr__(self):
        return "\ud800"


class RaisingRepr:
    def __repr__(self):
        raise RuntimeError("no repr")


@pytest.mark.parametrize("value", [BadRepr(), RaisingRepr()], ids=["surrogate", "raises"])
def test_an_argument_whose_repr_fails_is_still_reported_by_type(value):
    error = check(lambda: mf.simulate(KNEE, REST, rtol=value), "rtol", mf.ArgumentTypeError)
    assert "<unprintable>" in str(error) and type(value).__name__ in str(error)
