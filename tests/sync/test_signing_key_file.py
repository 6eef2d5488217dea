"""The private signing key lives in the data folder (owner-only file per instance), not in
the database every desk of a shared PostgreSQL store can read."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import inspect, text
from sync_helpers import Factory, exchange_keys

from app.errors import UserError
from app.launcher import main
from app.models.db import Store
from app.models.migrate import _config, upgrade
from app.services.instance import init_instance, key_fingerprint, make_keypair
from app.signing_key import key_path
from app.sync.export import export_bundle
from app.sync.keys import own_key, signing_key
from app.sync.service import import_bundle

UID = "0b7f3a52-5d0c-4c1e-9a53-3f7d1f0a9e11"


def cli(capsys: pytest.CaptureFixture[str], data: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_init_writes_an_owner_only_key_file_and_no_key_column(tmp_path: Path) -> None:
    store = Store.for_data_dir(tmp_path / "d")
    upgrade(store)
    init_instance(store, "region", 3, "Ann")
    identity = store.require_identity()
    path = key_path(tmp_path / "d", identity.uid)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert "PRIVATE KEY" in path.read_text()
    with store.engine.connect() as connection:
        columns = {c["name"] for c in inspect(connection).get_columns("instance_identity")}
    assert "private_key" not in columns
    assert signing_key(store, identity) == path.read_text()
    store.dispose()


def test_upgrade_moves_the_key_out_of_the_database(tmp_path: Path) -> None:
    """A store from before 0006 had the key in a column: the upgrade writes it to the data
    folder, and the database file keeps no trace of it."""
    store = Store.for_data_dir(tmp_path)
    config = _config()
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0005")
    public_pem, private_pem = make_keypair()
    with store.engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO instance_identity (uid, role, region, operator, created_at, "
            "app_version, public_key, private_key) VALUES (:uid, 'state', NULL, 'Sam', "
            "'2026-01-01 00:00:00', '0.1.0', :public, :private)"),
            {"uid": UID, "public": public_pem, "private": private_pem})
    upgrade(store)
    path = key_path(tmp_path, UID)
    assert path.read_text() == private_pem
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    with store.engine.connect() as connection:
        columns = {c["name"] for c in inspect(connection).get_columns("instance_identity")}
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    assert "private_key" not in columns
    store.dispose()
    body = private_pem.splitlines()[1].encode()
    for name in ("consortium.sqlite3", "consortium.sqlite3-wal"):
        file = tmp_path / name
        if file.exists():
            assert body not in file.read_bytes(), f"the key is still in {name}"
    # The backup taken before the upgrade is the one place it remains (documented).
    assert signing_key(store, store.require_identity()) == private_pem


def test_a_missing_key_file_is_one_line_and_renew_recovers(
        make_store: Factory, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    region, state = make_store("region", 3), make_store("state")
    exchange_keys(region, state)
    assert region.data_dir is not None
    uid = region.require_identity().uid
    key_path(region.data_dir, uid).unlink()  # another desk of a shared database, say
    code, out, err = cli(capsys, region.data_dir, "bundle", "export", str(tmp_path / "b.zip"))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("error: signing key not found at ")
    assert str(key_path(region.data_dir, uid)) in err and "consortium keys renew" in err
    assert not (tmp_path / "b.zip").exists()

    old = region.require_identity().public_key
    code, out, err = cli(capsys, region.data_dir, "keys", "renew", str(tmp_path / "r3.key"))
    assert code == 0, err
    new = json.loads((tmp_path / "r3.key").read_text())["fingerprint"]
    assert new != key_fingerprint(old) and new in out
    bundle = export_bundle(region, tmp_path / "b.zip").path
    with pytest.raises(UserError, match="does not trust"):
        import_bundle(state, bundle)
    exchange_keys(region, state)  # the state trusts the new key: it replaces the old one
    assert import_bundle(state, bundle).bundle_uid
    assert own_key(region.require_identity()).fingerprint == new


def test_a_key_file_of_another_instance_is_refused(make_store: Factory) -> None:
    one, other = make_store("region", 3), make_store("state")
    assert one.data_dir is not None and other.data_dir is not None
    mine = key_path(one.data_dir, one.require_identity().uid)
    mine.write_text(key_path(other.data_dir, other.require_identity().uid).read_text())
    with pytest.raises(UserError, match="does not match this instance's public key"):
        signing_key(one, one.require_identity())
