"""Protocol strings are parsed in C++ (one grammar for C++ and Python); errors name the step."""

import pytest

import myofatigue as mf

VALID = [
    "Hold at 40% MVC until task failure",
    "Hold at 30% MVC for 2 min",
    "hold at 30 %mvc for 120 s",
    "Intermittent 50% MVC 6 s on 4 s off until task failure",
    "Intermittent 50% MVC 6s on 4s off for 1 min",
    "Rest for 10 min",
    "Rest for 10min",
    "Rest for 1 h with hyperaemia_boost",
    "Rest for 500 ms with passive_rest",
    "MVC test",
]


@pytest.mark.parametrize("text", VALID)
def test_documented_step_forms_parse(text):
    p = mf.Protocol([text])
    assert p.steps == [text] and len(p) == 1


def test_a_single_string_is_a_one_step_protocol():
    assert mf.Protocol("Rest for 10 min").steps == ["Rest for 10 min"]


def test_units_and_percentages_are_converted_to_seconds_and_fractions():
    knee = mf.models.three_compartment("knee")
    r = mf.simulate(
        knee, ["Hold at 25% MVC for 2 min", "Rest for 1.5 h", "Hold at 10% MVC for 500 ms"]
    )
    assert [s.end_s - s.start_s for s in r.steps] == pytest.approx([120.0, 5400.0, 0.5])
    target = r["protocol.target_fraction"]
    assert target[r.steps[0].last_sample] == pytest.approx(0.25)
    assert target[r.steps[1].last_sample] == 0.0


def test_repeat_concatenates_cycles_and_rejects_fewer_than_one():
    p = mf.Protocol(["Hold at 30% MVC for 10 s", "Rest for 5 s"]).repeat(3)
    assert len(p) == 6 and p.steps[4] == "Hold at 30% MVC for 10 s"
    with pytest.raises(mf.ParameterError, match="cycles"):
        p.repeat(0)


def test_simulate_accepts_a_list_of_step_strings():
    knee = mf.models.three_compartment()
    r = mf.simulate(knee, ["Hold at 30% MVC for 10 s", "Rest for 5 s"])
    assert [s.end_reason for s in r.steps] == ["duration", "duration"]


def test_intermittent_task_alternates_target_and_rest():
    knee = mf.models.three_compartment()
    r = mf.simulate(knee, "Intermittent 50% MVC 6 s on 4 s off for 30 s")
    t, target = r.t, r["protocol.target_fraction"]
    assert target[(t > 1) & (t < 6)].min() == pytest.approx(0.5)
    assert target[(t > 6.1) & (t < 10)].max() == 0.0
    assert r.t[-1] == pytest.approx(30.0)


@pytest.mark.parametrize(
    "steps,index,fragment",
    [
        (["Hold at 40% MVC untl task failure"], 0, "untl"),
        (["Rest for 10 min", "Hold at 140% MVC for 1 min"], 1, "140"),
        (["Rest for 10 min", "Rest for 5 min", "Hold at 0% MVC for 1 min"], 2, "0%"),
        (["Rest for 10 fortnights"], 0, "fortnights"),
        (["Rest for -5 min"], 0, "-5"),
        (["Rest until task failure"], 0, "rest"),
        (["MVC test", "Rest"], 1, "duration"),
        (["MVC test for 1 min"], 0, "MVC test"),
        (["Jump at 40% MVC for 1 min"], 0, "jump"),
        (["Intermittent 50% MVC 6 s on for 1 min"], 0, "off"),
        (["Hold at forty% MVC for 1 min"], 0, "forty"),
        ([""], 0, "unknown task"),
    ],
)
def test_parse_errors_name_the_step_index_and_text(steps, index, fragment):
    with pytest.raises(mf.ProtocolError) as info:
        mf.Protocol(steps)
    message = str(info.value)
    assert isinstance(info.value, ValueError)
    assert f"step {index}" in message
    assert fragment.lower() in message.lower()
    assert "valid examples" in message or "duration" in message or "MVC test" in message


def test_an_empty_protocol_is_rejected():
    with pytest.raises(mf.ProtocolError, match="at least one step"):
        mf.Protocol([])


def test_unknown_intervention_names_the_step_and_suggests_names():
    knee = mf.models.three_compartment()
    protocol = mf.Protocol(["Hold at 40% MVC for 1 min", "Rest for 2 min with hyperemia_boost"])
    with pytest.raises(mf.ProtocolError, match=r"step 1 .*hyperaemia_boost"):
        mf.simulate(knee, protocol)


def test_non_string_steps_are_a_type_error():
    with pytest.raises(TypeError):
        mf.Protocol([40, "Rest for 1 min"])


# ------------------------------------------------------------------------------ typed steps
def test_typed_steps_build_the_same_protocol_as_strings():
    S = mf.Step
    typed = mf.Protocol.from_steps(
        [
            S.hold(0.4, until_task_failure=True),
            S.rest(600.0, interventions=["hyperaemia_boost"]),
            S.mvc_test(),
            S.intermittent(0.5, 6.0, 4.0, duration_s=60.0),
        ]
    )
    assert typed.steps == [
        "Hold at 40% MVC until task failure",
        "Rest for 600 s with hyperaemia_boost",
        "MVC test",
        "Intermittent 50% MVC 6 s on 4 s off for 60 s",
    ]
    assert mf.Protocol(typed.steps).steps == typed.steps  # generated labels parse back
    knee = mf.models.three_compartment()
    a, b = mf.simulate(knee, typed), mf.simulate(knee, typed.steps)
    assert [s.end_s for s in a.steps] == pytest.approx([s.end_s for s in b.steps])
    assert [S.stimulate(30.0, duration_s=1.0).kind, S.hold(0.1, duration_s=1).kind] == [
        "stimulate",
        "hold",
    ]


def test_typed_intervention_parameters_are_applied_and_checked():
    S = mf.Step
    knee = mf.models.three_compartment()
    fatigue = S.hold(0.5, duration_s=60.0)
    weak = mf.simulate(
        knee, [fatigue, S.rest(300.0, interventions={"hyperaemia_boost": {"gain": 2.0}})]
    )
    strong = mf.simulate(
        knee, [fatigue, S.rest(300.0, interventions={"hyperaemia_boost": {"gain": 30.0}})]
    )
    assert strong["fatigue.MF"][-1] < weak["fatigue.MF"][-1]
    with pytest.raises(mf.ParameterError, match="hyperaemia_boost.gain"):
        mf.simulate(knee, [S.rest(10.0, interventions={"hyperaemia_boost": {"gain": 500.0}})])


@pytest.mark.parametrize(
    "make,field",
    [
        (lambda S: S.hold(1.5, duration_s=1.0), "load_fraction"),
        (lambda S: S.intermittent(0.3, 0.0, 1.0, duration_s=5.0), "on_s"),
        (lambda S: S.rest(-1.0), "duration_s"),
        (lambda S: S.hold(0.3), "needs a duration"),
        (lambda S: S.stimulate(5000.0, duration_s=1.0), "frequency_hz"),
    ],
)
def test_typed_step_errors_name_the_step_and_field(make, field):
    with pytest.raises(mf.ProtocolError) as info:
        mf.Protocol.from_steps([mf.Step.rest(1.0), make(mf.Step)])
    assert "step 1" in str(info.value) and field in str(info.value)


def test_mixing_strings_and_typed_steps_is_a_type_error():
    with pytest.raises(TypeError, match="step 1"):
        mf.Protocol(["Rest for 1 min", mf.Step.rest(5.0)])
