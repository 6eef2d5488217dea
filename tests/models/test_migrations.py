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


def _store_at(tmp_path: Path, revision: str) -> Store:
    """A SQLite store migrated to `revision`, holding one region row."""
    from alembic import command

    from app.models.migrate import _config

    store = Store.for_data_dir(tmp_path / "data")
    config = _config()
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    with store.engine.begin() as connection:
        connection.execute(text("INSERT INTO regions (number, name, uid, owner, version, seq, "
                                "updated_at, content_hash, deleted) VALUES (3, 'North Central',"
                                " 'u-3', 'state', 1, 1, '2026-01-01 00:00:00', '', 0)"))
    return store


def _failing_0005(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Migrations as shipped, except that 0005 fails after its CREATE TABLE and indexes."""
    import shutil

    from app import paths

    folder = tmp_path / "migrations"
    shutil.copytree(paths.migrations_dir(), folder,
                    ignore=shutil.ignore_patterns("__pycache__"))
    revision = next((folder / "versions").glob("0005_*.py"))
    source = revision.read_text()
    marker = "\n\ndef downgrade()"
    revision.write_text(source.replace(
        marker, "\n    raise RuntimeError('injected failure after CREATE TABLE')" + marker, 1))
    monkeypatch.setattr(paths, "migrations_dir", lambda: folder)


def _tables(store: Store) -> set[str]:
    from sqlalchemy import inspect

    with store.engine.connect() as connection:
        return set(inspect(connection).get_table_names())


def test_failed_upgrade_restores_the_store_and_keeps_one_backup(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue #11 hole 7: a failure after 0005's CREATE TABLE used to leave the table behind
    (the store could not open again) and every retry backed up the half-migrated file."""
    store = _store_at(tmp_path, "0004")
    _failing_0005(tmp_path, monkeypatch)
    backups = tmp_path / "data" / "backups"
    for _attempt in range(2):
        with pytest.raises(StoreVersionError, match="injected failure.*restored from.*"
                                                    "unchanged at revision 0004"):
            upgrade(store)
        assert current_revision(store) == "0004"
        assert "consortium_profile" not in _tables(store)
        with store.engine.connect() as connection:
            assert connection.execute(text("SELECT name FROM regions")).all() == \
                [("North Central",)]
        assert len(list(backups.glob("*.sqlite3"))) == 1
    monkeypatch.undo()
    backup = upgrade(store)
    assert current_revision(store) == head_revision()
    assert "consortium_profile" in _tables(store)
    assert backup is not None and list(backups.glob("*.sqlite3")) == [Path(backup)]
    assert [p.name for p in backups.iterdir()] == [Path(backup).name]  # no marker left


def test_retry_backs_up_again_when_the_store_changed_in_between(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The copy of a failed attempt is reused only while the store is what it copied: an
    older program may have opened the store and changed it since."""
    store = _store_at(tmp_path, "0004")
    _failing_0005(tmp_path, monkeypatch)
    with pytest.raises(StoreVersionError):
        upgrade(store)
    with store.engine.begin() as connection:
        connection.execute(text("UPDATE regions SET name = 'North Central Region'"))
    with pytest.raises(StoreVersionError):
        upgrade(store)
    with store.engine.connect() as connection:
        assert connection.execute(text("SELECT name FROM regions")).scalar() == \
            "North Central Region"
    assert len(list((tmp_path / "data" / "backups").glob("*.sqlite3"))) == 2


def test_failed_upgrade_leaves_either_database_at_its_old_revision(
        empty_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On PostgreSQL too: its DDL is transactional and the upgrade is one transaction; a copy
    is made with pg_dump when it is installed."""
    import shutil

    from alembic import command

    from app.models.migrate import _config

    config = _config()
    with empty_store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0004")
    _failing_0005(tmp_path, monkeypatch)
    with pytest.raises(StoreVersionError, match="injected failure.*unchanged at revision 0004"):
        upgrade(empty_store)
    assert current_revision(empty_store) == "0004"
    assert "consortium_profile" not in _tables(empty_store)
    backups = list(paths_backups(empty_store).glob("*"))
    if empty_store.is_sqlite or shutil.which("pg_dump"):
        assert len([b for b in backups if not b.name.startswith(".")]) == 1
    monkeypatch.undo()
    upgrade(empty_store)
    assert current_revision(empty_store) == head_revision()


def paths_backups(store: Store) -> Path:
    from app import paths

    assert store.data_dir is not None
    return paths.backups_dir(store.data_dir)
