"""Schema versions: upgrade at start-up after a backup, refuse a store from a newer program.

An upgrade is all or nothing: every pending revision runs in ONE transaction (SQLite and
PostgreSQL both roll DDL back), and on SQLite a failure also puts the backup back, so a
failed upgrade leaves the store at its old revision, able to open, with one backup however
often it is retried (see app.models.upgrade_backup).

Alembic is imported only when there is migration work to do: a store already at
SCHEMA_HEAD opens with one plain query, which keeps Alembic's import (a noticeable part of
a cold start) off the common path.
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, event, inspect, text

from app import paths
from app.errors import StoreVersionError
from app.models.db import Store, make_engine
from app.models.upgrade_backup import (
    backup_for_upgrade,
    clear_pending,
    note_pending,
    restore_sqlite,
    store_digest,
)

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)

# The newest revision in migrations/versions; tests/models/test_migrations.py checks it.
SCHEMA_HEAD = "0012"


def _config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(paths.migrations_dir()))
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return {rev.revision for rev in ScriptDirectory.from_config(_config()).walk_revisions()}


def current_revision(store: Store) -> str | None:
    """The revision stamped in the store, or None for an empty store."""
    with store.engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _migration_engine(store: Store) -> Engine:
    """The engine migrations run on. pysqlite opens a transaction only before INSERT, UPDATE
    and DELETE, so a CREATE TABLE commits on its own and a failure later in the revision
    leaves it behind. SQLAlchemy's documented recipe for SQLite's transactional DDL: turn
    pysqlite's own handling off and emit BEGIN ourselves."""
    if not store.is_sqlite:
        return store.engine
    engine = make_engine(store.url)

    @event.listens_for(engine, "connect")
    def _own_transactions(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def upgrade(store: Store) -> str | None:
    """Bring the store to the newest schema. Returns the backup path's text, if one was made.

    A store stamped with a revision this program does not know was written by a newer
    version: it is refused untouched rather than guessed at.
    """
    current = current_revision(store)
    if current == SCHEMA_HEAD:
        return None
    head = head_revision()
    if current == head:
        return None
    if current is not None and current not in known_revisions():
        raise StoreVersionError(
            f"The database at {store.url} was written by a newer version of Consortium "
            f"Buying (schema revision {current}); this version knows up to {head}. "
            "Install the newer version, or open another data folder.")
    backup = backup_for_upgrade(store, current) if current is not None else None
    if backup:
        log.info("backed up %s to %s before upgrading", store.url, backup)
    try:
        _run_migrations(store)
    except Exception as error:
        raise StoreVersionError(_failed(store, current, head, backup, error)) from error
    clear_pending(store)
    return str(backup) if backup else None


def open_store(data_dir: Path, db_url: str | None = None) -> Store:
    """Open the store in `data_dir` (or at `db_url`) and bring its schema up to date."""
    store = Store.for_data_dir(data_dir, db_url)
    upgrade(store)
    return store


def _run_migrations(store: Store) -> None:
    from alembic import command

    config = _config()
    engine = _migration_engine(store)
    try:
        with engine.begin() as connection:  # one transaction for every pending revision
            config.attributes["connection"] = connection
            # 0006 moves the private signing key from the database to the data folder.
            config.attributes["data_dir"] = store.data_dir
            command.upgrade(config, "head")
    finally:
        if engine is not store.engine:
            engine.dispose()


def _failed(store: Store, current: str | None, head: str, backup: Path | None,
            error: Exception) -> str:
    """Put the backup back (SQLite) and say what state the store is in."""
    log.exception("upgrading %s from %s failed", store.url, current)
    what = (f"Upgrading the database at {store.url} from schema revision {current or 'none'} "
            f"to {head} failed ({error.__class__.__name__}: {error}).")
    if store.is_sqlite and backup is not None and current is not None:
        try:
            restore_sqlite(store, backup)
            note_pending(store, current, backup, store_digest(store))
        except (OSError, sqlite3.Error) as problem:
            log.exception("restoring %s from %s failed", store.url, backup)
            return (f"{what} The upgrade was rolled back, but putting the backup back failed "
                    f"({problem}); the copy made before the upgrade is {backup}.")
        return (f"{what} The upgrade was rolled back and the store restored from {backup}; "
                f"it is unchanged at revision {current}. Report this as a bug; starting "
                "again retries the upgrade.")
    return (f"{what} The upgrade ran in one transaction and was rolled back; the database "
            f"is unchanged at revision {current or 'none'}. Report this as a bug.")
