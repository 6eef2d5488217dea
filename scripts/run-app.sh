#!/usr/bin/env bash
# Run Consortium Buying from a checkout: bash scripts/run-app.sh [--data-dir DIR] [...]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/bootstrap.sh
source scripts/bootstrap.sh

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
    echo "No DISPLAY or WAYLAND_DISPLAY: starting headless (QT_QPA_PLATFORM=offscreen) -" \
         "nothing will be visible; stop it with Ctrl+C. To see the window here, run" \
         "'xvfb-run -a bash scripts/run-app.sh' and take screenshots, or add --self-test." >&2
    export QT_QPA_PLATFORM=offscreen
fi
exec .venv/bin/python -m app "$@"
