"""The state moves a member to another region: the member and its records are handed over to
the new region, which owns them from then on; the old region can no longer change them."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from sqlalchemy import select
from sync_helpers import Factory, exchange_keys

from app.errors import UserError, ValidationError
from app.models import AuditEntry, Contact, Member, Need, School
from app.models.db import Store
from app.services.member_regions import move_member
from app.services.needs import create_need, edit_need
from app.services.schools import add_contact
from app.sync.conflicts import list_conflicts
from app.sync.export import export_bundle
from app.sync.service import import_bundle


def send(source: Store, target: Store, folder: Path, to: str | None = None):  # noqa: ANN201
    return import_bundle(target, export_bundle(source, folder / f"{uuid.uuid4()}.zip",
                                               to=to).path)


def owners(store: Store, model: type, uid: str) -> tuple:
    with store.session() as session:
        record = session.scalars(select(model).where(model.uid == uid)).one()
        return record.owner, record.version, record.content_hash


def test_move_hands_the_member_and_its_records_to_the_new_region(
        make_store: Factory, state_store: Store, tmp_path: Path) -> None:
    r3, r4 = make_store("region", 3), make_store("region", 4)
    for region in (r3, r4):
        exchange_keys(region, state_store)
    with r3.transaction() as session:
        need = create_need(session, {"member": "920", "item": "CB-STU-116", "quantity": "10"})
        contact = add_contact(session, "920", {"name": "Pat Lee", "role": "technology director",
                                               "email": "pat@example.org"})
    send(r3, state_store, tmp_path)
    for region in (3, 4):  # a first exchange both ways, as in real use
        send(state_store, r3 if region == 3 else r4, tmp_path, f"region:{region}")

    with state_store.transaction() as session:
        moved = move_member(session, "920", 4)
    with state_store.session() as session:  # Wake's real schools, loaded at init
        schools = len(session.scalars(select(School).join(Member)
                                      .where(Member.code == "920")).all())
    assert (moved.old_region, moved.new_region, moved.records_moved) == (3, 4, 2 + schools)

    arrived = send(state_store, r4, tmp_path, "region:4")
    assert arrived.refused == [] and arrived.notes == []
    assert arrived.counts["members"]["new"] == 1 and arrived.counts["needs"]["new"] == 1
    with r4.session() as session:
        wake = session.scalars(select(Member).where(Member.code == "920")).one()
        assert (wake.region, wake.owner) == (4, "region:4")
    send(state_store, r3, tmp_path, "region:3")  # the old region learns the assignment

    # The new region owns them: its edit reaches the state as an update, not a conflict.
    with r4.transaction() as session:
        edit_need(session, need.uid, {"quantity": "12"})
    back = send(r4, state_store, tmp_path)
    assert back.refused == [] and back.counts["needs"]["conflicts"] == 0
    assert back.counts["needs"]["updated"] == 1
    for model, uid in ((Need, need.uid), (Contact, contact.uid), (Member, wake.uid)):
        assert owners(r4, model, uid) == owners(state_store, model, uid)
    with state_store.session() as session:
        assert list_conflicts(session) == []
        assert session.scalars(select(Need.quantity).where(Need.uid == need.uid)).one() == 12

    # The old region no longer holds the member's records, so it cannot change them.
    with r3.transaction() as session, pytest.raises(UserError, match="No need line"):
        edit_need(session, need.uid, {"quantity": "99"})


def test_only_the_state_moves_members_and_only_to_another_known_region(
        make_store: Factory, state_store: Store) -> None:
    region = make_store("region", 3)
    with region.transaction() as session, pytest.raises(UserError, match="state coordinator"):
        move_member(session, "920", 4)
    for target, message in ((3, "already in Region 3"), (9, "region 9 is not in this store")):
        with state_store.transaction() as session, pytest.raises(ValidationError,
                                                                 match=message):
            move_member(session, "920", target)


def test_move_from_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from app.launcher import main

    state = tmp_path / "state"
    assert main(["--data-dir", str(state), "init", "--role", "state", "--operator", "Sam"]) == 0
    capsys.readouterr()
    assert main(["--data-dir", str(state), "members", "move", "920", "--region", "4",
                 "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["new_region"] == 4
    assert main(["--data-dir", str(state), "members", "move", "920", "--region", "4"]) == 2
    assert "already in Region 4" in capsys.readouterr().err


def test_a_member_the_state_adds_for_a_region_reaches_that_region(
        make_store: Factory, state_store: Store, tmp_path: Path) -> None:
    from app.services.members import create_member

    region = make_store("region", 3)
    exchange_keys(region, state_store)
    with state_store.transaction() as session:
        create_member(session, {"code": "92Z", "name": "Triangle Math and Science Academy",
                                "kind": "charter", "county": "Wake", "region": "3"})
    arrived = send(state_store, region, tmp_path, "region:3")
    assert arrived.counts["members"]["new"] == 1  # the state's copies from init are not sent
    back = send(region, state_store, tmp_path)  # the region's first: its LEAs and the charter
    assert back.refused == [] and back.counts["members"]["conflicts"] == 0
    with region.session() as session:
        uid = session.scalars(select(Member.uid).where(Member.code == "92Z")).one()
    assert owners(region, Member, uid) == owners(state_store, Member, uid)


def test_the_old_region_lets_go_of_a_moved_member(make_store: Factory, state_store: Store,
                                                  tmp_path: Path) -> None:
    from app.models import School
    from app.services.members import list_members
    from app.services.needs import list_needs
    from app.services.schools import add_school, list_contacts

    r3, r4 = make_store("region", 3), make_store("region", 4)
    for region in (r3, r4):
        exchange_keys(region, state_store)
    with r3.transaction() as session:
        need = create_need(session, {"member": "920", "item": "CB-STU-116", "quantity": "10"})
        add_contact(session, "920", {"name": "Pat Lee"})
        add_school(session, "920", {"code": "920N04", "name": "Apex Elementary",
                                     "students": "600"})
        schools = len(session.scalars(select(School).join(Member)
                                      .where(Member.code == "920")).all())
    send(r3, state_store, tmp_path)
    send(state_store, r3, tmp_path, "region:3")
    with state_store.transaction() as session:
        move_member(session, "920", 4)
    # An edit made at the old region before it hears of the move is not dropped unseen:
    # it stays until the state has seen it (and refused it, naming the new owner).
    with r3.transaction() as session:
        edit_need(session, need.uid, {"quantity": "11"})
    first = send(state_store, r3, tmp_path, "region:3")
    assert first.assignments == 1 and any(f"{schools + 1} record(s)" in n
                                              for n in first.notes)  # schools, the contact
    with r3.session() as session:
        assert [r.uid for r in list_needs(session, member_code="920")] == [need.uid]
        assert list_contacts(session, "920") == []  # gone with the school: nothing pending
    refused = send(r3, state_store, tmp_path)
    assert [r.uid for r in refused.refused] == [need.uid]
    last = send(state_store, r3, tmp_path, "region:3")
    assert any("moved away" in note for note in last.notes)
    with r3.session() as session:
        assert "920" not in {m.code for m in list_members(session)}
        assert list_needs(session, member_code="920") == []
        for model in (Member, Need, Contact, School):
            assert session.scalars(select(model).where(model.uid.in_(
                [need.uid, wake_uid(state_store)]))).all() == []
        assert session.scalar(select(School.id).where(School.code == "920N04")) is None
        trail = session.scalars(select(AuditEntry.changes).where(
            AuditEntry.action == "moved away", AuditEntry.record_uid == need.uid)).one()
        assert trail["fields"]["quantity"] == "11"  # the trail keeps what was removed
    # The new region has it all; the old region's next bundle is quiet.
    send(state_store, r4, tmp_path, "region:4")
    with r4.session() as session:
        assert "920" in {m.code for m in list_members(session)}
    quiet = export_bundle(r3, tmp_path / "quiet.zip")
    assert quiet.counts == {}


def wake_uid(store: Store, code: str = "920") -> str:
    with store.session() as session:
        return session.scalars(select(Member.uid).where(Member.code == code)).one()


def test_moved_away_and_back_before_the_region_hears_of_it(
        make_store: Factory, state_store: Store, tmp_path: Path) -> None:
    from app.services.members import edit_member

    r4 = make_store("region", 4)
    exchange_keys(r4, state_store)
    send(r4, state_store, tmp_path)
    send(state_store, r4, tmp_path, "region:4")
    with state_store.transaction() as session:
        move_member(session, "630", 3)
        move_member(session, "630", 4)  # a slip, put right before any bundle left
    uid = wake_uid(state_store, "630")
    send(state_store, r4, tmp_path, "region:4")
    # Same content: the region takes the state's version, so the two agree on it...
    assert owners(r4, Member, uid) == owners(state_store, Member, uid)
    # ...and the region's next edit reaches the state as an update, not as an old version.
    with r4.transaction() as session:
        edit_member(session, "630", {"notes": "moved twice"})
    back = send(r4, state_store, tmp_path)
    assert back.counts["members"]["updated"] == 1
    assert owners(r4, Member, uid) == owners(state_store, Member, uid)
