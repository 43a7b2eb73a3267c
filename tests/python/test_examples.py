"""The Python examples run as tests: each exits cleanly and writes what it promises."""

import pathlib
import runpy

import pytest

EXAMPLES = pathlib.Path(__file__).resolve().parents[2] / "examples" / "python"


def run_example(name, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # examples write to the working directory
    runpy.run_path(str(EXAMPLES / name), run_name="__main__")


def test_endurance_curve_writes_a_png(tmp_path, monkeypatch, capsys):
    pytest.importorskip("matplotlib")
    run_example("endurance_curve.py", tmp_path, monkeypatch)
    png = tmp_path / "endurance_curve.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "ratio" in capsys.readouterr().out


def test_stiff_demo_reports_digits_and_statistics(tmp_path, monkeypatch, capsys):
    run_example("stiff_demo.py", tmp_path, monkeypatch)
    out = capsys.readouterr().out
    for problem in ("ROBER", "HIRES", "VDPOL"):
        assert problem in out


def test_custom_component_composes_a_python_component_with_the_pool(tmp_path, monkeypatch, capsys):
    run_example("custom_component.py", tmp_path, monkeypatch)  # exits non-zero if the index is off
    out = capsys.readouterr().out
    assert "tension-time index" in out and "pool capacity" in out


def test_parameter_sweep_runs_both_sweeps_and_resumes_its_store(tmp_path, monkeypatch, capsys):
    pytest.importorskip("scipy")  # latin_hypercube
    run_example("parameter_sweep.py", tmp_path, monkeypatch)
    out = capsys.readouterr().out
    assert "48 points: 48 ok" in out and "64 points: 64 ok" in out
    if (tmp_path / "runs" / "FR.zarr").exists():  # zarr installed: a second run resumes
        run_example("parameter_sweep.py", tmp_path, monkeypatch)
        assert "48 points: 48 ok" in capsys.readouterr().out
    if (tmp_path / "parameter_sweep.png").exists():
        assert (tmp_path / "parameter_sweep.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_fit_endurance_time_reports_intervals(tmp_path, monkeypatch, capsys):
    pytest.importorskip("scipy")
    run_example("fit_endurance_time.py", tmp_path, monkeypatch)
    out = capsys.readouterr().out
    assert "EnduranceFit(fatigue.F=" in out and "95 % interval" in out
    if (tmp_path / "fit_endurance_time.png").exists():
        assert (tmp_path / "fit_endurance_time.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_massage_vs_rest_prints_both_scenarios_and_writes_the_figure(tmp_path, monkeypatch, capsys):
    pytest.importorskip("matplotlib")
    run_example("massage_vs_rest.py", tmp_path, monkeypatch)
    out = capsys.readouterr().out
    for arm in ("passive rest", "active recovery", "massage (measured)", "massage (claimed)"):
        assert arm in out
    assert "daily massage (measured) soreness" in out and "soreness relief of daily massage" in out
    assert (tmp_path / "massage_vs_rest.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
