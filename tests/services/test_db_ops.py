"""`consortium db …` as services (issue #18, set-up and operation): backup → restore gives an
identical store on each engine and across them; every refusal changes nothing."""

from __future__ import annotations

import json
import os
import shutil
import uuid
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from award_samples import ranked_scenario
from sqlalchemy import create_engine, text

from app.errors import StoreVersionError, UserError
from app.models import BidFile
from app.models.db import Store
from app.models.migrate import SCHEMA_HEAD, current_revision
from app.services import db_ops
from app.services.db_backup import (
    backup,
    canonical_dump,
    read_manifest,
    restore,
    rows_per_table,
    table_rows,
    tables,
)

PG_URL_ENV = "TEST_DATABASE_URL"


def _pg_base() -> str:
    base = os.environ.get(PG_URL_ENV)
    if not base:
        pytest.skip(f"{PG_URL_ENV} not set")
    return base


def _empty_pg(base: str) -> str:
    """A new database with nothing in it (not even the schema)."""
    name = f"e_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return f"{base.rsplit('/', 1)[0]}/{name}"


@pytest.fixture
def fresh(empty_store: Store, tmp_path: Path) -> Iterator[Store]:
    """An empty database (no schema) on the same engine as `empty_store`."""
    if empty_store.is_sqlite:
        store = Store.for_data_dir(tmp_path / "restored")
    else:
        store = Store(_empty_pg(_pg_base()), tmp_path / "restored")
    yield store
    store.dispose()


def _typed_rows(store: Store) -> dict[str, list[dict[str, object]]]:
    """Every table's rows as the app reads them: compared without the backup's encoding."""
    with store.engine.connect() as connection:
        return {t.name: list(table_rows(connection, t)) for t in tables()}


def test_backup_restore_round_trip_is_exact(state_store: Store, fresh: Store,
                                            tmp_path: Path) -> None:
    ranked_scenario(state_store, tmp_path)  # bids, tiers, scores, audit JSON
    with state_store.transaction() as session:  # bytes: a bid workbook as received
        session.add(BidFile(sha256="ab" * 32, size=4, content=b"\x00PK\xff"))
    made = backup(state_store, tmp_path / "b.zip")
    assert made.counts["bid_files"] and made.counts["audit_entries"]
    done = restore(fresh, made.path)
    assert done.counts == made.counts
    assert canonical_dump(fresh) == canonical_dump(state_store)
    assert _typed_rows(fresh) == _typed_rows(state_store)
    manifest = read_manifest(made.path)
    assert manifest["schema_revision"] == SCHEMA_HEAD
    assert manifest["tables"]["members"]["rows"] == made.counts["members"]


def test_restored_store_accepts_new_records(state_store: Store, fresh: Store,
                                            tmp_path: Path) -> None:
    from app.services.demo import fill_demo

    restore(fresh, backup(state_store, tmp_path / "b.zip").path)
    before = rows_per_table(fresh)["needs"]
    fill_demo(fresh, lines_per_member=1)  # would collide with restored ids if sequences lagged
    assert rows_per_table(fresh)["needs"] > before


def test_restore_refuses_a_store_with_rows_and_changes_nothing(state_store: Store,
                                                               tmp_path: Path) -> None:
    made = backup(state_store, tmp_path / "b.zip")
    before = canonical_dump(state_store)
    with pytest.raises(UserError, match=r"is not empty: .*members \(334\)"):
        restore(state_store, made.path)
    assert canonical_dump(state_store) == before


def test_restore_refuses_another_schema_revision(state_store: Store, fresh: Store,
                                                 tmp_path: Path) -> None:
    made = backup(state_store, tmp_path / "b.zip")
    old = _rewrite_manifest(made.path, tmp_path / "old.zip", schema_revision="0009")
    with pytest.raises(UserError, match=r"schema revision 0009.*this version's schema is "
                                        rf"{SCHEMA_HEAD}.*db upgrade"):
        restore(fresh, old)
    newer = _rewrite_manifest(made.path, tmp_path / "new.zip", schema_revision="9999")
    with pytest.raises(UserError, match="newer than this version's"):
        restore(fresh, newer)
    assert current_revision(fresh) is None  # not even the schema was created


def test_restore_refuses_a_damaged_backup(state_store: Store, fresh: Store,
                                          tmp_path: Path) -> None:
    made = backup(state_store, tmp_path / "b.zip")
    damaged = _rewrite_manifest(made.path, tmp_path / "d.zip", rows_of_members=1)
    with pytest.raises(UserError, match="table members does not match the manifest"):
        restore(fresh, damaged)
    (tmp_path / "x.zip").write_text("not a zip")
    with pytest.raises(UserError, match="not a Consortium Buying database backup"):
        restore(fresh, tmp_path / "x.zip")
    assert current_revision(fresh) is None


def _rewrite_manifest(source: Path, target: Path, schema_revision: str | None = None,
                      rows_of_members: int | None = None) -> Path:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            data = old.read(item)
            if item.filename == "manifest.json":
                manifest = json.loads(data)
                if schema_revision:
                    manifest["schema_revision"] = schema_revision
                if rows_of_members is not None:
                    manifest["tables"]["members"]["rows"] = rows_of_members
                data = json.dumps(manifest).encode()
            new.writestr(item, data)
    return target


def test_init_schema_only_on_an_empty_database(empty_store: Store, fresh: Store) -> None:
    with pytest.raises(UserError, match=r"already has tables \(addenda, alembic_version, "):
        db_ops.init_schema(empty_store)
    assert db_ops.init_schema(fresh) == SCHEMA_HEAD
    assert current_revision(fresh) == SCHEMA_HEAD
    assert db_ops.status(fresh).state == "up to date"


def test_status_names_engine_revision_and_counts(state_store: Store) -> None:
    found = db_ops.status(state_store)
    assert found.engine == state_store.engine.dialect.name
    assert found.revision == found.head == SCHEMA_HEAD
    assert found.counts["members"] == 334 and "alembic_version" not in found.counts
    assert state_store.engine.url.password is None or "***" in found.url


def test_upgrade_refuses_a_newer_database_untouched(state_store: Store) -> None:
    with state_store.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    before = canonical_dump(state_store)
    with pytest.raises(StoreVersionError, match=r"revision 9999, newer .*install the newer"):
        db_ops.upgrade_store(state_store)
    assert canonical_dump(state_store) == before
    assert db_ops.status(state_store).state.startswith("NEWER")


def test_upgrade_backs_up_first_without_pg_dump(fresh: Store,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """An older store is copied before it is migrated: with the app's own backup on
    PostgreSQL when pg_dump is missing, with SQLite's backup API on SQLite."""
    from alembic import command

    from app.models.migrate import _config

    config = _config()
    with fresh.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0009")
    monkeypatch.setattr(shutil, "which", lambda _name: None)
    done = db_ops.upgrade_store(fresh)
    assert (done.from_revision, done.to_revision) == ("0009", SCHEMA_HEAD)
    assert done.backup is not None and done.backup.is_file()
    if not fresh.is_sqlite:
        assert read_manifest(done.backup)["schema_revision"] == "0009"
    assert current_revision(fresh) == SCHEMA_HEAD
    assert db_ops.upgrade_store(fresh).backup is None  # already there: nothing to do


def test_sqlite_to_postgresql_and_back(sqlite_state: Store, tmp_path: Path) -> None:
    """The state's move: one copy each way, counts checked, the store identical after."""
    ranked_scenario(sqlite_state, tmp_path)
    pg = Store(_empty_pg(_pg_base()), tmp_path)
    back = Store.for_data_dir(tmp_path / "back")
    try:
        there = db_ops.copy_store(sqlite_state, pg)
        assert there.matches and dict((n, s) for n, s, _ in there.counts)["members"] == 334
        db_ops.copy_store(pg, back)
        assert canonical_dump(back) == canonical_dump(pg) == canonical_dump(sqlite_state)
    finally:
        pg.dispose()
        back.dispose()


def test_restore_into_a_database_that_only_has_the_schema(state_store: Store, fresh: Store,
                                                          tmp_path: Path) -> None:
    """`db init` first, then `db restore`: the schema without rows counts as empty."""
    db_ops.init_schema(fresh)
    restore(fresh, backup(state_store, tmp_path / "b.zip").path)
    assert canonical_dump(fresh) == canonical_dump(state_store)
