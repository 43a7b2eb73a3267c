"""Interventions (issue 12): the catalogue as Python sees it, the protocol syntax, and the
validation against controlled studies (tests/data/intervention_targets.csv, copied from the
project's reference data with its sources): Wiltshire et al. 2010 (post-exercise forearm flow),
Shoemaker et al. 1997 and Hinds et al. 2004 (no rise of bulk flow, skin flow and temperature up),
Morelli et al. 1990 (H-reflex during massage only), Zainuddin et al. 2005 / Guo et al. 2017
(soreness lower for days, strength unchanged) and Poppendieck et al. 2016 (a small performance
effect between bouts). One parameter set per muscle group serves every target; the misses are
in docs/validation.md (lactate efflux, Poppendieck's gain) and not pinned here."""

import csv
import pathlib
import pickle
import re
import subprocess
import sys

import numpy as np
import pytest

import myofatigue as mf

DATA = pathlib.Path(__file__).resolve().parents[1] / "data" / "intervention_targets.csv"
with DATA.open() as f:
    TARGETS = {row["id"]: row for row in csv.DictReader(f)}

CATALOGUE = [
    "massage.effleurage",
    "massage.petrissage",
    "massage.wringing",
    "massage.deep_tissue",
    "massage.myofascial_release",
    "massage.vibration",
    "massage.tapotement",
    "massage.trigger_point",
    "massage.cupping",
    "stretching",
    "passive_rest",
    "active_recovery",
    "compression_garment",
    "cuff_occlusion",
]


def target(tid, index=0):
    """The published value of a target (the index-th of 'a / b' pairs; '+6.6 (g=0.34)' is 6.6)."""
    return float(re.search(r"[-+]?\d+(\.\d+)?", TARGETS[tid]["value"].split("/")[index]).group())


def spread(tid, index=0):
    """Its SE or SD as published ('SE 101', 'SD 256 / 161')."""
    text = TARGETS[tid]["tolerance_or_range"].split(";")[0]
    return float(text.split()[1].split("/")[0] if index == 0 else text.split("/")[index])


# ----------------------------------------------------------------------------- the catalogue


def test_list_describes_every_intervention_with_channels_and_profiles():
    infos = {i.name: i for i in mf.interventions.list()}
    assert set(CATALOGUE) <= set(infos)
    for name in CATALOGUE:
        info = infos[name]
        assert len(info.description) > 20 and "\n" not in info.description
        assert info.profiles[0].name == "measured"
        assert [p.default for p in info.parameters] == list(info.profiles[0].values)
        assert all(len(p.values) == len(info.parameters) for p in info.profiles)
        assert all(c.composition in ("gain", "offset") for c in info.channels)
    assert infos["passive_rest"].channels == ()
    effleurage = mf.interventions.get("massage.effleurage")
    assert effleurage.profile("claimed")["clearance_gain"] == 2.0
    assert effleurage.profile("measured")["pressure_mmHg"] == 40.0
    assert {c.key for c in effleurage.channels} >= {
        "perfusion.external_pressure_mmHg",
        "skin.flow_gain",
        "soreness.perception_gain",
        "central.excitability_gain",
    }
    with pytest.raises(ValueError, match="valid: measured, claimed"):
        effleurage.profile("clamed")
    with pytest.raises(ValueError, match="registered: "):
        mf.interventions.get("massage.swedish")


def test_every_intervention_has_its_page_with_the_registry_s_table():
    # docs/interventions/<name>.md for each, its parameter table regenerated from the registry.
    script = (
        pathlib.Path(__file__).resolve().parents[2] / "docs" / "interventions" / "make_tables.py"
    )
    done = subprocess.run([sys.executable, str(script), "--check"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


@pytest.fixture(scope="module")
def hand():
    return mf.models.integrative("hand_grip", motor_units=20)


@pytest.mark.parametrize(
    "step, error, text",
    [
        (
            "Rest for 1 min with massage.effleurage(profile=clamed)",
            ValueError,
            "valid: measured, claimed",
        ),
        (
            "Rest for 1 min with massage.effleurage(presure_mmHg=20)",
            ValueError,
            "valid: pressure_mmHg, flow_gain",
        ),
        ("Rest for 1 min with massage.effleurag", ValueError, "did you mean 'massage.effleurage'"),
        ("Rest for 1 min with massage.effleurage(pressure_mmHg=-5)", ValueError, "pressure_mmHg"),
    ],
)
def test_unknown_profiles_parameters_and_names_are_errors_listing_the_valid_ones(
    hand, step, error, text
):
    with pytest.raises(error, match=text):
        mf.simulate(hand, [step])


def test_a_typed_step_takes_a_profile_keeps_it_through_pickling_and_equals_the_string(hand):
    typed = mf.Step.rest(
        60.0, interventions={"massage.effleurage": {"profile": "claimed", "pressure_mmHg": 10}}
    )
    assert typed.label == "Rest for 60 s with massage.effleurage(profile=claimed, pressure_mmHg=10)"
    again = pickle.loads(pickle.dumps(typed))
    a = mf.simulate(hand, [again])
    b = mf.simulate(
        hand, ["Rest for 60 s with massage.effleurage(profile=claimed, pressure_mmHg=10)"]
    )
    np.testing.assert_array_equal(a["muscle_blood_flow_ml_min"], b["muscle_blood_flow_ml_min"])
    with pytest.raises(TypeError, match="profile"):
        mf.Step.rest(60.0, interventions={"massage.effleurage": {"profile": 3}})


def test_several_interventions_at_once_compose_on_their_channels(hand):
    both = mf.simulate(hand, ["Rest for 5 min with massage.effleurage and compression_garment"])
    alone = mf.simulate(hand, ["Rest for 5 min with massage.effleurage"])
    # Pressures add (offsets): 40 + 20 mmHg squeeze the resting muscle more than 40 alone.
    mid = len(both.t) // 2
    assert both["perfusion.patency"][mid] < alone["perfusion.patency"][mid]


# ----------------------------------------------------------------------------- Wiltshire 2010


def wiltshire_arm(model, intervention):
    """Flow at 30 s (its mean over 29-31 s: one contraction cycle of active recovery, as Doppler
    averages over the cycles) and the 10-min flow area; max_step 0.1 s resolves the cycles."""
    r = mf.simulate(
        model, ["Hold at 40% MVC for 2 min", "Rest for 10 min with " + intervention], max_step=0.1
    )
    assert r.ok, r.message
    s = r.steps[1]
    t = r.t[s.first_sample :] - s.start_s
    flow = r["muscle_blood_flow_ml_min"][s.first_sample :]
    cycle = (t >= 29.0) & (t <= 31.0)
    return float(np.trapezoid(flow[cycle], t[cycle]) / 2.0), float(np.trapezoid(flow, t) / 60.0)


@pytest.fixture(scope="module")
def wiltshire(hand):
    arms = [
        "passive_rest",
        "active_recovery",
        "massage.effleurage",
        "massage.effleurage(profile=claimed)",
    ]
    return {arm: wiltshire_arm(hand, arm) for arm in arms}


def test_wiltshire_flow_30_s_after_handgrip_in_the_published_order_and_spread(wiltshire):
    # T211-T213: 766 +/- 101, 614 +/- 62, 540 +/- 60 mL/min (mean +/- SE, n = 12): each arm within
    # two SE. The massage pressure was fitted to T213; passive rest is perfusion's calibration;
    # active recovery (10 % MVC, rhythm assumed) is a prediction.
    for arm, tid in (
        ("passive_rest", "T211"),
        ("active_recovery", "T212"),
        ("massage.effleurage", "T213"),
    ):
        assert abs(wiltshire[arm][0] - target(tid)) <= 2 * spread(tid), arm
    assert (
        wiltshire["passive_rest"][0]
        > wiltshire["active_recovery"][0]
        > wiltshire["massage.effleurage"][0]
    )
    # The claimed profile ("boosts circulation") predicts the opposite of what was measured.
    assert wiltshire["massage.effleurage(profile=claimed)"][0] > 1.3 * wiltshire["passive_rest"][0]


def test_wiltshire_ten_minute_flow_area_with_massage(wiltshire):
    # T214: 4203 +/- 531 (passive) vs 3178 +/- 304 mL (massage): a prediction for massage (its
    # pressure was fitted at 30 s only).
    assert abs(wiltshire["passive_rest"][1] - target("T214", 0)) <= 2 * 531
    assert abs(wiltshire["massage.effleurage"][1] - target("T214", 1)) <= 2 * 304
    assert wiltshire["massage.effleurage"][1] < wiltshire["passive_rest"][1]


# ----------------------------------------------------------------------------- Shoemaker 1997, Hinds 2004


@pytest.fixture(scope="module")
def knee():
    return mf.models.integrative("knee_extensors", motor_units=20)


def test_massage_does_not_raise_deep_bulk_flow_but_raises_skin_flow_and_temperature(knee):
    r = mf.simulate(knee, ["Rest for 1 min", "Rest for 12 min with massage.effleurage"])
    s = r.steps[1]
    during = np.interp(
        np.linspace(s.start_s, s.end_s - 1e-6, 721), r.t, r["muscle_blood_flow_ml_min"]
    )
    rest = r["muscle_blood_flow_ml_min"][0]
    assert rest == pytest.approx(
        target("T209")
    )  # Shoemaker 1997 resting femoral flow (the parameter set)
    # Shoemaker 1997: no change of bulk flow with any massage type; Hinds 2004: 760 vs 733 mL/min
    # (n.s.). Here the resting muscle compensates the stroke pressure (at most 10 % less, no rise).
    assert 0.9 * rest <= during.mean() <= rest * 1.02
    # Hinds 2004 (T219): skin flow 150 +/- 49 vs 6 +/- 4 au; T218/T220: skin +1.1 C (Hinds) and
    # +1.5 C (Portillo-Soto) after 10-12 min.
    skin = r["skin_blood_flow_fraction"][s.last_sample - 1]
    assert skin > 0.5 * target("T219", 0) / target("T219", 1)
    warming = r["skin_temperature_c"][s.last_sample] - r["skin_temperature_c"][0]
    low = target("T218", 0) - target("T218", 1)
    high = target("T220", 0) - target("T220", 1)
    assert low - 0.3 <= warming <= high + 0.3


# ----------------------------------------------------------------------------- Morelli 1990


def test_h_reflex_is_depressed_during_petrissage_only():
    # T234: soleus H-reflex -71 % during 3 min of massage, back to baseline immediately after.
    calf = mf.models.integrative("ankle_dorsiflexors", motor_units=10)
    r = mf.simulate(
        calf, ["Rest for 1 min", "Rest for 3 min with massage.petrissage", "Rest for 1 min"]
    )
    h = r["h_reflex_fraction"]
    during = h[r.steps[1].first_sample + 1 : r.steps[1].last_sample]
    assert np.all(h[: r.steps[0].last_sample] == 1.0)
    assert during == pytest.approx(1.0 + target("T234") / 100.0, abs=0.02)
    assert np.all(h[r.steps[2].first_sample + 1 :] == 1.0)
    # Effleurage has no measured H-reflex effect: neutral.
    e = mf.simulate(calf, ["Rest for 3 min with massage.effleurage"])
    assert np.all(e["h_reflex_fraction"] == 1.0)


# ----------------------------------------------------------------------------- Zainuddin 2005, Guo 2017

ECCENTRIC = "Intermittent eccentric maximal 3 s on 9 s off for 60 contractions"


def soreness_course(model, massage):
    """Zainuddin 2005's design: maximal eccentric work, 10 min of massage (or none) at 3 h, MVC
    tests and soreness daily for 4 days."""
    rest = "Rest for 10 min" + (f" with {massage}" if massage else "")
    steps = [ECCENTRIC, "MVC test", "Rest for 3 h", rest, "Rest for 21 h", "MVC test"]
    steps += ["Rest for 1 day", "MVC test"] * 3
    r = mf.simulate(model, steps)
    assert r.ok, r.message
    t0 = r.steps[1].start_s
    sore = np.array([np.interp(t0 + h * 3600.0, r.t, r["soreness"]) for h in (24, 48, 72, 96)])
    mvc = np.array([s.mvc_fraction for s in r.steps if s.label == "MVC test"])
    return sore, mvc, r


@pytest.fixture(scope="module")
def elbow():
    return mf.models.integrative("elbow_flexors", motor_units=20)


def test_massage_lowers_soreness_for_days_without_changing_strength(elbow):
    control, mvc_control, _ = soreness_course(elbow, None)
    massaged, mvc_massaged, _ = soreness_course(elbow, "massage.effleurage")
    relief = 1.0 - massaged / control
    # D069: about 30 % less soreness (Zainuddin 2005; the perception gain was fitted to it over
    # 1-4 days); lower at each of 24, 48 and 72 h as Guo 2017 pooled (T228, T229).
    assert relief.mean() == pytest.approx(target("D069") / 100.0, abs=0.05)
    assert np.all(relief[:3] > 0.15)
    # Zainuddin 2005, Tiidus & Shoemaker 1995 (T221): no effect on strength recovery.
    np.testing.assert_allclose(mvc_massaged, mvc_control, atol=1e-3)
    assert control.max() > 2.0  # the bout is damaging: real soreness to relieve


def test_daily_massage_for_four_days_relieves_more_than_one_session(elbow):
    once, _, _ = soreness_course(elbow, "massage.effleurage")
    steps = [
        ECCENTRIC,
        "MVC test",
        "Rest for 3 h",
        "Rest for 10 min with massage.effleurage",
        "Rest for 21 h",
    ]
    steps += ["Rest for 10 min with massage.effleurage", "Rest for 23 h"] * 3
    r = mf.simulate(elbow, steps)
    t0 = r.steps[1].start_s
    daily = np.array([np.interp(t0 + h * 3600.0 + 900.0, r.t, r["soreness"]) for h in (24, 48, 72)])
    assert np.all(daily < once[:3])
    assert np.all(r["soreness"] >= 0.0) and np.all(r["soreness"] <= 10.0)


# ----------------------------------------------------------------------------- Poppendieck 2016


def test_massage_between_bouts_changes_performance_little(knee):
    # T222-T227: +6.6 % (g 0.34) for 5-12 min of massage; +1.0 to +14.4 % across subgroups. The
    # model has no pathway by which the measured profile changes the pool's recovery: the effect
    # must stay below the largest subgroup effect and not turn into a loss (docs/validation.md
    # reports the point estimate as a miss).
    def second_bout(rest):
        r = mf.simulate(
            knee,
            [
                "Intermittent 50% MVC 5 s on 5 s off until task failure",
                rest,
                "Intermittent 50% MVC 5 s on 5 s off until task failure",
            ],
        )
        return r.steps[2].end_s - r.steps[2].start_s

    effect = (
        second_bout("Rest for 10 min with massage.effleurage") / second_bout("Rest for 10 min")
        - 1.0
    )
    assert -0.02 <= effect <= target("T226") / 100.0


# ----------------------------------------------------------------------------- properties
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from test_properties_simulate import check_result  # noqa: E402

_SMALL = mf.models.integrative(motor_units=8)
_INFOS = [i for i in mf.interventions.list() if i.name != "hyperaemia_boost"]  # (3CC models only)


@st.composite
def _use(draw):
    """A catalogue intervention with a drawn profile and some parameters drawn in their allowed range."""
    info = draw(st.sampled_from(_INFOS))
    args = []
    if len(info.profiles) > 1 and draw(st.booleans()):
        args.append("profile=" + draw(st.sampled_from([p.name for p in info.profiles])))
    for p in info.parameters:
        if draw(st.booleans()):
            lo, hi = p.allowed
            if p.key in ("on", "off", "hold", "after_tau"):  # durations: keep the work bounded
                lo, hi = p.plausible
            args.append(f"{p.key}={draw(st.floats(lo, hi, allow_subnormal=False)):.6g}")
    return info.name + (f"({', '.join(args)})" if args else "")


_STEP = st.one_of(
    st.builds(
        "Hold at {:.0f}% MVC for {:.0f} s with {}".format,
        st.floats(5, 100),
        st.floats(1, 120),
        _use(),
    ),
    st.builds("Hold at {:.0f}% MVC until task failure with {}".format, st.floats(20, 100), _use()),
    st.builds(
        "Intermittent {:.0f}% MVC {:.1f} s on {:.1f} s off for {:.0f} s".format,
        st.floats(5, 100),
        st.floats(0.5, 10),
        st.floats(0.5, 10),
        st.floats(5, 120),
    ),
    st.builds("Rest for {:.0f} s with {}".format, st.floats(1, 300), _use()),
    st.builds("Rest for {:.0f} s with {} and {}".format, st.floats(1, 300), _use(), _use()),
    st.builds(
        "Intermittent eccentric maximal 3 s on 9 s off for {} contractions".format,
        st.integers(1, 20),
    ),
    st.builds("Rest for {:.1f} days".format, st.floats(0.1, 3)),
    st.just("MVC test"),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=st.lists(_STEP, min_size=1, max_size=4))
def test_any_intervention_profile_and_dose_keeps_the_physiology_in_bounds(steps):
    """Any catalogue intervention, profile and allowed dose, alone or together, during work or
    rest: flows, metabolites and skin temperature physical, soreness 0-10, H-reflex >= 0, MVC
    never above the fresh muscle's, or a reported solver failure."""
    r = mf.simulate(_SMALL, steps, max_steps=50_000)
    check_result(r, len(steps))
    if not r.ok:
        return
    for key in (
        "muscle_blood_flow_ml_min",
        "skin_blood_flow_fraction",
        "lactate_muscle_mM",
        "pcr_mM",
        "h_reflex_fraction",
    ):
        assert np.all(r[key] >= -1e-6), (key, float(r[key].min()))
    assert np.all((r["soreness"] >= -1e-9) & (r["soreness"] <= 10.0 + 1e-9))
    assert np.all((r["skin_temperature_c"] > 25.0) & (r["skin_temperature_c"] < 40.0))
    assert np.all(r["mvc_fraction"] <= 1.0 + 1e-3)
