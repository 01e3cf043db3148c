# Sourced by scripts/demo and scripts/test: one virtual environment, .venv,
# with vnsearch installed in editable mode (plus any extras named in $1).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".${1:-}"
export PATH="$PWD/.venv/bin:$PATH"
