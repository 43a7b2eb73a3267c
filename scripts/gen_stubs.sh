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
