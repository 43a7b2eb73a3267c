"""Replicated components from Python (issue 9): build_model with a unit count, per-unit results
as (n_samples, n_units) arrays and as an xarray Dataset with dims ("t", "unit"), pickling, and
the Potvin & Fuglevand 2017 pool through endurance_time."""

import pickle

import numpy as np
import pytest

import myofatigue as mf

# Potvin & Fuglevand 2017 endurance time at 50 % MVC from a port of the authors' code
# (tests/data/potvin_fuglevand_2017_et.csv); the C++ test checks 10-90 % within 5 %.
ET_50_S = 95.5


@pytest.fixture(scope="module")
def small_pool():
    return mf.build_model([("motor_unit_pool", {"units": 12})])


def test_build_model_takes_a_unit_count_and_lays_units_out_as_keys(small_pool):
    keys = small_pool.state_keys
    assert len(keys) == 24
    assert keys[:4] == ["pool.P[0]", "pool.A[0]", "pool.P[1]", "pool.A[1]"]


def test_per_unit_variables_come_back_as_samples_by_units(small_pool):
    r = mf.simulate(small_pool, ["Hold at 60% MVC for 10 s"])
    assert r.ok
    p = r["pool.P"]
    assert p.shape == (r.t.size, 12)
    assert not p.flags.writeable
    np.testing.assert_array_equal(p[:, 3], r["pool.P[3]"])
    assert r["pool.FR"].shape == (r.t.size, 12)
    assert "pool.P" in r and "pool.P[11]" in r and "pool.P[12]" not in r
    # Higher-threshold units fatigue faster than low-threshold ones (Potvin 2017): unit 6 of 12
    # is recruited early in a 60 % hold and has a 17 times larger fatigue rate than unit 0.
    assert p[-1, 6] < p[-1, 0] < 1.0
    # Signals written by a component are recorded under their key.
    assert r["muscle.force_fraction"][-1] == pytest.approx(0.6, rel=1e-6)


def test_to_xarray_gives_t_and_unit_dims(small_pool):
    pytest.importorskip("xarray")
    r = mf.simulate(small_pool, ["Hold at 30% MVC for 5 s"])
    ds = r.to_xarray()
    assert ds["pool.P"].dims == ("t", "unit")
    assert ds["pool.P"].shape == (r.t.size, 12)
    assert ds["pool.capacity"].dims == ("t",)
    assert ds["pool.FR"].attrs["units"] == "Hz"
    np.testing.assert_array_equal(ds["t"].values, r.t)


def test_a_pool_model_pickles_with_its_unit_count(small_pool):
    again = pickle.loads(pickle.dumps(small_pool))
    assert again == small_pool
    assert len(again.state_keys) == 24


def test_unit_counts_and_options_are_checked_and_named():
    with pytest.raises(mf.ParameterError) as e:
        mf.build_model([("motor_unit_pool", {"unitz": 3})])
    assert "unitz" in e.value.field
    with pytest.raises(mf.ParameterError) as e:
        mf.build_model([("three_compartment", {"units": 3})])
    assert e.value.field == "units"
    with pytest.raises(TypeError):
        mf.build_model([("motor_unit_pool", {"units": 2.5})])
    with pytest.raises(mf.ParameterError):
        mf.models.potvin_fuglevand(units=1)


def test_potvin_fuglevand_endurance_time_at_50_percent_matches_the_published_model():
    pool = mf.models.potvin_fuglevand(units=120)
    # 5 %: the tolerance the C++ validation uses over 10-90 % MVC (ports agree to ~2 %).
    assert mf.endurance_time(pool, 0.5) == pytest.approx(ET_50_S, rel=0.05)
