#!/usr/bin/env bash
# Builds the documentation site into build/docs/html with warnings as errors, executing
# docs/getting_started.md and every notebook in examples/notebooks/ (a cell that raises fails the
# build). One command, locally and in CI:
#   bash scripts/build_docs.sh            then open build/docs/html/index.html
# Everything goes into its own virtual environment, build/docs-venv, created with
# --system-site-packages (what the machine has is reused; nothing is installed into the system
# Python). The package is installed there from this tree with --no-build-isolation, so that the
# CMake build in build/{wheel_tag} is reused: the first run compiles the extension (minutes),
# later ones only what changed. The C++ API pages come from Doxygen's XML of include/ when
# `doxygen` is installed (scripts/install_deps.sh installs it); without it they say so, and the
# build still checks everything else.
#   PYTHON                         interpreter to create the environment with (default python3)
#   MYOFATIGUE_DOCS_USE_INSTALLED  1: document the myofatigue the environment already sees (CI:
#                                  the one scripts/test.sh just installed) instead of installing
#                                  this tree; only the `docs` extra's packages are installed
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PYTHON="${PYTHON:-python3}"
venv=build/docs-venv
out=build/docs

start=$SECONDS
if [[ ! -x "$venv/bin/python" ]]; then
  "$PYTHON" -m venv --system-site-packages "$venv"
fi
export PATH="$PWD/$venv/bin:$PATH"  # the notebooks' kernel is this environment's python
pip=(python -m pip install -q --disable-pip-version-check)
if [[ "${MYOFATIGUE_DOCS_USE_INSTALLED:-0}" == 1 ]]; then
  # The `docs` extra of pyproject.toml, without the package itself.
  mapfile -t requirements < <(python - <<'PY'
import re, pathlib
text = pathlib.Path("pyproject.toml").read_text()
block = re.search(r"^docs = \[(.*?)\]", text, re.S | re.M).group(1)
print("\n".join(re.findall(r'"([^"]+)"', block)))
PY
  )
  "${pip[@]}" "${requirements[@]}"
  python -c "import myofatigue, sys; print('build_docs: documenting', myofatigue.__file__)"
else
  "${pip[@]}" "scikit-build-core>=0.10" "pybind11>=2.12"  # for --no-build-isolation
  "${pip[@]}" --no-build-isolation ".[docs]"
fi
echo "build_docs: environment ready after $((SECONDS - start)) s"

rm -rf "$out/html" "$out/doctrees" "$out/doxygen"
mkdir -p "$out"
if command -v doxygen >/dev/null 2>&1; then
  mkdir -p "$out/doxygen"
  # Doxygen's own warnings (undocumented parameters, ...) are not checked here: the pages that
  # breathe renders from its XML are, with the rest of the site, as Sphinx warnings.
  (cat docs/Doxyfile; echo "OUTPUT_DIRECTORY = $out/doxygen") | doxygen - >/dev/null
  export MYOFATIGUE_DOCS_DOXYGEN_XML="$PWD/$out/doxygen/xml"
else
  echo "build_docs: doxygen not found: the C++ API pages are left out" >&2
  unset MYOFATIGUE_DOCS_DOXYGEN_XML
fi

# -W: warnings are errors; --keep-going: report all of them before failing.
python -m sphinx -W --keep-going -j "${JOBS:-1}" -b html -d "$out/doctrees" docs "$out/html"
echo "build_docs: site in $out/html/index.html ($((SECONDS - start)) s)"
