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


def test_upgrade_backs_up_the_sqlite_file_first(tmp_path: Path) -> None:
    store = Store.for_data_dir(tmp_path)
    upgrade(store)
    # Pretend the file is at an older revision: stamp base and drop nothing else but the
    # version row, then let upgrade run the (idempotent-by-stamp) path to head.
    with store.engine.begin() as connection:
        connection.execute(text("DROP TABLE alembic_version"))
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(text(f"DROP TABLE {table.name}"))
        connection.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32) "
                                "NOT NULL PRIMARY KEY)"))
        connection.execute(text("INSERT INTO alembic_version VALUES ('0001')"))
    # Same revision → no backup.
    assert upgrade(store) is None


def test_backup_is_made_when_an_upgrade_runs(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store.for_data_dir(tmp_path)
    upgrade(store)
    from app.models import migrate

    # A future head one step past the file's revision: the upgrade path must back up.
    monkeypatch.setattr(migrate, "head_revision", lambda: "0002_future")
    monkeypatch.setattr(migrate, "known_revisions", lambda: {"0001", "0002_future"})
    ran: list[str] = []
    monkeypatch.setattr(migrate.command, "upgrade", lambda config, rev: ran.append(rev))
    backup = upgrade(store)
    assert ran == ["head"]
    assert backup is not None and Path(backup).exists()
    assert Path(backup).parent == tmp_path / "backups"
