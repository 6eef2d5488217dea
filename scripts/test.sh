#!/usr/bin/env bash
# Run the whole test suite from a fresh clone: bash scripts/test.sh [--with-frozen] [pytest args...]
#   - installs uv, the .venv and the Debian packages the tests need (as root)
#   - starts a throwaway PostgreSQL 15 and exports TEST_DATABASE_URL
#   - checks the import-linter contracts and the types (mypy --strict)
#   - builds the frozen app (PyInstaller) when CI is set or --with-frozen is given
#   - runs pytest last; "no tests collected" (exit 5) counts as a failure
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1

with_frozen=""
[ -n "${CI:-}" ] && with_frozen=1
pytest_args=()
for arg in "$@"; do
    if [ "$arg" = "--with-frozen" ]; then
        with_frozen=1
    else
        pytest_args+=("$arg")
    fi
done

# shellcheck source=scripts/bootstrap.sh
source scripts/bootstrap.sh || exit 1

# Xvfb and the libraries Qt's xcb platform plugin loads (checked with ldd on libqxcb.so,
# libQt6XcbQpa and the xcbglintegrations plugins); poppler-utils for pdftotext in tests;
# xdotool and openbox (a window manager, so the window takes the focus) for the smoke test
# that types a meeting with real keys.
ensure_debs xvfb xauth xdotool openbox \
    libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0 libxcb-image0 libxcb-randr0 \
    libxcb-render-util0 libxcb-shape0 libxcb-xfixes0 libxcb-sync1 libxcb-xkb1 libxcb-glx0 \
    libx11-xcb1 libxkbcommon-x11-0 libegl1 libgl1 libfontconfig1 libdbus-1-3 \
    fonts-dejavu-core poppler-utils || exit 1

# shellcheck source=scripts/pg.sh
source scripts/pg.sh
pg_start
trap pg_stop EXIT
trap 'exit 130' INT TERM

echo "== import contracts"
mkdir -p build
.venv/bin/lint-imports --no-cache --no-logo >build/lint-imports.log 2>&1
rc=$?
if [ "$rc" -ne 0 ]; then
    cat build/lint-imports.log
    echo "import-linter contracts broken (exit $rc)" >&2
    exit "$rc"
fi
grep -E "Contracts:" build/lint-imports.log || true

# Types as a gate (issue #19): these packages stay at zero errors under mypy --strict
# (configured in pyproject.toml). A package joins the list once it is at zero.
echo "== types (mypy --strict)"
.venv/bin/mypy app/rules app/models app/sync >build/mypy.log 2>&1
rc=$?
if [ "$rc" -ne 0 ]; then
    cat build/mypy.log
    echo "mypy found type errors (exit $rc)" >&2
    exit "$rc"
fi
tail -n 1 build/mypy.log

if [ -n "$with_frozen" ]; then
    echo "== building the frozen app (PyInstaller)"
    start=$SECONDS
    if ! bash installer/build.sh >build/pyinstaller.log 2>&1; then
        tail -n 40 build/pyinstaller.log
        echo "frozen build failed; full log in build/pyinstaller.log" >&2
        exit 1
    fi
    FROZEN_APP="$PWD/$(tail -n 1 build/pyinstaller.log)"
    if [ ! -x "$FROZEN_APP" ]; then
        echo "frozen build produced no executable at $FROZEN_APP" >&2
        exit 1
    fi
    export FROZEN_APP
    echo "built $FROZEN_APP in $((SECONDS - start)) s"
fi

echo "== pytest"
.venv/bin/python -m pytest "${pytest_args[@]}"
rc=$?
if [ "$rc" -eq 5 ]; then
    echo "pytest collected no tests: failing" >&2
    exit 1
fi
exit "$rc"
