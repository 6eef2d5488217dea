"""The kept copy of an imported bundle (<data>/bundles/in/<uid>.zip) agrees with the import
(issue #11, hole 6): it is flushed to disk before the commit and put in place after, so a
full disk imports nothing, a failed commit leaves no copy, and an import killed at any point
can be run again."""

from __future__ import annotations

import errno
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session
from sync_helpers import Factory, exchange_keys, store_fingerprint

from app.errors import UserError
from app.models.db import Store
from app.services.needs import create_need
from app.sync.export import export_bundle
from app.sync.service import bundle_history, import_bundle

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def bundle(make_store: Factory, state_store: Store, tmp_path: Path) -> Path:
    region = make_store("region", 3)
    with region.transaction() as session:
        create_need(session, {"member": "920", "item": "CB-STU-116", "quantity": "10"})
    exchange_keys(region, state_store)
    return export_bundle(region, tmp_path / "b.zip").path


def kept_folder(store: Store) -> Path:
    assert store.data_dir is not None
    return store.data_dir / "bundles" / "in"


def kept_files(store: Store) -> list[str]:
    folder = kept_folder(store)
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def logged(store: Store) -> list[str]:
    with store.session() as session:
        return [row.bundle_uid for row in bundle_history(session) if row.direction == "in"]


def test_copy_flushed_before_the_commit(state_store: Store, bundle: Path) -> None:
    result = import_bundle(state_store, bundle)
    assert kept_files(state_store) == [f"{result.bundle_uid}.zip"]
    assert (kept_folder(state_store) / f"{result.bundle_uid}.zip").read_bytes() == \
        bundle.read_bytes()


def test_full_disk_while_keeping_the_copy_imports_nothing(
        state_store: Store, bundle: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    def full(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(shutil, "copyfileobj", full)
    monkeypatch.setattr(shutil, "copyfile", full)
    before = store_fingerprint(state_store)
    with pytest.raises(UserError, match="could not keep a copy.*No space left on device.*"
                                        "Nothing was imported"):
        import_bundle(state_store, bundle)
    assert store_fingerprint(state_store) == before
    assert logged(state_store) == []
    assert kept_files(state_store) == []


def test_failed_commit_leaves_no_copy(state_store: Store, bundle: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    def failing(_self: Session) -> None:
        raise OperationalError("COMMIT", {}, Exception("database or disk is full"))

    before = store_fingerprint(state_store)
    monkeypatch.setattr(Session, "commit", failing)
    with pytest.raises(OperationalError):
        import_bundle(state_store, bundle)
    monkeypatch.undo()
    assert store_fingerprint(state_store) == before
    assert kept_files(state_store) == []


def import_killed_at(store: Store, bundle: Path, step: str, before: bool) -> None:
    """Import in a child process that dies (no clean-up, like a power cut) right before or
    after app.sync.kept's `step` runs."""
    code = f"""
import os
from pathlib import Path
import app.sync.apply as apply
from app.models.db import Store
from app.sync.service import import_bundle
real = getattr(apply, {step!r})
def then_die(*args):
    if not {before!r}:
        real(*args)
    os._exit(9)
setattr(apply, {step!r}, then_die)
import_bundle(Store({store.url!r}, Path({str(store.data_dir)!r})), Path({str(bundle)!r}))
"""
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 9, done.stderr


def test_kill_between_copy_and_commit_then_import_again(state_store: Store,
                                                         bundle: Path) -> None:
    before = store_fingerprint(state_store)
    import_killed_at(state_store, bundle, "stage", before=False)
    assert store_fingerprint(state_store) == before  # nothing committed
    assert [n for n in kept_files(state_store) if n.endswith(".zip")] == []
    result = import_bundle(state_store, bundle)
    assert not result.already_imported and result.counts["needs"]["new"] == 1
    assert kept_files(state_store) == [f"{result.bundle_uid}.zip"]  # the stray temp is gone


def test_kill_between_commit_and_rename_then_import_again(state_store: Store,
                                                           bundle: Path) -> None:
    import_killed_at(state_store, bundle, "publish", before=True)
    assert len(logged(state_store)) == 1  # committed, but the copy is not in place
    result = import_bundle(state_store, bundle)
    assert result.already_imported
    assert any("kept copy was missing" in note for note in result.notes)
    assert kept_files(state_store) == [f"{result.bundle_uid}.zip"]
    assert (kept_folder(state_store) / f"{result.bundle_uid}.zip").read_bytes() == \
        bundle.read_bytes()
