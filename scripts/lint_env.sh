# Sourced by scripts/format.sh and scripts/lint.sh: the environment with pre-commit, created on
# first use (build/lint-venv). Sets LINT_PYTHON.
PYTHON="${PYTHON:-python3}"
lint_venv=build/lint-venv
if [[ ! -x "$lint_venv/bin/python" ]]; then
  "$PYTHON" -m venv "$lint_venv"
fi
LINT_PYTHON="$lint_venv/bin/python"
"$LINT_PYTHON" -m pip install -q --disable-pip-version-check "pre-commit==4.7.0"
