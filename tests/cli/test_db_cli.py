"""`consortium db …` as the state IT office types it: exit codes, refusals that change
nothing, and a data folder left as it was found when a command is refused."""

from __future__ import annotations

import json
import os
import uuid
from pathlib import Path

import pytest
from cli_run import run
from sqlalchemy import create_engine, text

from app.models.db import Store
from app.services.db_backup import canonical_dump


def _dump(data: Path) -> dict[str, list[bytes]]:
    store = Store.for_data_dir(data)
    try:
        return canonical_dump(store)
    finally:
        store.dispose()


@pytest.fixture
def state(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    data = tmp_path / "state"
    assert run(capsys, data, "db", "init")[0] == 0
    assert run(capsys, data, "init", "--role", "state", "--operator", "S. C")[0] == 0
    return data


def test_init_status_backup_restore(state: Path, tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, state, "db", "status", "--json")
    found = json.loads(out)
    assert code == 0 and found["engine"] == "sqlite" and found["state"] == "up to date"
    assert found["counts"]["members"] == 334
    code, out, _ = run(capsys, state, "db", "backup", str(tmp_path / "b.zip"))
    assert code == 0 and "(schema revision" in out
    code, out, _ = run(capsys, tmp_path / "copy", "db", "restore", str(tmp_path / "b.zip"))
    assert code == 0 and out.startswith("Restored ")
    assert _dump(tmp_path / "copy") == _dump(state)


def test_refusals_exit_2_and_change_nothing(state: Path, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, state, "db", "backup", str(tmp_path / "b.zip"))[0] == 0
    before = _dump(state)
    code, _, err = run(capsys, state, "db", "init")
    assert code == 2 and "already has tables (addenda, alembic_version" in err
    code, _, err = run(capsys, state, "db", "restore", str(tmp_path / "b.zip"))
    assert code == 2 and "is not empty: " in err and "members (334)" in err
    assert _dump(state) == before
    # A refused restore into a new data folder leaves no folder behind.
    (tmp_path / "bad.zip").write_text("nope")
    code, _, err = run(capsys, tmp_path / "new", "db", "restore", str(tmp_path / "bad.zip"))
    assert code == 2 and "bad.zip: not a Consortium Buying database backup" in err
    assert not (tmp_path / "new").exists()
    # Looking at a data folder without a store creates none.
    code, _, err = run(capsys, tmp_path / "none", "db", "status")
    assert code == 2 and "no store in this data folder" in err
    assert not (tmp_path / "none").exists()


def test_upgrade_refuses_a_newer_database(state: Path, capsys: pytest.CaptureFixture[str]
                                          ) -> None:
    store = Store.for_data_dir(state)
    with store.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    store.dispose()
    before = _dump(state)
    code, _, err = run(capsys, state, "db", "upgrade")
    assert code == 2 and "schema revision 9999, newer than this version" in err
    assert "Nothing was changed" in err and _dump(state) == before
    code, out, _ = run(capsys, state, "db", "status")
    assert code == 0 and "NEWER than this program" in out


def test_upgrade_of_an_up_to_date_store_does_nothing(state: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, state, "db", "upgrade")
    assert code == 0 and "nothing to do" in out


def test_copy_to_postgresql_and_back_prints_the_counts(state: Path, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]
                                                      ) -> None:
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        pytest.skip("TEST_DATABASE_URL not set")
    name = f"c_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    url = f"{base.rsplit('/', 1)[0]}/{name}"
    code, out, _ = run(capsys, state, "db", "copy", "--to", url)
    assert code == 0 and "members" in out and "Every table's row count matches." in out
    code, _, err = run(capsys, state, "db", "copy", "--to", url)  # the copy is not empty now
    assert code == 2 and "is not empty" in err
    back = tmp_path / "back" / "consortium.sqlite3"
    back.parent.mkdir()
    code, out, _ = run(capsys, state, "db", "copy", "--db", url, "--to", f"sqlite:///{back}")
    assert code == 0, out
    assert _dump(back.parent) == _dump(state)
    code, out, _ = run(capsys, state, "db", "status", "--db", url)
    assert code == 0 and "postgresql" in out and "up to date" in out


def test_an_unreachable_server_is_one_error_line(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, tmp_path, "db", "status", "--db",
                       "postgresql+psycopg://nobody:secret@127.0.0.1:1/consortium")
    assert code == 2 and err.startswith("error: cannot use the database postgresql+psycopg://"
                                        "nobody:***@127.0.0.1:1/consortium: ")
    assert "secret" not in err and not (tmp_path / "logs").exists()
    code, _, err = run(capsys, tmp_path, "db", "status", "--db", "not a url")
    assert code == 2 and "cannot use the database not a url" in err
