"""Issue 8: every myofatigue.Error has ``.field``: what it is about (the argument, the parameter
key, the protocol step "steps[i]", the component), from C++ (Error::field()) and from Python
alike; None only when nothing narrower fits."""

import pickle

import pytest

import myofatigue as mf

KNEE = mf.models.three_compartment("knee")

ERROR_CLASSES = [
    mf.Error,
    mf.ParameterError,
    mf.ProtocolError,
    mf.ModelError,
    mf.ArgumentTypeError,
    mf.UnknownVariableError,
]


@pytest.mark.parametrize("cls", ERROR_CLASSES, ids=lambda c: c.__name__)
def test_every_error_class_takes_a_field_and_defaults_it_to_none(cls):
    assert issubclass(cls, mf.Error) and issubclass(cls, ValueError)
    assert cls("what: is wrong").field is None
    error = cls("what: is wrong", field="what")
    assert error.field == "what" and str(error) == "what: is wrong"
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is cls and again.field == "what" and str(again) == "what: is wrong"


def test_the_compiled_core_raises_the_same_classes():
    from myofatigue import _core

    for cls in ERROR_CLASSES + [mf.SolverError]:
        assert getattr(_core, cls.__name__) is cls
    assert issubclass(mf.UnknownVariableError, KeyError)
    assert issubclass(mf.ArgumentTypeError, TypeError)
    assert issubclass(mf.SolverError, RuntimeError) and not issubclass(mf.SolverError, ValueError)


@pytest.mark.parametrize(
    "call, cls, field",
    [
        (lambda: mf.models.three_compartment(joint="nose"), mf.ParameterError, "joint"),
        (
            lambda: mf.models.three_compartment_r("knee", source="Xia2008"),
            mf.ParameterError,
            "source",
        ),
        (lambda: mf.models.joints("Nobody2000"), mf.ParameterError, "source"),
        (lambda: mf.simulate(KNEE, "Rest for 1 min")["nope"], mf.UnknownVariableError, "nope"),
        (lambda: KNEE.with_parameters({"fatigue.F": 2.0}), mf.ParameterError, "fatigue.F"),
        (lambda: mf.ParameterSet.named("FreyLaw2012.kne"), mf.ParameterError, "name"),
        (lambda: mf.simulate(KNEE, "Rest for 1 min", rtol=-1.0), mf.ParameterError, "rtol"),
        (lambda: mf.Protocol(["Rest for 1 min", "Jump for 2 s"]), mf.ProtocolError, "steps[1]"),
        (
            lambda: mf.Protocol(["Rest for 1 min", "Rest until task failure"]),
            mf.ProtocolError,
            "steps[1]",
        ),
        (
            lambda: mf.Protocol.from_steps([mf.Step.rest(1.0), mf.Step.hold(1.5, duration_s=1.0)]),
            mf.ProtocolError,
            "steps[1]",
        ),
        (lambda: mf.Protocol([]), mf.ProtocolError, "steps"),
        (lambda: mf.Protocol("Rest for 1 min").repeat(0), mf.ParameterError, "cycles"),
        (
            lambda: mf.solve_ivp(lambda t, y: -y, (0.0, float("inf")), [1.0]),
            mf.ParameterError,
            "t_span",
        ),
    ],
)
def test_errors_carry_the_field_they_are_about(call, cls, field):
    with pytest.raises(cls) as info:
        call()
    assert info.value.field == field, str(info.value)


@pytest.mark.parametrize(
    "call, cls",
    [
        (lambda: mf.build_model(["three_compartmnt"]), mf.ModelError),
        (
            lambda: mf.simulate(mf.models.ding2003(), "Hold at 40% MVC until task failure"),
            mf.ModelError,
        ),
        (lambda: mf.simulate(KNEE, "Rest for 2 min with hyperemia_boost"), mf.ProtocolError),
    ],
)
def test_errors_raised_deeper_in_cpp_have_a_field_attribute_too(call, cls):
    # Their field is whatever the C++ library names (None where it names nothing yet).
    with pytest.raises(cls) as info:
        call()
    assert hasattr(info.value, "field")
    assert info.value.field is None or isinstance(info.value.field, str)


def test_unknown_variable_error_is_raised_by_the_core_with_the_key_and_suggestions():
    result = mf.simulate(KNEE, "Rest for 1 min")
    with pytest.raises(KeyError) as info:
        result["fatigue.Mf"]
    error = info.value
    assert type(error) is mf.UnknownVariableError and error.field == "fatigue.Mf"
    assert str(error).startswith("fatigue.Mf: ") and "'fatigue.MF'" in str(error)
