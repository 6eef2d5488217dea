"""Where a change came from, in the history: a region's bundle (new record, then an update
with its fields), a conflict resolution, an entry written before entries named their
sender (the bundle log names it), and a record no longer in this store."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from sync_helpers import Factory, exchange_keys

from app.models.db import Store
from app.services.history import history
from app.services.needs import create_need, edit_need
from app.sync.conflicts import list_conflicts, resolve_conflict
from app.sync.export import export_bundle
from app.sync.service import import_bundle


@pytest.fixture
def pair(make_store: Factory, tmp_path: Path) -> tuple[Store, Store, str]:
    region, state = make_store("region", 3), make_store("state", None)
    exchange_keys(region, state)
    with region.transaction("Rita") as session:
        uid = create_need(session, {"member": "920", "item": "CB-STU-116",
                                    "quantity": "10"}).uid
    import_bundle(state, export_bundle(region, tmp_path / "first.zip").path)
    import_bundle(region, export_bundle(state, tmp_path / "back.zip", to="region:3").path)
    return region, state, uid


def _story(store: Store, uid: str) -> list[tuple[str, str, tuple]]:
    with store.session() as session:
        return [(e.action, e.where, e.changes) for e in history(session, record_uid=uid)]


def test_bundle_updates_and_a_conflict_resolution_say_where(pair, tmp_path: Path) -> None:  # noqa: ANN001
    region, state, uid = pair
    with region.transaction("Rita") as session:
        edit_need(session, uid, {"quantity": "11"})
    import_bundle(state, export_bundle(region, tmp_path / "second.zip").path)
    with state.transaction("Sam") as session:
        edit_need(session, uid, {"notes": "state says: check the price"})
    with region.transaction("Rita") as session:
        edit_need(session, uid, {"quantity": "12"})
    import_bundle(state, export_bundle(region, tmp_path / "third.zip").path)
    with state.transaction("Sam") as session:
        [conflict] = list_conflicts(session)
        resolve_conflict(session, conflict.id, "theirs")
    story = _story(state, uid)
    assert [(action, where) for action, where, _ in story] == [
        ("arrived (new)", "bundle from Region 3"), ("arrived", "bundle from Region 3"),
        ("changed", "this instance"), ("kept theirs", "conflict resolution")]
    assert ("quantity", "10", "11") in story[1][2]
    assert ("quantity", "11", "12") in story[3][2]
    assert ("notes", "state says: check the price", "") in story[3][2]


def test_older_entries_and_removed_records(pair, tmp_path: Path) -> None:  # noqa: ANN001
    region, state, uid = pair
    with region.transaction("Rita") as session:
        edit_need(session, uid, {"quantity": "11"})
    import_bundle(state, export_bundle(region, tmp_path / "second.zip").path)
    # Entries written before imports named their sender (no "_source"): the bundle log
    # knows who sent the bundle. (Straight SQL: the application cannot change the trail.)
    with state.engine.begin() as connection:
        for entry_id, changes in connection.execute(text(
                "SELECT id, changes FROM audit_entries WHERE action = 'sync'")).all():
            connection.execute(text("UPDATE audit_entries SET changes = :c WHERE id = :i"),
                               {"c": changes.replace('"_source": "region:3", ', "")
                                .replace('"_source":"region:3",', ""), "i": entry_id})
        assert "_source" not in str(connection.execute(text(
            "SELECT changes FROM audit_entries WHERE action = 'sync'")).all())
    assert [where for _a, where, _c in _story(state, uid)] == ["bundle from Region 3"] * 2
    with state.engine.begin() as connection:
        connection.execute(text("DELETE FROM needs WHERE uid = :u"), {"u": uid})
    with state.session() as session:
        story = history(session, record_uid=uid)
    assert [(e.action, e.where) for e in story] == [("arrived (new)", "bundle from Region 3"),
                                                    ("arrived", "bundle from Region 3")]
    assert all(e.record.endswith("(no longer here)") for e in story)
