#!/usr/bin/env bash
# Checks python/myofatigue/_core/*.pyi against the INSTALLED module with mypy's stubtest
# (scripts/test.sh runs it after pytest; regenerate with scripts/gen_stubs.sh).
#   PYTHON  interpreter with myofatigue and mypy installed (default python3)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PYTHON="${PYTHON:-python3}"
root="$PWD"
# From outside the repository, so that the runtime module is the installed one; MYPYPATH gives
# mypy the stubs (and the pure-Python package they import from) in python/.
cd "$(mktemp -d)"
MYPYPATH="$root/python" "$PYTHON" -m mypy.stubtest myofatigue._core \
  --mypy-config-file "$root/python/stubtest/mypy.ini" \
  --allowlist "$root/python/stubtest/allowlist.txt"
