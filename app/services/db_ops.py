"""Setting up and running a store's database the way a state IT office expects
(`consortium db …`, docs/state-office.md): create the schema on an empty database, say where a
database stands, upgrade it with a backup first, and copy a store to another database.

None of these opens the store the usual way (which upgrades it at once): each looks first,
and refuses what it must without changing anything.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import inspect, text

from app import paths
from app.errors import StoreVersionError, UserError
from app.models.db import Store
from app.models.migrate import SCHEMA_HEAD, current_revision, known_revisions, upgrade
from app.services.db_backup import backup, display_url, restore, rows_per_table

log = logging.getLogger(__name__)


def _table_names(store: Store) -> list[str]:
    with store.engine.connect() as connection:
        return sorted(inspect(connection).get_table_names())


def init_schema(store: Store) -> str:
    """Create the schema on an EMPTY database; returns the revision it is now at."""
    present = _table_names(store)
    if present:
        raise UserError(f"The database at {display_url(store)} already has tables "
                        f"({', '.join(present)}): `db init` only creates the schema on an "
                        "empty database. Use `consortium db status` to see what it is, or "
                        "`db upgrade` to bring a Consortium Buying store up to date.")
    upgrade(store)
    return SCHEMA_HEAD


@dataclass(frozen=True)
class DbStatus:
    engine: str
    url: str
    revision: str | None
    head: str
    counts: dict[str, int]

    @property
    def state(self) -> str:
        """Where the schema stands against this program: what to do next, in a word."""
        if self.revision is None:
            return "empty (run `db init`)"
        if self.revision == self.head:
            return "up to date"
        if self.revision in known_revisions():
            return "older (run `db upgrade`)"
        return "NEWER than this program (install the newer version)"


def status(store: Store) -> DbStatus:
    """Engine, URL without its password, schema revision against the head, rows per table.
    Every table present is counted, so a newer program's tables show too."""
    counts: dict[str, int] = {}
    with store.engine.connect() as connection:
        for name in sorted(inspect(connection).get_table_names()):
            if name != "alembic_version":
                quoted = connection.dialect.identifier_preparer.quote(name)
                counts[name] = connection.execute(
                    text(f"SELECT COUNT(*) FROM {quoted}")).scalar_one()
    return DbStatus(store.engine.dialect.name, display_url(store), current_revision(store),
                    SCHEMA_HEAD, counts)


@dataclass(frozen=True)
class UpgradeResult:
    from_revision: str | None
    to_revision: str
    backup: Path | None  # None: nothing to upgrade, or no data folder to put a copy in


def upgrade_store(store: Store) -> UpgradeResult:
    """Back the database up, then migrate it to this program's schema (one transaction).

    SQLite is copied with its backup API and PostgreSQL with `pg_dump` when it is on PATH
    (app.models.upgrade_backup); without `pg_dump` the app's own full backup
    (app.services.db_backup) is written first. A database written by a newer program, or
    one that is not a Consortium Buying store, is refused untouched.
    """
    current = current_revision(store)
    if current is None:
        present = _table_names(store)
        raise UserError(
            f"The database at {display_url(store)} has no Consortium Buying schema"
            + (f" but has tables ({', '.join(present)})" if present else "")
            + ": run `consortium db init` on an empty database instead.")
    if current == SCHEMA_HEAD:
        return UpgradeResult(current, SCHEMA_HEAD, None)
    if current not in known_revisions():
        raise StoreVersionError(
            f"The database at {display_url(store)} is at schema revision {current}, newer "
            f"than this version of Consortium Buying knows (up to {SCHEMA_HEAD}): install "
            "the newer version. Nothing was changed.")
    own_copy = None
    if not store.is_sqlite and shutil.which("pg_dump") is None:
        own_copy = _own_backup(store, current)
    made = upgrade(store)
    return UpgradeResult(current, SCHEMA_HEAD, Path(made) if made else own_copy)


def _own_backup(store: Store, revision: str) -> Path | None:
    """The app's full backup before an upgrade, when pg_dump is not there to make one.
    It is taken at the OLD revision, so it restores with the version that wrote it."""
    if store.data_dir is None:
        return None
    from app.services import db_backup

    folder = paths.backups_dir(store.data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = folder / f"{store.engine.url.database}-before-upgrade-{revision}-{stamp}.zip"
    # The backup checks the revision against this program's head; at an older revision the
    # rows are still this program's tables as far as they exist, so write them directly.
    return db_backup.write_backup(store, target, revision).path


@dataclass(frozen=True)
class CopyResult:
    source: str
    target: str
    counts: list[tuple[str, int, int]]  # table, rows in the source, rows in the target

    @property
    def matches(self) -> bool:
        return all(source == target for _, source, target in self.counts)


def copy_store(store: Store, target: Store) -> CopyResult:
    """Copy the whole store into an empty database (a backup restored there) and check every
    table's row count on both sides."""
    with tempfile.TemporaryDirectory() as folder:
        made = backup(store, Path(folder) / "copy.zip")
        restore(target, made.path)
    after = rows_per_table(target)
    counts = [(name, made.counts[name], after.get(name, 0)) for name in made.counts]
    result = CopyResult(display_url(store), display_url(target), counts)
    if not result.matches:
        wrong = ", ".join(f"{name} {a} → {b}" for name, a, b in counts if a != b)
        raise UserError(f"The copy to {result.target} does not match: {wrong}.")
    return result
