"""The history service: a record's story (with the records about it), a member's, a
procurement's, and the trail's append-only guard."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from allocation_samples import awarded_scenario
from bid_samples import REF
from sqlalchemy import delete, select, update

from app.errors import NotFoundError, UserError
from app.models import AuditEntry, Need
from app.models.db import Store
from app.models.tracking import AuditTrailError
from app.services.allocation import allocate
from app.services.history import history
from app.services.needs import create_need, edit_need, set_status


def _need(store: Store) -> str:
    with store.transaction("Ann") as session:
        row = create_need(session, {"member": "010", "item": "AP-WIFI6-IN", "quantity": "12",
                                    "funding_year": "2026"})
    with store.transaction("Bob") as session:
        edit_need(session, row.uid, {"quantity": "15"})
    return row.uid


def test_a_need_lines_story_reads_who_changed_what(sqlite_state: Store) -> None:
    uid = _need(sqlite_state)
    with sqlite_state.session() as session:
        entries = history(session, record_uid=uid)
    assert [(e.action, e.who, e.where) for e in entries] == [
        ("created", "Ann", "this instance"), ("changed", "Bob", "this instance")]
    assert entries[0].record.startswith("need 010 · ")
    assert ("quantity", None, "12") in entries[0].changes
    assert entries[1].changes == (("quantity", "12", "15"),)
    as_json = entries[1].as_json()
    assert as_json["changes"] == [{"field": "quantity", "old": "12", "new": "15"}]


def test_a_member_and_a_procurement_include_the_records_about_them(
        sqlite_state: Store, tmp_path: Path) -> None:
    awarded_scenario(sqlite_state, tmp_path)
    with sqlite_state.transaction() as session:
        allocate(session, REF)
    with sqlite_state.session() as session:
        member = history(session, member="010")
        procurement = history(session, procurement=REF)
        since = history(session, procurement=REF, since=date(2999, 1, 1))
        last = history(session, procurement=REF, limit=3)
    assert {e.entity for e in member} >= {"members", "needs", "allocations"}
    assert {e.entity for e in procurement} >= {"procurements", "lots", "lot_items", "awards",
                                               "contracts", "allocations", "bids"}
    assert since == [] and last == procurement[-3:]
    allocated = [e for e in member if e.entity == "allocations"]
    assert any("under contract NC-2026-00" in e.record for e in allocated)


def test_bad_names_are_refused(sqlite_state: Store) -> None:
    with sqlite_state.session() as session:
        with pytest.raises(NotFoundError, match="member with code 999"):
            history(session, member="999")
        with pytest.raises(NotFoundError, match="uid nope"):
            history(session, record_uid="nope")
        with pytest.raises(UserError, match="Name one of"):
            history(session, member="010", procurement=REF)
        with pytest.raises(UserError, match="limit: 0 is not a number of changes"):
            history(session, member="010", limit=0)
        assert " 010 · " in history(session, member=" 010 ", limit=1)[0].record


def test_the_trail_is_append_only(sqlite_state: Store) -> None:
    """Every service write leaves an entry, and no session can change or remove one."""
    uid = _need(sqlite_state)
    with sqlite_state.transaction() as session:
        before = session.scalar(select(AuditEntry.id).order_by(AuditEntry.id.desc()))
        set_status(session, uid, "withdrawn")
        session.flush()
        assert session.scalar(select(AuditEntry).where(AuditEntry.id > before)).record_uid == uid
    with sqlite_state.session() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.record_uid == uid)).first()
        entry.operator = "someone else"
        with pytest.raises(AuditTrailError):
            session.flush()
        session.rollback()
        session.delete(session.get(AuditEntry, entry.id))
        with pytest.raises(AuditTrailError):
            session.flush()
        session.rollback()
        for statement in (update(AuditEntry).values(operator="x"), delete(AuditEntry),
                          delete(AuditEntry.__table__)):
            with pytest.raises(AuditTrailError):
                session.execute(statement)
            session.rollback()
        assert session.scalar(select(Need.status).where(Need.uid == uid)) == "withdrawn"
        assert len(history(session, record_uid=uid)) == 3
