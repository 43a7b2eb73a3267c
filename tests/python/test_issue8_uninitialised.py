"""Issue 8: no public type can be used in an unusable state. An instance made by
``Type.__new__(Type)`` (so its ``__init__`` never ran) raises a TypeError that says how to get a
real one, from every property and method, and as an argument; nothing crashes or reads garbage.

Every class of myofatigue._core and myofatigue._core.problems is checked, found by iterating
the modules, so a class bound later is covered without editing this file."""

import inspect

import pytest

import myofatigue as mf
from myofatigue import _core

#: Methods that legitimately initialise an instance made by __new__ (pickle uses __setstate__).
INITIALISERS = {"__init__", "__new__", "__setstate__"}
MARKER = "is not initialised"


def bound_classes():
    """Every pybind11 class of the compiled module and its submodules (not the exceptions)."""
    found = []
    for module in (_core, _core.problems):
        for _, obj in sorted(vars(module).items()):
            if inspect.isclass(obj) and type(obj).__name__ == "pybind11_type":
                found.append(obj)
    return found


def members(cls):
    """(name, kind) of what instances of cls expose from C++: 'property' or 'method'.

    Static methods and static properties do not read an instance and are skipped, as are the
    plain class attributes (constants such as Protocol.MAX_STEPS)."""
    out = []
    for klass in cls.__mro__:
        if klass is object or klass.__name__ == "pybind11_object":
            continue
        for name, raw in vars(klass).items():
            if name in INITIALISERS or name.startswith("_pybind11"):
                continue
            if isinstance(raw, staticmethod) or type(raw).__name__ == "pybind11_static_property":
                continue
            if isinstance(raw, property):
                out.append((name, "property"))
            elif callable(raw):
                out.append((name, "method"))
    return out


CLASSES = bound_classes()


def test_the_bound_classes_are_found():
    names = {cls.__name__ for cls in CLASSES}
    assert {
        "Model",
        "Protocol",
        "Result",
        "Step",
        "StepRange",
        "ParameterSet",
        "ParameterInfo",
        "OdeSolution",
        "Hires",
        "Rober",
    } <= names


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_every_member_of_an_uninitialised_instance_raises_type_error_saying_how_to_construct(cls):
    blank = cls.__new__(cls)
    checked = members(cls)
    assert checked, f"{cls.__name__} exposes nothing?"
    for name, kind in checked:
        if kind == "property":
            with pytest.raises(TypeError, match=MARKER) as info:
                getattr(blank, name)
        else:
            info = call_with_any_arity(getattr(blank, name), name)
        message = str(info.value)
        assert cls.__name__ in message and "get one from" in message, (name, message)


def call_with_any_arity(method, name):
    """Calls method with 0..4 None arguments: with the right count pybind11 loads `self` first,
    which must raise the guard's TypeError (a wrong count gives pybind11's own TypeError)."""
    messages = []
    for arity in range(5):
        with pytest.raises(TypeError) as info:
            method(*([None] * arity))
        if MARKER in str(info.value):
            return info
        messages.append(str(info.value))
    pytest.fail(f"{name}: no call reached the guard: {messages}")


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_an_uninitialised_instance_as_an_argument_raises_type_error(cls):
    blank = cls.__new__(cls)
    with pytest.raises(TypeError):
        mf.simulate(blank, "MVC test")
    with pytest.raises(TypeError):
        mf.solve_ivp(blank, (0.0, 1.0), [1.0])


def test_the_reported_crashes_are_type_errors_naming_the_constructor():
    with pytest.raises(TypeError, match="build_model"):
        mf.simulate(mf.Model.__new__(mf.Model), "MVC test")
    with pytest.raises(TypeError, match=r"Protocol\(steps\)"):
        mf.Protocol.__new__(mf.Protocol).steps
    with pytest.raises(TypeError, match="dense_output=True"):
        _core.OdeSolution.__new__(_core.OdeSolution).ts
    with pytest.raises(TypeError, match="simulate"):
        mf.Result.__new__(mf.Result).t
    with pytest.raises(TypeError, match=r"Step\.hold"):
        mf.Step.__new__(mf.Step).label
    with pytest.raises(TypeError, match="parameter_info"):
        mf.ParameterInfo.__new__(mf.ParameterInfo).unit
    with pytest.raises(TypeError, match="Result.steps"):
        mf.StepRange.__new__(mf.StepRange).start_s
    with pytest.raises(TypeError, match=r"Protocol\(steps\)"):
        mf.simulate(mf.models.three_compartment(), mf.Protocol.__new__(mf.Protocol))
    with pytest.raises(TypeError, match="ParameterSet.named"):
        mf.ParameterSet.__new__(mf.ParameterSet)["fatigue.F"]


def test_an_uninitialised_step_inside_a_list_of_steps_is_a_type_error():
    with pytest.raises(TypeError, match="Step.hold"):
        mf.Protocol.from_steps([mf.Step.rest(1.0), mf.Step.__new__(mf.Step)])
