# shellcheck shell=bash
# Throwaway PostgreSQL 15 cluster for tests. Source this file, then:
#   pg_start   # exports TEST_DATABASE_URL (left unset, with a warning, if impossible)
#   pg_stop    # stops the cluster and removes its folder
# Uses ensure_debs from bootstrap.sh when it is loaded, to install postgresql if absent.

PG_BIN=/usr/lib/postgresql/15/bin
PG_DB=consortium_test

_pg_log() { echo "[pg] $*" >&2; }

# _pg_as_postgres cmd... : run a server command as the cluster's owner. initdb refuses root,
# so root runs it as `postgres`; any other user runs it as itself.
_pg_as_postgres() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

pg_start() {
    unset TEST_DATABASE_URL
    if [ ! -x "$PG_BIN/initdb" ]; then
        if declare -F ensure_debs >/dev/null; then
            ensure_debs postgresql || true
        elif [ "$(id -u)" -eq 0 ]; then
            DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null \
                && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
                    --no-install-recommends postgresql >/dev/null </dev/null || true
        fi
        if [ ! -x "$PG_BIN/initdb" ]; then
            _pg_log "WARNING: PostgreSQL 15 not found in $PG_BIN; TEST_DATABASE_URL left unset"
            return 0
        fi
    fi
    if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
        _pg_log "WARNING: no postgres user to run the server as; TEST_DATABASE_URL left unset"
        return 0
    fi

    PG_DIR="$(mktemp -d /tmp/consortium-pg.XXXXXX)"
    export PG_DIR
    chmod 755 "$PG_DIR"
    mkdir -p "$PG_DIR/data" "$PG_DIR/run"
    if [ "$(id -u)" -eq 0 ]; then
        chown postgres: "$PG_DIR/data" "$PG_DIR/run"
    fi

    local port
    port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
    PG_PORT="$port"
    export PG_PORT

    if ! _pg_as_postgres "$PG_BIN/initdb" -D "$PG_DIR/data" -A trust -U postgres \
            --encoding=UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1; then
        _pg_log "WARNING: initdb failed (see below); TEST_DATABASE_URL left unset"
        tail -n 20 "$PG_DIR/initdb.log" >&2
        rm -rf "$PG_DIR"; unset PG_DIR PG_PORT
        return 0
    fi
    if ! _pg_as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/run/server.log" -w -t 60 \
            -o "-c listen_addresses=127.0.0.1 -p $port -k $PG_DIR/run -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
            start >/dev/null 2>&1; then
        _pg_log "WARNING: PostgreSQL did not start (log below); TEST_DATABASE_URL left unset"
        tail -n 20 "$PG_DIR/run/server.log" >&2 2>/dev/null
        rm -rf "$PG_DIR"; unset PG_DIR PG_PORT
        return 0
    fi
    if ! _pg_as_postgres "$PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U postgres "$PG_DB" >&2; then
        _pg_log "WARNING: createdb failed; TEST_DATABASE_URL left unset"
        pg_stop
        return 0
    fi
    export TEST_DATABASE_URL="postgresql+psycopg://postgres@127.0.0.1:$port/$PG_DB"
    _pg_log "PostgreSQL 15 on 127.0.0.1:$port (data in $PG_DIR)"
}

pg_stop() {
    if [ -n "${PG_DIR:-}" ] && [ -d "$PG_DIR" ]; then
        if [ -f "$PG_DIR/data/postmaster.pid" ]; then
            _pg_as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop \
                >/dev/null 2>&1 || true
        fi
        rm -rf "$PG_DIR"
    fi
    unset PG_DIR PG_PORT TEST_DATABASE_URL
}
