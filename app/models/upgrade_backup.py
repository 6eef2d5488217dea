"""The copy taken before a schema upgrade, and putting it back when the upgrade fails.

SQLite: the file is copied with SQLite's backup API (safe with WAL) and copied back on
failure. A marker in the backups folder names the copy taken for a revision and a digest of
the store as it was then, so a retry of a failed upgrade reuses that copy instead of
backing up again — but only while the store is byte for byte what was copied (an older
program may have opened and changed it in between; then a fresh copy is taken).

PostgreSQL: its DDL is transactional, so the upgrade runs in one transaction and a failure
leaves the database as it was. A copy is taken with `pg_dump` when the program is on PATH and
the store has a data folder; without it the upgrade goes ahead, protected by the
transaction alone (logged).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import text

from app import paths
from app.models.db import Store

log = logging.getLogger(__name__)
PENDING = ".upgrade-pending.json"


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")


def _free_name(folder: Path, stem: str, suffix: str) -> Path:
    """stem.suffix, or stem-2.suffix, … : two backups in one second must not overwrite."""
    target, number = folder / f"{stem}{suffix}", 1
    while target.exists():
        number += 1
        target = folder / f"{stem}-{number}{suffix}"
    return target


def _folder(store: Store) -> Path | None:
    if store.data_dir is None:
        return None
    folder = paths.backups_dir(store.data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def backup_sqlite(store: Store, label: str) -> Path | None:
    """Copy the SQLite file with SQLite's own backup API (safe with WAL); None if not SQLite."""
    source = store.sqlite_path
    folder = _folder(store) if source is not None and source.exists() else None
    if source is None or folder is None:
        return None
    target = _free_name(folder, f"{source.stem}-before-{label}-{_stamp()}", ".sqlite3")
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)
    target.chmod(0o600)  # owner-only: a copy made before 0006 still holds the signing key
    return target


def restore_sqlite(store: Store, backup: Path) -> None:
    """Put the copy back over the store (pages copied by SQLite, so WAL stays consistent)."""
    target = store.sqlite_path
    assert target is not None
    store.engine.dispose()
    with closing(sqlite3.connect(backup)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)


def store_digest(store: Store) -> str | None:
    """SHA-256 of the SQLite file once its log is folded in: equal digests, same store."""
    source = store.sqlite_path
    if source is None or not source.exists():
        return None
    with store.engine.connect() as connection:
        connection.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
    store.engine.dispose()
    digest = hashlib.sha256()
    with source.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def backup_for_upgrade(store: Store, revision: str) -> Path | None:
    """The copy to upgrade from: the one a failed attempt at this revision left, if the store
    is unchanged since; otherwise a new one (pg_dump on PostgreSQL, when available)."""
    if not store.is_sqlite:
        return _backup_postgresql(store, f"upgrade-{revision}")
    folder = _folder(store)
    digest = store_digest(store)
    pending = _read_pending(folder)
    if pending is not None and folder is not None and pending.get("revision") == revision \
            and pending.get("store_sha256") == digest \
            and (folder / str(pending.get("backup"))).is_file():
        log.info("reusing %s from the failed upgrade attempt", pending["backup"])
        return folder / str(pending["backup"])
    backup = backup_sqlite(store, f"upgrade-{revision}")
    if backup is not None:
        note_pending(store, revision, backup, digest)
    return backup


def note_pending(store: Store, revision: str, backup: Path, digest: str | None) -> None:
    """Record the copy an upgrade from `revision` started from, until it succeeds."""
    folder = _folder(store)
    if folder is not None:
        (folder / PENDING).write_text(json.dumps(
            {"revision": revision, "backup": backup.name, "store_sha256": digest}))


def clear_pending(store: Store) -> None:
    folder = _folder(store) if store.is_sqlite else None
    if folder is not None:
        (folder / PENDING).unlink(missing_ok=True)


def _read_pending(folder: Path | None) -> dict[str, object] | None:
    if folder is None or not (folder / PENDING).is_file():
        return None
    try:
        value = json.loads((folder / PENDING).read_text())
    except (OSError, ValueError):
        return None
    return value if isinstance(value, dict) else None


def _backup_postgresql(store: Store, label: str) -> Path | None:
    folder = _folder(store)
    program = shutil.which("pg_dump")
    if folder is None or program is None:
        log.warning("no backup of %s before the upgrade (%s); it runs in one transaction",
                    store.engine.url, "no data folder" if folder is None else "no pg_dump")
        return None
    url = store.engine.url
    target = _free_name(folder, f"{url.database}-before-{label}-{_stamp()}", ".dump")
    command = [program, "--format=custom", f"--file={target}", "--no-password"]
    for flag, value in (("--host", url.host), ("--port", url.port),
                        ("--username", url.username)):
        if value:
            command.append(f"{flag}={value}")
    command.append(str(url.database))
    env = {**os.environ, **({"PGPASSWORD": str(url.password)} if url.password else {})}
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if target.exists():
        target.chmod(0o600)  # owner-only: a dump made before 0006 holds the signing key
    if done.returncode != 0:
        target.unlink(missing_ok=True)
        log.warning("pg_dump failed before the upgrade (%s); it runs in one transaction",
                    done.stderr.strip()[-500:])
        return None
    return target
