"""Property test of issue 8: task failure is never missed.

For random valid protocols on every fatiguing model, each loaded step "until task failure" ends
with ``task_failure`` exactly when its capacity reaches the target (docs/protocols.md): at the
step's end the capacity is at or below the target, and at no earlier recorded instant of a
loaded ("on") phase of that step was it below the target. A step that ends at
``max_task_duration_s`` instead never had its capacity below the target while loaded. The budget
is fixed (``max_examples``) so CI time is bounded.
"""

import numpy as np
import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import myofatigue as mf  # noqa: E402

SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Capacity of these models can fall below a target; 3CC-r with R = 0 does not recover under load.
MODELS = {
    "3CC knee": mf.models.three_compartment("knee"),
    "3CC-r knee": mf.models.three_compartment_r("knee"),
    "3CC-r knee R=0": mf.models.three_compartment_r("knee").with_parameters(
        mf.ParameterSet({"fatigue.R": 0.0})
    ),
    "liu2002": mf.models.liu2002(),
}
CAPACITY = {
    name: next(k for k in m.observable_keys if k.endswith(".capacity"))
    for name, m in MODELS.items()
}
TOLERANCE = 1e-6  # the default rtol of simulate on an O(1) capacity
MAX_TASK_S = 1800.0  # bounds the cost of holds that never fail

load = st.floats(5, 100).map("{:.4g}".format)
seconds = st.floats(0.3, 8).map("{:.3g} s".format)
ending = st.one_of(
    st.builds("for {}".format, st.floats(1, 300).map("{:.3g} s".format)),
    st.just("until task failure"),
)
step = st.one_of(
    st.builds("Hold at {}% MVC {}".format, load, ending),
    st.builds("Intermittent {}% MVC {} on {} off {}".format, load, seconds, seconds, ending),
    st.builds("Rest for {}".format, st.floats(0.5, 120).map("{:.3g} s".format)),
    st.just("MVC test"),
)


@SETTINGS
@given(model=st.sampled_from(sorted(MODELS)), steps=st.lists(step, min_size=1, max_size=5))
def test_issue8_every_loaded_until_failure_step_fails_when_capacity_reaches_its_target(
    model, steps
):
    result = mf.simulate(MODELS[model], steps, max_task_duration_s=MAX_TASK_S)
    assert result.status == "Completed", result.message
    capacity = np.asarray(result[CAPACITY[model]])
    target = np.asarray(result["protocol.target_fraction"])
    for text, s in zip(steps, result.steps):
        if "until task failure" not in text:
            continue
        # Samples that belong to this step's loaded phases (the first sample is the previous
        # step's last one).
        loaded = np.arange(s.first_sample + 1, s.last_sample + 1)
        loaded = loaded[target[loaded] > 0]
        if s.end_reason == "task_failure":
            assert capacity[s.last_sample] <= target_at_end(text) + TOLERANCE, (text, s.end_s)
            before = loaded[loaded < s.last_sample]
            assert np.all(capacity[before] > target[before] - TOLERANCE), text
        else:
            assert s.end_reason == "max_duration", (text, s.end_reason)
            assert np.all(capacity[loaded] > target[loaded] - TOLERANCE), text
            # A step that did not fail did not start below its target either.
            assert capacity[s.first_sample] > target_at_end(text) - TOLERANCE, text


def target_at_end(text):
    """The load of a hold or intermittent step string, as a fraction."""
    words = text.split()
    return float(words[2 if words[0] == "Hold" else 1].rstrip("%")) / 100.0
