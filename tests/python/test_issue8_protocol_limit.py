"""Issue 8: a protocol has at most Protocol.MAX_STEPS steps (docs/protocols.md, Limits).
repeat(10**9) used to end in MemoryError('std::bad_alloc'); it now raises a ProtocolError naming
`cycles` and the limit before anything is allocated, and so do Protocol() and from_steps()."""

import pytest

import myofatigue as mf

TWO_STEPS = mf.Protocol(["Hold at 30% MVC for 10 s", "Rest for 5 s"])


def test_the_limit_is_one_hundred_thousand_steps():
    assert mf.Protocol.MAX_STEPS == 100_000


@pytest.mark.parametrize("cycles", [50_001, 10**9, 2**31 - 1, 2**31, 10**12, 2**70])
def test_repeat_past_the_limit_is_a_protocol_error_naming_cycles_and_the_limit(cycles):
    with pytest.raises(mf.ProtocolError) as info:
        TWO_STEPS.repeat(cycles)
    assert info.value.field == "cycles"
    message = str(info.value)
    assert message.startswith("cycles: ") and str(cycles) in message and "100000" in message


def test_repeat_up_to_the_limit_works():
    p = TWO_STEPS.repeat(50_000)
    assert len(p) == mf.Protocol.MAX_STEPS and p.steps[-1] == "Rest for 5 s"


def test_a_protocol_of_more_steps_is_refused_from_strings_and_from_typed_steps():
    with pytest.raises(mf.ProtocolError, match="100000") as info:
        mf.Protocol(["Rest for 1 s"] * (mf.Protocol.MAX_STEPS + 1))
    assert info.value.field == "steps"
    with pytest.raises(mf.ProtocolError, match="100000") as info:
        mf.Protocol.from_steps([mf.Step.rest(1.0)] * (mf.Protocol.MAX_STEPS + 1))
    assert info.value.field == "steps"


def test_fewer_than_one_cycle_is_still_a_parameter_error():
    for cycles in (0, -1, -(2**70)):
        with pytest.raises(mf.ParameterError) as info:
            TWO_STEPS.repeat(cycles)
        assert info.value.field == "cycles"
