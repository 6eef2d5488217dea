# shellcheck shell=bash
# Sourced by the other scripts: makes sure uv and the project's .venv exist, and offers
# `ensure_debs pkg...` to install missing Debian packages. Idempotent and non-interactive.

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export REPO_ROOT
export UV_PYTHON_DOWNLOADS=never
export PATH="${HOME:-/root}/.local/bin:$PATH"

_bootstrap_log() { echo "[bootstrap] $*" >&2; }

_ensure_uv() {
    command -v uv >/dev/null 2>&1 && return 0
    _bootstrap_log "installing uv with pip"
    local pip=(env PIP_ROOT_USER_ACTION=ignore python3 -m pip install --quiet --disable-pip-version-check)
    # Plain first (pyenv/venv Python), then per-user, then per-user past Debian's PEP 668 guard.
    "${pip[@]}" uv >&2 2>/dev/null \
        || "${pip[@]}" --user uv >&2 2>/dev/null \
        || "${pip[@]}" --user --break-system-packages uv >&2 \
        || { _bootstrap_log "could not install uv"; return 1; }
    hash -r
    if ! command -v uv >/dev/null 2>&1; then
        # pip may have put it next to the interpreter rather than on PATH.
        local scripts
        scripts="$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))')"
        export PATH="$scripts:$PATH"
    fi
    command -v uv >/dev/null 2>&1 || { _bootstrap_log "uv still not found on PATH"; return 1; }
}

_apt_updated=""

# ensure_debs pkg... : apt-get install only the packages not yet installed.
ensure_debs() {
    local missing=() pkg
    for pkg in "$@"; do
        dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
    done
    [ "${#missing[@]}" -eq 0 ] && return 0
    if [ "$(id -u)" -ne 0 ]; then
        _bootstrap_log "WARNING: not root, cannot install missing Debian packages: ${missing[*]}"
        return 0
    fi
    export DEBIAN_FRONTEND=noninteractive
    if [ -z "$_apt_updated" ]; then
        apt-get update -qq >/dev/null 2>&1 </dev/null \
            || { _bootstrap_log "apt-get update failed"; return 1; }
        _apt_updated=1
    fi
    _bootstrap_log "installing Debian packages: ${missing[*]}"
    local aptlog
    aptlog="$(mktemp)"
    if ! apt-get install -y -qq --no-install-recommends "${missing[@]}" >"$aptlog" 2>&1 </dev/null; then
        tail -n 20 "$aptlog" >&2
        rm -f "$aptlog"
        _bootstrap_log "apt-get install failed: ${missing[*]}"
        return 1
    fi
    rm -f "$aptlog"
}

_ensure_uv || return 1 2>/dev/null || exit 1
(cd "$REPO_ROOT" && uv sync --frozen --quiet) \
    || { _bootstrap_log "uv sync --frozen failed"; return 1 2>/dev/null || exit 1; }
