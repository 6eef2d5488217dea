"""Schema versions: upgrade at start-up after a backup, refuse a store from a newer program.

Alembic is imported only when there is migration work to do: a store already at
SCHEMA_HEAD opens with one plain query, which keeps Alembic's import (a noticeable part of
a cold start) off the common path.
"""

from __future__ import annotations

import logging
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text

from app import paths
from app.errors import StoreVersionError
from app.models.db import Store

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)

# The newest revision in migrations/versions; tests/models/test_migrations.py checks it.
SCHEMA_HEAD = "0006"


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


def backup_sqlite(store: Store, label: str) -> Path | None:
    """Copy the SQLite file with SQLite's own backup API (safe with WAL); None if not SQLite."""
    source = store.sqlite_path
    if source is None or not source.exists() or store.data_dir is None:
        return None
    folder = paths.backups_dir(store.data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = folder / f"{source.stem}-before-{label}-{stamp}.sqlite3"
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    # Owner-only: a copy made before 0006 still holds the private signing key.
    target.chmod(0o600)
    return target


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
    backup = backup_sqlite(store, f"upgrade-{current}") if current is not None else None
    if backup:
        log.info("backed up %s to %s before upgrading", store.sqlite_path, backup)
    from alembic import command

    config = _config()
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        # 0006 moves the private signing key from the database to a file in the data folder.
        config.attributes["data_dir"] = store.data_dir
        command.upgrade(config, "head")
    return str(backup) if backup else None
