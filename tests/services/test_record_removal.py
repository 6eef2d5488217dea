"""Removing a member's school, contact or letter of agency: a tombstone, versioned and
audited, refused for another region's member, and gone from every list and check."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from procurement_samples import add_samples
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.errors import NotFoundError, ValidationError
from app.models import AuditEntry, Contact, LetterOfAgency, Member, School
from app.models.db import Store
from app.services import reference_data
from app.services.letters import add_letter, list_letters, remove_letter
from app.services.procurement_detail import get_procurement
from app.services.procurements import create_procurement
from app.services.schools import (
    add_contact,
    add_school,
    list_contacts,
    list_schools,
    remove_contact,
    remove_school,
)


def _school(session: Session) -> tuple[str, str]:
    row = add_school(session, "920", {"code": "920N04", "name": "Apex Elementary",
                                      "students": "600", "nslp_eligible": "120"})
    return row.uid, row.code


def _contact(session: Session) -> tuple[str, str]:
    row = add_contact(session, "920", {"name": "Keith Cooper", "title": "CTO"})
    return row.uid, row.uid


def _letter(session: Session) -> tuple[str, str]:
    row = add_letter(session, "920", {"first_funding_year": "2026",
                                      "last_funding_year": "2027"})
    return row.uid, row.uid


# kind: (model, make one, remove by key, list the member's)
KINDS: dict[str, tuple[type, Callable[[Session], tuple[str, str]],
                       Callable[[Session, str], Any], Callable[[Session, str], list[Any]]]] = {
    "school": (School, _school, remove_school, list_schools),
    "contact": (Contact, _contact, remove_contact, list_contacts),
    "letter": (LetterOfAgency, _letter, remove_letter, list_letters),
}


def state_of(store: Store, model: type, uid: str) -> tuple[bool, int, int]:
    """(deleted, version, audit entries in the store): what a refusal must leave alone."""
    with store.session() as session:
        record = session.scalar(select(model).where(model.uid == uid))
        audits = session.scalar(select(func.count(AuditEntry.id))) or 0
        return record.deleted, record.version, audits


@pytest.mark.parametrize("kind", list(KINDS))
def test_remove_is_an_audited_tombstone(region3_store: Store, kind: str) -> None:
    model, make, remove, listing = KINDS[kind]
    with region3_store.transaction() as session:
        uid, key = make(session)
    deleted, version, audits = state_of(region3_store, model, uid)
    assert (deleted, version) == (False, 1)
    with region3_store.transaction() as session:
        row = remove(session, key)
    assert row.uid == uid
    # A school's removal also changes its member's counts (the sum of its schools).
    assert state_of(region3_store, model, uid) == (True, 2, audits + (2 if kind == "school"
                                                                      else 1))
    with region3_store.session() as session:
        [entry] = session.scalars(select(AuditEntry).where(
            AuditEntry.record_uid == uid, AuditEntry.action == "delete")).all()
        assert entry.changes["deleted"] == [False, True]
        assert entry.operator == "A. Coordinator"
        assert uid not in [r.uid for r in listing(session, "920")]


@pytest.mark.parametrize("kind", list(KINDS))
def test_remove_twice_or_unknown_is_not_found(region3_store: Store, kind: str) -> None:
    model, make, remove, _listing = KINDS[kind]
    with region3_store.transaction() as session:
        uid, key = make(session)
        remove(session, key)
    before = state_of(region3_store, model, uid)
    with pytest.raises(NotFoundError, match=key), region3_store.transaction() as session:
        remove(session, key)
    with pytest.raises(NotFoundError, match="NO-SUCH"), region3_store.transaction() as session:
        remove(session, "NO-SUCH")
    assert state_of(region3_store, model, uid) == before


def _lee_records(store: Store) -> dict[str, tuple[type, str, str]]:
    """A Region 4 member's school, contact and letter in a Region 3 store, as a state bundle
    could bring them (written through the ORM: the services rightly refuse to)."""
    with store.transaction() as session:
        reference_data.load_members(session, 4)
        lee = session.scalar(select(Member).where(Member.code == "530"))
        school = School(member=lee, owner=lee.owner, code="530304", name="Broadway Elementary",
                        students=400, nslp_eligible=100)
        contact = Contact(member=lee, owner=lee.owner, name="Lee Contact")
        letter = LetterOfAgency(member=lee, owner=lee.owner, member_name=lee.name)
        session.add_all([school, contact, letter])
        session.flush()
        return {"school": (School, school.uid, "530304"),
                "contact": (Contact, contact.uid, contact.uid),
                "letter": (LetterOfAgency, letter.uid, letter.uid)}


def test_other_regions_records_are_refused(region3_store: Store) -> None:
    records = _lee_records(region3_store)
    for kind, (model, uid, key) in records.items():
        before = state_of(region3_store, model, uid)
        remove = KINDS[kind][2]
        with pytest.raises(ValidationError, match="belongs to Region 4"), \
                region3_store.transaction() as session:
            remove(session, key)
        assert state_of(region3_store, model, uid) == before, kind


def test_removed_letter_no_longer_covers_a_procurement(state_store: Store) -> None:
    add_samples(state_store)
    with state_store.transaction() as session:
        letter = add_letter(session, "920", {
            "lead_name": "NC K-12 Consortium", "first_funding_year": 2026,
            "last_funding_year": 2027, "official_name": "A. Official",
            "official_title": "Superintendent", "signed_on": "2025-11-01",
            "services": "All E-rate eligible services"})
        ref = create_procurement(session, title="Wi-Fi", funding_year=2026,
                                 categories=["WIRELESS"], members=["920"]).ref
    with state_store.session() as session:
        [before] = get_procurement(session, ref).participants
    assert before.loa_ok
    with state_store.transaction() as session:  # its only letter: still allowed
        remove_letter(session, letter.uid)
    with state_store.session() as session:
        [after] = get_procurement(session, ref).participants
    assert not after.loa_ok
    assert after.loa_problems == ("no letter of agency on file",)
