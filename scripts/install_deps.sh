#!/usr/bin/env bash
# Installs everything myofatigue needs on a Debian 12 machine: the C++ toolchain and libraries
# (apt) and the Python test/benchmark dependencies (pip, into the active python3).
# Idempotent and non-interactive: apt runs only for packages that are missing.
# Works as root or through sudo.
#   MYOFATIGUE_SKIP_SUNDIALS=1  skip libsundials-dev (only the CVODE benchmark peer needs it;
#                               it pulls in MPI/PETSc, several hundred MB)
#   PYTHON=/path/to/python      the interpreter to install the Python packages into (default python3)
set -euo pipefail

PYTHON="${PYTHON:-python3}"

if [[ $(id -u) -eq 0 ]]; then
  SUDO=()
elif command -v sudo >/dev/null 2>&1; then
  SUDO=(sudo)
else
  SUDO=()
  echo "install_deps: not root and no sudo; apt-get will fail if packages are missing" >&2
fi

packages=(g++ make pkg-config libeigen3-dev libboost-dev doctest-dev libbenchmark-dev
          python3-dev python3-venv python3-pip ccache
          clang-14 libclang-rt-14-dev  # libFuzzer + sanitizer runtimes for tests/fuzz
          doxygen  # the C++ API pages of the documentation site (scripts/build_docs.sh)
          clang-tidy-14)  # scripts/lint.sh
command -v cmake >/dev/null 2>&1 || packages+=(cmake)
command -v ninja >/dev/null 2>&1 || packages+=(ninja-build)
[[ "${MYOFATIGUE_SKIP_SUNDIALS:-0}" == 1 ]] || packages+=(libsundials-dev)

missing=()
for p in "${packages[@]}"; do
  if [[ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" != "install ok installed" ]]; then
    missing+=("$p")
  fi
done
if ((${#missing[@]})); then
  echo "install_deps: apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  "${SUDO[@]}" apt-get update -q
  "${SUDO[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
else
  echo "install_deps: Debian packages already present"
fi

# Debian's own python3 is "externally managed" (PEP 668): pip refuses to install into it.
if "$PYTHON" - <<'PY'
import sys, sysconfig, pathlib
in_venv = sys.prefix != sys.base_prefix
managed = (pathlib.Path(sysconfig.get_path("stdlib")) / "EXTERNALLY-MANAGED").exists()
sys.exit(0 if managed and not in_venv else 1)
PY
then
  echo "install_deps: $PYTHON is Debian's externally managed Python. Create and activate a venv" >&2
  echo "first:  python3 -m venv .venv && . .venv/bin/activate  (then re-run this script)" >&2
  exit 1
fi

# Build tools (pip builds use an isolated environment; these serve editable/no-isolation builds)
# and the test + benchmark extras from pyproject.toml.
"$PYTHON" -m pip install -q --disable-pip-version-check \
  "scikit-build-core>=0.10" "pybind11>=2.12" \
  numpy "pytest>=7" hypothesis scipy pandas matplotlib
echo "install_deps: done"
