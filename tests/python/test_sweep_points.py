"""Sweep points (issue 13): grid, latin_hypercube and points build an (n, k) table of parameter
values; keys and ranges are checked against a model before anything runs, with errors that name
the key and the allowed range."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import myofatigue as mf

KNEE = mf.models.three_compartment("knee")


def test_grid_is_the_cartesian_product_with_the_first_key_slowest():
    pts = mf.grid({"fatigue.F": [0.01, 0.02], "fatigue.R": [0.001, 0.002, 0.003]})
    assert pts.keys == ("fatigue.F", "fatigue.R")
    assert len(pts) == 6
    np.testing.assert_array_equal(pts.column("fatigue.F"), [0.01] * 3 + [0.02] * 3)
    np.testing.assert_array_equal(pts.column("fatigue.R"), [0.001, 0.002, 0.003] * 2)
    assert not pts.values.flags.writeable


def test_grid_with_a_model_names_the_key_and_the_allowed_range():
    with pytest.raises(mf.ParameterError, match=r"fatigue\.F.*allowed range \[0, 1\]") as e:
        mf.grid({"fatigue.F": [0.01, 2.0]}, model=KNEE)
    assert e.value.field == "fatigue.F"
    with pytest.raises(mf.ParameterError, match="did you mean.*'fatigue.F'") as e:
        mf.grid({"fatigue.G": [0.01]}, model=KNEE)
    assert e.value.field == "fatigue.G"


def test_grid_refuses_empty_axes_non_numbers_and_non_finite_values():
    with pytest.raises(mf.ParameterError, match="fatigue.F"):
        mf.grid({"fatigue.F": []})
    with pytest.raises(mf.ArgumentTypeError, match="fatigue.F"):
        mf.grid({"fatigue.F": ["a"]})
    with pytest.raises(mf.ParameterError, match="not finite"):
        mf.grid({"fatigue.F": [np.inf]})
    with pytest.raises(mf.ArgumentTypeError, match="axes"):
        mf.grid([("fatigue.F", [1.0])])


def test_latin_hypercube_is_reproducible_and_stratified():
    pytest.importorskip("scipy")
    bounds = {"fatigue.F": (0.005, 0.03), "fatigue.R": (5e-4, 5e-3)}
    a = mf.latin_hypercube(bounds, n=50, seed=1)
    b = mf.latin_hypercube(bounds, n=50, seed=1)
    assert a == b and a != mf.latin_hypercube(bounds, n=50, seed=2)
    for j, (lo, hi) in enumerate(bounds.values()):
        # one point in each of the n equal strata of every axis
        strata = np.floor((a.values[:, j] - lo) / (hi - lo) * 50).astype(int)
        assert sorted(strata) == list(range(50))


def test_latin_hypercube_log_axes_and_bounds_checked_against_the_model():
    pytest.importorskip("scipy")
    pts = mf.latin_hypercube({"fatigue.R": (1e-4, 1e-2)}, n=20, seed=0, log=["fatigue.R"])
    strata = np.floor(np.log10(pts.values[:, 0] / 1e-4) / 2 * 20).astype(int)
    assert sorted(strata) == list(range(20))
    with pytest.raises(mf.ParameterError, match=r"fatigue\.r.*allowed range \[1, 100\]") as e:
        mf.latin_hypercube({"fatigue.r": (0.5, 10.0)}, n=4, model=KNEE)
    assert e.value.field == "fatigue.r"
    with pytest.raises(mf.ParameterError, match="not increasing"):
        mf.latin_hypercube({"fatigue.F": (0.02, 0.01)}, n=4)
    with pytest.raises(mf.ParameterError, match="n: value 0"):
        mf.latin_hypercube({"fatigue.F": (0.01, 0.02)}, n=0)


def test_points_from_a_dataframe_a_mapping_and_an_array_agree():
    pd = pytest.importorskip("pandas")
    data = {"fatigue.F": [0.01, 0.02], "fatigue.R": [0.001, 0.002]}
    from_dict = mf.points(data)
    assert mf.points(pd.DataFrame(data)) == from_dict
    assert mf.points(np.array(list(zip(*data.values()))), names=list(data)) == from_dict
    assert mf.points(from_dict) is from_dict
    with pytest.raises(mf.ParameterError, match="names"):
        mf.points(np.zeros((2, 2)))
    with pytest.raises(mf.ParameterError, match="same length"):
        mf.points({"fatigue.F": [0.01], "fatigue.R": [0.1, 0.2]})
    with pytest.raises(mf.ParameterError, match=r"fatigue\.F: point 1 has value 5\.0"):
        mf.points({"fatigue.F": [0.01, 5.0]}, model=KNEE)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.lists(st.floats(-1e6, 1e6), min_size=1, max_size=4), min_size=1, max_size=3))
def test_grid_size_is_the_product_of_the_axis_lengths(axes):
    pts = mf.grid({f"k{i}": v for i, v in enumerate(axes)})
    assert len(pts) == int(np.prod([len(v) for v in axes]))
    for j, values in enumerate(axes):
        assert set(pts.values[:, j]) == set(np.asarray(values, dtype=float))
