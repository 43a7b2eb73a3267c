#!/usr/bin/env bash
# The whole test suite, as README and CI run it (dependencies: scripts/install_deps.sh):
#   1. C++: configure + build the `release` preset (Release, tests on, benchmarks compiled), ctest;
#   2. Python: pip install ".[test]" (builds myofatigue._core), pytest tests/python, and the
#      type stubs python/myofatigue/_core/*.pyi checked against the module (scripts/check_stubs.sh).
# Exits non-zero on any failure, including "no tests ran" from ctest or pytest.
#   PYTHON            interpreter to install into and test with (default python3)
#   JOBS              parallel build/test jobs (default: number of cores)
#   MYOFATIGUE_WERROR ON to build with -Werror (CI does)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PYTHON="${PYTHON:-python3}"
JOBS="${JOBS:-$(nproc 2>/dev/null || echo 2)}"

echo "==> C++ tests (preset: release)"
cmake --preset release -DMYOFATIGUE_WERROR="${MYOFATIGUE_WERROR:-OFF}"
cmake --build --preset release -j "$JOBS"
ctest --preset release -j "$JOBS"

echo "==> Python package + tests"
"$PYTHON" -m pip install --disable-pip-version-check ".[test]"
set +e
"$PYTHON" -m pytest tests/python
rc=$?
set -e
if [[ $rc -eq 5 ]]; then
  echo "test.sh: pytest collected no tests (exit 5): treating as failure" >&2
  exit 1
fi
((rc == 0)) || exit $rc

echo "==> Type stubs of myofatigue._core against the installed module (mypy.stubtest)"
PYTHON="$PYTHON" bash scripts/check_stubs.sh
