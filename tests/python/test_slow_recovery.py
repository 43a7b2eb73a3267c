"""Recovery over hours and days (issue 11): damage, low-frequency fatigue, inflammation, soreness,
creatine kinase, IL-6 and tone in the integrative model, against the published targets of
tests/data/damage_targets.csv (copied from the project's reference data, with its sources). One
parameter set per muscle group (integrative.elbow_flexors; knee_extensors for IL-6) serves every
target; the misses are in docs/validation.md and not pinned here."""

import numpy as np
import pytest

import myofatigue as mf

MAX_ECC = "Intermittent eccentric maximal 3 s on 12 s off for 12 contractions"
ECC50 = "Intermittent eccentric maximal 3 s on 9 s off for 50 contractions"


@pytest.fixture(scope="module")
def elbow():
    return mf.models.integrative("elbow_flexors", motor_units=20)


def mvc_tests(model, bout, hours):
    """MVC right after `bout` and at each of `hours` after it, with the Result."""
    steps, prev = [bout, "MVC test"], 0.0
    for h in hours:
        steps += [f"Rest for {h - prev} h", "MVC test"]
        prev = h
    r = mf.simulate(model, steps)
    assert r.ok, r.message
    tests = [s for s in r.steps if s.label == "MVC test"]
    return np.array([s.mvc_fraction for s in tests]), r, tests


def test_maximal_eccentric_work_leaves_a_deficit_for_days(elbow):
    # Nosaka et al. 2002 (D001, D002): 58.1 % of pre-exercise MVC immediately after 12 maximal
    # eccentric actions, 73.1 % at 96 h (group means, SD not reported; between-subject spread is
    # large, D007: immediate loss -18 to -73 %). Tolerance 0.10 of MVC.
    mvc, r, _ = mvc_tests(elbow, MAX_ECC, [96])
    assert mvc[0] == pytest.approx(0.581, abs=0.10)
    assert mvc[1] == pytest.approx(0.731, abs=0.10)
    assert r["damage_fraction"][-1] > 0.1


def test_low_frequency_fatigue_after_eccentric_and_concentric_work(elbow):
    # Dundon et al. 2008 (D011, D012, D066): the 20:100 Hz ratio falls 50-60 % after both
    # eccentric and concentric elbow-flexor work; concentric MVC is back by 2 h while eccentric
    # MVC is still -22 % at 24 h. Bands: the ratio 0.35-0.55, concentric >= 0.93 at 2 h,
    # eccentric 0.78 +/- 0.10 at 24 h.
    con, rc, tc = mvc_tests(elbow, MAX_ECC.replace("eccentric", "concentric"), [2, 24])
    ecc, re, te = mvc_tests(elbow, MAX_ECC, [24])
    assert 0.35 <= rc["lff_ratio"][tc[0].first_sample] <= 0.55
    assert 0.35 <= re["lff_ratio"][te[0].first_sample] <= 0.55
    assert con[1] >= 0.93
    assert ecc[1] == pytest.approx(0.78, abs=0.10)
    # At 24 h the ratio is lower after eccentric work (coupling damage), as Dundon found.
    assert re["lff_ratio"][te[1].first_sample] < rc["lff_ratio"][tc[2].first_sample]


def test_light_prolonged_work_fatigues_more_but_recovers_within_days(elbow):
    # Nosaka et al. 2002 (D003-D005): after 2 h of 9 % MVC lifting and lowering the MVC is 44.1 %
    # right after, 79.8 % at 24 h and 97.8 % at 96 h, and CK peaks at only 356 IU/L (little
    # damage), against 58.1 % and 73.1 % after 12 maximal eccentric actions: fatigue, not damage.
    # Tolerance 0.10 (0.05 at 96 h). The size of the CK peak is missed by ~3x (docs/validation.md);
    # its ordering is pinned.
    light, r, _ = mvc_tests(elbow, "Intermittent eccentric 9% MVC 5 s on 5 s off for 2 h", [24, 96])
    assert light[0] == pytest.approx(0.441, abs=0.10)
    assert light[1] == pytest.approx(0.798, abs=0.10)
    assert light[2] == pytest.approx(0.978, abs=0.05)
    heavy, h, _ = mvc_tests(elbow, MAX_ECC, [96])
    assert light[0] < heavy[0] and light[2] > heavy[1]
    assert r["damage_fraction"].max() < 0.25 * h["damage_fraction"].max()
    _, ecc50, _ = mvc_tests(elbow, ECC50, [96])
    assert r["ck_serum_u_l"].max() < 0.25 * ecc50["ck_serum_u_l"].max()


def test_creatine_kinase_and_soreness_follow_damage_by_days(elbow):
    # CK after 50 maximal eccentric contractions (D038, n = 203): +6420 / +2100 / +311 % at days
    # 4 / 7 / 10; the between-subject range of peaks spans 124-50 440 IU/L (D009), so each rise
    # is accepted within a factor of 3. DOMS peaks at 24-72 h and is gone in 5-10 days (D015,
    # D016, D028, D029): peak in [24, 72] h, below 35 % of it by day 7 and 15 % by day 10.
    days = [1, 2, 3, 4, 7, 10]
    _, r, tests = mvc_tests(elbow, ECC50, [24 * d for d in days])
    ck = {d: r["ck_serum_u_l"][s.first_sample] for d, s in zip(days, tests[1:])}
    ck0 = elbow.parameters()["soreness.CK0"]
    for day, rise in ((4, 6420), (7, 2100), (10, 311)):
        simulated = 100 * (ck[day] / ck0 - 1)
        assert rise / 3 <= simulated <= rise * 3, (day, simulated)
    soreness = np.asarray(r["soreness"])
    peak = int(np.argmax(soreness))
    assert 24 <= r.t[peak] / 3600 <= 72
    assert 2.0 <= soreness[peak] <= 10.0
    assert r["soreness"][tests[5].first_sample] < 0.35 * soreness[peak]
    assert r["soreness"][tests[6].first_sample] < 0.15 * soreness[peak]


def test_muscle_il6_rises_about_19_fold_over_5_h_of_knee_extension():
    # Steensberg et al. 2000 (D048): arterial IL-6 19-fold after 5 h of one-legged knee
    # extension at 25 W (~40 % of peak power; here 20 % MVC 2 s on 2 s off, an assumption).
    # Accepted within 0.5x-2x; the rise comes from the working muscle, not from damage.
    knee = mf.models.integrative("knee_extensors", motor_units=20)
    r = mf.simulate(knee, ["Intermittent 20% MVC 2 s on 2 s off for 5 h"])
    fold = r["il6_plasma_pg_ml"][-1] / knee.parameters()["inflammation.IL6_0"]
    assert 19 / 2 <= fold <= 19 * 2
    assert r["damage_fraction"][-1] == 0.0


def test_a_repeated_bout_a_week_later_does_less_damage_and_recovers_faster(elbow):
    # The repeated-bout effect (Nosaka et al. 2005, D014; Lau et al. 2015, D013).
    steps = [
        MAX_ECC,
        "MVC test",
        "Rest for 4 days",
        "MVC test",
        "Rest for 3 days",
        MAX_ECC,
        "MVC test",
        "Rest for 4 days",
        "MVC test",
    ]
    r = mf.simulate(elbow, steps)
    tests = [s for s in r.steps if s.label == "MVC test"]
    first_loss, second_loss = 1 - tests[1].mvc_fraction, 1 - tests[3].mvc_fraction
    assert second_loss < first_loss
    d = r["damage_fraction"]
    made_first = d[r.steps[0].last_sample]
    made_second = d[r.steps[5].last_sample] - d[r.steps[5].first_sample]
    assert made_second < 0.75 * made_first


def test_a_population_of_virtual_subjects_covers_the_published_spread(elbow):
    # Damas et al. 2016 (D010, n = 286): the largest MVC decrease over the days after an
    # unaccustomed maximal eccentric bout clusters at 82 / 61 / 42 % of baseline; Nosaka et al.
    # 2006 (D007, 24 maximal eccentric actions): the loss right after spans -18 to -73 %; the
    # model's acute fatigue after 24 maximal contractions is at least ~30 %, so the low end of
    # that range is a documented miss and only the high end and a wide spread are pinned.
    # Subjects drawn (log-uniformly) from the documented sweep ranges of damage.g, damage.n and
    # lff.k (docs/models/damage.md, low_frequency_fatigue.md) span both.
    rng = np.random.default_rng(7)
    draws = zip(
        np.exp(rng.uniform(np.log(0.03), np.log(0.2), 16)),
        rng.uniform(2.0, 4.5, 16),
        np.exp(rng.uniform(np.log(0.01), np.log(0.06), 16)),
    )
    nadirs, immediate = [], []
    for g, n, k in draws:
        m = elbow.with_parameters({"damage.g": g, "damage.n": n, "lff.k": k})
        mvc, _, _ = mvc_tests(
            m, "Intermittent eccentric maximal 3 s on 9 s off for 24 contractions", [24, 48, 72, 96]
        )
        immediate.append(mvc[0])
        nadirs.append(mvc[1:].min())
    nadirs, immediate = np.array(nadirs), np.array(immediate)
    for centre in (0.82, 0.61, 0.42):  # every cluster centre has a subject within 0.08 of it
        assert np.min(np.abs(nadirs - centre)) <= 0.08, (centre, np.sort(nadirs).round(2))
    assert immediate.min() <= 0.40 and immediate.max() - immediate.min() >= 0.25, np.sort(
        immediate
    ).round(2)


def test_a_seven_day_protocol_keeps_few_samples_in_its_rests(elbow):
    # Long rests are single steps: the solver's steps grow to hours where nothing changes.
    steps = [ECC50] + ["Rest for 1 day", "MVC test"] * 6 + ["Rest for 1 day", ECC50, "MVC test"]
    r = mf.simulate(elbow, steps)
    assert r.ok
    rest = r.steps[1]
    assert rest.last_sample - rest.first_sample < 200
    assert r.t[-1] == pytest.approx(7 * 86400 + 2 * (50 * 12 - 9), rel=1e-9)


def test_contraction_modes_parse_and_round_trip():
    p = mf.Protocol(
        [
            "Intermittent eccentric maximal 3 s on 9 s off for 50 contractions",
            "Hold concentric at 30% MVC for 1 min",
            "Maximal eccentric contraction for 3 s",
            "Rest for 4 days",
        ]
    )
    steps = mf.Protocol.from_steps(
        [
            mf.Step.intermittent(1.0, 3, 9, duration_s=591, mode="eccentric"),
            mf.Step.hold(0.3, duration_s=60, mode="concentric"),
            mf.Step.rest(4 * 86400),
        ]
    )
    assert steps.steps == [
        "Intermittent eccentric 100% MVC 3 s on 9 s off for 591 s",
        "Hold concentric at 30% MVC for 60 s",
        "Rest for 345600 s",
    ]
    a = mf.simulate(mf.models.integrative("elbow_flexors", motor_units=8), p)
    b = mf.simulate(
        mf.models.integrative("elbow_flexors", motor_units=8), steps.steps + [p.steps[2]]
    )
    assert a.steps[0].end_s == pytest.approx(50 * 12 - 9)
    assert (
        a["damage_fraction"][a.steps[1].first_sample]
        == b["damage_fraction"][b.steps[1].first_sample]
    )
    step = mf.Step.hold(0.4, duration_s=60, mode="eccentric")
    assert step.mode == "eccentric" and "eccentric" in step.label
    import pickle

    assert pickle.loads(pickle.dumps(p)) == p
    with pytest.raises(mf.ParameterError, match="mode"):
        mf.Step.hold(0.4, duration_s=60, mode="plyometric")
    with pytest.raises(mf.ProtocolError, match="contractions"):
        mf.Protocol(["Intermittent eccentric maximal 3 s on 9 s off for 2.5 contractions"])
    with pytest.raises(mf.ProtocolError, match="task failure"):
        mf.Protocol(["Intermittent eccentric maximal 3 s on 9 s off until task failure"])


def test_each_slow_component_can_be_left_out():
    m = mf.models.integrative(
        "elbow_flexors",
        motor_units=10,
        leave_out=("damage", "low_frequency_fatigue", "inflammation", "soreness", "tone"),
    )
    r = mf.simulate(m, [MAX_ECC, "MVC test"])
    assert "damage_fraction" not in r
    lean = mf.models.integrative("elbow_flexors", motor_units=10, leave_out=("tone",))
    assert "tone_fraction" not in mf.simulate(lean, ["Rest for 1 h"])
