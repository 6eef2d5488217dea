"""Schema versions: migrations build the models' schema; newer stores are refused; upgrades
back up first."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from app.errors import StoreVersionError
from app.models import Base
from app.models.db import Store
from app.models.migrate import current_revision, head_revision, upgrade


def test_migrations_from_empty_match_the_models(empty_store: Store) -> None:
    assert current_revision(empty_store) == head_revision()
    with empty_store.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert diff == []


def test_upgrade_is_idempotent(empty_store: Store) -> None:
    assert upgrade(empty_store) is None
    assert current_revision(empty_store) == head_revision()


def test_store_from_newer_version_is_refused_untouched(empty_store: Store) -> None:
    with empty_store.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 'ffff_future'"))
    with pytest.raises(StoreVersionError, match="newer version"):
        upgrade(empty_store)
    assert current_revision(empty_store) == "ffff_future"


def test_upgrade_from_the_first_revision_backs_up_and_keeps_data(tmp_path: Path) -> None:
    """A store at revision 0001 holding data is copied to backups/ before it is upgraded."""
    import sqlite3

    from alembic import command

    from app.models.migrate import _config

    store = Store.for_data_dir(tmp_path)
    config = _config()
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
    with store.engine.begin() as connection:
        connection.execute(text("INSERT INTO regions (number, name, uid, owner, version, seq, "
                                "updated_at, content_hash, deleted) VALUES (3, 'North Central',"
                                " 'u-3', 'state', 1, 1, '2026-01-01 00:00:00', '', 0)"))
    backup = upgrade(store)
    assert current_revision(store) == head_revision()
    assert backup is not None and Path(backup).parent == tmp_path / "backups"
    with sqlite3.connect(backup) as copy:
        assert copy.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
        assert copy.execute("SELECT name FROM regions").fetchone() == ("North Central",)
    with store.engine.connect() as connection:
        assert connection.execute(text("SELECT name FROM regions")).scalar() == "North Central"


def test_schema_head_constant_names_the_newest_revision() -> None:
    from app.models.migrate import SCHEMA_HEAD

    assert SCHEMA_HEAD == head_revision(), "update SCHEMA_HEAD in app/models/migrate.py"
