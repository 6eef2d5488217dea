"""Every ORM write is stamped (version, sequence, hash) and audited."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select

from app.models import AuditEntry, Member, Need
from app.models.db import Store
from app.models.portable import content_hash, portable_fields
from app.services.needs import create_need, edit_need


def test_create_and_edit_are_stamped_and_audited(region3_store: Store) -> None:
    with region3_store.transaction() as session:
        row = create_need(session, {"member": "920", "item": "CB-STU-116", "quantity": "100"})
    with region3_store.session() as session:
        need = session.scalar(select(Need).where(Need.uid == row.uid))
        assert need is not None
        first_seq, first_hash = need.seq, need.content_hash
        assert need.version == 1 and need.owner == "region:3"
        assert need.content_hash == content_hash(portable_fields(need))
    with region3_store.transaction(operator="Second Person") as session:
        edit_need(session, row.uid, {"quantity": "120"})
    with region3_store.session() as session:
        need = session.scalar(select(Need).where(Need.uid == row.uid))
        assert need is not None
        assert need.version == 2 and need.seq > first_seq and need.content_hash != first_hash
        assert need.quantity == Decimal("120")
        entries = session.scalars(select(AuditEntry).where(AuditEntry.record_uid == row.uid)
                                  .order_by(AuditEntry.id)).all()
    assert [e.action for e in entries] == ["create", "update"]
    assert entries[0].operator == "A. Coordinator"
    assert entries[1].operator == "Second Person"
    assert entries[1].changes == {"quantity": ["100", "120"]}


def test_an_edit_that_changes_nothing_writes_nothing(region3_store: Store) -> None:
    with region3_store.transaction() as session:
        member = session.scalar(select(Member).where(Member.code == "920"))
        assert member is not None
        before = (member.version, session.scalar(select(func.count(AuditEntry.id))))
        member.name = member.name  # same value
    with region3_store.session() as session:
        member = session.scalar(select(Member).where(Member.code == "920"))
        assert member is not None
        assert (member.version, session.scalar(select(func.count(AuditEntry.id)))) == before


def test_money_and_quantities_stay_exact(region3_store: Store) -> None:
    with region3_store.transaction() as session:
        row = create_need(session, {"member": "920", "description": "Odd item",
                                    "unit": "each", "quantity": "0.333",
                                    "unit_price": "0.10", "funding_year": 2026})
    assert row.quantity == Decimal("0.333") and row.unit_price == Decimal("0.10")
    assert row.amount == Decimal("0.03")
