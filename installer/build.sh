#!/usr/bin/env bash
# Build the one-folder frozen app with PyInstaller. Run from anywhere; prints, as its last
# line, the executable's path relative to the repository root.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [ ! -x .venv/bin/pyinstaller ]; then
    # shellcheck source=scripts/bootstrap.sh
    source scripts/bootstrap.sh
fi
.venv/bin/pyinstaller --noconfirm --clean --log-level WARN \
    --distpath build/dist --workpath build/work installer/consortium.spec
exe=build/dist/consortium/consortium
[ -f build/dist/consortium/consortium.exe ] && exe=build/dist/consortium/consortium.exe
test -x "$exe" || { echo "no executable at $exe" >&2; exit 1; }
echo "$exe"
