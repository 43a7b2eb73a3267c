#!/usr/bin/env bash
# Applies every formatter of .pre-commit-config.yaml (clang-format, ruff check --fix, ruff format,
# gersemi, the whitespace and end-of-file fixers) to every tracked file, in place. Review with
# `git diff`, then commit. scripts/lint.sh (the lint stage of .ci/run) passes afterwards unless a
# finding needs a person (a ruff finding without a safe fix, a clang-tidy finding).
# pre-commit runs from its own environment, build/lint-venv, and installs the pinned tools from
# PyPI into its cache (~/.cache/pre-commit) on first use.
#   PYTHON  interpreter to create the environment with (default python3)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/lint_env.sh

# A hook that changed files exits non-zero, so run until a pass changes nothing: clang-format
# needs two passes on a few files (a reflowed comment re-aligns on the second), hence three.
for pass in 1 2 3; do
  if "$LINT_PYTHON" -m pre_commit run --all-files >/tmp/myofatigue-format.$$ 2>&1; then
    rm -f /tmp/myofatigue-format.$$
    git status --short
    echo "format.sh: done after $pass pass(es); review with git diff, then commit"
    exit 0
  fi
done
cat /tmp/myofatigue-format.$$
rm -f /tmp/myofatigue-format.$$
echo "format.sh: findings remain that no formatter fixes (above)" >&2
exit 1
