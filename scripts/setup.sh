#!/usr/bin/env bash
# Creates .venv and installs reportqa with everything it needs; safe to re-run.
#   scripts/setup.sh          runtime dependencies
#   scripts/setup.sh --test   runtime + test dependencies
set -euo pipefail
cd "$(dirname "$0")/.."

extras=""
if [[ "${1:-}" == "--test" ]]; then extras="[test]"; fi

python="${PYTHON:-python3}"
if [[ ! -x .venv/bin/python ]]; then
    "$python" -m venv .venv
fi

# Pin torch first: an unpinned torch resolves to a multi-GB CUDA build, while
# 2.13.0 is a CPU wheel (and is what the dependency range below accepts).
.venv/bin/pip install --quiet --disable-pip-version-check "torch==2.13.0"
.venv/bin/pip install --quiet --disable-pip-version-check -e ".${extras}"
# Some extras silently downgrade huggingface-hub below what gradio needs; fail early.
.venv/bin/pip check
echo "reportqa installed in .venv"
