"""Conflicts: found, listed, resolved (mine, theirs, field by field); nothing overwritten."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
from bundle_tools import dump, edit_lines, rebuild
from sqlalchemy import select, text
from sync_helpers import Factory, exchange_keys

from app.errors import UserError
from app.models import AuditEntry, Need
from app.models.db import Store
from app.services.needs import create_need, edit_need
from app.sync.conflicts import list_conflicts, resolve_conflict
from app.sync.export import export_bundle
from app.sync.keys import signing_key
from app.sync.service import import_bundle


@pytest.fixture
def pair(make_store: Factory, state_store: Store, tmp_path: Path) -> tuple[Store, Store, str]:
    region = make_store("region", 3)
    exchange_keys(region, state_store)
    with region.transaction() as session:
        uid = create_need(session, {"member": "920", "item": "CB-STU-116",
                                    "quantity": "10"}).uid
    import_bundle(state_store, export_bundle(region, tmp_path / "first.zip").path)
    import_bundle(region, export_bundle(state_store, tmp_path / "back.zip",
                                        to="region:3").path)
    return region, state_store, uid


def record(store: Store, uid: str) -> tuple:
    with store.engine.connect() as connection:
        return tuple(connection.execute(text(
            "SELECT uid, version, content_hash, quantity, notes FROM needs WHERE uid = :u"),
            {"u": uid}).one())


def edit_both(region: Store, state: Store, uid: str, tmp_path: Path) -> None:
    with state.transaction() as session:
        edit_need(session, uid, {"notes": "state says: check the price"})
    with region.transaction() as session:
        edit_need(session, uid, {"quantity": "12"})
    result = import_bundle(state, export_bundle(region, tmp_path / f"{uuid.uuid4()}.zip").path)
    assert result.counts["needs"]["conflicts"] == 1


def test_remote_apply_keeps_version_and_audits_as_sync(pair) -> None:  # noqa: ANN001
    region, state, uid = pair
    assert record(region, uid) == record(state, uid)
    with state.session() as session:
        # a record that arrives new is named by its bundle's one "sync" entry for needs
        assert session.scalars(select(AuditEntry).where(AuditEntry.record_uid == uid)).all() \
            == []
        [entry] = session.scalars(select(AuditEntry).where(
            AuditEntry.entity == "needs", AuditEntry.action == "sync")).all()
        assert uid in entry.changes["uids"] and entry.changes["new"] == len(
            entry.changes["uids"])
        assert session.scalar(select(Need.seq).where(Need.uid == uid)) == 0


def test_concurrent_edit_is_a_conflict_and_keep_theirs_converges(pair, tmp_path) -> None:  # noqa
    region, state, uid = pair
    edit_both(region, state, uid, tmp_path)
    with state.session() as session:
        [conflict] = list_conflicts(session)
    fields = {d.name: (d.mine, d.theirs) for d in conflict.diffs}
    assert fields["quantity"] == ("10", "12")
    assert fields["notes"] == ("state says: check the price", "")
    assert record(state, uid)[3] == 10000  # not overwritten: still the state's copy
    with state.transaction() as session:
        resolve_conflict(session, conflict.id, "theirs")
    assert record(state, uid) == record(region, uid)
    with state.session() as session:
        assert list_conflicts(session) == []
        with pytest.raises(UserError, match="already resolved"):
            resolve_conflict(session, conflict.id, "mine")


def test_keep_mine_then_the_owners_next_edit_conflicts_again(pair, tmp_path) -> None:  # noqa
    region, state, uid = pair
    edit_both(region, state, uid, tmp_path)
    with state.transaction() as session:
        [conflict] = list_conflicts(session)
        resolve_conflict(session, conflict.id, "mine")
    assert record(state, uid)[4] == "state says: check the price"
    # The same owner version again (a re-sent bundle) is not news...
    again = import_bundle(state, export_bundle(region, tmp_path / "again.zip", full=True).path)
    assert again.counts["needs"]["conflicts"] == 0
    # ...a newer one is.
    with region.transaction() as session:
        edit_need(session, uid, {"quantity": "14"})
    later = import_bundle(state, export_bundle(region, tmp_path / "later.zip").path)
    assert later.counts["needs"]["conflicts"] == 1


def test_field_by_field(pair, tmp_path: Path) -> None:  # noqa: ANN001
    region, state, uid = pair
    edit_both(region, state, uid, tmp_path)
    with state.transaction() as session:
        [conflict] = list_conflicts(session)
        with pytest.raises(UserError, match="not a field that differs"):
            resolve_conflict(session, conflict.id, "fields", {"unit": "theirs"})
    with state.transaction() as session:
        resolve_conflict(session, conflict.id, "fields",
                         {"quantity": "theirs", "notes": "mine"})
    _uid, _version, _hash, quantity, notes = record(state, uid)
    assert (quantity, notes) == (12000, "state says: check the price")


def test_same_version_different_content_is_a_conflict(pair, tmp_path: Path) -> None:  # noqa
    region, state, uid = pair
    key = signing_key(region, region.require_identity())
    full = export_bundle(region, tmp_path / "full.zip", full=True).path

    def change(members: dict, manifest: dict) -> None:
        manifest["bundle_uid"] = str(uuid.uuid4())
        edit_lines(members, "records/needs.jsonl",
                   lambda rows: [dump({**r, "notes": "forged"}) for r in rows])

    result = import_bundle(state, rebuild(full, tmp_path / "forged.zip", change, key))
    assert result.counts["needs"]["conflicts"] == 1
    assert record(state, uid) == record(region, uid)  # nothing overwritten
    with state.session() as session:
        [conflict] = list_conflicts(session)
    assert json.dumps(conflict.as_json())


# --- an edit made by an instance that does not own the record travels to its owner ---------

def state_fixes(region: Store, state: Store, uid: str, tmp_path: Path) -> None:
    """The state corrects Region 3's need; its next bundle puts the edit to the region."""
    with state.transaction() as session:
        edit_need(session, uid, {"quantity": "8", "notes": "state: 8 per cart"})
    bundle = export_bundle(state, tmp_path / f"{uuid.uuid4()}.zip", to="region:3").path
    result = import_bundle(region, bundle)
    assert result.counts["needs"]["conflicts"] == 1
    assert import_bundle(region, bundle).already_imported


def test_the_owner_sees_the_states_edit_as_a_conflict_and_nothing_changes_yet(
        pair, tmp_path: Path) -> None:  # noqa: ANN001
    region, state, uid = pair
    before = record(region, uid)
    from app.services.changes import unexported_changes
    with state.transaction() as session:
        edit_need(session, uid, {"notes": "state: counted as a change to send"})
    with state.session() as session:
        assert unexported_changes(session, "region:3") == 1
    state_fixes(region, state, uid, tmp_path)
    assert record(region, uid) == before  # the owner's copy is the owner's until it decides
    with region.session() as session:
        [conflict] = list_conflicts(session)
    assert conflict.source_scope == "state"
    fields = {d.name: (d.mine, d.theirs) for d in conflict.diffs}
    assert fields == {"quantity": ("10", "8"), "notes": ("", "state: 8 per cart")}
    # A full bundle from the state carries the same edit again: not a second conflict.
    again = export_bundle(state, tmp_path / "full.zip", to="region:3", full=True).path
    assert import_bundle(region, again).counts.get("needs", {}).get("conflicts", 0) == 0


def test_owner_accepts_the_states_edit_and_both_copies_agree(pair, tmp_path) -> None:  # noqa
    region, state, uid = pair
    state_fixes(region, state, uid, tmp_path)
    with region.transaction() as session:
        [conflict] = list_conflicts(session)
        resolve_conflict(session, conflict.id, "theirs")
    _uid, version, _hash, quantity, notes = record(region, uid)
    assert (quantity, notes) == (8000, "state: 8 per cart") and version == 2
    result = import_bundle(state, export_bundle(region, tmp_path / "answer.zip").path)
    assert result.counts["needs"] == {"new": 0, "updated": 1, "unchanged": 0,
                                      "conflicts": 0, "refused": 0}
    assert record(state, uid) == record(region, uid)
    with state.session() as session:
        assert session.scalar(select(Need.seq).where(Need.uid == uid)) == 0  # as synced
        assert list_conflicts(session) == []
    # The state's next bundle no longer carries the edit.
    nothing = import_bundle(region, export_bundle(state, tmp_path / "next.zip",
                                                  to="region:3").path)
    assert "needs" not in nothing.counts


def test_owner_declines_and_the_state_sees_the_answer_as_a_conflict(pair, tmp_path) -> None:  # noqa
    region, state, uid = pair
    state_fixes(region, state, uid, tmp_path)
    with region.transaction() as session:
        [conflict] = list_conflicts(session)
        resolve_conflict(session, conflict.id, "mine")
    _uid, version, _hash, quantity, _notes = record(region, uid)
    assert (quantity, version) == (10000, 2)  # the owner's content, as a new version
    result = import_bundle(state, export_bundle(region, tmp_path / "answer.zip").path)
    assert result.counts["needs"]["conflicts"] == 1
    assert record(state, uid)[3] == 8000  # the state's edit is not overwritten unseen
    with state.transaction() as session:
        [conflict] = list_conflicts(session)
        assert conflict.source_scope == "region:3"
        resolve_conflict(session, conflict.id, "theirs")
    assert record(state, uid) == record(region, uid)


def test_owner_takes_some_fields_of_the_states_edit(pair, tmp_path) -> None:  # noqa: ANN001
    region, state, uid = pair
    state_fixes(region, state, uid, tmp_path)
    with region.transaction() as session:
        [conflict] = list_conflicts(session)
        resolve_conflict(session, conflict.id, "fields", {"quantity": "theirs"})
    _uid, _version, _hash, quantity, notes = record(region, uid)
    assert (quantity, notes) == (8000, "")
    result = import_bundle(state, export_bundle(region, tmp_path / "answer.zip").path)
    assert result.counts["needs"]["conflicts"] == 1  # the notes were declined: the state sees it


# --- the owner's answer is final for its records (issue #11, hole 9) -------------------------

def open_kinds(store: Store) -> list[str]:
    with store.session() as session:
        return [c.kind for c in list_conflicts(session)]


def answer(store: Store, keep: str) -> None:
    with store.transaction() as session:
        [conflict] = list_conflicts(session)
        resolve_conflict(session, conflict.id, keep)


def test_a_declined_edit_is_named_so_and_insisting_goes_back_to_the_owner(
        pair, tmp_path: Path) -> None:  # noqa: ANN001
    region, state, uid = pair
    state_fixes(region, state, uid, tmp_path)
    answer(region, "mine")
    import_bundle(state, export_bundle(region, tmp_path / "declined.zip").path)
    assert open_kinds(state) == ["declined by Region 3"]

    # The state insists: keeping its value is a new correction, put to the owner again.
    answer(state, "mine")
    again = import_bundle(region, export_bundle(state, tmp_path / "insist.zip",
                                                to="region:3").path)
    assert again.counts["needs"]["conflicts"] == 1
    assert open_kinds(region) == ["edit of a record owned here"]
    assert record(region, uid)[3] == 10000  # still the owner's until it decides

    # Declined once more; this time the state takes the owner's answer: the copies agree.
    answer(region, "mine")
    import_bundle(state, export_bundle(region, tmp_path / "final.zip").path)
    assert open_kinds(state) == ["declined by Region 3"]
    answer(state, "theirs")
    assert record(state, uid) == record(region, uid)
    quiet = export_bundle(state, tmp_path / "quiet.zip", to="region:3")
    assert "needs" not in quiet.counts


def test_no_silent_disagreement_after_keep_mine_on_both_sides(pair, tmp_path: Path) -> None:  # noqa
    """Keep mine at the owner, then keep mine at the state: the two copies differ, so an open
    conflict must show on one side once the bundles have gone both ways."""
    region, state, uid = pair
    state_fixes(region, state, uid, tmp_path)
    answer(region, "mine")
    import_bundle(state, export_bundle(region, tmp_path / "declined.zip").path)
    answer(state, "mine")
    for name in ("a", "b"):
        import_bundle(region, export_bundle(state, tmp_path / f"s{name}.zip",
                                            to="region:3").path)
        import_bundle(state, export_bundle(region, tmp_path / f"r{name}.zip").path)
    assert record(state, uid) != record(region, uid)
    assert open_kinds(state) + open_kinds(region) != []


def test_an_edit_the_owner_had_not_seen_is_changed_on_both_sides(pair, tmp_path) -> None:  # noqa
    region, state, uid = pair
    edit_both(region, state, uid, tmp_path)
    assert open_kinds(state) == ["changed on both sides"]
