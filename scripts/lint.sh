#!/usr/bin/env bash
# The lint stage of .ci/run; fails on any finding:
#  1. every hook of .pre-commit-config.yaml over every tracked file (formatters must change
#     nothing: run scripts/format.sh to apply them; ruff's checks must find nothing);
#  2. clang-tidy (.clang-tidy) over our own translation units, src/*.cpp and python/src/*.cpp,
#     with the headers of include/myofatigue and python/src they include, from the compile
#     commands of a configure-only build tree (build/tidy: no compilation needed).
#   PYTHON       interpreter for the lint environment and the bindings' configure (default python3)
#   JOBS         parallel clang-tidy processes (default: number of cores)
#   CLANG_TIDY   clang-tidy binary (default clang-tidy-14, Debian 12's, from install_deps.sh)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/lint_env.sh
JOBS="${JOBS:-$(nproc 2>/dev/null || echo 2)}"
CLANG_TIDY="${CLANG_TIDY:-clang-tidy-14}"
start=$SECONDS

echo "==> formatters and ruff (.pre-commit-config.yaml)"
"$LINT_PYTHON" -m pre_commit run --all-files --show-diff-on-failure
echo "lint: hooks passed ($((SECONDS - start)) s)"

echo "==> clang-tidy (.clang-tidy)"
cmake -S . -B build/tidy -G Ninja -DCMAKE_BUILD_TYPE=Release -DMYOFATIGUE_BUILD_PYTHON=ON \
      -DMYOFATIGUE_BUILD_TESTS=OFF -DMYOFATIGUE_BUILD_BENCH=OFF -DMYOFATIGUE_BUILD_EXAMPLES=OFF \
      -DMYOFATIGUE_USE_CCACHE=OFF -DPython_EXECUTABLE="$(command -v "$PYTHON")" >/dev/null
mapfile -t units < <(git ls-files 'src/*.cpp' 'python/src/*.cpp')
if ((${#units[@]} == 0)); then
  echo "lint: no translation units to check" >&2
  exit 1
fi
# Each unit on its own, JOBS at a time; clang-tidy exits non-zero on a finding
# (WarningsAsErrors), and so does xargs then. Its "N warnings generated" chatter is dropped.
set +e
printf '%s\n' "${units[@]}" |
  xargs -P "$JOBS" -n 1 "$CLANG_TIDY" -p build/tidy --quiet --use-color=false 2>&1 |
  grep -v -e '^[0-9]* warnings\? generated\.$' -e '^Suppressed [0-9]* warnings' \
       -e '^Use -header-filter=' -e '^[0-9]* warnings\? treated as errors$'
status=${PIPESTATUS[1]}
set -e
if ((status != 0)); then
  echo "lint: clang-tidy findings (above)" >&2
  exit 1
fi
echo "lint: clang-tidy passed on ${#units[@]} translation units ($((SECONDS - start)) s)"
