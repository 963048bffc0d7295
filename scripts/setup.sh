#!/usr/bin/env bash
# Sets up Verso on a fresh machine: a virtual environment in .venv with Verso and its
# test tools installed in editable mode. Idempotent: run it again after a pull.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip >/dev/null 2>&1 || true
.venv/bin/python -m pip install --quiet -e '.[dev]'
