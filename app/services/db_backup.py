"""A whole store in one engine-independent file: `consortium db backup` / `db restore`.

The file is a zip holding one JSON-lines file per table (`tables/<name>.jsonl`, every column
of every row, rows in primary-key order) and `manifest.json` with the schema revision, and
each member's row count and SHA-256. Values are written in their exact form whatever the
engine (a datetime in ISO form with its offset, a Decimal as its digits, bytes in base64), so
a backup taken on SQLite restores into PostgreSQL and back unchanged: that is how the state
moves its store between engines.

Restore refuses, changing nothing: a file that is not such a backup or whose members do not
match their manifest; a backup of another schema revision (restore it with the version that
made it, then `db upgrade`); a target that already holds rows. The private signing key is
never in the database (it lives in the data folder's keys folder), so it is not in a backup.
"""

from __future__ import annotations

import base64
import hashlib
import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import (
    JSON,
    Connection,
    Date,
    LargeBinary,
    MetaData,
    Table,
    func,
    inspect,
    select,
    text,
)

import app.models  # noqa: F401 - every table registered on the metadata
from app import __version__
from app.errors import UserError
from app.models.base import Base
from app.models.db import Store
from app.models.migrate import SCHEMA_HEAD, current_revision, upgrade
from app.models.types import ScaledDecimal, UTCDateTime

FORMAT = "consortium-db-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
BATCH = 2000  # rows per INSERT batch: bounded memory on a large store


@dataclass(frozen=True)
class BackupResult:
    path: Path
    revision: str
    counts: dict[str, int]


def tables() -> list[Table]:
    """The store's tables, parents before children (the order rows can be inserted in)."""
    return list(Base.metadata.sorted_tables)


def _encode(table: Table, row: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for column in table.columns:
        value = row[column.name]
        if value is None or isinstance(column.type, JSON):
            out[column.name] = value
        elif isinstance(value, datetime | date):
            out[column.name] = value.isoformat()
        elif isinstance(value, Decimal):
            out[column.name] = f"{value:f}"
        elif isinstance(value, bytes):
            out[column.name] = base64.b64encode(value).decode("ascii")
        else:
            out[column.name] = value
    return out


def _decode(table: Table, row: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for column in table.columns:
        value = row.get(column.name)
        kind = column.type
        if value is None or isinstance(kind, JSON):
            out[column.name] = value
        elif isinstance(kind, UTCDateTime):
            out[column.name] = datetime.fromisoformat(value)
        elif isinstance(kind, Date):
            out[column.name] = date.fromisoformat(value)
        elif isinstance(kind, ScaledDecimal):
            out[column.name] = Decimal(value)
        elif isinstance(kind, LargeBinary):
            out[column.name] = base64.b64decode(value)
        else:
            out[column.name] = value
    return out


def _line(table: Table, row: dict[str, Any]) -> bytes:
    # Sorted keys and no spaces: the same store always gives the same bytes (and digests).
    return json.dumps(_encode(table, row), sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False).encode("utf-8") + b"\n"


def table_rows(connection: Connection, table: Table) -> Iterator[dict[str, Any]]:
    """Every row of `table` in primary-key order, as the app reads it (typed values)."""
    query = select(table).order_by(*table.primary_key.columns)
    for row in connection.execution_options(yield_per=BATCH).execute(query):
        yield dict(row._mapping)


def canonical_dump(store: Store) -> dict[str, list[bytes]]:
    """Every table's rows in the backup's exact form: equal dumps, identical stores."""
    with store.engine.connect() as connection:
        return {table.name: [_line(table, row) for row in table_rows(connection, table)]
                for table in tables()}


def backup(store: Store, out: Path) -> BackupResult:
    """Write the whole store to `out` (a zip; see the module docstring), in one snapshot."""
    revision = current_revision(store)
    if revision != SCHEMA_HEAD:
        raise UserError(f"The database at {display_url(store)} is at schema revision "
                        f"{revision or 'none'}, not this version's {SCHEMA_HEAD}: run "
                        "`consortium db upgrade` (or `db init` on an empty database) first.")
    return write_backup(store, out, revision)


def write_backup(store: Store, out: Path, revision: str) -> BackupResult:
    """The backup file of `store` at `revision`. At this program's head it holds the app's
    tables as the app types them; at an older revision (the copy `db upgrade` takes when
    pg_dump is missing) the tables as the database has them, for the version that made it."""
    if revision == SCHEMA_HEAD:
        chosen = tables()
    else:
        reflected = MetaData()
        reflected.reflect(store.engine)
        chosen = [t for t in reflected.sorted_tables if t.name != "alembic_version"]
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    members: dict[str, dict[str, Any]] = {}
    # One transaction (REPEATABLE READ on PostgreSQL): every table from the same moment.
    with store.engine.connect() as connection:
        if not store.is_sqlite:
            connection.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"))
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
            for table in chosen:
                name = f"tables/{table.name}.jsonl"
                digest, count = hashlib.sha256(), 0
                with archive.open(name, "w", force_zip64=True) as member:
                    for row in table_rows(connection, table):
                        line = _line(table, row)
                        member.write(line)
                        digest.update(line)
                        count += 1
                members[table.name] = {"member": name, "rows": count,
                                       "sha256": digest.hexdigest()}
            manifest = {"format": FORMAT, "format_version": FORMAT_VERSION,
                        "schema_revision": revision, "app_version": __version__,
                        "engine": store.engine.dialect.name,
                        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
                        "tables": members}
            archive.writestr(MANIFEST, json.dumps(manifest, indent=2))
    partial.chmod(0o600)  # the whole store: only its owner reads it
    partial.replace(out)
    return BackupResult(out, revision, {name: m["rows"] for name, m in members.items()})


def display_url(store: Store) -> str:
    """The store's URL as it may be shown and logged: never its password."""
    return store.engine.url.render_as_string(hide_password=True)


def read_manifest(path: Path) -> dict[str, Any]:
    """The backup's manifest, after checking every member against it; refuses a bad file."""
    try:
        with zipfile.ZipFile(path) as archive:
            manifest = json.loads(archive.read(MANIFEST))
            if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
                raise UserError(f"{path}: not a Consortium Buying database backup "
                                f"(its {MANIFEST} does not name the format {FORMAT}).")
            for table, entry in manifest.get("tables", {}).items():
                digest, count = hashlib.sha256(), 0
                with archive.open(entry["member"]) as member:
                    for line in member:
                        digest.update(line)
                        count += 1
                if digest.hexdigest() != entry["sha256"] or count != entry["rows"]:
                    raise UserError(f"{path}: table {table} does not match the manifest "
                                    f"({count} rows read, {entry['rows']} listed, or its "
                                    "SHA-256 differs): the file is damaged; use another "
                                    "backup.")
    except FileNotFoundError as error:
        raise UserError(f"{path}: no such file.") from error
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError) as error:
        raise UserError(f"{path}: not a Consortium Buying database backup "
                        f"({error.__class__.__name__}: {error}).") from error
    return manifest


def rows_per_table(store: Store) -> dict[str, int]:
    """Each of the app's tables with its row count (absent tables are left out)."""
    with store.engine.connect() as connection:
        present = set(inspect(connection).get_table_names())
        return {table.name: connection.execute(select(func.count()).select_from(table))
                .scalar_one() for table in tables() if table.name in present}


def restore(store: Store, path: Path) -> BackupResult:
    """Fill an empty store from the backup at `path`, all in one transaction."""
    manifest = read_manifest(path)
    revision = manifest.get("schema_revision")
    if revision != SCHEMA_HEAD:
        raise UserError(
            f"{path} is a backup of schema revision {revision} (Consortium Buying "
            f"{manifest.get('app_version', '?')}); this version's schema is {SCHEMA_HEAD}. "
            "Restore it with the version that made it, then run `consortium db upgrade` "
            "with this one." if str(revision) < SCHEMA_HEAD else
            f"{path} is a backup of schema revision {revision}, newer than this version's "
            f"{SCHEMA_HEAD} (it was made by Consortium Buying "
            f"{manifest.get('app_version', '?')}): restore it with that version or newer.")
    _check_target(store)
    upgrade(store)  # an empty database gets the schema first
    names = {table.name: table for table in tables()}
    unknown = sorted(set(manifest["tables"]) - set(names))
    if unknown:
        raise UserError(f"{path}: tables this version does not have: {', '.join(unknown)}.")
    with store.engine.begin() as connection, zipfile.ZipFile(path) as archive:
        for table in tables():
            entry = manifest["tables"].get(table.name)
            if entry is None:
                continue
            batch: list[dict[str, Any]] = []
            with archive.open(entry["member"]) as member:
                for line in member:
                    batch.append(_decode(table, json.loads(line)))
                    if len(batch) >= BATCH:
                        connection.execute(table.insert(), batch)
                        batch = []
            if batch:
                connection.execute(table.insert(), batch)
        if not store.is_sqlite:
            _reset_sequences(connection)
    return BackupResult(path, str(revision), rows_per_table(store))


def _check_target(store: Store) -> None:
    current = current_revision(store)
    if current is not None and current != SCHEMA_HEAD:
        raise UserError(f"The database at {display_url(store)} is at schema revision "
                        f"{current}, not {SCHEMA_HEAD}: restore into an empty database.")
    with store.engine.connect() as connection:
        present = set(inspect(connection).get_table_names())
    if current is None and present:
        raise UserError(f"The database at {display_url(store)} already has tables that are "
                        f"not a Consortium Buying store ({', '.join(sorted(present))}): "
                        "restore into an empty database.")
    filled = {name: n for name, n in rows_per_table(store).items() if n}
    if filled:
        listed = ", ".join(f"{name} ({n})" for name, n in sorted(filled.items()))
        raise UserError(f"The database at {display_url(store)} is not empty: {listed}. "
                        "Restore into a new, empty database (or data folder); nothing was "
                        "changed.")


def _reset_sequences(connection: Connection) -> None:
    """Rows came with their ids: each id sequence continues after the highest one, or the
    next record added would collide with a restored one."""
    for table in tables():
        keys = list(table.primary_key.columns)
        if len(keys) != 1 or keys[0].type.python_type is not int:
            continue
        column = keys[0].name
        connection.execute(text(
            f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', '{column}'), "
            f"COALESCE(MAX(\"{column}\"), 1), MAX(\"{column}\") IS NOT NULL) "
            f"FROM \"{table.name}\""))
