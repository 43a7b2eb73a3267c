#!/usr/bin/env bash
# Regenerates the type stubs of the compiled module, python/myofatigue/_core/{__init__,problems}.pyi,
# from the INSTALLED module (pip install ".[test]" first), then checks them (check_stubs.sh).
# pybind11-stubgen writes the stubs; the fixes below are applied every time, so regenerating after a
# change to the bindings is this one command. Review the diff: docstrings and signatures come from
# the bindings, so argument names and types are only as good as the py::arg()s and C++ types there.
#   PYTHON  interpreter with myofatigue installed (default python3); pybind11-stubgen is installed
#           into it if missing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PYTHON="${PYTHON:-python3}"

"$PYTHON" -c "import pybind11_stubgen" 2>/dev/null ||
  "$PYTHON" -m pip install -q --disable-pip-version-check "pybind11-stubgen>=2.5"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
# Run outside the repository so that the installed package is imported, not python/myofatigue.
(cd "$out" && "$PYTHON" -m pybind11_stubgen myofatigue._core -o "$out" --exit-code)

"$PYTHON" - "$out/myofatigue/_core" <<'PY'
import pathlib, re, sys
src = pathlib.Path(sys.argv[1])
for f in sorted(src.glob("*.pyi")):
    text = f.read_text()
    # The exception classes are defined in Python (myofatigue._errors) and re-exported by _core.
    text = re.sub(r"^from myofatigue import (\w+Error)$", r"from myofatigue._errors import \1",
                  text, flags=re.M)
    # pybind11 modules have no __all__ at run time.
    text = re.sub(r"^__all__: .*\n", "", text, flags=re.M)
    # pybind11 sets __hash__ = None on classes with __eq__; typeshed spells it this way.
    text = re.sub(r"^(\s*__hash__: typing\.ClassVar\[None\] = None)$",
                  r"\1  # type: ignore[assignment]", text, flags=re.M)
    # The bindings take py::object and check types themselves (to raise errors that name the
    # argument), so pybind11-stubgen sees typing.Any; the public signatures get the types they
    # accept, by argument name (private functions, with a leading underscore, keep Any).
    seq, mapping = "collections.abc.Sequence", "collections.abc.Mapping"
    accepted = {
        "model": "Model", "protocol": f"Protocol | {seq}[str | Step]", "steps": f"{seq}[str | Step]",
        "load_fraction": "float", "rtol": "float", "atol": "float", "method": "str",
        "linear_solver": "str", "on_failure": "str", "max_task_duration_s": "float",
        "max_step": "float", "first_step": "float", "max_steps": "int", "max_phases": "int",
        "duration_s": "float | None", "until_task_failure": "bool", "mode": "str", "label": "str",
        "interventions": f"str | {seq}[str] | {mapping}[str, {mapping}[str, float | str]] | None",
        "on_s": "float", "off_s": "float", "frequency_hz": "float", "cycles": "int",
        "components": f"{seq}[str]", "parameters": f"ParameterSet | {mapping}[str, float] | None",
        "values": f"{mapping}[str, float]", "name": "str", "key": "str", "other": "object",
    }

    def typed(match):
        line = match.group(0)
        for arg, kind in accepted.items():
            line = re.sub(rf"\b{arg}: typing\.Any", f"{arg}: {kind}", line)
        return line

    text = re.sub(r"^\s*def (?!_(?!_))\w+\(.*$", typed, text, flags=re.M)
    text = re.sub(r"(def __eq__\(self, other: object\)) -> typing\.Any:", r"\1 -> bool:", text)
    if f.name == "problems.pyi":
        # The stiff test-set problems are py::is_final at run time.
        text = re.sub(r"^class ", "@typing.final\nclass ", text, flags=re.M)
    f.write_text(text)
PY
dest=python/myofatigue/_core
rm -rf "$dest"
mkdir -p "$dest"
cp "$out"/myofatigue/_core/*.pyi "$dest"/
echo "gen_stubs: wrote $(ls "$dest"/*.pyi | tr '\n' ' ')"
bash scripts/check_stubs.sh
